"""Held-out postings for the title and company rules: written for this file, unlike anything in tests/realworld."""

from __future__ import annotations

import pytest

from parsers import ParseError, parse_text
from parsers.infer import clean_title, company_from_text, strip_company, title_from_text

# (posting, title, company): short plain-text postings in the eight languages, each with noise to remove.
POSTINGS = [
    (
        "Platform Engineer at Kestrelwave\n\nKestrelwave builds routing software for bike couriers.\n\n"
        "Requirements\n- Terraform and AWS\n\nApply at jobs@kestrelwave.io",
        "Platform Engineer",
        "Kestrelwave",
    ),
    (
        "Wir suchen ab sofort eine Java-Entwicklerin (w/m/d) für unser Team in Bremen.\n\n"
        "Über Hafenlicht Systems\nHafenlicht Systems entwickelt Software für Reedereien.\n\nDeine Aufgaben\n- Spring Boot",
        "Java-Entwicklerin",
        "Hafenlicht Systems",
    ),
    (
        "Nous recrutons un Chef de projet digital (F/H) pour notre agence de Bordeaux.\n\n"
        "Rejoignez Garonne Numérique, une agence de 20 personnes.\n\nVotre profil\n- 3 ans d'expérience",
        "Chef de projet digital",
        "Garonne Numérique",
    ),
    (
        "Stanowisko: Programista Python – Wrocław\n\nO firmie\nOdra Data Sp. z o.o. tworzy systemy dla logistyki.\n\n"
        "Wymagania\n- Python, Django",
        "Programista Python",
        "Odra Data Sp. z o.o.",
    ),
    (
        "Buscamos un Ingeniero de Datos con experiencia en Spark para nuestra oficina de Zaragoza.\n\n"
        "Somos Cierzo Analytics, una consultora de datos.\n\nRequisitos\n- SQL, Spark",
        "Ingeniero de Datos",
        "Cierzo Analytics",
    ),
    (
        "# [Sviluppatrice Frontend Vue](https://example.org/jobs/42) (Remoto)\n\n**Laguna Soft** · Venezia · Ibrido\n\n"
        "Requisiti\n- Vue 3, TypeScript",
        "Sviluppatrice Frontend Vue",
        "Laguna Soft",
    ),
    (
        "Vacature: Data Analist (32 uur) – Utrecht\n\nWie zijn wij?\nDomtoren Zorgdata helpt ziekenhuizen met planning.\n\n"
        "Wat vragen wij\n- SQL",
        "Data Analist",
        "Domtoren Zorgdata",
    ),
    (
        "Estamos à procura de um Engenheiro de Software Sénior para a nossa equipa no Porto.\n\n"
        "A Ribeira Labs é uma startup de mobilidade.\n\nRequisitos\n- Kotlin",
        "Engenheiro de Software Sénior",
        "Ribeira Labs",
    ),
    (
        "Hey folks,\n\nwe're looking for a Support Engineer to join our team in Leeds. Remote days are fine.\n\n"
        "Cheers,\nTom\nCTO, Fellside Robotics\ntom@fellside-robotics.co.uk",
        "Support Engineer",
        "Fellside Robotics",
    ),
]


@pytest.mark.parametrize(("text", "title", "company"), POSTINGS, ids=[p[1] for p in POSTINGS])
def test_title_and_company_from_plain_text(text: str, title: str, company: str) -> None:
    record = parse_text(text)[0]
    assert record.title == title
    assert record.company.name == company


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("[Backend Engineer](https://example.org/o/1)", "Backend Engineer"),
        ("Job Title: QA Engineer", "QA Engineer"),
        ("Titre du poste : Développeur PHP H/F", "Développeur PHP"),
        ("Product Designer, Melbourne", "Product Designer"),
        ("Site Reliability Engineer (Remote, EU)", "Site Reliability Engineer"),
        ("Werkstudent Softwareentwicklung (m/w/d) in Teilzeit", "Werkstudent Softwareentwicklung"),
        ("Backend Engineer (Python)", "Backend Engineer (Python)"),
        ("Marie Martin - Développeuse Java", "Développeuse Java"),
        ("Engineering Manager, Payments", "Engineering Manager, Payments"),
    ],
)
def test_clean_title_removes_noise_and_keeps_the_role(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_company_glued_to_a_given_title_goes() -> None:
    assert strip_company("Data Engineer — Brightmoor", "Brightmoor Foods Ltd") == "Data Engineer"
    assert strip_company("Data Engineer", "Brightmoor Foods Ltd") == "Data Engineer"


def test_placeholders_and_pronouns_are_no_company() -> None:
    assert company_from_text("Company: [Company Name]\nWe're hiring a Backend Engineer.") is None
    assert company_from_text("About us\nWe build tools.\n\nJoin our team as a Backend Engineer.") is None
    # Capitalised words that only look like an introduction: a tool, a German noun, a city, a requirement.
    prose = "Backend Engineer\n\nYou run services over Kubernetes. Bei Fragen schreib uns.\nIn Lyon, we meet.\nRust is a plus."
    assert company_from_text(prose) is None


def test_json_frontmatter_is_read_as_frontmatter() -> None:
    text = '{\n  "title": "Data Engineer | Ostwind",\n  "company": "Ostwind Energie GmbH"\n}\n\nWir bauen Windparks.\n'
    record = parse_text(text)[0]
    assert (record.title, record.company.name) == ("Data Engineer", "Ostwind Energie GmbH")


def test_text_that_names_no_job_is_still_rejected() -> None:
    assert title_from_text("Our shop is closed on Sunday.\nSee you next week.") is None
    with pytest.raises(ParseError, match="no job title"):
        parse_text("Shopping list\n\nmilk, bread, apples and some coffee")


def test_json_frontmatter_split_tolerates_crlf_and_trailing_spaces() -> None:
    from parsers.formats.frontmatter import split

    assert split('{\r\n  "title": "QA Engineer"\r\n}  \r\n\r\nBody\r\n') == ({"title": "QA Engineer"}, "Body\r\n")
    assert split("No frontmatter here") == ({}, "No frontmatter here")


def test_json_frontmatter_with_windows_line_endings_or_no_body_is_frontmatter() -> None:
    crlf = '{\r\n  "title": "Data Engineer",\r\n  "company": "Acme GmbH"\r\n}  \r\n\r\nWe build pipelines in Python.\r\n'
    bare = '{"title": "Site Reliability Engineer", "company": "Blue Owl", "location": "Lisbon, Portugal"}'
    for text, title, company in ((crlf, "Data Engineer", "Acme GmbH"), (bare, "Site Reliability Engineer", "Blue Owl")):
        (record,) = parse_text(text)
        assert (record.title, record.company.name if record.company else None) == (title, company)
        assert record.source.kind == "frontmatter"
