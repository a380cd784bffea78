"""Held-out checks for the fourth round of issue 13's failure classes.

Written for these tests, with other cities, phrasings and languages than the golden sets' misses: places
named in prose without a cue word, close language pairs on short bodies, an explicit "no experience
needed" kept as 0, nice-to-have skills ranked after the requirements, and a choice of office or remote.
"""

from __future__ import annotations

import pytest

from parsers import infer, parse_text
from parsers.geo import places_in_text
from parsers.record import Place
from parsers.skills import vocabulary

# --- places named in prose ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("Minijob in Heidelberg, Einstieg jederzeit möglich.", ("DE",), Place(city="Heidelberg", country_code="DE")),
        ("Wij werken vanuit een oud pakhuis aan de Oudegracht in Utrecht.", ("NL",), Place(city="Utrecht", country_code="NL")),
        ("Estamos contratando em Fortaleza para o time de dados.", ("PT",), Place(city="Fortaleza", country_code="BR")),
        ("Cercasi sviluppatore nella sede nuova, lavoro a Bergamo.", ("IT",), Place(city="Bergamo", country_code="IT")),
        ("Szukamy osoby do pracy w Lublinie na pełen etat.", ("PL",), Place(city="Lublin", country_code="PL")),
        ("Rejoignez-nous à Grenoble, au pied des montagnes.", ("FR",), Place(city="Grenoble", country_code="FR")),
        ("Buscamos talento en Valladolid para un proyecto propio.", ("ES",), Place(city="Valladolid", country_code="ES")),
        ("A small studio, ten minutes' walk from the station in Sheffield.", (), Place(city="Sheffield", country_code="GB")),
        ("Ons kantoor ligt vlak bij station Zwolle Centraal.", ("NL",), Place(city="Zwolle", country_code="NL")),
        ("Hybride: twee dagen per week op ons kantoor.\n\nEindhoven\n", ("NL",), Place(city="Eindhoven", country_code="NL")),
        ("Trabalho híbrido no escritório do Centro de Curitiba.", ("PT",), Place(city="Curitiba", country_code="BR")),
    ],
)
def test_city_named_in_prose_without_a_cue(text: str, prefer: tuple[str, ...], expected: Place) -> None:
    assert places_in_text(text, prefer) == [expected]


@pytest.mark.parametrize(
    ("text", "prefer"),
    [
        # Clients, events, past trips and the company's other sites are somebody else's place.
        ("Unsere Kunden in Stuttgart schätzen kurze Wege.", ("DE",)),
        ("Data Engineer\n\nLast year our whole team spent a week together in Lisbon.", ()),
        ("We present at a conference in Vienna every spring.", ()),
        ("We're fully remote and meet in person in Denver twice a year.", ()),
        # Several cities: none of them surely the job's.
        ("Wij bouwen software in Groningen, in Zwolle en in Arnhem.", ("NL",)),
        # A name that goes on is a product, a park or a person, not a city.
        ("Het dashboard heet in Delft Insights en draait op Azure.", ("NL",)),
        ("Nascemos no Porto Digital e crescemos rápido.", ("PT",)),
        ("Erfahrung bei Mercedes oder Bosch ist willkommen.", ("DE",)),
        # A province, a country, an acronym in capitals, a skill.
        ("Insurance for homes in Manitoba and Alberta.", ()),
        ("Entwicklung in Österreich für den Mittelstand.", ("DE",)),
        ("Analista\n\nTrabajo en PLAZA, jornada completa.", ("ES",)),
        ("Write services in Rust and scripts in Python.", ()),
        # A word that the text also writes in lower case is a word ("in Mobile ... mobile").
        ("Five years in Mobile: native mobile apps for banks.", ()),
        # A city outside the posting language's countries is no Dutch posting's place.
        ("Over ons\n\nWij zoeken een ontwikkelaar in Toronto voor de export.", ("NL",)),
    ],
)
def test_no_city_from_prose_that_names_another_place(text: str, prefer: tuple[str, ...]) -> None:
    assert places_in_text(text, prefer) == []


def test_prose_city_in_a_parsed_text_posting() -> None:
    text = (
        "Wij zoeken een Junior Data Engineer (24-32 uur)\n\n"
        "Over ons\nGrachtdata bouwt dashboards voor woningcorporaties. We zitten in een oude school in Haarlem.\n\n"
        "Wat vragen we?\n- Kennis van Python en SQL\n- Een hbo-opleiding\n"
    )
    (record,) = parse_text(text)
    assert record.location.places == [Place(city="Haarlem", country_code="NL")]


def test_prose_city_not_read_when_the_source_says_remote() -> None:
    text = (
        "---\ntitle: Backend Engineer\nlocation: Remote\ncompanyName: Driftwood\n---\n\n"
        "We build tools for ferries. Our yearly offsite was in Bergen, our engineers live all over Europe.\n"
        "You will write Go services in Oslo time.\n"
    )
    (record,) = parse_text(text)
    assert record.location.places == []


# --- language of close pairs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Short Spanish bodies that CLD2 alone gives to Galician or Catalan.
        (
            "Pesquera del Norte fabrica redes para las flotas de Vigo.\n- Mantener la web con Vue\n"
            "- Trabajar con Git\nContrato de prácticas de seis meses con beca.",
            "es",
        ),
        (
            "Somos una cooperativa de Lugo. Buscamos a una persona para mantener la aplicación de las granjas "
            "asociadas, con PHP y MySQL. Jornada completa y horario flexible.",
            "es",
        ),
        # Real Galician and Catalan keep their codes: the hinted main language scores well below them.
        (
            "Traballamos cun equipo pequeno na Coruña. Buscamos unha persoa para o noso departamento, con "
            "experiencia en Python e bases de datos. Ofrecemos contrato indefinido e teletraballo.",
            "gl",
        ),
        (
            "Som una empresa de programari de Girona. Busquem una persona desenvolupadora amb experiència en "
            "Java i bases de dades per al nostre equip de producte.",
            "ca",
        ),
    ],
)
def test_close_language_pairs(body: str, expected: str) -> None:
    assert infer.language((), body=body) == expected


# --- experience: 0 is "none needed" ---------------------------------------------------------------


def _personio(years: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs><position><id>77</id>'
        "<subcompany>Elbkai Logistik GmbH</subcompany><office>Dresden</office>"
        "<name>Junior Support Engineer</name><jobDescriptions><jobDescription><name>Tasks</name>"
        "<value><![CDATA[<p>Answer tickets from our drivers and fix small bugs in our Python tools.</p>]]></value>"
        f"</jobDescription></jobDescriptions><employmentType>permanent</employmentType>"
        f"<yearsOfExperience>{years}</yearsOfExperience></position></workzag-jobs>"
    )


@pytest.mark.parametrize(("years", "expected"), [("lt-1", 0), ("1-2", 1), ("", None)])
def test_personio_years_keep_zero(years: str, expected: int | None) -> None:
    (record,) = parse_text(_personio(years))
    assert record.experience_years == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Keine Berufserfahrung erforderlich, wir arbeiten dich ein.",
        "No prior experience required: we train you on the job.",
        "Sin experiencia previa, te formamos nosotros.",
        "Nie wymagamy doświadczenia komercyjnego.",
    ],
)
def test_no_experience_text_gives_zero(sentence: str) -> None:
    text = f"Junior Support Engineer\n\nAcme Freight builds routing tools.\n\n{sentence}\n"
    (record,) = parse_text(text)
    assert record.experience_years == 0


def test_frontmatter_zero_years_is_kept() -> None:
    text = "---\ntitle: Trainee Data Analyst\ncompanyName: Kestrel\nexperienceYears: 0\n---\n\nWe count birds with SQL.\n"
    (record,) = parse_text(text)
    assert record.experience_years == 0


# --- hashtag salience -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Über uns\nWir nutzen Jira.\n\nDein Profil\n- Java und Spring\n\nVon Vorteil\n- Kotlin\n\nWir bieten\n- Obst\n",
        "**WYMAGANIA**\n- Java, Spring\n\n**MILE WIDZIANE**\n- Kotlin\n\nOferujemy Jira w pakiecie.\n",
        "Profil recherché\n- Java et Spring\n\nUn plus\n- Kotlin\n\nNous utilisons Jira.\n",
        "Requirements\n- Java and Spring\n- Kotlin is a plus\n\nWhat we offer\nWe track work in Jira.\n",
        "We track work in Jira. Sounds good?Here's what we're looking for: Java and Spring.\nBonus points\n- Kotlin\n",
    ],
)
def test_nice_to_have_ranks_after_requirements(text: str) -> None:
    tags = vocabulary().hashtags([], text)
    assert tags[:3] == ["java", "spring", "kotlin"]
    assert tags.index("jira") > tags.index("kotlin")


# --- workplace: office or remote ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Our developers work from our Bristol office or remotely from anywhere in Wales.",
        "You can work in the Ghent studio or from home, as you like.",
    ],
)
def test_office_or_remote_choice_gives_both(body: str) -> None:
    assert infer.workplaces(None, body) == ["remote", "onsite"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Lyon / Remote", ["remote", "onsite"]),
        ("Remote or Graz", ["remote", "onsite"]),
        ("[City, Country] / Remote", ["remote", "onsite"]),
        ("Remote / Portugal", ["remote"]),
        ("Remote (EU / UK)", ["remote"]),
        ("Remote - Spain", ["remote"]),
    ],
)
def test_location_offering_a_city_or_remote(raw: str, expected: list[str]) -> None:
    assert infer.workplaces(raw, None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "## Required Qualifications\n\n### Experience\n- 3+ years with Java and Spring\n\n"
        "## Preferred Qualifications\n- Kotlin\n\n## About us\nWe track work in Jira.\n",
        "## Requirements\n\n## Sounds good?Here's what we're looking for:\n\n**Professionally**\n- Java and Spring\n\n"
        "## Nice to have\n- Kotlin\n\n## Benefits\n- Jira licences\n",
    ],
)
def test_subheadings_and_glued_headings_stay_in_the_section(text: str) -> None:
    tags = vocabulary().hashtags([], text)
    assert tags[:3] == ["java", "spring", "kotlin"]


# --- an internship named as past experience is not this job's type --------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wymagamy do 2 lat doświadczenia (staże i praktyki też się liczą). Umowa o pracę, pełny etat.", "full_time"),
        ("Prior internship experience in analytics is welcome. Full-time, permanent role.", "full_time"),
        ("Erste Erfahrung, auch aus Praktika, mit SQL. Vollzeit, unbefristet.", "full_time"),
        ("Ein sechsmonatiges Praktikum in unserem Data-Team, in dem du viel Erfahrung sammelst.", "internship"),
        ("This 6-month internship gives you hands-on experience with our SQL stack.", "internship"),
    ],
)
def test_internship_as_past_experience(text: str, expected: str) -> None:
    assert infer.employment_type(text) == expected
