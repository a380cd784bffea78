"""Inference from free text: locations, workplace, salary, experience, employment, role and seniority."""

from __future__ import annotations

import pytest

from parsers import infer
from parsers.geo import gazetteer, places_in_text, resolve_places


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("San Francisco, CA (Hybrid) or Remote", [("San Francisco", "California", "US")]),
        ("Berlin", [("Berlin", None, "DE")]),
        ("München, Deutschland", [("Munich", None, "DE")]),
        ("Amsterdam, Nederland", [("Amsterdam", None, "NL")]),
        ("London, UK", [("London", None, "GB")]),
        ("Germany", [(None, None, "DE")]),
        ("Berlin; Hamburg", [("Berlin", None, "DE"), ("Hamburg", None, "DE")]),
        ("Remote job", []),
        ("[Remote / On-site – City, Country]", []),
    ],
)
def test_resolve_places(raw: str, expected: list[tuple[str | None, str | None, str | None]]) -> None:
    assert [(p.city, p.region, p.country_code) for p in resolve_places(raw)] == expected


def test_places_in_text_only_next_to_cues() -> None:
    text = "We took the team to Greece, Morocco and Italy. You can work in our office in Berlin or remotely."
    assert [(p.city, p.country_code) for p in places_in_text(text)] == [("Berlin", "DE")]


@pytest.mark.parametrize(
    ("raw", "body", "expected"),
    [
        ("San Francisco, CA (Hybrid) or Remote", None, ["remote", "hybrid"]),
        (None, "The option to work 100% remote or in our office in Berlin.", ["remote", "onsite"]),
        (None, "We run a hybrid cloud on AWS.", []),
        ("Remote / On-site", None, ["remote", "onsite"]),
        (None, "Team retreats twice a year to a remote location.", []),
    ],
)
def test_workplaces(raw: str | None, body: str | None, expected: list[str]) -> None:
    assert infer.workplaces(raw, body) == expected


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Please note, we are only accepting applicants that are based in the EU.", "EU"),
        ("Remote (US only)", "US"),
        ("Fully remote within Germany.", "DE"),
        ("This is a remote role: work from anywhere.", "worldwide"),
        ("You can still work 60 days from anywhere in the world.", None),
    ],
)
def test_remote_scope(text: str, scope: str | None) -> None:
    assert infer.remote_scope(None, text, gazetteer().country) == scope


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Salary Range:** $130,000 - $190,000 + equity", (130000, 190000, "USD", "year", 130000, 190000)),
        ("Gehalt: 4.000 € - 5.000 € pro Monat", (4000, 5000, "EUR", "month", 48000, 60000)),
        ("Compensation: £50k - £65k", (50000, 65000, "GBP", "year", 50000, 65000)),
        ("Rate: €80 per hour", (80, None, "EUR", "hour", 166400, None)),
        ("Competitive salary and performance bonuses.", None),
        ("We have 3 offices and 120 people.", None),
    ],
)
def test_salary_from_text(text: str, expected: tuple[object, ...] | None) -> None:
    salary = infer.salary_from_text(text)
    if expected is None:
        assert salary is None
    else:
        assert salary is not None
        assert (salary.min, salary.max, salary.currency, salary.period, salary.yearly_min, salary.yearly_max) == expected


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("You have 4+ years of experience, with at least 2 of them in high traffic apps.", 4),
        ("Experience Level: Mid to Senior (4-8 years)", 4),
        ("at least three years of professional experience", 3),
        ("Mindestens 5 Jahre Berufserfahrung", 5),
        ("We were founded 10 years ago.", None),
    ],
)
def test_experience_years(text: str, years: int | None) -> None:
    assert infer.experience_years(text) == years


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Job Type: Full-Time", "full_time"),
        ("Employment Type: Part-time", "part_time"),
        ("This is a freelance engagement for 6 months.", "contract"),
        ("Werkstudent (m/w/d) gesucht", "internship"),
        ("An early-stage company with internal tools.", None),
    ],
)
def test_employment_type(text: str, kind: str | None) -> None:
    assert infer.employment_type(text) == kind


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        ("Junior Backend Developer (f/m/d)", "backend", "junior"),
        ("Senior Backend Engineer", "backend", "senior"),
        ("Staff Machine Learning Engineer", "ml", "principal"),
        ("Head of Data", "data", "head"),
        ("Engineering Manager", "management", "lead"),
        ("Senior Full-Stack Developer", "fullstack", "senior"),
        ("iOS Developer", "mobile", None),
        ("Site Reliability Engineer", "devops", None),
        ("Product Owner", "product", None),
        ("Software Engineer", "other", None),
        ("Python Developer", "backend", None),
        ("Werkstudent Frontend", "frontend", "intern"),
    ],
)
def test_role_and_seniority_from_title(title: str, family: str, level: str | None) -> None:
    assert infer.role_family(title) == family
    assert infer.seniority(title) == level


def test_title_cleanup() -> None:
    assert infer.clean_title("Backend Engineer (f/m/div)") == "Backend Engineer"
    assert infer.clean_title("Entwickler (m/w/d) Java") == "Entwickler Java"
    assert infer.clean_title("  **Senior  QA Engineer (all genders)** ") == "Senior QA Engineer"


def test_title_from_text_patterns() -> None:
    assert (
        infer.title_from_text("Job Title: Python Backend Developer Location: Remote Job Type: Full-Time")
        == "Python Backend Developer"
    )
    assert infer.title_from_text("# Backend Engineer\n\n## Company Overview\nWe build things.") == "Backend Engineer"
    text = "About us\n\nWe are looking for an autonomous hands-on Junior Backend Developer (f/m/d) who brings our system further."
    assert infer.title_from_text(text) == "Junior Backend Developer"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We are looking for an experienced engineer to join our team and build reliable backend services.", "en"),
        ("Wir suchen eine erfahrene Entwicklerin für unser Team, die zuverlässige Backend-Dienste baut.", "de"),
        ("Nous recherchons un développeur expérimenté pour rejoindre notre équipe et construire des services fiables.", "fr"),
        ("ok", None),
    ],
)
def test_language(text: str, lang: str | None) -> None:
    assert infer.language([text]) == lang
