"""Inference of record fields from free text, used where a format gives no explicit value.

Each function is pure and cheap: a few precompiled regular expressions over the
text. They are deliberately conservative; a wrong value is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import pycld2
from price_parser import Price

from parsers import values
from parsers.record import WORKPLACES, EmploymentType, Period, RoleFamily, Salary, Seniority, Workplace


@lru_cache(maxsize=8)
def lower_cached(text: str) -> str:
    """``text.lower()``, computed once for the several inference passes over the same description."""
    return text.lower()


def around(text: str, words: tuple[str, ...], before: int, after: int, lowered: str | None = None) -> Iterator[tuple[int, str]]:
    """Windows of ``text`` around each occurrence of trigger words (matched in lower case).

    The inference regexes are too costly to run over every position of a long
    description; they run only where a cheap substring search says they could match.
    """
    low = lower_cached(text) if lowered is None else lowered
    if len(low) != len(text):
        yield 0, text
        return
    for word in words:
        position = low.find(word)
        while position != -1:
            start = max(0, position - before)
            yield start, text[start : position + len(word) + after]
            position = low.find(word, position + len(word))


# ---------------------------------------------------------------- titles

_GENDER = re.compile(
    r"\s*[\(\[]\s*(?:(?:[mfwdxhinv]|div|all genders?|gn\*?|m/w/d|w/m/d)\s*[/|,*]?\s*){1,4}[\)\]]"
    r"|\s*[\(\[]\s*all genders?\s*[\)\]]|\s*\((?:gn|mwd|fmd)\)",
    re.IGNORECASE,
)
ROLE_NOUNS = (
    "engineer|developer|programmer|architect|scientist|analyst|designer|manager|administrator|consultant|specialist|"
    "intern|tester|researcher|devops|sre|lead|head|director|cto|owner|entwickler|ingenieur|développeur|desarrollador|"
    "sviluppatore|ontwikkelaar|technician|writer|recruiter|marketer|strategist|coordinator|officer|expert|werkstudent|"
    "vp|svp|sdet|qa|cto|cpo|ciso|cio|founder|president|chief|steward|product\\s+owner"
)
_ROLE_NOUN = re.compile(rf"\b(?:{ROLE_NOUNS})s?\b", re.IGNORECASE)
_TITLE_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:job\s+title|position(?:\s+title)?|title|role|stelle|stellenbezeichnung|poste|intitul[ée]\s+du\s+poste|puesto|vacature|functie)(?:\*\*)?\s*[:\-–]\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_LABEL_SPLIT = re.compile(
    r"\s+(?:location|job\s+type|employment\s+type|company|salary|department|about\s+the\s+(?:role|job|company))\s*:",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_LOOKING_FOR = re.compile(
    r"\b(?:looking\s+for|seeking|hiring|searching\s+for|recruiting|suchen|recherchons|buscamos|zoeken)\s+(?:an?\s+|one\s+|einen?\s+|un[e]?\s+)?"
    r"(?:[\w-]+\s+){0,3}?"
    rf"((?:[A-Z][\w+#./-]*\s+){{0,4}}(?:[A-Z][\w-]*)?(?:{ROLE_NOUNS})\b(?:\s*\([^)]{{1,12}}\))?)",
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
        value = _LABEL_SPLIT.split(match.group(1))[0]
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


# ---------------------------------------------------------------- company

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
    match = _COMPANY_LABEL.search(text[:6000])
    if match:
        return _LABEL_SPLIT.split(match.group(1))[0].strip(" *") or None
    for name in _ABOUT.findall(text[:6000]):
        if name.lower() not in _NOT_COMPANY and not name.lower().startswith(("the ", "our ", "this ")):
            return name.strip()
    return None


# ---------------------------------------------------------------- location & workplace

_LOCATION_LABEL = re.compile(
    r"(?:^|\s)(?:\*\*)?(?:location|locations|job\s+location|work\s+location|standort|arbeitsort|lieu|ubicación|locatie)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


_LOCATION_WORDS = ("location", "standort", "arbeitsort", "lieu", "ubicación", "locatie")


def location_from_text(text: str) -> str | None:
    lowered = lower_cached(text)
    if not any(word in lowered for word in _LOCATION_WORDS):
        return None
    match = _LOCATION_LABEL.search(text)
    if not match:
        return None
    value = _LABEL_SPLIT.split(" " + match.group(1))[0]
    value = re.split(r"\s+(?:job\s+type|employment\s+type|salary|about\s+the)\b", value, maxsplit=1, flags=re.I)[0]
    return value.strip(" *") or None


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


_SCOPE_TRIGGERS: list[tuple[tuple[str, ...], int]] = [
    (("based", "located", "living", "residing", "resident"), 60),
    (("remote", "from home"), 40),
    (("remote",), 40),
    (("must",), 10),
]
_WORLDWIDE_BODY = re.compile(
    r"\bremote\b[^.]{0,30}\b(?:worldwide|anywhere\s+in\s+the\s+world|from\s+anywhere)\b|\bwork\s+from\s+anywhere\b", re.I
)


def remote_scope(raw: str | None, body: str | None, country_of: object) -> str | None:
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


def scope_value(phrase: str, country_of: object) -> str | None:
    key = re.sub(r"^the\s+", "", phrase.strip(), flags=re.I)
    known = _SCOPES.get(key.lower())
    if known:
        return known
    code = country_of(key) if callable(country_of) else None
    return code if isinstance(code, str) else None


# ---------------------------------------------------------------- employment & experience

_EMPLOYMENT_LABEL = re.compile(r"(?:job|employment|contract)\s+type\s*:\s*(?:\*\*)?\s*([\w -]{3,30})", re.I)
_EMPLOYMENT: list[tuple[EmploymentType, re.Pattern[str]]] = [
    ("internship", re.compile(r"\b(?:internship|praktikum|pasant[ií]a|werkstudent|working student)\b", re.I)),
    ("part_time", re.compile(r"\b(?:part[- ]?time|teilzeit|temps\s+partiel|media\s+jornada|deeltijd)\b", re.I)),
    (
        "contract",
        re.compile(
            r"\b(?:contract(?:or)?\s+(?:role|position|basis|job)|freelance|freelancer|contractor|b2b|fixed[- ]price)\b", re.I
        ),
    ),
    ("temporary", re.compile(r"\b(?:temporary|fixed[- ]term|befristet|seasonal|interim)\b", re.I)),
    (
        "full_time",
        re.compile(r"\b(?:full[- ]?time|vollzeit|temps\s+plein|jornada\s+completa|tiempo\s+completo|voltijd|permanent)\b", re.I),
    ),
]


# Cheap substring tests that must hold before a pattern can match.
_EMPLOYMENT_STEMS: dict[str, tuple[str, ...]] = {
    "full_time": ("full", "vollzeit", "plein", "completa", "completo", "voltijd", "permanent"),
    "part_time": ("part", "teilzeit", "partiel", "media", "deeltijd"),
    "internship": ("intern", "praktikum", "pasant", "werkstudent", "working student"),
    "contract": ("contract", "freelance", "b2b", "fixed"),
    "temporary": ("tempor", "fixed", "befristet", "seasonal", "interim"),
}


def employment_type(text: str | None) -> EmploymentType | None:
    if not text:
        return None
    lowered = lower_cached(text)
    label = _EMPLOYMENT_LABEL.search(text) if " type" in lowered else None
    if label:
        for kind, pattern in _EMPLOYMENT:
            if pattern.search(label.group(1)):
                return kind
    for kind, pattern in (_EMPLOYMENT[4], _EMPLOYMENT[1], _EMPLOYMENT[0], _EMPLOYMENT[2], _EMPLOYMENT[3]):
        if any(pattern.search(window) for _, window in around(text, _EMPLOYMENT_STEMS[kind], 20, 30, lowered)):
            return kind
    return None


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


# ---------------------------------------------------------------- salary

_CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "₹": "INR",
    "inr": "INR",
    "chf": "CHF",
    "fr.": "CHF",
    "zł": "PLN",
    "pln": "PLN",
    "sek": "SEK",
    "nok": "NOK",
    "dkk": "DKK",
    "kr": "SEK",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "r$": "BRL",
    "brl": "BRL",
    "czk": "CZK",
    "kč": "CZK",
    "huf": "HUF",
    "ron": "RON",
    "nzd": "NZD",
    "sgd": "SGD",
    "hkd": "HKD",
    "mxn": "MXN",
    "zar": "ZAR",
    "ils": "ILS",
    "₪": "ILS",
    "try": "TRY",
    "₺": "TRY",
    "uah": "UAH",
    "₴": "UAH",
    "krw": "KRW",
    "₩": "KRW",
    "cny": "CNY",
    "rmb": "CNY",
}
_CUR = r"(?:US\$|CA\$|AU\$|C\$|A\$|R\$|[$€£¥₹₪₺₴₩]|\b(?:USD|EUR|GBP|CHF|PLN|SEK|NOK|DKK|CAD|AUD|BRL|CZK|HUF|RON|NZD|SGD|HKD|MXN|ZAR|ILS|INR|JPY|UAH|KRW|CNY)\b)"
_AMOUNT = r"\d{1,3}(?:[.,\s ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_SIDE = rf"(?:{_CUR}\s?)?(?:{_AMOUNT})\s?[kK]?(?:\s?{_CUR})?"
# Range words: to/and, bis/und, à/et, a/y, tot/en, e.
_SALARY = re.compile(rf"({_SIDE})(?:\s*(?:-|–|—|\b(?:to|and|bis|und|à|et|a|y|tot|en|e)\b)\s*({_SIDE}))?")
_PERIOD_WORDS: list[tuple[Period, re.Pattern[str]]] = [
    ("hour", re.compile(r"\b(?:per\s+hour|an?\s+hour|hourly|/\s*h(?:ou)?r|p/?h|pro\s+stunde|stundenlohn)\b", re.I)),
    ("day", re.compile(r"\b(?:per\s+day|a\s+day|daily|/\s*day|day\s+rate|tagessatz)\b", re.I)),
    ("week", re.compile(r"\b(?:per\s+week|a\s+week|weekly|/\s*w(?:ee)?k)\b", re.I)),
    (
        "month",
        re.compile(r"\b(?:per\s+month|a\s+month|monthly|/\s*mo(?:nth)?|monatlich|pro\s+monat|par\s+mois|brutto/monat)\b", re.I),
    ),
    (
        "year",
        re.compile(
            r"\b(?:per\s+(?:year|annum)|a\s+year|annual(?:ly)?|yearly|/\s*y(?:ea)?r|p\.?a\.?|jährlich|pro\s+jahr|par\s+an)\b",
            re.I,
        ),
    ),
]
_CURRENCY = re.compile(_CUR, re.I)
_CURRENCY_MARKS = (
    *"$€£¥₹₪₺₴₩",
    "USD",
    "EUR",
    "GBP",
    "CHF",
    "PLN",
    "SEK",
    "NOK",
    "DKK",
    "CAD",
    "AUD",
    "BRL",
    "CZK",
    "HUF",
    "RON",
    "NZD",
    "SGD",
    "HKD",
    "MXN",
    "ZAR",
    "ILS",
    "INR",
    "JPY",
    "UAH",
    "KRW",
    "CNY",
)


def _positions(text: str, needle: str) -> Iterator[int]:
    position = text.find(needle)
    while position != -1:
        yield position
        position = text.find(needle, position + 1)


def _salary_at(text: str, anchor: int) -> re.Match[str] | None:
    """The salary expression that contains the currency mark at ``anchor``, if any."""
    start = max(0, anchor - 30)
    while start > 0 and not text[start - 1].isspace() and anchor - start < 60:
        start -= 1
    for match in _SALARY.finditer(text, start, anchor + 80):
        if match.start() <= anchor < match.end() and _CURRENCY.search(match.group(0)):
            return match
    return None


_SALARY_CONTEXT = re.compile(
    r"salary|compensation|pay|gehalt|vergütung|salaire|r[ée]mun[ée]ration|brut|salario|sueldo|retribuci[óo]n|salaris|loon|"
    r"wage|rate|ote|base|range|brutto|gross|stipend",
    re.I,
)


def currency_code(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip()
    code = _CURRENCY_SYMBOLS.get(raw.lower())
    if code:
        return code
    return raw.upper() if re.fullmatch(r"[A-Za-z]{3}", raw) else None


def _amount(side: str) -> tuple[float | None, str | None]:
    price = Price.fromstring(side.replace(" ", " "))
    value = float(price.amount) if price.amount is not None else None
    if value is not None and re.search(r"\d\s?[kK]\b", side):
        value *= 1000
    return value, currency_code(price.currency)


def salary_from_text(text: str | None) -> Salary | None:
    """A salary range stated with a currency, e.g. ``$130,000 - $190,000 + equity``."""
    if not text:
        return None
    marks = [i for mark in _CURRENCY_MARKS for i in _positions(text, mark)]
    if not marks:
        return None
    for anchor in sorted(marks):
        match = _salary_at(text, anchor)
        if match is None:
            continue
        whole = match.group(0)
        low, cur_low = _amount(match.group(1))
        high, cur_high = _amount(match.group(2)) if match.group(2) else (None, None)
        currency = cur_low or cur_high
        if low is None or currency is None:
            continue
        context = text[max(0, match.start() - 80) : match.end() + 40]
        if not _SALARY_CONTEXT.search(context) and not re.search(r"\d\s?[kK]\b", whole):
            continue
        if high is None and match.group(2) is None and low < 10:
            continue
        if high is not None and high < low / 20:  # "$100k - 5" style noise
            high = None
        period = period_from_text(text[match.end() : match.end() + 40]) or guess_period(high or low)
        return Salary.build(low, high, currency, period)
    return None


def salary_from_fields(low: object, high: object, currency: object, period: object) -> Salary | None:
    """A salary from structured fields whose amounts may be strings and whose period may be missing."""
    low_value, high_value = values.number(low), values.number(high)
    if low_value is None and high_value is None:
        return None
    unit = period_code(period) or guess_period(high_value or low_value or 0)
    return Salary.build(low_value, high_value, currency_code(values.text(currency)), unit)


def period_from_text(text: str) -> Period | None:
    for period, pattern in _PERIOD_WORDS:
        if pattern.search(text):
            return period
    return None


def guess_period(amount: float) -> Period:
    """When a posting does not say, the size of the figure does."""
    if amount < 300:
        return "hour"
    if amount < 1500:
        return "day"
    if amount < 20000:
        return "month"
    return "year"


def period_code(raw: object) -> Period | None:
    if not isinstance(raw, str):
        return None
    key = raw.strip().lower()
    aliases: dict[str, Period] = {
        "year": "year",
        "yearly": "year",
        "annual": "year",
        "annually": "year",
        "years": "year",
        "per_year": "year",
        "month": "month",
        "monthly": "month",
        "months": "month",
        "per_month": "month",
        "week": "week",
        "weekly": "week",
        "weeks": "week",
        "day": "day",
        "daily": "day",
        "days": "day",
        "hour": "hour",
        "hourly": "hour",
        "hours": "hour",
    }
    return aliases.get(key)


# ---------------------------------------------------------------- role & seniority

_FAMILY_RULES: list[tuple[RoleFamily, re.Pattern[str]]] = [
    ("product", re.compile(r"\bproduct\s+(?:manager|owner|lead|director|management)|\bhead\s+of\s+product\b|\bcpo\b", re.I)),
    (
        "ml",
        re.compile(
            r"\bmachine\s+learning\b|\bml\b|\bmlops\b|\bai\b|\bdeep\s+learning\b|\bnlp\b|\bcomputer\s+vision\b|\bllm\b|\bartificial\s+intelligence\b",
            re.I,
        ),
    ),
    ("data", re.compile(r"\bdata\b|\banalytics\b|\bbi\b|\bbusiness\s+intelligence\b|\betl\b|\bstatistician\b", re.I)),
    ("security", re.compile(r"\bsecurity\b|\bsecops\b|\bappsec\b|\binfosec\b|\bpenetration\b|\bpentest|\bcyber", re.I)),
    (
        "devops",
        re.compile(
            r"\bdevops\b|\bdevsecops\b|\bsre\b|\bsite\s+reliability\b|\bplatform\s+engineer|\binfrastructure\b|\bcloud\s+(?:engineer|architect)|\bsys(?:tems?)?\s*admin|\brelease\s+engineer|\bkubernetes\b",
            re.I,
        ),
    ),
    (
        "qa",
        re.compile(
            r"\bqa\b|\bquality\s+assurance\b|\btest(?:ing)?\s+(?:engineer|automation|analyst|manager)|\btester\b|\bsdet\b", re.I
        ),
    ),
    ("mobile", re.compile(r"\bmobile\b|\bios\b|\bandroid\b|\bflutter\b|\breact\s+native\b", re.I)),
    ("fullstack", re.compile(r"\bfull[\s-]?stack\b", re.I)),
    (
        "frontend",
        re.compile(
            r"\bfront[\s-]?end\b|\bui\s+(?:engineer|developer)\b|\bweb\s+developer\b|\bjavascript\s+developer\b|\breact\s+(?:developer|engineer)\b|\bangular\b|\bvue\b",
            re.I,
        ),
    ),
    (
        "backend",
        re.compile(
            r"\bback[\s-]?end\b|\bserver[\s-]side\b|\bapi\s+(?:developer|engineer)\b|\b(?:python|java|golang|go|ruby|rails|php|node(?:\.js)?|scala|elixir|rust|c#|\.net|kotlin|django|laravel)\s+(?:developer|engineer|entwickler)\b",
            re.I,
        ),
    ),
    ("design", re.compile(r"\bdesigner\b|\bux\b|\bui/ux\b|\bproduct\s+design\b|\bdesign\s+lead\b", re.I)),
    (
        "management",
        re.compile(
            r"\bengineering\s+manager\b|\bcto\b|\bvp\b|\bvice\s+president\b|\bhead\s+of\b|\bdirector\b|\bmanager\b|\bchief\b",
            re.I,
        ),
    ),
]
_SENIORITY_RULES: list[tuple[Seniority, re.Pattern[str]]] = [
    (
        "intern",
        re.compile(
            r"\bintern(?:ship)?\b|\bpraktikant|\bwerkstudent|\bworking\s+student\b|\btrainee\b|\bstagiaire\b|\bapprentice", re.I
        ),
    ),
    ("head", re.compile(r"\bhead\s+of\b|\bdirector\b|\bvp\b|\bvice\s+president\b|\bchief\b|\bcto\b|\bcpo\b", re.I)),
    ("principal", re.compile(r"\bprincipal\b|\bstaff\b|\bdistinguished\b", re.I)),
    ("lead", re.compile(r"\blead\b|\bteam\s*lead|\btech\s+lead|\bleiter\b|\blider\b", re.I)),
    ("senior", re.compile(r"\bsenior\b|\bsr\.?(?=\s)|\bsénior\b|\bexperienced\b", re.I)),
    ("junior", re.compile(r"\bjunior\b|\bjr\.?(?=\s)|\bentry[\s-]level\b|\bgraduate\b|\bnew\s+grad", re.I)),
    ("mid", re.compile(r"\bmid(?:[\s-]?level)?\b|\bmedior\b|\bintermediate\b|\bregular\b", re.I)),
]
_SENIORITY_LABEL = re.compile(r"(?:experience|seniority|career)\s+level\s*:\s*(?:\*\*)?\s*([^\n]{2,40})", re.I)
TECH_FAMILIES = {"backend", "frontend", "fullstack", "mobile", "devops", "data", "ml", "qa", "security"}


def role_family(title: str | None) -> RoleFamily:
    """From the title only: a body mentions many roles (teammates, reporting lines)."""
    if title:
        for family, pattern in _FAMILY_RULES:
            if pattern.search(title):
                return family
    return "other"


def seniority(title: str | None, body: str | None = None) -> Seniority | None:
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


def seniority_code(raw: object) -> Seniority | None:
    if not isinstance(raw, str):
        return None
    return _EXPERIENCE_CODES.get(raw.strip().lower().replace("-", "_").replace(" ", "_"))


# ---------------------------------------------------------------- language & summary


def language(texts: Iterable[str | None]) -> str | None:
    """ISO 639-1 code of the posting text, from CLD2 on its first 800 characters."""
    sample = " ".join(t for t in texts if t)[:800]
    if len(sample.strip()) < 20:
        return None
    try:
        reliable, _, details = pycld2.detect(sample)
    except pycld2.error:
        # CLD2 refuses control characters and unpaired surrogates; drop them and try once more.
        cleaned = _UNPRINTABLE.sub(" ", sample.encode("utf-8", "ignore").decode("utf-8"))
        try:
            reliable, _, details = pycld2.detect(cleaned)
        except pycld2.error:
            return None
    code = details[0][1] if details else "un"
    if not reliable or code in ("un", "xxx") or len(code) != 2:
        return None
    return code


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_MD_NOISE = re.compile(r"[*_`>#]+|\[([^\]]*)\]\([^)]*\)")


def summary_from(description: str) -> str | None:
    """The first real paragraph of the description, cut on a word boundary."""
    for block in re.split(r"\n\s*\n", description):
        line = "\n".join(row for row in block.strip().splitlines() if not row.lstrip().startswith("#")).strip()
        if len(line) < 60:
            continue
        plain = _MD_NOISE.sub(lambda m: m.group(1) or "", line)
        plain = re.sub(r"\s+", " ", plain).strip()
        if len(plain) < 60:
            continue
        if len(plain) <= 280:
            return plain
        cut = plain[:280].rsplit(" ", 1)[0]
        return cut.rstrip(",;:") + "…"
    return None
