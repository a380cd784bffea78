"""Role family, seniority, hashtags and language on short postings written for these tests only.

They are a held-out check of the general rules (stack titles, role words in eight languages,
misspellings, garbage source tags, tag salience, body language), not copies of the evaluation sets.
"""

from __future__ import annotations

import pytest

from parsers import parse_text
from parsers.infer.role import role_family, seniority
from parsers.skills import vocabulary


def _frontmatter(title: str, body: str, hashtags: str = "") -> str:
    tags = f'hashtags: "{hashtags}"\n' if hashtags else ""
    return f'---\ntitle: "{title}"\ncompanyName: "Nordlicht Werke"\nlocation: "Bremen"\n{tags}---\n\n{body}\n'


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        ("Senior Golang Enginer", "backend", "senior"),
        ("Desarrolladora Angular Júnior", "frontend", "junior"),
        ("Starszy Programista Java", "backend", "senior"),
        ("Tirocinio Sviluppatore iOS", "mobile", "intern"),
        ("Medior Ontwikkelaar .NET", "backend", "mid"),
        ("Elixir Engineer", "backend", None),
        ("Vue Devloper", "frontend", None),
        ("Analista de Dados Pleno", "data", "mid"),
        ("Key Account Manager", "other", None),
        ("Marketing Director", "other", "head"),
        ("Engineering Manager, Payments", "management", "lead"),
        ("Estagiário de Segurança da Informação", "security", "intern"),
        ("Account Executive (Mid-Market)", "other", None),
        ("Embedded C++ Developer", "other", None),
    ],
)
def test_family_and_level_from_title(title: str, family: str, level: str | None) -> None:
    assert role_family(title) == family
    assert seniority(title) == level


def test_garbage_source_tags_are_dropped() -> None:
    body = "## Aufgaben\n\nDu entwickelst unsere Dienste in Python und betreibst sie mit Docker auf eigener Hardware."
    [posting] = parse_text(_frontmatter("Backend Entwickler", body, "#x7,#python,#2025,#q,#docker,#kafka-streams"))
    assert posting.hashtags[:3] == ["python", "docker", "kafka-streams"]
    assert not {"x7", "2025", "q"} & set(posting.hashtags)


def test_hashtags_ordered_by_salience() -> None:
    body = (
        "We ship a logistics platform; our build farm still runs Jenkins and some Groovy scripts.\n\n"
        "## What you bring\n\n- Terraform and AWS\n- PostgreSQL\n\n"
        "## Benefits\n\n- Learning budget for Rust courses\n"
    )
    [posting] = parse_text(_frontmatter("Kotlin Engineer", body))
    tags = posting.hashtags
    assert tags[0] == "kotlin"
    assert tags.index("terraform") < tags.index("jenkins")
    assert tags.index("postgresql") < tags.index("rust")
    assert posting.role.family == "backend"


def test_compound_words_and_false_friends_are_not_skills() -> None:
    vocab = vocabulary()
    found = vocab.find("Il Go-live è previsto a marzo. Laurea in Informatica o Ingegneria; we go C-level fast.")
    assert not {"go", "informatica", "c"} & set(found)
    assert "go" in vocab.find("Services in Go-based microservices and Go.")
    assert "informatica" in vocab.find("ETL with Informatica PowerCenter")


def test_inflected_skill_names() -> None:
    found = vocabulary().find("Doświadczenie z Pythonem i Dockerem, znajomość Terraforma.")
    assert {"python", "docker", "terraform"} <= set(found)


def test_language_from_body_not_title() -> None:
    body_pt = (
        "Somos uma fintech de Curitiba que ajuda pequenas empresas a receber pagamentos. "
        "Você vai construir as nossas APIs, cuidar do banco de dados e participar das decisões de arquitetura "
        "junto com o time de produto. Oferecemos plano de saúde, vale-refeição e horário flexível."
    )
    [posting] = parse_text(_frontmatter("Backend Engineer", body_pt))
    assert posting.language == "pt"
    body_en = (
        "We are a small studio in Porto building booking software for surf schools. "
        "You will own the mobile app end to end, talk to our customers every week and help us choose "
        "what to build next. We offer a yearly learning budget and flexible hours."
    )
    [posting] = parse_text(_frontmatter("Desenvolvedor Mobile Sênior", body_en))
    assert posting.language == "en"
    assert posting.role.family == "mobile"
    assert posting.role.seniority == "senior"


def test_internship_in_raw_title_or_contract_is_intern_level() -> None:
    body = (
        "Rejoignez notre équipe à Rennes pour un contrat d'apprentissage de 24 mois. "
        "Vous développerez nos outils internes en TypeScript et participerez aux revues de code."
    )
    [posting] = parse_text(_frontmatter("Développeur Web en alternance (H/F)", body))
    assert posting.role.seniority == "intern"


def test_salience_with_plain_text_headings() -> None:
    body = (
        "Über uns\nWir bauen Kassensysteme; intern läuft noch viel Perl.\n\n"
        "Das bringst du mit\n- Erfahrung mit Kotlin und Spring Boot\n- PostgreSQL\n\n"
        "Was wir bieten\n- Zuschuss für Kurse in Rust\n"
    )
    tags = vocabulary().hashtags([], body, title="Softwareentwickler Kasse")
    assert tags.index("kotlin") < tags.index("perl")
    assert tags.index("postgresql") < tags.index("rust")
