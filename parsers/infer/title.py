"""The job title: cleaned when given, else found in a label, a heading or a 'we are looking for' sentence."""

from __future__ import annotations

import re

from parsers.infer.scan import LABEL_SPLIT

_GENDER = re.compile(
    r"\s*[\(\[]\s*(?:(?:[mfwdxhinv]|div|all genders?|gn\*?|m/w/d|w/m/d)\s*[/|,*]?\s*){1,4}[\)\]]"
    r"|\s*[\(\[]\s*all genders?\s*[\)\]]|\s*\((?:gn|mwd|fmd)\)",
    re.IGNORECASE,
)
_ROLE_NOUNS = (
    "engineer|developer|programmer|architect|scientist|analyst|designer|manager|administrator|consultant|specialist|"
    "intern|tester|researcher|devops|sre|lead|head|director|cto|owner|entwickler|ingenieur|développeur|desarrollador|"
    "sviluppatore|ontwikkelaar|technician|writer|recruiter|marketer|strategist|coordinator|officer|expert|werkstudent|"
    "vp|svp|sdet|qa|cto|cpo|ciso|cio|founder|president|chief|steward|product\\s+owner"
)
_ROLE_NOUN = re.compile(rf"\b(?:{_ROLE_NOUNS})s?\b", re.IGNORECASE)
_TITLE_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:job\s+title|position(?:\s+title)?|title|role|stelle|stellenbezeichnung|poste|intitul[ée]\s+du\s+poste|puesto|vacature|functie)(?:\*\*)?\s*[:\-–]\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING = re.compile(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_LOOKING_FOR = re.compile(
    r"\b(?:looking\s+for|seeking|hiring|searching\s+for|recruiting|suchen|recherchons|buscamos|zoeken)\s+(?:an?\s+|one\s+|einen?\s+|un[e]?\s+)?"
    r"(?:[\w-]+\s+){0,3}?"
    rf"((?:[A-Z][\w+#./-]*\s+){{0,4}}(?:[A-Z][\w-]*)?(?:{_ROLE_NOUNS})\b(?:\s*\([^)]{{1,12}}\))?)",
    re.IGNORECASE,
)


def clean_title(title: str | None) -> str | None:
    """Strip gender markers like ``(f/m/d)`` and stray markup; keep everything else as written."""
    if not title:
        return None
    title = re.sub(r"[*_`#]+", " ", title)
    title = _GENDER.sub("", title)
    title = re.sub(r"\s+", " ", title).strip(" -–—|:,")
    return title[:200] or None


def title_from_text(text: str) -> str | None:
    """A job title from a label, a heading or a 'we are looking for a ...' sentence."""
    match = _TITLE_LABEL.search(text[:4000])
    if match:
        value = LABEL_SPLIT.split(match.group(1))[0]
        return clean_title(value)
    for heading in _HEADING.findall(text[:4000]):
        if _ROLE_NOUN.search(heading) and len(heading) <= 120:
            return clean_title(heading)
    for line in text[:3000].splitlines():
        stripped = line.strip(" #*\t")
        if 3 <= len(stripped) <= 80 and _ROLE_NOUN.search(stripped) and not stripped.endswith((".", ":")):
            if len(stripped.split()) <= 8 and sum(w[:1].isupper() for w in stripped.split()) >= len(stripped.split()) / 2:
                return clean_title(stripped)
    match = _LOOKING_FOR.search(text[:6000])
    if match:
        words = match.group(1).split()
        # Keep the capitalized run that ends in the role noun: "autonomous hands-on Junior Backend Developer".
        while words and not words[0][:1].isupper():
            words.pop(0)
        if words:
            return clean_title(" ".join(words))
    return None
