"""The company name, when a posting's text is all there is: a label, else an 'About <Name>' heading."""

from __future__ import annotations

import re

from parsers.infer.scan import LABEL_SPLIT

_COMPANY_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:company(?:\s+name)?|employer|organi[sz]ation|unternehmen|arbeitgeber|entreprise|soci[ée]t[ée]|empresa|bedrijf|werkgever|azienda)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ABOUT = re.compile(
    r"^\s{0,3}(?:#{1,4}\s*)?(?:\*\*)?(?i:about|über|à propos de|sobre)\s+([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})\s*(?:\*\*)?\s*:?\s*$",
    re.MULTILINE,
)
_NOT_COMPANY = {"the", "us", "you", "the job", "the role", "the team", "the company", "the position", "this role", "our", "we"}


def company_from_text(text: str) -> str | None:
    """The name after a 'Company:' label, else the one in an 'About <Name>' heading ('About us' is no name)."""
    match = _COMPANY_LABEL.search(text[:6000])
    if match:
        return LABEL_SPLIT.split(match.group(1))[0].strip(" *") or None
    for name in _ABOUT.findall(text[:6000]):
        if name.lower() not in _NOT_COMPANY and not name.lower().startswith(("the ", "our ", "this ")):
            return name.strip()
    return None
