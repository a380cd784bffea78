"""Role family and seniority: from the title first, since a body mentions many roles (teammates, reporting lines)."""

from __future__ import annotations

import re
from typing import TypeVar

from parsers.record import RoleFamily, Seniority

_Name = TypeVar("_Name", bound=str)


def _rules(*rules: tuple[_Name, str]) -> list[tuple[_Name, re.Pattern[str]]]:
    """Rules written as (name, pattern) pairs, compiled case-insensitive."""
    return [(name, re.compile(pattern, re.I)) for name, pattern in rules]


# First match wins: "ML Platform Engineer" is ml, not devops; "Engineering Manager, Backend" is backend.
_FAMILY_RULES: list[tuple[RoleFamily, re.Pattern[str]]] = _rules(
    ("product", r"\bproduct\s+(?:manager|owner|lead|director|management)|\bhead\s+of\s+product\b|\bcpo\b"),
    (
        "ml",
        r"\bmachine\s+learning\b|\bml\b|\bmlops\b|\bai\b|\bdeep\s+learning\b|\bnlp\b|\bcomputer\s+vision\b|\bllm\b|\bartificial\s+intelligence\b",
    ),
    ("data", r"\bdata\b|\banalytics\b|\bbi\b|\bbusiness\s+intelligence\b|\betl\b|\bstatistician\b"),
    ("security", r"\bsecurity\b|\bsecops\b|\bappsec\b|\binfosec\b|\bpenetration\b|\bpentest|\bcyber"),
    (
        "devops",
        r"\bdevops\b|\bdevsecops\b|\bsre\b|\bsite\s+reliability\b|\bplatform\s+engineer|\binfrastructure\b|\bcloud\s+(?:engineer|architect)|\bsys(?:tems?)?\s*admin|\brelease\s+engineer|\bkubernetes\b",
    ),
    ("qa", r"\bqa\b|\bquality\s+assurance\b|\btest(?:ing)?\s+(?:engineer|automation|analyst|manager)|\btester\b|\bsdet\b"),
    ("mobile", r"\bmobile\b|\bios\b|\bandroid\b|\bflutter\b|\breact\s+native\b"),
    ("fullstack", r"\bfull[\s-]?stack\b"),
    (
        "frontend",
        r"\bfront[\s-]?end\b|\bui\s+(?:engineer|developer)\b|\bweb\s+developer\b|\bjavascript\s+developer\b|\breact\s+(?:developer|engineer)\b|\bangular\b|\bvue\b",
    ),
    (
        "backend",
        r"\bback[\s-]?end\b|\bserver[\s-]side\b|\bapi\s+(?:developer|engineer)\b|\b(?:python|java|golang|go|ruby|rails|php|node(?:\.js)?|scala|elixir|rust|c#|\.net|kotlin|django|laravel)\s+(?:developer|engineer|entwickler)\b",
    ),
    ("design", r"\bdesigner\b|\bux\b|\bui/ux\b|\bproduct\s+design\b|\bdesign\s+lead\b"),
    (
        "management",
        r"\bengineering\s+manager\b|\bcto\b|\bvp\b|\bvice\s+president\b|\bhead\s+of\b|\bdirector\b|\bmanager\b|\bchief\b",
    ),
)
_SENIORITY_RULES: list[tuple[Seniority, re.Pattern[str]]] = _rules(
    ("intern", r"\bintern(?:ship)?\b|\bpraktikant|\bwerkstudent|\bworking\s+student\b|\btrainee\b|\bstagiaire\b|\bapprentice"),
    ("head", r"\bhead\s+of\b|\bdirector\b|\bvp\b|\bvice\s+president\b|\bchief\b|\bcto\b|\bcpo\b"),
    ("principal", r"\bprincipal\b|\bstaff\b|\bdistinguished\b"),
    ("lead", r"\blead\b|\bteam\s*lead|\btech\s+lead|\bleiter\b|\blider\b"),
    ("senior", r"\bsenior\b|\bsr\.?(?=\s)|\bsénior\b|\bexperienced\b"),
    ("junior", r"\bjunior\b|\bjr\.?(?=\s)|\bentry[\s-]level\b|\bgraduate\b|\bnew\s+grad"),
    ("mid", r"\bmid(?:[\s-]?level)?\b|\bmedior\b|\bintermediate\b|\bregular\b"),
)
_SENIORITY_LABEL = re.compile(r"(?:experience|seniority|career)\s+level\s*:\s*(?:\*\*)?\s*([^\n]{2,40})", re.I)
# Families whose postings are software jobs (the record's ``job_type``).
TECH_FAMILIES = {"backend", "frontend", "fullstack", "mobile", "devops", "data", "ml", "qa", "security"}
# Seniority codes of structured sources (Recruitee's experience_code, frontmatter), normalized to snake case.
_EXPERIENCE_CODES: dict[str, Seniority] = {
    "student": "intern",
    "intern": "intern",
    "internship": "intern",
    "entry_level": "junior",
    "entry": "junior",
    "junior": "junior",
    "associate": "junior",
    "mid_level": "mid",
    "mid": "mid",
    "intermediate": "mid",
    "experienced": "senior",
    "senior": "senior",
    "senior_level": "senior",
    "lead": "lead",
    "manager": "lead",
    "executive": "head",
    "principal": "principal",
    "staff": "principal",
    "head": "head",
    "director": "head",
}


def role_family(title: str | None) -> RoleFamily:
    """From the title only: a body mentions many roles (teammates, reporting lines)."""
    if title:
        for family, pattern in _FAMILY_RULES:
            if pattern.search(title):
                return family
    return "other"


def seniority(title: str | None, body: str | None = None) -> Seniority | None:
    """The level the title names, else the one an 'Experience level:' label in the body names."""
    if title:
        for level, pattern in _SENIORITY_RULES:
            if pattern.search(title):
                return level
    if body:
        label = _SENIORITY_LABEL.search(body)
        if label:
            hits = [
                (m.start(), level)
                for level, pattern in _SENIORITY_RULES
                if level != "lead"
                for m in [pattern.search(label.group(1))]
                if m
            ]
            if hits:
                return min(hits)[1]  # the lower end of "Mid to Senior"
    return None


def seniority_code(raw: object) -> Seniority | None:
    """The level a structured source's code names ('entry-level', 'Mid Level', ...)."""
    if not isinstance(raw, str):
        return None
    return _EXPERIENCE_CODES.get(raw.strip().lower().replace("-", "_").replace(" ", "_"))
