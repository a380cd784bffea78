"""Full-time, part-time, contract, internship or temporary, from a 'Job type:' label, the body or the title.

The vocabulary covers the eight languages of the corpus. German compounds ("Vollzeitstelle",
"Teilzeitkraft") match on their stem, so those patterns end without a word boundary.
"""

from __future__ import annotations

import re
from typing import Literal

from parsers.infer.scan import around, folded, lower_cached
from parsers.record import EmploymentType

_EMPLOYMENT_LABEL = re.compile(r"(?:job|employment|contract)\s+type\s*:\s*(?:\*\*)?\s*([\w -]{3,30})", re.I)

# Internships and every apprenticeship or work-study form. "stage" needs a French, Italian or Dutch
# neighbour so English "early stage" or "at this stage" never counts.
_INTERNSHIP = re.compile(
    r"\b(?:internships?|praktikum|pflichtpraktikum|praktikant|werkstudent|working\s+student|co-?op\b|"
    r"apprenticeships?|apprentice\b|apprenti(?:e|ssage)?\b|ausbildung\s+zu[mr]\b|ausbildungsplatz|auszubildende|azubi|alternance|alternant|stagiaire|stagiair|"
    r"afstudeerstage|meewerkstage|est[áa]gio|estagi[áa]ri[oa]|tirocini[oa]|stagista|pr[áa]cticas|pasant[ií]a|"
    r"sta[żz]\b|sta[żz]ysta|praktyk[ia]\b)"
    r"|\b(?:un|le|ce|du|votre|ton|notre|mon|lo|uno|il|nostro|je|jouw|onze)\s+stage\b|\bstage\s+(?:de|d['’]|di|en|bij|van|curriculare)\b"
    r"|^stage\b",
    re.I | re.M,
)
_PART_TIME = re.compile(
    r"\b(?:part[- ]?time|teilzeit|temps\s+partiel|mi-temps|media\s+jornada|tiempo\s+parcial|jornada\s+parcial|"
    r"meio\s+per[íi]odo|tempo\s+parcial|part-time|tempo\s+parziale|deeltijd|niepe[łl]ny(?:m)?\s+(?:wymiarze\s+)?etat|"
    r"(?:p[óo][łl]|1/2|3/4)\s+etatu)",
    re.I,
)
_FULL_TIME = re.compile(
    r"\b(?:full[- ]?time|vollzeit|temps\s+plein|temps\s+complet|jornada\s+completa|tiempo\s+completo|"
    r"tempo\s+(?:integral|inteiro|pieno)|voltijd|fulltime|pe[łl]n(?:y|ym|en)\s+(?:wymiar\w*\s+)?etat)"
    # Swiss workload: "Pensum 100 %", "un poste fixe à 100 %"
    r"|\b(?:pensum|taux\s+d['’]activit[ée]|poste(?:\s+fixe)?|stelle|anstellung)\s+(?:de\s+|à\s+|von\s+)?100\s?%"
    r"|\b(?:jahreslohn|jahresgehalt|salaire\s+annuel|lohn|gehalt)\s*\(100\s?%\)",
    re.I,
)
# A permanent contract, which means full time when nothing is said about hours.
_PERMANENT = re.compile(
    r"\b(?:permanent\s+(?:contract|position|role|employment)|cdi\b|unbefristet|festanstellung|"
    r"contrato\s+indefinido|(?:contrato\s+)?sem\s+termo|regime\s+clt|clt\b|"
    r"tempo\s+indeterminato|vast\s+contract|vaste\s+aanstelling|onbepaalde\s+(?:duur|tijd)|"
    r"umow[aęy]\s+o\s+prac[ęe](?!\s+na\s+czas\s+okre[śs]lony))\b",
    re.I,
)
# Said of the position itself ("contract position", "B2B", "PJ"): these win over a statement of hours.
_CONTRACT = re.compile(
    r"\b(?:contract(?:or)?\s+(?:role|position|basis|job)|contract-to-hire|zzp(?:'er)?|partita\s+iva|"
    r"pj|pessoa\s+jur[íi]dica|auto-?entrepreneur|portage\s+salarial|freelance\s+(?:role|position|basis|contract))\b"
    # B2B as a contract, not a market ("a B2B SaaS"): next to a contract word, in brackets or before pay.
    r"|[|·]\s*b2b\s*$|(?:\b(?:umow\w*|kontrak\w*|contract|contrato|na|on\s+a|via|współprac\w*)\s+|\()b2b\b"
    r"|\bb2b\s*(?:\)|contract|umow\w*|kontrak\w*|cooperation|współprac\w*|agreement|\+|[:–-]?\s*\d)",
    re.I | re.M,
)
# Weaker words that may be about someone else ("manage two freelance writers").
_CONTRACT_WEAK = re.compile(r"\b(?:freelance|freelancer|freiberuflich|contractor|fixed[- ]price|aut[óo]nomo)\b", re.I)
# For a title, where a bare "Ausbildung", "Intern" or "Stage" names the role.
_INTERNSHIP_TITLE = re.compile(r"\b(?:ausbildung|intern|stage|trainee)\b", re.I)
_TEMPORARY = re.compile(
    r"\b(?:temporary|fixed[- ]term|befristet|seasonal|interim|cdd\b|tempo\s+determinato|contrato\s+temporal|"
    r"(?:contrato\s+a\s+)?termo\s+certo|bepaalde\s+tijd|tijdelijk|czas\s+okre[śs]lony|"
    r"(?:maternity|parental)\s+(?:cover|leave\s+cover)|elternzeitvertretung)\b",
    re.I,
)
# "B2B or employment contract, your choice": a free choice of contract types gives no single type.
_CHOICE = re.compile(
    r"\b(?:do\s+wyboru|your\s+choice|of\s+your\s+choosing|au\s+choix|a\s+elecci[óo]n|[àa]\s+escolha|a\s+scelta|"
    r"naar\s+keuze|nach\s+wahl|zur\s+wahl)\b",
    re.I,
)
# "40 Stunden", "36 tot 40 uur per week", "20-30 hours/week"; a range straddling 35 h gives no answer.
_HOURS = re.compile(
    r"(?<![\d.,])(\d{1,2}(?:[.,]\d)?)(?:\s*(?:-|–|to|tot|bis|à|a|do)\s*(\d{1,2}(?:[.,]\d)?))?\s*"
    r"(?:h\b|hrs?\b|hours?|stunden|std\.?|uur|heures|horas|ore\b|godzin\w*)"
    r"(?:\s*(?:/|per|a|pro|par|por|alla|in\s+der|w)\s*(?:week|woche|semaine|semana|settimana|tygodniu)\w*|\s*(?:weekly|wöchentlich|semanais))",
    re.I,
)
# Hours with no "per week" that still mean weekly hours: Dutch "40 uur", "(32-40 uur)", a bracketed "(20 hours)".
_HOURS_BARE = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:\s*(?:-|–|tot)\s*(\d{1,2}))?\s*uur\b(?!\s*(?:per|p/|/|in\s+de|op|aan)\s*(?:dag|maand|jaar|uur|week))"
    r"|\(\s*(\d{1,2})(?:\s*(?:-|–|to|bis|à|a)\s*(\d{1,2}))?\s*(?:hours?|hrs?|h|stunden|std\.?|heures|horas|ore)\s*\)",
    re.I,
)
_FULL_HOURS = 35

# In a label the first kind that matches wins, so "Full-time internship" is an internship.
_LABEL_ORDER: tuple[tuple[EmploymentType, re.Pattern[str]], ...] = (
    ("internship", _INTERNSHIP),
    ("part_time", _PART_TIME),
    ("contract", _CONTRACT),
    ("contract", _CONTRACT_WEAK),
    ("temporary", _TEMPORARY),
    ("full_time", _FULL_TIME),
    ("full_time", _PERMANENT),
)


# Cheap substring tests (lower case): a pattern runs only in windows around them, never over the whole body.
_STEMS: dict[str, tuple[str, ...]] = {
    "internship": (
        "intern",
        "praktik",
        "werkstudent",
        "working student",
        "co-op",
        "coop",
        "apprenti",
        "ausbildung",
        "azubi",
        "alternan",
        "stagiai",
        "stage",
        "stagista",
        "estági",
        "estagi",
        "tirocin",
        "práctica",
        "practica",
        "pasant",
        "staż",
        "staz",
        "praktyk",
    ),
    "part_time": (
        "part",
        "teilzeit",
        "partiel",
        "mi-temps",
        "jornada",
        "parcial",
        "período",
        "periodo",
        "parziale",
        "deeltijd",
        "etat",
    ),
    "full_time": ("full", "vollzeit", "plein", "complet", "jornada", "tiempo", "tempo", "voltijd", "etat", "100"),
    "permanent": (
        "permanent",
        "cdi",
        "unbefrist",
        "festanstell",
        "indefinido",
        "termo",
        "clt",
        "indeterminato",
        "vast",
        "onbepaalde",
        "umow",
    ),
    "contract": (
        "contract",
        "zzp",
        "partita",
        "pj",
        "jurídica",
        "juridica",
        "entrepreneur",
        "portage",
        "freelance",
        "b2b",
    ),
    "contract_weak": ("freelance", "freiberuf", "contractor", "fixed", "autónomo", "autonomo"),
    "temporary": (
        "tempor",
        "fixed",
        "befrist",
        "seasonal",
        "interim",
        "cdd",
        "determinato",
        "termo",
        "bepaalde",
        "tijdelijk",
        "określony",
        "okreslony",
        "maternity",
        "parental",
        "elternzeit",
    ),
    "hours": ("uur", "stunden", "std", "hour", "hrs", "heures", "horas", "ore", "godzin", " h/", " h "),
    "choice": ("wyboru", "choice", "choosing", "choix", "elecci", "escolha", "scelta", "keuze", "wahl"),
}


def _near(pattern: re.Pattern[str], text: str, stems: str, lowered: str) -> re.Match[str] | None:
    """The first match of ``pattern`` in a window around one of the stems of that name."""
    if len(lowered) == len(text):  # the lower-case pattern over the lower-cased text: same matches, faster
        text, pattern = lowered, folded(pattern)
    for _, window in around(text, _STEMS[stems], 45, 50, lowered):
        match = pattern.search(window)
        if match:
            return match
    return None


# An internship the candidate may bring as experience ("staż lub praktyki też się liczą", "internships count",
# "erste Erfahrung, auch aus einem Praktikum"): said of the applicant's past, not of this job.
_PAST_INTERNSHIP = re.compile(
    r"\b(?:counts?|count\s+too|się\s+licz\w*|zählen|comptent|cuentan|contam|contano|tellen\s+(?:ook\s+)?mee|"
    r"including|incl\.|inkl\.|auch\s+aus|y\s+compris|incluid[oa]s|inclusive|w\s+tym|inclusief|"
    r"prior|previous|completed|abgeschlossen\w*|vorherig\w*|bisherig\w*|précédent\w*|anterior\w*|eerdere|"
    r"wcześniejsz\w*|odbyt\w*|z\s+praktyk|aus\s+praktika)\b",
    re.I,
)


def _internship(text: str, lowered: str) -> bool:
    """An internship word near its stem, not said of the applicant's past ("internships count", "prior internship")."""
    if len(lowered) == len(text):
        body, pattern = lowered, folded(_INTERNSHIP)
    else:
        body, pattern = text, _INTERNSHIP
    for offset, window in around(body, _STEMS["internship"], 45, 50, lowered):
        for match in pattern.finditer(window):
            at = offset + match.start()
            start = max(body.rfind("\n", 0, at), body.rfind(". ", 0, at), at - 40) + 1
            ends = [i for i in (body.find("\n", at), body.find(". ", at)) if i != -1]
            if not _PAST_INTERNSHIP.search(body, start, min([*ends, offset + match.end() + 30])):
                return True
    return False


def employment_type(text: str | None, title: str | None = None) -> EmploymentType | None:
    """The kind a 'Job type:' label names, else what the title and body say.

    Internship words decide first, then a statement of hours (full or part time), then contract
    and fixed-term words; a permanent contract with nothing else is full time.
    """
    if title and (_INTERNSHIP.search(title) or _INTERNSHIP_TITLE.search(title)):
        return "internship"
    if not text:
        return None
    lowered = lower_cached(text)
    label = _EMPLOYMENT_LABEL.search(text) if " type" in lowered else None
    if label:
        for kind, pattern in _LABEL_ORDER:
            if pattern.search(label.group(1)):
                return kind
    if _internship(text, lowered):
        return "internship"
    contract = _near(_CONTRACT, text, "contract", lowered)
    weak = _near(_CONTRACT_WEAK, text, "contract_weak", lowered)
    if (contract or weak or "b2b" in lowered) and _near(_CHOICE, text, "choice", lowered):
        return None
    if contract:
        return "contract"
    hours = _hours(_near(_HOURS, text, "hours", lowered) or _near(_HOURS_BARE, text, "hours", lowered))
    if hours is not None:
        return None if hours == "straddle" else hours
    # A part-time mention beside a full-time one is usually about someone else ("a part-time editor").
    if _near(_FULL_TIME, text, "full_time", lowered):
        return "full_time"
    if _near(_PART_TIME, text, "part_time", lowered):
        return "part_time"
    if weak:
        return "contract"
    if _near(_PERMANENT, text, "permanent", lowered):
        return "full_time"
    if _near(_TEMPORARY, text, "temporary", lowered):
        return "temporary"
    return None


# A bare "contract" names the kind in a few words typed as a search, never in a posting's prose.
_CONTRACT_WORD = re.compile(r"\b(?:contracts?|contracting)\b", re.I)


def employment_named(words: str) -> EmploymentType | None:
    """The kind a few words name ("internship", "Teilzeit", "stage", "freelance", "contract"), by the label
    rules: what a search query's words mean."""
    if _INTERNSHIP.search(words) or _INTERNSHIP_TITLE.search(words):
        return "internship"
    for kind, pattern in _LABEL_ORDER:
        if pattern.search(words):
            return kind
    return "contract" if _CONTRACT_WORD.search(words) else None


def _hours(match: re.Match[str] | None) -> EmploymentType | Literal["straddle"] | None:
    """Full or part time from the weekly hours stated; "straddle" for a range across both (32-40 h)."""
    if not match:
        return None
    numbers = [group for group in match.groups() if group]  # _HOURS_BARE has its figures in one of two places
    low = float(numbers[0].replace(",", "."))
    high = float(numbers[1].replace(",", ".")) if len(numbers) > 1 else low
    if low >= _FULL_HOURS and high <= 60:
        return "full_time"
    if 0 < high < _FULL_HOURS - 3:
        return "part_time"
    return "straddle" if low < _FULL_HOURS <= high else None
