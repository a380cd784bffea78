"""Where remote applicants may live: a region ("EU", "worldwide") or an ISO country code."""

from __future__ import annotations

import re
from collections.abc import Callable

from parsers.infer.scan import Anchored, around, lower_cached

_SCOPES = {
    "eu": "EU",
    "european union": "EU",
    "eea": "EU",
    "eu/eea": "EU",
    "europe": "Europe",
    "european": "Europe",
    "emea": "EMEA",
    "americas": "Americas",
    "north america": "Americas",
    "latam": "LATAM",
    "latin america": "LATAM",
    "south america": "LATAM",
    "apac": "APAC",
    "asia": "APAC",
    "asia pacific": "APAC",
    "worldwide": "worldwide",
    "anywhere": "worldwide",
    "global": "worldwide",
    "globally": "worldwide",
    "world": "worldwide",
    "cet": "Europe",
    "cest": "Europe",
    "european time zones": "Europe",
    "dach": "DACH",
    "nordics": "Nordics",
    "benelux": "Benelux",
}
_SCOPE_WORDS = (
    r"the\s+eu|eu/eea|eu|eea|european\s+union|europe|emea|the\s+americas|americas|north\s+america|latam|latin\s+america|"
    r"south\s+america|apac|asia(?:\s+pacific)?|dach|nordics|benelux|cet|cest|"
    r"(?:the\s+)?(?:us|usa|u\.s\.|united\s+states|uk|united\s+kingdom|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
_SCOPE_PATTERNS = [
    re.compile(
        rf"\b(?:applicants|candidates|people|residents|anyone|you|those)\b[^.]{{0,40}}?\b(?:based|located|living|residing|resident)\s+(?:in|within)\s+({_SCOPE_WORDS})\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:remote(?:ly)?|work(?:ing)?\s+from\s+home)\s*(?:[-–(,:/]\s*|\s+(?:(?:role|position|job|team|work|working|contract|opportunity)\s+)?(?:in|within|from|across)\s+)({_SCOPE_WORDS})\b",
        re.I,
    ),
    re.compile(rf"\b({_SCOPE_WORDS})\s*[-–(]?\s*remote\b", re.I),
    re.compile(rf"\bmust\s+(?:be|live|reside)\s+(?:based\s+|located\s+)?(?:in|within)\s+({_SCOPE_WORDS})\b", re.I),
    re.compile(r"\b(worldwide|anywhere)\b(?:\s+in\s+the\s+world)?", re.I),
]
# Trigger words and how far before them each pattern above may start (the last one has none: it runs on its own).
_SCOPE_TRIGGERS: list[tuple[tuple[str, ...], int]] = [
    (("based", "located", "living", "residing", "resident"), 60),
    (("remote", "from home"), 40),
    (("remote",), 40),
    (("must",), 10),
]
# "Remote from anywhere in Portugal", "Teletrabajo desde cualquier lugar de España", "da remoto in tutta Italia",
# "op afstand binnen Nederland", "Praca zdalna z Polski": a remote word, then the one country it is limited to
# (checked by ``country_of``, never any capitalized word), with no office talk in between.
_REMOTE_WORD = re.compile(
    r"\b(?:remote(?:ly)?|remot[oa]|teletrabajo|teletrabalho|t[ée]l[ée]travail|op\s+afstand|thuiswerk\w*|zdaln\w*|"
    r"homeoffice|mobiles\s+arbeiten|smart\s+working|from\s+home)\b",
    re.I,
)
_REMOTE_WORD_AT = Anchored(_REMOTE_WORD, lower_case=True)
_COUNTRY_AFTER = re.compile(
    r"[^.\n;]{0,40}?\b(?:from|desde|depuis|binnen|overal|aus|z|in|within|across|de|do|da|em|en|w|dal|vanuit|partout)\s+"
    r"(?:(?:anywhere|cualquier\s+\w+|qualquer\s+\w+|qualsiasi\s+\w+|dowolnego\s+miejsca|toute|tout|tutta|tutto|ganz|heel)\s+"
    r"(?:(?:in|de|do|da|del|w|di|en)\s+)?)?(?:la\s+|le\s+|l['’]|the\s+|o\s+|el\s+)?"
    r"([A-ZÀ-ÝŁŚŻ][\w'À-ÿĀ-ž-]+(?:\s+[A-Z][a-z]+)?)"
)
_OFFICE_TALK = re.compile(
    r"\b(?:office|offices|kantoor|b[üu]ro|bureaux?|sede|oficinas?|escrit[óo]rio|biur\w*|headquarter\w*|based)\b", re.I
)


def _country_scope(text: str, country_of: Callable[[str], str | None]) -> str | None:
    """The country a remote word is limited to in the words right after it."""
    for word in _REMOTE_WORD_AT.finditer(text):
        match = _COUNTRY_AFTER.match(text, word.end())
        if not match or _OFFICE_TALK.search(text, word.end(), match.start(1)):
            continue
        name = match.group(1)
        country = country_of(name) or country_of(name.split()[0])
        if country:
            return country
    return None


_WORLDWIDE_BODY = re.compile(
    r"\bremote\b[^.]{0,30}\b(?:worldwide|anywhere\s+in\s+the\s+world|from\s+anywhere)\b|\bwork\s+from\s+anywhere\b", re.I
)


def remote_scope(raw: str | None, body: str | None, country_of: Callable[[str], str | None]) -> str | None:
    """Where remote applicants may live, from the location string first, then the body."""
    for text in (raw, body):
        if not text:
            continue
        lowered = lower_cached(text)
        country = _country_scope(text, country_of)
        if country:
            return country
        for pattern, (words, before) in zip(_SCOPE_PATTERNS, _SCOPE_TRIGGERS, strict=False):
            for _, window in around(text, words, before, 60, lowered):
                for match in pattern.finditer(window):
                    scope = scope_value(match.group(1), country_of)
                    if scope:
                        return scope
        if text is raw:
            if _SCOPE_PATTERNS[-1].search(text):
                return "worldwide"
        elif ("anywhere" in lowered or "worldwide" in lowered) and _WORLDWIDE_BODY.search(text):
            # "anywhere" in a body is too loose ("work 60 days from anywhere"); only remote phrasing counts.
            return "worldwide"
    return None


def scope_value(phrase: str, country_of: Callable[[str], str | None]) -> str | None:
    """A region name for a known phrase, else the country ``country_of`` finds in it."""
    key = re.sub(r"^the\s+", "", phrase.strip(), flags=re.I)
    return _SCOPES.get(key.lower()) or country_of(key)
