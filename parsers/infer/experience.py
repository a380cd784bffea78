"""The minimum years of experience a posting asks for."""

from __future__ import annotations

import re

from parsers.infer.scan import around

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_YEARS = re.compile(
    r"\b(?:at\s+least\s+|minimum\s+(?:of\s+)?|min\.?\s+|over\s+|more\s+than\s+|mindestens\s+|au\s+moins\s+)?"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*\+?\s*(?:(?:-|–|to|bis|à|a)\s*\d{1,2}\s*\+?\s*)?"
    r"(?:years?|yrs?|jahre?n?|ans|años|jaar)\b",
    re.I,
)
_YEAR_WORDS = ("year", "yr", "jahr", "ans", "años", "jaar")
_EXPERIENCE_WORD = re.compile(r"experi|erfahrung|expérience|experiencia|ervaring|track\s+record|background", re.I)


def experience_years(text: str | None) -> int | None:
    """The minimum years of experience asked: the first 'N+ years' said about experience."""
    if not text:
        return None
    candidates: list[tuple[int, int]] = []
    for offset, window in around(text, _YEAR_WORDS, 40, 8):
        for match in _YEARS.finditer(window):
            start = offset + match.start()
            context = text[max(0, start - 60) : offset + match.end() + 60]
            if _EXPERIENCE_WORD.search(context):
                raw = match.group(1).lower()
                value = _NUMBER_WORDS.get(raw) or int(raw)
                if 0 < value <= 40:
                    candidates.append((start, value))
                    break
    return min(candidates)[1] if candidates else None
