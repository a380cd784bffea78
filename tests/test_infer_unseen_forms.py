"""Forms found on postings modelled for tests/heldout2: each rule is checked on phrasings beside the set's own.

Years and places written as words or inflected, ceilings and marks of salaries, header lines cut by bars, hiring
sentences in more languages and the weekly patterns of hybrid work, in the eight languages of the corpus.
"""

from __future__ import annotations

import pytest

from parsers.geo import places_in_text, resolve_places
from parsers.infer import (
    company_from_text,
    employment_type,
    experience_years,
    salary_from_text,
    seniority,
    title_from_text,
    workplaces,
)
from parsers.infer.title import clean_title


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Mindestens drei Jahre Berufserfahrung in Java", 3),
        ("Two or more years of experience as an analyst", 2),
        ("co najmniej pięć lat doświadczenia w Javie", 5),
        ("Pelo menos dois anos de experiência com web", 2),
        ("Almeno tre anni di esperienza nello sviluppo", 3),
        ("Minimaal twee jaar ervaring als developer", 2),
        ("Au moins trois ans d'expérience en backend", 3),
        ("Al menos cuatro años de experiencia con .NET", 4),
        ("Minimum rok doświadczenia na podobnym stanowisku", 1),
        ("at least a year of experience in support", 1),
        ("Maximaal twee jaar werkervaring; starters zijn welkom", 0),
        ("We have been building maps for ten years.", None),
    ],
)
def test_years_written_as_words(text: str, years: int | None) -> None:
    assert experience_years(text) == years


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("È previsto un compenso lordo annuo di euro 44.000,00.", (44000, None, "EUR", "year")),
        ("Stipendio: 2.100 Euro al mese", (2100, None, "EUR", "month")),
        ("Rémunération : jusqu'à 58 K€ brut annuel", (None, 58000, "EUR", "year")),
        ("RAL fino a 50.000 €", (None, 50000, "EUR", "year")),
        ("Salary: up to $140k a year", (None, 140000, "USD", "year")),
        ("RAL: 28-34K, contratto a tempo indeterminato", (28000, 34000, "EUR", "year")),
        ("Offriamo RAL 30/35k", (30000, 35000, "EUR", "year")),
        ("Salário: R$ 6.500 + benefícios", (6500, None, "BRL", "month")),
        ("Comp: CA$95,000–CA$115,000", (95000, 115000, "CAD", "year")),
        ("Acme | Engineer | Leeds | Hybrid, 2 days a week | £70k–£85k | Full-time", (70000, 85000, "GBP", "year")),
        ("Remote (US or Canada) | $160k - $190k + equity", (160000, 190000, "USD", "year")),
    ],
)
def test_salary_forms(text: str, want: tuple[float | None, float | None, str, str]) -> None:
    salary = salary_from_text(text)
    assert salary is not None, text
    assert (salary.min, salary.max, salary.currency, salary.period) == want


def test_currency_words_need_an_amount_and_pay() -> None:
    assert salary_from_text("Euro 2024 in Berlin, and the Euro area's fintechs") is None
    assert salary_from_text("Our Tagessatz: 800 € pro Tag").period == "day"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("Für unser Entwicklungsteam in der Mannheimer Innenstadt suchen wir Verstärkung.", "Mannheim", "DE"),
        ("Zwei Tage die Woche in unserem Kölner Büro, den Rest im Homeoffice.", "Köln", "DE"),
        ("Arbeit vor Ort an unserem Standort in Regensburg.", "Regensburg", "DE"),
        ("Our office is in Auckland's Wynyard Quarter.", "Auckland", "NZ"),
        ("Praca hybrydowa: 2 dni w tygodniu w biurze w Gdyni.", "Gdynia", "PL"),
        ("Oferujemy pracę w biurze we Wrocławiu.", "Wrocław", "PL"),
        ("Hi all! Tidewater Labs is looking for a developer to join our product squad in Brisbane.", "Brisbane", "AU"),
        ("¡Buscamos Desarrollador/a .NET Senior en Pamplona!\n\nSomos una empresa navarra.", "Pamplona", "ES"),
        ("Wij zijn gevestigd in Leiden, vlak bij het station.", "Leiden", "NL"),
        ("La empresa está situada en Oviedo.", "Oviedo", "ES"),
    ],
)
def test_places_inflected_capitalized_or_possessive(text: str, city: str, country: str) -> None:
    places = places_in_text(text)
    assert [(p.city, p.country_code) for p in places] == [(city, country)]


def test_places_of_a_whole_country_and_of_piped_headers() -> None:
    brazil = places_in_text("Trabalho 100% remoto, de qualquer lugar do Brasil.")
    assert [(p.city, p.country_code) for p in brazil] == [(None, "BR")]
    office_first = places_in_text("Work from our Norwich office or from home anywhere in the UK.")
    assert [(p.city, p.country_code) for p in office_first] == [("Norwich", "GB")]
    header = "Kestrel Freight | Senior Backend Engineer (Python) | Leeds, UK | Hybrid, 2 days a week in the office | £70k–£85k"
    assert [(p.city, p.country_code) for p in places_in_text(header + "\n\nWe move pallets.")] == [("Leeds", "GB")]
    assert [(p.city, p.country_code) for p in resolve_places("'s-Hertogenbosch, Nederland")] == [("'s-Hertogenbosch", "NL")]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Kestrel Freight | Senior Backend Engineer (Python) | Leeds, UK | Hybrid | £70k–£85k + equity | Full-time\n\nWe move pallets.",
            "Senior Backend Engineer (Python)",
        ),
        ("Larkspur (YC W24) | Remote (US) | Full-time | Senior Data Engineer | $160k\n\nWe bill.", "Senior Data Engineer"),
        (
            "Bonjour !\n\nChez Lorraine Mobilité, nous cherchons un Développeur Backend Node.js (H/F) pour notre équipe.",
            "Développeur Backend Node.js",
        ),
        ("¡Buscamos Desarrollador/a .NET Senior en Pamplona!\n\nSomos Navarra Sistemas.", "Desarrollador/a .NET Senior"),
        (
            "Voor ons team in Almere zoeken wij een Junior Java Developer (36 uur)\n\nFlevo Mobility B.V. maakt software.",
            "Junior Java Developer",
        ),
        ("Wij zoeken een Medior Python Developer (32-40 uur)\n\nOver ons", "Medior Python Developer"),
    ],
)
def test_titles_from_headers_and_hiring_sentences(text: str, title: str) -> None:
    assert title_from_text(text) == title


def test_title_without_a_list_of_places() -> None:
    assert clean_title("Product Manager, Payments (Toronto or Vancouver)") == "Product Manager, Payments"
    assert clean_title("Data Engineer (Python or Scala)") == "Data Engineer (Python or Scala)"


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Kestrel Freight | Senior Backend Engineer | Leeds, UK | Hybrid\n\nEmail jobs@kestrelfreight.co.uk", "Kestrel Freight"),
        ("Larkspur Health (YC W24) | Remote | Full-time | Senior Data Engineer\n\nApply at larkspur.example", "Larkspur Health"),
        (
            "Machine Learning Engineer\n\nJob Overview\n- Job Title: ML Engineer\n- Company: Allegheny Field Robotics\n",
            "Allegheny Field Robotics",
        ),
        ("Hi all! Tidewater Labs is looking for a Frontend Developer.\n\nMail careers@tidewaterlabs.com.au", "Tidewater Labs"),
        (
            "Estamos contratando: Desarrollador Android — Quito\n\nAndina Pagos es la billetera digital de tres cooperativas.",
            "Andina Pagos",
        ),
    ],
)
def test_company_from_headers_labels_and_sentences(text: str, company: str) -> None:
    assert company_from_text(text) == company


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Flexible Zeiteinteilung, Arbeit vor Ort an unserem Standort in Regensburg.", ["onsite"]),
        ("Praca zdalna lub hybrydowo z biura w Zielonej Górze.", ["remote", "hybrid"]),
        ("Praca w 100% zdalna albo z biura w Tarnowie.", ["remote", "onsite"]),
        ("Our office is downtown. We work from it Tuesday to Thursday and from home on Mondays and Fridays.", ["hybrid"]),
        ("Zwei Tage die Woche in unserem Büro, den Rest im Homeoffice.", ["hybrid"]),
        ("Eén dag per week thuiswerken.", ["hybrid"]),
        ("Larkspur | Remote (US or Canada) | Full-time | Data Engineer\n", ["remote"]),
        ("Du arbeitest ortsunabhängig, unser Team sitzt zwischen Kiel und Passau.", ["remote"]),
        ("Eine standortunabhängige Stelle mit flexiblen Arbeitszeiten.", ["remote"]),
    ],
)
def test_workplace_phrasings(text: str, want: list[str]) -> None:
    assert workplaces(None, text) == want


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("€ 4.000 tot € 5.500 bruto per maand, 40 uur", "full_time"),
        ("Wij zoeken een Medior Python Developer (32-40 uur). Vast contract.", None),
        ("Servicedesk Medewerker (24 uur)", "part_time"),
        ("Wir antworten innerhalb von 48 Stunden). Unbefristet.", "full_time"),
        ("We reply to every application (within 48 hours) and offer a permanent contract.", "full_time"),
    ],
)
def test_hours_without_per_week(text: str, kind: str | None) -> None:
    assert employment_type(text) == kind


def test_abbreviated_seniority_at_the_end_of_a_title() -> None:
    assert seniority("Ingeniero de Datos Sr.") == "senior"
    assert seniority("Sr. Data Engineer") == "senior"
