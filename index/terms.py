"""Turning records and user input into the exact keyword values both backends index and filter on.

Keeping this in one place is what keeps the backends answering alike: a
location filter of "Germany", "germany" or "DE" becomes the key ``de`` for
tantivy and Elasticsearch alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.geo import gazetteer
from parsers.record import Posting
from parsers.skills import vocabulary

REMOTE_KEY = "remote"


def canonical_hashtags(values: list[str]) -> list[str]:
    tags: dict[str, None] = {}
    for value in values:
        tag = vocabulary().canonical(value)
        if tag:
            tags.setdefault(tag, None)
    return list(tags)


def location_keys(record: Posting) -> list[str]:
    keys: dict[str, None] = {}
    for place in record.location.places:
        for value in (place.country_code, place.city, place.region):
            if value:
                keys.setdefault(value.lower(), None)
    if "remote" in record.location.workplace:
        keys.setdefault(REMOTE_KEY, None)
        scope = record.location.remote_scope
        if scope and len(scope) > 2 and scope != "worldwide":  # a region ("EU", "Europe", "EMEA"), not a country code
            keys.setdefault(scope.lower(), None)
    return list(keys)


def location_key(value: str) -> str:
    """The index key a user's location names: ISO code for countries, gazetteer name for cities."""
    text = value.strip()
    lowered = text.lower()
    if lowered in ("remote", "anywhere", "worldwide"):
        return REMOTE_KEY
    gaz = gazetteer()
    # Two letters are a country code in any case ("de" is Germany, not Delaware).
    code = gaz.country(text.upper() if len(text) == 2 and text.isalpha() else text)
    if code:
        return code.lower()
    city = gaz.city(text)
    if city:
        return city.name.lower()
    region = gaz.region(text, None)
    if region:
        return region[1].lower()
    return lowered


_PHRASE = re.compile(r'"([^"]+)"')
_WORD = re.compile(r"[\w][\w+#.\-]*", re.UNICODE)


@dataclass
class TextQuery:
    """Free text split into what the backends need: words, quoted phrases, skills it names."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    prefix: str | None = None  # the last word, still being typed

    @classmethod
    def parse(cls, q: str | None) -> TextQuery:
        if not q:
            return cls()
        phrases = [p.strip() for p in _PHRASE.findall(q) if p.strip()]
        rest = _PHRASE.sub(" ", q)
        words = [w.strip(".-") for w in _WORD.findall(rest)]
        words = [w for w in words if w]
        vocab = vocabulary()
        skills = vocab.find(q)
        for word in words:
            tag = vocab.known(word)
            if tag and tag not in skills:
                skills.append(tag)
        prefix = words[-1] if words and not q.rstrip().endswith('"') and not q.endswith(" ") else None
        return cls(words=words[:32], phrases=phrases[:8], skills=skills[:16], prefix=prefix)
