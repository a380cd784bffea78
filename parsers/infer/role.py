"""Role family and seniority: from the title first, since a body mentions many roles (teammates, reporting lines)."""

from __future__ import annotations

import re
from typing import TypeVar

from parsers.infer.scan import Anchored
from parsers.record import RoleFamily, Seniority

_Name = TypeVar("_Name", bound=str)


def _rules(*rules: tuple[_Name, str]) -> list[tuple[_Name, re.Pattern[str]]]:
    """Rules written as (name, pattern) pairs, compiled case-insensitive."""
    return [(name, re.compile(pattern, re.I)) for name, pattern in rules]


# First match wins: "ML Platform Engineer" is ml, not devops; "Engineering Manager, Backend" is backend.
# Role words are written in the eight languages of the postings (Entwickler, développeur, analista, ...).
_FAMILY_RULES: list[tuple[RoleFamily, re.Pattern[str]]] = _rules(
    ("product", r"\bproduct\s+(?:manager|owner|lead|director|management)|\bhead\s+of\s+product\b|\bcpo\b"),
    (
        "ml",
        r"\bmachine\s+learning\b|\bml\b|\bmlops\b|\bai\b|\bdeep\s+learning\b|\bnlp\b|\bcomputer\s+vision\b|\bllm\b|\bartificial\s+intelligence\b",
    ),
    (
        "security",
        r"\bsecurity\b|\bsecops\b|\bappsec\b|\binfosec\b|\bpenetration\b|\bpentest|\bcyber|\bcib[eé]r|\bsoc\s+analy"
        r"|\bseguran[çc]a\b|\bseguridad\b|\bsicurezza\b|sicherheit\b|\bs[ée]curit[ée]\b|\bbezpiecze|\bbeveiliging",
    ),
    (
        "qa",
        r"\bqa\b|\bquality\s+assurance\b|\btest(?:ing)?\s+(?:engineer|automation|analyst|manager)|tester\b|\btesteur|\bsdet\b",
    ),
    (
        "data",
        r"\bdata\b|\banalytics\b|\bbi\b|\bbusiness\s+intelligence\b|\betl\b|\bstatistician\b"
        r"|\bdatos\b|\bdonn[ée]es\b|\bdados\b|\bdanych\b|\bdaten|\bdati\b|\bgegevens\b"
        # "Analista programmatore / programador" is a developer's title in Italian and Spanish, not an analyst's.
        r"|\banaly[sz]t|\banal[iy]st[ae]?\b(?!\s+program(?:matore|matrice|ador|adora)\b)|\banalityk|\bscientist|\bcientista"
        r"|\bcient[íi]fic[oa]\s+de\s+datos",
    ),
    (
        "devops",
        r"\bdevops\b|\bdevsecops\b|\bsre\b|\bsite\s+reliability\b|\bplatform\s+engineer|\binfrastructure\b|\bcloud\s+(?:engineer|architect)|\bsys(?:tems?)?\s*admin|\brelease\s+engineer|\bkubernetes\b"
        r"|\bsistemista\b|\bsysteembeheerder|\bsystemadministrator|\badministra(?:dor|teur|tore)\s+(?:de\s+)?(?:sistemas|syst[èe]mes?|sistemi)"
        r"|\badministrator\s+system[óo]w",
    ),
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
    (
        "design",
        r"\bdesigner\b|\bux\b|\bui/ux\b|\bproduct\s+design\b|\bdesign\s+lead\b|\bgrafic[oa]\b|\bgraphiste\b|\bgraphic\b"
        r"|\bgrafik|\bdiseñador|\bprojektant|\bontwerper\b",
    ),
    (
        # Engineering leadership only: an Account, Marketing or Customer Success Manager is not management.
        "management",
        r"\b(?:engineering|development|software|technical|tech|it)\s+manager\b|\bcto\b|\bvp\b|\bvice\s+president\b|\bhead\s+of\b"
        r"|\bdirector\s+of\s+(?:engineering|technology|software|development|it)\b|\bchief\s+(?:technology|technical|information)"
        # A manager of developers in other languages: "Kierownik Zespołu Programistów", "Leiter Softwareentwicklung".
        r"|\b(?:kierownik\w*|leiter(?:in)?|responsable|jefe|jefa|responsabile|gerente)\b(?:\s+\w+){0,2}?\s+"
        r"(?:programist|deweloper|softwareentwicklung|entwicklung|d[ée]veloppement\b(?!\s+(?:commercial|des\s+ventes))"
        r"|desarrollo\b(?!\s+de\s+negocio)|sviluppo\b(?!\s+commerciale)|desenvolvimento\b(?!\s+de\s+neg[óo]cio)|ontwikkel)",
    ),
)
_SENIORITY_RULES: list[tuple[Seniority, re.Pattern[str]]] = _rules(
    (
        "intern",
        r"\bintern(?:ship)?\b|\bpraktik(?:ant|um)|werkstudent|\bworking\s+student\b|\btrainee\b|\bstagiair|\bstage\b"
        r"|afstudeer|\balternan(?:ce|t)|\bapprenti|\bausbildung|\bazubi\b|\bco-?op\b|\best[áa]gi|\bpr[áa]cticas\b"
        r"|\bbecari[oa]\b|\btirocin|\bsta[żz]\b|\bsta[żz]yst|\bpraktykant",
    ),
    (
        "head",
        r"\bhead\s+of\b|\bdirector\b|\bdirecteur|\bdiretor|\bdirettore|\bdyrektor|\bvp\b|\bvice\s+president\b|\bchief\b|\bcto\b|\bcpo\b",
    ),
    ("principal", r"\bprincipal\b|\bstaff\b|\bdistinguished\b"),
    # An engineering manager leads a team: lead, whatever "Senior" says (tests/realworld/README.md).
    ("lead", r"\blead\b|\bteam\s*lead|\btech\s+lead|leiter\b|\bl[íi]der\b|\bkierownik|\bengineering\s+manager\b"),
    # "Semi Senior" (Latin America) is the middle level.
    ("mid", r"\bsemi[\s-]?s[eé]nior\b|\bssr\b|\bconfirm[ée]e?\b"),
    ("senior", r"\bsenior\b|\bsr\.?(?=\s|$)|\bs[éê]nior\b|\bexperienced\b|\bstarszy\b"),
    ("junior", r"\bjunior\b|\bj[úu]nior\b|\bjr\.?(?=\s)|\bentry[\s-]level\b|\bgraduate\b|\bnew\s+grad|\bm[łl]odszy\b"),
    ("mid", r"\bmid(?:[\s-]?level)?\b(?![\s-]market)|\bmedior\b|\bintermediate\b|\bregular\b|\bpleno\b"),
)
_SENIORITY_LABEL = re.compile(r"(?:experience|seniority|career)\s+level\s*:\s*(?:\*\*)?\s*([^\n]{2,40})", re.I)
_SENIORITY_LABEL_AT = Anchored(_SENIORITY_LABEL)  # tried only where its first words occur
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


# Families of the stacks a title can name ("Ruby Engineer", "Programista Python", "Líder Técnico .NET"), by the
# skills vocabulary's category; the tags listed below override their category's default.
_CATEGORY_FAMILY: dict[str, RoleFamily] = {
    "language": "backend",
    "framework": "backend",
    "frontend": "frontend",
    "mobile": "mobile",
}
_TAG_FAMILY: dict[str, RoleFamily | None] = {
    **dict.fromkeys("javascript typescript elm coffeescript clojurescript".split(), "frontend"),
    **dict.fromkeys("swift objective-c dart".split(), "mobile"),
    **dict.fromkeys("sql t-sql plsql r sas stata matlab julia".split(), "data"),
    **dict.fromkeys(
        "react vue angular angularjs svelte sveltekit next.js nuxt gatsby remix astro solidjs ember backbone.js"
        " preact qwik htmx alpine.js".split(),
        "frontend",
    ),
    # Systems, hardware, desktop, scripting and tooling languages say nothing about the family.
    **dict.fromkeys(
        "c c++ assembly verilog systemverilog vhdl opencl glsl hlsl hcl latex labview bash shell-scripting"
        " powershell vba visual-basic abap apex solidity lua electron tauri qt gtk streamlit gradio r-shiny wpf"
        " winforms hotwire".split(),
        None,
    ),
}
# Role words long enough to recognise misspelled ("Froentend", "Devloper"); one edit away is the same word.
_ROLE_WORDS = (
    "frontend",
    "backend",
    "fullstack",
    "developer",
    "engineer",
    "android",
    "security",
    "designer",
    "analyst",
    "scientist",
    "machine",
    "learning",
    "platform",
    "infrastructure",
    "reliability",
    "mobile",
    "devops",
    "entwickler",
)
_WORD = re.compile(r"[^\W\d_]{6,}")


def _family_by_rules(title: str) -> RoleFamily | None:
    for family, pattern in _FAMILY_RULES:
        if pattern.search(title):
            return family
    return None


def _family_by_stack(title: str) -> RoleFamily | None:
    """The family of the first language or framework the title names, per the skills vocabulary."""
    from parsers.skills import vocabulary  # late: parsers.skills imports this package

    vocab = vocabulary()
    for tag in vocab.find(title):
        if tag in _TAG_FAMILY:
            family = _TAG_FAMILY[tag]
        else:
            skill = vocab.skills.get(tag)
            family = _CATEGORY_FAMILY.get(skill.category) if skill else None
        if family:
            return family
    return None


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]


def _respelled(title: str) -> str | None:
    """The title with words one edit away from a role word replaced by it, or None when none is."""
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0).lower()
        if word in _ROLE_WORDS:
            return match.group(0)
        for known in _ROLE_WORDS:
            if _one_edit(word, known):
                changed = True
                return known
        return match.group(0)

    fixed = _WORD.sub(fix, title)
    return fixed if changed else None


def role_family(title: str | None) -> RoleFamily:
    """From the title only: a body mentions many roles (teammates, reporting lines).

    Role words first; then the stack the title names; then the same on misspelled role words.
    """
    if not title:
        return "other"
    family = _family_by_rules(title) or _family_by_stack(title)
    if family:
        return family
    fixed = _respelled(title)
    if fixed:
        return _family_by_rules(fixed) or _family_by_stack(fixed) or "other"
    return "other"


def family_named(words: str) -> RoleFamily | None:
    """The family that role words name ("frontend", "data", "Froentend"), never guessed from a stack they
    mention: what a search query's words mean, where "python" is a skill and not a backend role."""
    family = _family_by_rules(words)
    if family is None:
        fixed = _respelled(words)
        family = _family_by_rules(fixed) if fixed else None
    return family


def seniority(title: str | None, body: str | None = None) -> Seniority | None:
    """The level the title names, else the one an 'Experience level:' label in the body names."""
    if title:
        for level, pattern in _SENIORITY_RULES:
            if pattern.search(title):
                return level
    if body:
        label = _SENIORITY_LABEL_AT.search(body)
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
