"""Remote, hybrid or on-site: any mention in a location string counts, the body needs stricter phrasing."""

from __future__ import annotations

import re

from parsers.infer.scan import around, lower_cached
from parsers.record import WORKPLACES, Workplace

_RAW_REMOTE = re.compile(
    r"\bremote(?:ly)?\b|\btelecommute|\bwork\s+from\s+home\b|\bhome\s*office\b|\bwfh\b|\bfernarbeit\b|\btélétravail\b|\bteletrabajo\b",
    re.I,
)
_RAW_HYBRID = re.compile(r"\bhybrid(?:e[snr]?)?\b|\bhíbrid[oa]s?\b|\bibrid[oa]\b", re.I)
_RAW_ONSITE = re.compile(
    r"\bon[- ]?site\b|\bin[- ]office\b|\boffice[- ]based\b|\bvor[- ]ort\b|\bsur\s+site\b|\bpresencial\b", re.I
)

_BODY_REMOTE = re.compile(
    r"\b(?:100\s?%|fully|full[- ]time|completely|entirely|permanently)\s+remote\b"
    r"|\bremote[- ](?:first|friendly|only|work|working|position|role|job|possible|option|opportunity|setup|company|contract)\b"
    r"|\bwork(?:ing)?\s+(?:fully\s+|100\s?%\s+)?remotely\b|\bwork\s+from\s+(?:home|anywhere)\b|\(remote\)|\bremote\s*\)"
    r"|\bthis\s+(?:is\s+a\s+)?remote\b|\bas\s+a\s+remote\b",
    re.I,
)
_BODY_HYBRID = re.compile(
    r"\bhybrid(?:e[snr]?)?\b(?!\s+(?:cloud|app|apps|mobile|infrastructure|environments?|systems?|solutions?|architecture|search))"
    r"|\bhíbrid[oa]s?\b|\bibrid[oa]\b",
    re.I,
)
_BODY_ONSITE = re.compile(
    r"\bon[- ]?site\b(?!\s+interview)|\bin[- ]office\b|\boffice[- ]based\b|\bin\s+(?:our|the)\s+office\b|\bwork\s+from\s+(?:our|the)\s+office\b",
    re.I,
)

# Cheap substring tests, one tuple per workplace in WORKPLACES order, that must hold before a pattern can match.
_WORKPLACE_STEMS = (
    (
        "remote",
        "telecommut",
        "from home",
        "home office",
        "homeoffice",
        "wfh",
        "fernarbeit",
        "télétravail",
        "teletrabajo",
        "anywhere",
    ),
    ("hybrid", "híbrid", "ibrid"),
    ("site", "office", "vor ort", "vor-ort", "presencial"),
)

_NEGATED_BEFORE = re.compile(r"\b(?:no|not|non|without|kein\w*|sans|sin|geen)\W+(?:\w+\W+)?$", re.I)
_NEGATED_AFTER = re.compile(
    r"^[^.\n]{0,40}?\b(?:not|never|isn'?t|cannot|can'?t|occasional(?:ly)?|rarely|nicht|pas\s+possible|niet)\b", re.I
)


def workplaces(raw: str | None, body: str | None) -> list[Workplace]:
    """Workplaces named in a location string (any mention counts) and in the body (stricter phrases).

    In the body, a negated mention ("remote work is possible only occasionally") does not count,
    and office or home-working phrases in a sentence that says "hybrid" describe the hybrid setup.
    """
    found: set[Workplace] = set()
    if raw:
        lowered = lower_cached(raw)
        for kind, pattern, stems in zip(WORKPLACES, (_RAW_REMOTE, _RAW_HYBRID, _RAW_ONSITE), _WORKPLACE_STEMS, strict=True):
            if any(stem in lowered for stem in stems) and pattern.search(raw):
                found.add(kind)
    if body:
        hits = _body_workplace_hits(body)
        hybrid_sentences = {sentence for kind, sentence in hits if kind == "hybrid"}
        for kind, sentence in hits:
            if kind == "hybrid" or sentence not in hybrid_sentences:
                found.add(kind)
    return [w for w in WORKPLACES if w in found]


def _body_workplace_hits(body: str) -> list[tuple[Workplace, int]]:
    """(workplace, sentence start) for each affirmative workplace phrase in the body."""
    lowered = lower_cached(body)
    hits: list[tuple[Workplace, int]] = []
    for kind, pattern, stems in zip(WORKPLACES, (_BODY_REMOTE, _BODY_HYBRID, _BODY_ONSITE), _WORKPLACE_STEMS, strict=True):
        for offset, window in around(body, stems, 60, 60, lowered):
            for match in pattern.finditer(window):
                start, end = offset + match.start(), offset + match.end()
                if _NEGATED_BEFORE.search(body[max(0, start - 25) : start]) or _NEGATED_AFTER.search(body[end : end + 60]):
                    continue
                hits.append((kind, _sentence_start(body, start)))
    return hits


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
