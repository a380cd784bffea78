"""A corpus whose right answers are known by construction, plus the five real samples."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parsers import parse_file
from parsers.record import Company, Location, Place, Posting, Role, Salary, Source

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def make(posting_id: str, title: str, **fields: Any) -> Posting:
    places = [Place(**p) for p in fields.pop("places", [])]
    workplace = fields.pop("workplace", [])
    company = fields.pop("company", "Acme")
    family = fields.pop("family", "other")
    seniority = fields.pop("seniority", None)
    return Posting(
        id=posting_id,
        title=title,
        company=Company(name=company),
        location=Location(workplace=workplace, places=places),
        role=Role(family=family, seniority=seniority),
        source=Source(kind="frontmatter", host="example.test"),
        **fields,
    )


def constructed() -> list[Posting]:
    day = lambda d: datetime(2026, 10, d, tzinfo=UTC)  # noqa: E731
    return [
        make(
            "c-cpp",
            "C++ Developer",
            hashtags=["c++", "linux"],
            description="Low latency trading systems in modern C++.",
            places=[{"city": "London", "country_code": "GB"}],
            workplace=["onsite"],
            family="backend",
            posted_at=day(1),
        ),
        make(
            "c-csharp",
            "C# Engineer",
            hashtags=["c#", ".net", "azure"],
            description="Services on .NET and Azure.",
            places=[{"city": "Amsterdam", "country_code": "NL"}],
            workplace=["hybrid"],
            family="backend",
            posted_at=day(2),
        ),
        make(
            "c-go",
            "Go Engineer",
            hashtags=["go", "kubernetes", "postgresql"],
            description="We write Golang microservices on k8s.",
            places=[{"city": "Munich", "country_code": "DE"}],
            workplace=["remote"],
            family="backend",
            seniority="senior",
            posted_at=day(3),
            employment_type="full_time",
            language="en",
            salary=Salary.build(5000, 6000, "EUR", "month"),
        ),
        make(
            "c-js",
            "Frontend Developer",
            hashtags=["javascript", "react", "typescript"],
            description="Build our web app with JavaScript, React and TypeScript.",
            company="Webshop",
            places=[{"city": "Berlin", "country_code": "DE"}],
            workplace=["hybrid", "onsite"],
            family="frontend",
            seniority="junior",
            posted_at=day(4),
            employment_type="part_time",
            language="de",
            salary=Salary.build(40000, 48000, "EUR", "year"),
        ),
        make(
            "c-data",
            "Data Engineer",
            hashtags=["python", "spark", "airflow"],
            description="Pipelines in Python. Our backend team works next to us.",
            company="Datafirm",
            places=[{"city": "Paris", "country_code": "FR"}],
            workplace=["remote", "onsite"],
            family="data",
            posted_at=day(5),
            featured=5,
        ),
        make(
            "c-desc-backend",
            "Platform Specialist",
            hashtags=["terraform"],
            description="You will help the backend engineers ship.",
            places=[{"city": "Berlin", "country_code": "DE"}],
            family="devops",
            posted_at=day(6),
        ),
        make(
            "c-archived",
            "Backend Engineer (archived)",
            hashtags=["python", "django"],
            description="An old Django role.",
            places=[{"city": "Berlin", "country_code": "DE"}],
            workplace=["onsite"],
            family="backend",
            archived=True,
            posted_at=day(7),
        ),
    ]


def samples() -> list[Posting]:
    records: list[Posting] = []
    for path in sorted(SAMPLES.iterdir()):
        records.extend(parse_file(path))
    return records


def corpus() -> list[Posting]:
    return constructed() + samples()
