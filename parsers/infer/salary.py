"""Salaries: a range stated with a currency in free text, or one given field by field."""

from __future__ import annotations

import re
from collections.abc import Iterator

from price_parser import Price

from parsers import values
from parsers.currency import MARK_ANCHORS, MARK_PATTERN, currency_code
from parsers.record import Period, Salary

_AMOUNT = r"\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_SIDE = rf"(?:{MARK_PATTERN}\s?)?(?:{_AMOUNT})\s?[kK]?(?:\s?{MARK_PATTERN})?"
# Range words: to/and, bis/und, à/et, a/y, tot/en, e.
_SALARY = re.compile(rf"({_SIDE})(?:\s*(?:-|–|—|\b(?:to|and|bis|und|à|et|a|y|tot|en|e)\b)\s*({_SIDE}))?")
_CURRENCY = re.compile(MARK_PATTERN, re.I)
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
    r"salary|compensation|pay|gehalt|vergütung|salaire|r[ée]mun[ée]ration|brut|salario|sueldo|retribuci[óo]n|salaris|loon|"
    r"wage|rate|ote|base|range|brutto|gross|stipend",
    re.I,
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


def _amount(side: str) -> tuple[float | None, str | None]:
    price = Price.fromstring(side)
    value = float(price.amount) if price.amount is not None else None
    if value is not None and re.search(r"\d\s?[kK]\b", side):
        value *= 1000
    return value, currency_code(price.currency)


def salary_from_text(text: str | None) -> Salary | None:
    """A salary range stated with a currency, e.g. ``$130,000 - $190,000 + equity``."""
    if not text:
        return None
    marks = [i for mark in MARK_ANCHORS for i in _positions(text, mark)]
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
    """The period a phrase such as 'per year' or '/month' names."""
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
    """The period a structured field names ('annual', 'per_month', ...)."""
    if not isinstance(raw, str):
        return None
    return _PERIOD_ALIASES.get(raw.strip().lower())
