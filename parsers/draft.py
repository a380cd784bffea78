"""What a format parser hands to the normalizer: explicit values only, nothing inferred."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from parsers.record import EmploymentType, Place, Salary, Seniority, SourceKind, Workplace


@dataclass
class Draft:
    kind: SourceKind
    title: str | None = None
    company_name: str | None = None
    company_website: str | None = None
    logo_url: str | None = None
    url: str | None = None
    apply_url: str | None = None
    host: str | None = None
    location_raw: str | None = None
    workplace: list[Workplace] | None = None
    remote_scope: str | None = None
    places: list[Place] = field(default_factory=list)
    seniority: Seniority | None = None
    hashtags: list[str] = field(default_factory=list)
    job_type: str | None = None
    employment_type: EmploymentType | None = None
    experience_years: int | None = None
    salary: Salary | None = None
    language: str | None = None
    summary: str | None = None
    description: str = ""
    posted_at: datetime | None = None
    archived: bool = False
    featured: int | None = None
