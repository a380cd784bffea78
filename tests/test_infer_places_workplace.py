"""Held-out checks for places, workplace, remote scope, employment type and experience.

The postings below were written for these tests, not taken from tests/realworld: other companies,
cities and phrasings of the same failure classes, so a rule fitted to the set alone fails here.
"""

from __future__ import annotations

import pytest

from parsers import infer, parse_text
from parsers.geo import canonical_place, gazetteer, places_in_text, resolve_places
from parsers.record import Place


def _country(name: str) -> str | None:
    return gazetteer().country(name)


# --- places -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ireland", Place(country_code="IE")),
        ("Austria", Place(country_code="AT")),
        ("Halifax, NS", Place(city="Halifax", country_code="CA")),
        ("Curitiba, PR", Place(city="Curitiba", country_code="BR")),
        ("Perth WA", Place(city="Perth", country_code="AU")),
        ("NYC", Place(city="New York City", region="New York", country_code="US")),
        ("SF (Hybrid)", Place(city="San Francisco", region="California", country_code="US")),
        ("Denver", Place(city="Denver", region="Colorado", country_code="US")),
        ("Kansas City, MO", Place(city="Kansas City", region="Missouri", country_code="US")),
        ("Frankfurt-Sachsenhausen", Place(city="Frankfurt am Main", country_code="DE")),
    ],
)
def test_resolve_places(raw: str, expected: Place) -> None:
    assert resolve_places(raw)[:1] == [expected]


@pytest.mark.parametrize("raw", ["[City, Country]", "[Remote / On-site – City, Country]", "City", "Remote"])
def test_placeholders_are_no_places(raw: str) -> None:
    assert resolve_places(raw) == []


def test_country_given_as_city_becomes_country() -> None:
    assert canonical_place(Place(city="Portugal")) == Place(country_code="PT")
    assert canonical_place(Place(city="Rotterdam")).country_code == "NL"


def test_places_from_header_line_and_prose() -> None:
    header = "Data Engineer\n\nFjordbyte AS · Bergen, Norway · Hybrid · Full time\n\nWe build weather apps."
    assert places_in_text(header) == [Place(city="Bergen", country_code="NO")]
    title = "Backend-Entwickler (m/w/d) – Graz\n\nWir sind ein Team aus zwölf Leuten."
    assert places_in_text(title) == [Place(city="Graz", country_code="AT")]
    prose = "Sviluppatore Java\n\nCerchiamo una persona per il nostro team sviluppo a Torino, in via Roma."
    assert places_in_text(prose)[0].city == "Turin"
    assert places_in_text("Mobile Engineer\n\nWe ship apps for clinics.") == []
    remote = "Staff Engineer at Tallyho\n\nRemote (Canada) · Full-time\n\nWe build payroll tools."
    assert places_in_text(remote) == [Place(country_code="CA")]


def test_location_label_in_other_languages() -> None:
    assert infer.location_from_text("Analista de datos\nUbicación: Zaragoza\n\nSomos...") == "Zaragoza"
    assert infer.location_from_text("Programista\nMiejsce pracy: Lublin\n\nJesteśmy...") == "Lublin"
    assert infer.location_from_text("Engenheiro\nLocal: Porto Alegre, RS\n\nSomos...") == "Porto Alegre, RS"


# --- workplace ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Wir bieten: Homeoffice an drei Tagen pro Woche, sonst im Büro in Bonn.", ["hybrid"]),
        ("Vous travaillez en télétravail 3 jours par semaine depuis Rennes.", ["hybrid"]),
        ("Trabajo 100% remoto desde cualquier punto de Chile.", ["remote"]),
        ("Je werkt volledig op afstand; ons kantoor in Zwolle is open voor wie wil.", ["remote"]),
        ("Werken op ons kantoor in Delft, thuiswerken in overleg.", ["onsite"]),
        ("Lavoro in presenza presso la sede di Brescia.", ["onsite"]),
        ("Praca zdalna z dowolnego miejsca.", ["remote"]),
        ("Modelo híbrido, com 2 dias no escritório do Porto.", ["hybrid"]),
        ("You'll work from our studio in Leeds; the occasional day at home is fine.", ["onsite"]),
        ("We are in the office Tuesdays and Thursdays, the rest is from home.", ["hybrid"]),
        ("We sell hybrid cloud solutions to banks.", []),
    ],
)
def test_workplaces_in_body(body: str, expected: list[str]) -> None:
    assert infer.workplaces(None, body) == expected


def test_workplace_words_in_location_string() -> None:
    assert infer.workplaces("Sevilla (remoto)", None) == ["remote"]
    assert infer.workplaces("Łódź · hybrydowo", None) == ["hybrid"]
    assert infer.workplaces("Leeds, hybrid - 2 days in office", None) == ["hybrid"]


@pytest.mark.parametrize(
    ("body", "scope"),
    [
        ("Remote from anywhere in Spain, with a desk in Madrid if you like.", "ES"),
        ("Lavoro da remoto in tutta Italia.", "IT"),
        ("Télétravail depuis toute la Belgique.", "BE"),
        ("Remote-first team with offices in Germany and Spain.", None),
    ],
)
def test_remote_scope_in_other_languages(body: str, scope: str | None) -> None:
    assert infer.remote_scope(None, body, _country) == scope


# --- employment type and experience -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Contratto a tempo indeterminato, tempo pieno.", "full_time"),
        ("Umowa o pracę na pełny etat.", "full_time"),
        ("Contrato CLT, vale-refeição.", "full_time"),
        ("Een vast contract voor 38 uur per week.", "full_time"),
        ("Een contract voor 24 uur per week.", "part_time"),
        ("Contrat en alternance de 12 mois.", "internship"),
        ("Współpraca na kontrakcie B2B, 20 000 PLN netto.", "contract"),
        ("Wir verkaufen B2B-Software an Händler. Unbefristete Festanstellung.", "full_time"),
        ("Contrato de 32 a 40 horas por semana.", None),
        ("B2B lub umowa o pracę – do wyboru.", None),
        ("CDD de 6 mois.", "temporary"),
        ("Pensum 100 %, Arbeitsort Basel.", "full_time"),
        ("We manage two freelance designers. This is a full-time role.", "full_time"),
    ],
)
def test_employment_type(body: str, expected: str | None) -> None:
    assert infer.employment_type(body) == expected


def test_employment_type_from_title() -> None:
    assert infer.employment_type("Wir suchen Unterstützung.", "Werkstudent Data (m/w/d)") == "internship"
    assert infer.employment_type("Seis horas diárias.", "Estágio em Marketing") == "internship"
    assert infer.employment_type("A early-stage startup.", "Senior Engineer") is None


@pytest.mark.parametrize(
    ("body", "years"),
    [
        ("- 4+ years building data pipelines in Python.", 4),
        ("Almeno 2 anni di esperienza con Kotlin.", 2),
        ("Mínimo de 3 anos de experiência com SQL.", 3),
        ("Minimum 6 lat doświadczenia w C#.", 6),
        ("Minstens 1 jaar werkervaring als tester.", 1),
        ("Au moins 5 ans d'expérience en Go.", 5),
        ("No prior experience required, we train you.", 0),
        ("We have been building boats for 30 years. You know TypeScript.", None),
    ],
)
def test_experience_years(body: str, years: int | None) -> None:
    assert infer.experience_years(body) == years


def test_an_internship_named_only_in_the_title_is_an_internship() -> None:
    text = "---\ntitle: Werkstudent Data Engineering (m/w/d)\ncompany: Nordlicht Analytics GmbH\nlocation: Bremen\n---\n\nDu hilfst beim Aufbau unserer Datenpipelines mit Python und dbt.\n"
    (record,) = parse_text(text)
    assert record.employment_type == "internship"


def test_a_template_slot_is_never_a_location_label_or_a_place() -> None:
    for slot in ("[City, Country]", "[Remote / On-site – City, Country]", "<location>"):
        text = f"Job Title: Data Analyst\nLocation: {slot}\n\nWe analyse data with SQL and Python for our clients."
        (record,) = parse_text(text)
        assert record.location.raw is None and record.location.places == [], slot
