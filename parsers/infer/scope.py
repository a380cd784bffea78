"""Where remote applicants may live: a region ("EU", "worldwide") or an ISO country code."""

from __future__ import annotations

import re
from collections.abc import Callable

from parsers.infer.scan import around, lower_cached

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
_WORLDWIDE_BODY = re.compile(
    r"\bremote\b[^.]{0,30}\b(?:worldwide|anywhere\s+in\s+the\s+world|from\s+anywhere)\b|\bwork\s+from\s+anywhere\b", re.I
)


def remote_scope(raw: str | None, body: str | None, country_of: Callable[[str], str | None]) -> str | None:
    """Where remote applicants may live, from the location string first, then the body."""
    for text in (raw, body):
        if not text:
            continue
        lowered = lower_cached(text)
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
