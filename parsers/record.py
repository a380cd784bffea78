"""The normalized posting record: the one shape every later stage relies on.

Field names are part of the public contract (index, API, dumps and external
checks read them), so they change only together with ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from parsers.values import PLAIN_HOST_URL

SCHEMA_VERSION = "1"

PARSER_VERSION = "13"
"""Bump when parsing changes what a record holds: crawls skip an offer only if it was parsed by this version.

``crawlers.store.parser_stamp`` also folds in a digest of the parsers' own sources and data, so a
forgotten bump still invalidates the kept hashes.
"""

Workplace = Literal["remote", "hybrid", "onsite"]
RoleFamily = Literal[
    "backend",
    "frontend",
    "fullstack",
    "mobile",
    "devops",
    "data",
    "ml",
    "qa",
    "security",
    "product",
    "design",
    "management",
    "other",
]
Seniority = Literal["intern", "junior", "mid", "senior", "lead", "principal", "head"]
EmploymentType = Literal["full_time", "part_time", "contract", "internship", "temporary"]
Period = Literal["year", "month", "week", "day", "hour"]
SourceKind = Literal[
    "frontmatter",
    "text",
    "recruitee",
    "jsonld",
    "greenhouse",
    "lever",
    "ashby",
    "workable",
    "smartrecruiters",
    "personio",
    "teamtailor",
]

WORKPLACES: tuple[Workplace, ...] = ("remote", "hybrid", "onsite")

# How many of each period make a year, so salaries compare on one scale.
PERIODS_PER_YEAR: dict[str, float] = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Company(_Model):
    name: str | None = None
    website: str | None = None
    logo_url: str | None = None


class Place(_Model):
    city: str | None = None
    region: str | None = None
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2", pattern=r"^[A-Z]{2}$")


class Location(_Model):
    raw: str | None = None
    workplace: list[Workplace] = Field(default_factory=list, description="Every arrangement the posting offers.")
    remote_scope: str | None = Field(
        default=None,
        description="Where remote applicants may live: a region (EU, Europe, worldwide, ...) or an ISO country code.",
    )
    places: list[Place] = Field(default_factory=list)


class Role(_Model):
    family: RoleFamily = "other"
    seniority: Seniority | None = None


class Salary(_Model):
    min: float | None = None
    max: float | None = None
    currency: str | None = Field(default=None, description="ISO 4217", pattern=r"^[A-Z]{3}$")
    period: Period = "year"
    yearly_min: float | None = None
    yearly_max: float | None = None

    @classmethod
    def build(cls, low: float | None, high: float | None, currency: str | None, period: Period) -> Salary | None:
        """A salary with its yearly equivalents, or None when no amount is known."""
        if low is None and high is None:
            return None
        if low is not None and high is not None and low > high:
            low, high = high, low
        factor = PERIODS_PER_YEAR[period]
        return cls(
            min=low,
            max=high,
            currency=currency,
            period=period,
            yearly_min=None if low is None else round(low * factor, 2),
            yearly_max=None if high is None else round(high * factor, 2),
        )


class Source(_Model):
    kind: SourceKind
    host: str | None = None


class SourceRef(Source):
    """One source of a job read from several (``Posting.sources``): its own id and page, and whether it still lists the job."""

    id: str
    url: str | None = None
    posted_at: datetime | None = None
    archived: bool = False

    @classmethod
    def of(cls, record: Posting) -> SourceRef:
        return cls(
            kind=record.source.kind,
            host=record.source.host,
            id=record.id,
            url=record.url,
            posted_at=record.posted_at,
            archived=record.archived,
        )

    @field_serializer("posted_at")
    def _utc_z(self, value: datetime | None) -> str | None:
        return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


class Posting(_Model):
    """One job posting, normalized from whatever format it arrived in."""

    id: str = Field(description="Stable id: from the canonical URL when known, else from source and content.")
    title: str
    company: Company = Field(default_factory=Company)
    url: str | None = None
    apply_url: str | None = None
    location: Location = Field(default_factory=Location)
    role: Role = Field(default_factory=Role)
    hashtags: list[str] = Field(default_factory=list, description="Canonical lowercase skill tags, without '#'.")
    job_type: str | None = None
    employment_type: EmploymentType | None = None
    experience_years: int | None = Field(default=None, ge=0, le=60)
    salary: Salary | None = None
    language: str | None = Field(default=None, description="ISO 639-1", pattern=r"^[a-z]{2}$")
    summary: str | None = None
    description: str = Field(default="", description="Markdown")
    posted_at: datetime | None = Field(default=None, description="ISO 8601, UTC")
    archived: bool = False
    featured: int | None = None
    source: Source
    sources: list[SourceRef] = Field(
        default_factory=list,
        description="Every source of a job read from several (parsers.dedup), the canonical one first; empty: just source.",
    )
    reposted_from: str | None = Field(default=None, description="Id of the earlier posting this one reposts (parsers.dedup).")

    @field_serializer("posted_at")
    def _utc_z(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_url(url: str) -> str:
    """The form of a posting URL that stays the same across crawls (no query, fragment, case or slash noise)."""
    from urllib.parse import urlsplit

    url = url.strip()
    plain = PLAIN_HOST_URL.match(url)
    if plain and "\t" not in url and "\r" not in url and "\n" not in url:
        # What urlsplit gives for the usual URL, without it: the host, then the path up to a query or fragment.
        end = plain.end()
        cut = min((i for i in (url.find("?", end), url.find("#", end)) if i != -1), default=len(url))
        return f"{plain.group(1).lower()}{url[end:cut].rstrip('/') or '/'}"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}"


def make_id(url: str | None, kind: str, *content: str | None) -> str:
    """Derive a posting id: the canonical URL wins, so re-crawls and re-parses keep the id."""
    if url:
        basis = "url:" + canonical_url(url)
    else:
        basis = f"{kind}:" + "\x1f".join(part or "" for part in content)
    return hashlib.sha1(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def posting_json_schema() -> dict[str, object]:
    """The JSON Schema of the record, as exported to ``data/schema/posting.schema.json``."""
    schema = Posting.model_json_schema(mode="serialization")
    schema["$id"] = f"https://jobboard.invalid/schema/posting/v{SCHEMA_VERSION}.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
