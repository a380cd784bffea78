"""Held-out salary postings: forms, currencies, periods and implausible figures the parser was not tuned on."""

from __future__ import annotations

import pytest

from parsers import infer, parse_text
from parsers.currency import local_dollar
from parsers.formats.jsonld import _salary as jsonld_salary

POSTINGS = [
    (
        "Backend Engineer (Go) – Perth\nWhat we offer\nA$140K – A$165K base plus 11.5% superannuation.",
        (140000, 165000, "AUD", "year"),
    ),
    (
        "Ingénieur QA – Lyon\nRémunération : entre 42 et 48 k€ bruts annuels, tickets restaurant.",
        (42000, 48000, "EUR", "year"),
    ),
    (
        "Werkstudent*in Data (m/w/d) in Hamburg\nVergütung: 16,50 € pro Stunde, 20 Std./Woche.",
        (16.5, None, "EUR", "hour"),
    ),
    (
        "Desarrolladora Android en Valencia\nSalario: 38.000 - 44.000 € brutos al año.",
        (38000, 44000, "EUR", "year"),
    ),
    (
        "Analista de Dados Júnior – Curitiba\nSalário: R$ 4.200 a R$ 5.600 mensais (CLT).",
        (4200, 5600, "BRL", "month"),
    ),
    (
        "Sviluppatore PHP – Torino\nRAL 32.000 – 38.000 €, buoni pasto.",
        (32000, 38000, "EUR", "year"),
    ),
    (
        "Programista .NET (Poznań)\nWidełki: 18\u00a0000 – 23\u00a0000 zł netto miesięcznie + VAT (B2B).",
        (18000, 23000, "PLN", "month"),
    ),
    (
        "Medior Frontend Developer – Utrecht\nSalaris: € 3.900 tot € 4.700 bruto per maand.",
        (3900, 4700, "EUR", "month"),
    ),
    (
        "Data Engineer, Hyderabad\nCTC 18 - 26 LPA depending on experience.",
        (1800000, 2600000, "INR", "year"),
    ),
    (
        "Platform Engineer, Calgary AB\nCompensation: $115,000 - $130,000 per year plus RRSP matching.",
        (115000, 130000, "CAD", "year"),
    ),
    (
        "Diseñador UX en Santiago\nSueldo líquido: CLP 1.800.000 mensuales.",
        (1800000, None, "CLP", "month"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), POSTINGS)
def test_salary_in_postings(text: str, expected: tuple[object, ...]) -> None:
    salary = infer.salary_from_text(text)
    assert salary is not None
    assert (salary.min, salary.max, salary.currency, salary.period) == expected


@pytest.mark.parametrize(
    "text",
    [
        "You will own a quarterly marketing budget of €250,000 per year.",
        "Backed by $40M in Series B funding, we raised $12,000,000 last year.",
        "Our customers process £3.5bn a year through the platform.",
        "Join our office in the EUR district of Rome.",
        "We ship PHP 8 services to 2 000 customers.",
    ],
)
def test_money_that_is_not_pay(text: str) -> None:
    assert infer.salary_from_text(text) is None


def test_yearly_shorthand_is_read_as_thousands() -> None:
    salary = infer.salary_from_fields("62", "70", "EUR", "year")
    assert salary is not None
    assert (salary.min, salary.max, salary.yearly_max) == (62000, 70000, 70000)


def test_implausible_figures_are_dropped() -> None:
    assert infer.salary_from_fields(90000, None, "USD", "hour") is None
    assert infer.salary_from_fields(3, None, "EUR", "month") is None


def test_weak_currency_scale() -> None:
    salary = infer.salary_from_fields(6_000_000, 8_000_000, "JPY", None)
    assert salary is not None
    assert salary.period == "year"


def test_jsonld_base_salary_goes_through_the_rule() -> None:
    node = {"currency": "USD", "value": {"@type": "QuantitativeValue", "minValue": 80, "maxValue": 95, "unitText": "YEAR"}}
    salary = jsonld_salary(node)
    assert salary is not None
    assert (salary.min, salary.max, salary.period) == (80000, 95000, "year")
    hourly = jsonld_salary({"currency": "USD", "value": {"value": 38, "unitText": "HOUR"}})
    assert hourly is not None and (hourly.min, hourly.period) == (38, "hour")


def test_bare_dollar_follows_the_country() -> None:
    assert local_dollar("Office in Wellington, NZ. Pay $95,000") == "NZD"
    assert local_dollar("Remote in the United States or Canada") == "USD"
    assert local_dollar("Austin, TX") == "USD"


def test_a_bare_dollar_is_the_dollar_of_the_postings_place() -> None:
    text = (
        "---\ntitle: Backend Developer\ncompany: Cedarline Software\nlocation: Vancouver, BC\n---\n\n"
        "Build our billing services in Go.\n\nCompensation: $95,000 - $115,000 per year plus benefits.\n"
    )
    (record,) = parse_text(text)
    assert record.salary is not None and record.salary.currency == "CAD"
