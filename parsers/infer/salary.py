"""Salaries: a range stated with a currency in free text, or one given field by field.

Amounts are read as people write them in the eight languages: ``k`` and lakh/crore multipliers, thousands
separated by commas, dots, apostrophes or (non-breaking) spaces ("4.500 €", "CHF 130'000", "60 000 zł"), and a
multiplier written on the upper end only ("60 – 75k", "65 à 75 k€") applying to both ends. A bare ``$`` is the
local dollar where the posting names a place of one (AUD, CAD, ...) and no US one.

Plausibility rule: a figure whose period is a year but which is under 1,000 and carries no multiplier is
thousands written in shorthand (a source field "45"-"55" per year means 45,000-55,000). Any salary whose yearly
equivalent is still outside 1,000-5,000,000 units (scaled by the currency's size, ``currency.scale``) is dropped,
never published as stated.
"""

from __future__ import annotations

import re

from parsers import values
from parsers.currency import MARK_ANCHORS, MARK_PATTERN, currency_code, local_dollar, scale
from parsers.infer.scan import Anchored
from parsers.record import PERIODS_PER_YEAR, Period, Salary

# Thousands grouped by , . ' ’ or a (thin, non-breaking) space, with optional decimals; or a plain number.
_SEP = "[.,'’\u00a0\u202f ]"
_AMOUNT = rf"\d{{1,3}}(?:{_SEP}\d{{3}})+(?![\d])(?:[.,]\d{{1,2}}(?!\d))?|\d+(?:[.,]\d+)?"
_MULTIPLIER = r"(?:[kK]|lpa|LPA|lakhs?|lacs?|crores?|cr|mil|tys\.?|Tsd\.?)(?![^\W\d_])"
_MARK = MARK_PATTERN
_SIDE = rf"(?:{_MARK}\s?)?(?:{_AMOUNT})(?:\s?{_MULTIPLIER})?(?:\s?{_MARK})?(?![^\W_])"
# Range words: to/and, bis/und, à/et, a/y/al, tot/en, e/até, do.
_RANGE = r"\s*(?:-|–|—|~|\b(?:to|and|bis|und|à|et|a|y|al|tot|en|e|até|ate|do)\b)\s*"
_SALARY = re.compile(rf"({_SIDE})(?:{_RANGE}({_SIDE}))?")
_CURRENCY = re.compile(_MARK)
_NUMBER = re.compile(_AMOUNT)
_MULTIPLIER_AT = re.compile(_MULTIPLIER, re.I)
_FACTORS = {"k": 1e3, "mil": 1e3, "tys": 1e3, "tsd": 1e3, "lakh": 1e5, "lpa": 1e5, "lac": 1e5, "crore": 1e7, "cr": 1e7}
_INDIAN = re.compile(r"lakh|\blacs?\b|\blpa\b|crore|\bcr\b", re.I)
_INDIAN_ANCHORS = ("lakh", "Lakh", "LPA", "crore", "lacs")
# The cheap test before any pattern runs: one alternation of literals, which the regex engine scans for quickly.
_ANCHOR = re.compile("|".join(re.escape(mark) for mark in (*MARK_ANCHORS, *_INDIAN_ANCHORS)))
_ANCHOR_AT = Anchored(_ANCHOR)  # tried where a mark's lower case occurs, not at every capital letter

# Period words in the eight languages (and a few abbreviations), each searched as one pattern.
_PERIOD_WORDS: dict[Period, str] = {
    "hour": r"per\s+hour|an?\s+hour|hourly|/\s*h(?:ou)?r?|p/?h|pro\s+stunde|stundenlohn|stündlich|/\s*std|"
    r"de\s+l'heure|par\s+heure|/\s*heure|horaires?|por\s+hora|la\s+hora|/\s*hora|all'ora|orari[oa]?|"
    r"per\s+uur|uurloon|/\s*uur|za\s+godzin[ęe]|na\s+godzin[ęe]|/\s*godz|godzinow[oa]",
    "day": r"per\s+day|a\s+day|daily|/\s*day|day\s+rate|tagessatz|pro\s+tag|par\s+jour|/\s*jour|tjm|"
    r"por\s+d[íi]a|al\s+d[íi]a|/\s*d[íi]a|diári[ao]|al\s+giorno|giornalier[oa]|per\s+dag|dagtarief|za\s+dzie[ńn]|"
    r"dziennie|stawka\s+dzienna",
    "week": r"per\s+week|a\s+week|weekly|/\s*w(?:ee)?k|pro\s+woche|par\s+semaine|por\s+semana|a\s+settimana|"
    r"tygodniowo",
    "month": r"per\s+month|a\s+month|monthly|/\s*mo(?:nth)?|p\.\s?m\.|monatlich|pro\s+monat|im\s+monat|/\s*monat|"
    r"monatsgehalt|mtl\.|brutto/monat|par\s+mois|/\s*mois|mensuel(?:le)?s?|al\s+mes|por\s+mes|/\s*mes|"
    r"mensual(?:es)?|por\s+m[êe]s|ao\s+m[êe]s|/\s*m[êe]s|mensa(?:l|is)|al\s+mese|mensil[ei]|mensilmente|"
    r"per\s+maand|/\s*maand|maandelijks|p/m|miesi[ęe]cznie|mies\.|/\s*mies|na\s+miesi[ąa]c",
    "year": r"per\s+(?:year|annum)|a\s+year|annual(?:ly)?|yearly|/\s*y(?:ea)?r|p\.\s?a\.?|jährlich|pro\s+jahr|"
    r"jahresgehalt|jahressal[äa]r|jahresbrutto|/\s*jahr|annuel(?:le)?s?|par\s+an(?:née)?|/\s*an|anual(?:es)?|"
    r"al\s+año|por\s+año|ao\s+ano|por\s+ano|/\s*ano|all'anno|annu[oi]|annuale|\bral\b|per\s+jaar|/\s*jaar|"
    r"jaarlijks|jaarsalaris|bruto\s+per\s+jaar|rocznie|na\s+rok|/\s*rok|ctc|lpa",
}
_PERIOD = re.compile(
    "|".join(rf"(?P<{period}>(?<![^\W\d_])(?:{words})(?![^\W\d_]))" for period, words in _PERIOD_WORDS.items()),
    re.I,
)
_PERIOD_ALIASES: dict[str, Period] = {
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
_SALARY_CONTEXT = re.compile(
    r"salary|salaries|compensation|pay|gehalt|vergütung|lohn|salär|salaire|r[ée]mun[ée]ration|brut|gratification|"
    r"salario|sueldo|retribuci[óo]n|remunera|sal[áa]rio|bolsa|stipendio|retribuzione|ral\b|compenso|rimborso|"
    r"salaris|loon|vergoeding|wynagrodzenie|widełki|stawka|wage|rate|ote|base|range|brutto|bruto|lordo|gross|"
    r"netto|stipend|ctc|lakh|ayuda|honorar|offer|bieten|offrons|ofrecemos|oferecemos|offriamo|bieden|oferujemy|"
    r"package|paquete|pacchetto|pakket|\bsuper\b|depending on experience|\bcomp\b",
    re.I,
)
# Money that is not pay, named just before the amount: budgets, revenue, funding, turnover, prices.
_NOT_PAY = re.compile(
    r"budget|budżet|revenue|turnover|umsatz|chiffre d'affaires|facturaci[óo]n|faturamento|fatturato|omzet|przych[óo]d|"
    r"funding|raised|investment|finanziamento|financement|financiación|financiamento|valuation|series [a-e]\b|"
    r"\barr\b|\bgmv\b|price|prix|precio|preço|prezzo|prijs|cena|loan|kredit|cr[ée]dit|volume|transactions?",
    re.I,
)
_BREAK = re.compile(r"\n|\s\|\s|[.,;!?](?:\s|$)")  # a " | " parts a header line as a full stop does
# A ceiling right before a single amount: "up to €58k", "jusqu'à 58 K€", "RAL fino a 50.000 €", "bis zu 70.000 €".
_UP_TO = re.compile(
    r"(?:\bup\s+to|\bbis\s+zu|\bjusqu'(?:à|a)|\bjusqu’(?:à|a)|\bhasta|\baté|\bfino\s+a|\btot\s+(?:maximaal\s+)?|"
    r"\bmaximaal|\bmaksymalnie|\bmax(?:imum|\.)?)\s*:?\s*$",
    re.I,
)
# Words that call the amount a salary: a salary with no period said is monthly, never a day rate.
_SALARIED = re.compile(
    r"salary|gehalt|salaire|salario|sal[áa]rio|stipendio|salaris|wynagrodzenie|pensja|vencimento|sueldo|remunera", re.I
)
# "RAL: 28-34K", "RAL 30/35k": Italy's yearly gross pay (retribuzione annua lorda), in euros without a mark.
_RAL = re.compile(rf"\bRAL\b\s*(?:[:=]|di|da|tra)?\s*(\d[\d.,]*\s?[kK]?)(?:{_RANGE}|\s*/\s*)(\d[\d.,]*\s?[kK]?)?(?![\w€])")

# Plausible yearly equivalents, in units of a currency of scale 1 (see the module docstring).
_YEARLY_FLOOR = 1_000
_YEARLY_CEILING = 5_000_000


def _salary_at(text: str, anchor: int) -> re.Match[str] | None:
    """The salary expression that contains the currency mark at ``anchor``, if any."""
    start = max(0, anchor - 40)
    while start > 0 and not text[start - 1].isspace() and anchor - start < 60:
        start -= 1
    for match in _SALARY.finditer(text, start, anchor + 80):
        if match.start() <= anchor < match.end():
            return match
    return None


def _number(raw: str) -> float | None:
    """A written amount: "130'000", "4.500", "60 000", "1,234.56", "102.8", "12,5"."""
    raw = raw.strip()
    tail = ""
    if len(raw) > 3 and raw[-3] in ".," and raw[-2:].isdigit() and re.search(_SEP, raw[:-3]):
        raw, tail = raw[:-3], raw[-2:]
    elif len(raw) > 2 and raw[-2] in ".," and raw[-1].isdigit() and re.search(_SEP, raw[:-2]):
        raw, tail = raw[:-2], raw[-1:]
    if re.fullmatch(rf"\d{{1,3}}(?:{_SEP}\d{{3}})+", raw):
        raw = re.sub(r"\D", "", raw)
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    return value + float("0." + tail) if tail else value


def _side(side: str) -> tuple[float | None, float]:
    """Amount and multiplier (1 when none is written) of one end of a range."""
    number = _NUMBER.search(side)
    if number is None:
        return None, 1.0
    value = _number(number.group(0))
    rest = side[number.end() :].lstrip()
    multiplier = _MULTIPLIER_AT.match(rest)
    if multiplier is None:
        return value, 1.0
    word = multiplier.group(0).lower().rstrip(".")
    return value, next((size for name, size in _FACTORS.items() if word.startswith(name)), 1.0)


def _currency_of(whole: str) -> tuple[str | None, bool]:
    """The currency an expression names, and whether that is only a bare "$" (whose country the text decides)."""
    marks = _CURRENCY.findall(whole)
    for mark in marks:
        if mark != "$":
            code = currency_code(mark)
            if code:
                return code, False
    if marks:
        return "USD", True
    return ("INR", False) if _INDIAN.search(whole) else (None, False)


def _period_near(text: str, start: int, end: int) -> Period | None:
    """The period named right after the amount (same clause), else the closest one before it in its sentence."""
    after = text[end : end + 30]
    cut = _BREAK.search(after)
    after = after[: cut.start()] if cut else after
    found = _PERIOD.search(after)
    if found and found.lastgroup:
        return found.lastgroup  # type: ignore[return-value]
    before = text[max(0, start - 60) : start]
    before = before[_last_break(before) :]
    found_all = list(_PERIOD.finditer(before))
    return found_all[-1].lastgroup if found_all else None  # type: ignore[return-value]


def salary_from_text(text: str | None, country: str | None = None) -> Salary | None:
    """A salary range stated with a currency, e.g. ``$130,000 - $190,000 + equity`` or ``20 to 45 lakhs``;
    ``country`` (of the posting's first place) tells which dollar a bare "$" is."""
    if not text:
        return None
    marks = [found.start() for found in _ANCHOR_AT.finditer(text)]
    seen_end = -1
    for anchor in marks:
        if anchor < seen_end:
            continue
        match = _salary_at(text, anchor)
        if match is None:
            continue
        seen_end = match.end()
        whole = match.group(0)
        currency, bare_dollar = _currency_of(whole)
        if currency is None:
            continue
        low, low_factor = _side(match.group(1))
        high, high_factor = _side(match.group(2)) if match.group(2) else (None, 1.0)
        if low is None:
            continue
        # A multiplier written on the upper end only applies to both: "60 – 75k", "20 to 45 lakhs".
        if high is not None and high_factor > 1 and low_factor == 1 and low <= high:
            low_factor = high_factor
        low *= low_factor
        high = high * high_factor if high is not None else None
        if high is not None and not high / 20 <= low <= high * 20:
            # "2026 and €50k", "$100k - 5": not a range; keep the end that carries the currency.
            if _CURRENCY.search(match.group(1)) is None:
                low, low_factor = high, high_factor
            high = None
        multiplied = low_factor > 1 or high_factor > 1
        period = _period_near(text, match.start(), match.end())
        context = text[max(0, match.start() - 80) : match.end() + 40]
        if not (multiplied or period or _SALARY_CONTEXT.search(context)):  # the regex last: the costliest test
            continue
        if high is None and low < 10:
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        if _NOT_PAY.search(before[_last_break(before) :]):
            continue
        if bare_dollar:
            currency = local_dollar(text, country)
        if high is None and _UP_TO.search(before):
            low, high = None, low  # a ceiling only
        if period is None and _SALARIED.search(context) and 300 <= (high or low or 0) / scale(currency) < 1500:
            period = "month"  # "Salário: R$ 6.500": a salary, not a day rate
        salary = _plausible(low, high, currency, period, multiplied)
        if salary is not None:
            return salary
    return _ral(text) if "RAL" in text else None


def _ral(text: str) -> Salary | None:
    """A "RAL" figure written without a currency mark: euros a year."""
    match = _RAL.search(text)
    if match is None:
        return None
    low, low_factor = _side(match.group(1))
    high, high_factor = _side(match.group(2)) if match.group(2) else (None, 1.0)
    if low is None:
        return None
    if high is not None and high_factor > 1 and low_factor == 1:
        low_factor = high_factor
    multiplied = low_factor > 1 or high_factor > 1
    return _plausible(low * low_factor, high * high_factor if high is not None else None, "EUR", "year", multiplied)


def _last_break(text: str) -> int:
    """Where the last clause of ``text`` starts."""
    breaks = list(_BREAK.finditer(text))
    return breaks[-1].end() if breaks else 0


def _plausible(
    low: float | None, high: float | None, currency: str | None, period: Period | None, multiplied: bool = False
) -> Salary | None:
    """The salary, corrected or dropped by the plausibility rule of the module docstring."""
    size = scale(currency)
    top = high if high is not None else low
    if top is None:
        return None
    if period == "year" and not multiplied and top < 1000:
        low = low * 1000 if low is not None else None
        high = high * 1000 if high is not None else None
        top *= 1000
    unit = period or guess_period(top / size)
    yearly = top * PERIODS_PER_YEAR[unit]
    if not _YEARLY_FLOOR * size <= yearly <= _YEARLY_CEILING * size:
        return None
    return Salary.build(low, high, currency, unit)


def salary_from_fields(low: object, high: object, currency: object, period: object) -> Salary | None:
    """A salary from structured fields whose amounts may be strings and whose period may be missing."""
    low_value, high_value = values.number(low), values.number(high)
    if low_value is None and high_value is None:
        return None
    return _plausible(low_value, high_value, currency_code(values.text(currency)), period_code(period))


def period_from_text(text: str) -> Period | None:
    """The period a phrase such as 'per year', '/month' or 'par mois' names."""
    found = _PERIOD.search(text)
    return found.lastgroup if found and found.lastgroup else None  # type: ignore[return-value]


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
    """The period a structured field names ('annual', 'per_month', 'YEAR', ...)."""
    if not isinstance(raw, str):
        return None
    return _PERIOD_ALIASES.get(raw.strip().lower())
