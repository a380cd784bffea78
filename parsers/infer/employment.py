"""Full-time, part-time, contract, internship or temporary, from a 'Job type:' label or the body."""

from __future__ import annotations

import re

from parsers.infer.scan import around, lower_cached
from parsers.record import EmploymentType

_EMPLOYMENT_LABEL = re.compile(r"(?:job|employment|contract)\s+type\s*:\s*(?:\*\*)?\s*([\w -]{3,30})", re.I)
# In a label the first kind that matches wins, so "Full-time internship" is an internship.
_EMPLOYMENT: dict[EmploymentType, re.Pattern[str]] = {
    "internship": re.compile(r"\b(?:internship|praktikum|pasant[ií]a|werkstudent|working student)\b", re.I),
    "part_time": re.compile(r"\b(?:part[- ]?time|teilzeit|temps\s+partiel|media\s+jornada|deeltijd)\b", re.I),
    "contract": re.compile(
        r"\b(?:contract(?:or)?\s+(?:role|position|basis|job)|freelance|freelancer|contractor|b2b|fixed[- ]price)\b", re.I
    ),
    "temporary": re.compile(r"\b(?:temporary|fixed[- ]term|befristet|seasonal|interim)\b", re.I),
    "full_time": re.compile(
        r"\b(?:full[- ]?time|vollzeit|temps\s+plein|jornada\s+completa|tiempo\s+completo|voltijd|permanent)\b", re.I
    ),
}
# In a body the order is another: any full-time mention wins over a passing one of the others.
_BODY_ORDER: tuple[EmploymentType, ...] = ("full_time", "part_time", "internship", "contract", "temporary")
# Cheap substring tests that must hold before a pattern can match.
_EMPLOYMENT_STEMS: dict[EmploymentType, tuple[str, ...]] = {
    "full_time": ("full", "vollzeit", "plein", "completa", "completo", "voltijd", "permanent"),
    "part_time": ("part", "teilzeit", "partiel", "media", "deeltijd"),
    "internship": ("intern", "praktikum", "pasant", "werkstudent", "working student"),
    "contract": ("contract", "freelance", "b2b", "fixed"),
    "temporary": ("tempor", "fixed", "befristet", "seasonal", "interim"),
}


def employment_type(text: str | None) -> EmploymentType | None:
    """The kind a 'Job type:' label names, else the first kind in ``_BODY_ORDER`` the text mentions."""
    if not text:
        return None
    lowered = lower_cached(text)
    label = _EMPLOYMENT_LABEL.search(text) if " type" in lowered else None
    if label:
        for kind, pattern in _EMPLOYMENT.items():
            if pattern.search(label.group(1)):
                return kind
    for kind in _BODY_ORDER:
        pattern = _EMPLOYMENT[kind]
        if any(pattern.search(window) for _, window in around(text, _EMPLOYMENT_STEMS[kind], 20, 30, lowered)):
            return kind
    return None
