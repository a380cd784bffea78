"""Public request and response shapes of the HTTP API.

The record itself is the project's public contract (``parsers.record``), so a job in an answer is
that record; what the API adds around it (hits, facets, pages, taxonomy lists) lives here, apart
from the stored model, so the index can change its internals without changing what clients see.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from crawlers.report import CrawlReport
from crawlers.runs import Run, RunStatus, Trigger
from index import SearchQuery
from index.base import CursorParam, FacetModeParam, FacetSizeParam, LiteralParam, PageSizeParam, Relaxation, SortParam
from index.filters import FacetMode, Filters, parameter
from index.understand import Interpretation
from parsers.record import Posting

LIST_DESCRIPTION_CHARS = 400  # list answers carry the start of the description; /jobs/{id} has all of it

_EXAMPLE_JOB: dict[str, Any] = {
    "id": "7deff4280990e36b",
    "title": "Senior Backend Engineer (Python)",
    "company": {"name": "Perdoo", "website": "https://www.perdoo.com", "logo_url": None},
    "url": "https://perdoo.recruitee.com/o/senior-backend-engineer",
    "apply_url": "https://perdoo.recruitee.com/o/senior-backend-engineer/c/new",
    "location": {
        "raw": "Berlin, Germany",
        "workplace": ["remote", "hybrid"],
        "remote_scope": "EU",
        "places": [{"city": "Berlin", "region": None, "country_code": "DE"}],
    },
    "role": {"family": "backend", "seniority": "senior"},
    "hashtags": ["python", "django", "postgresql"],
    "job_type": "Full-time",
    "employment_type": "full_time",
    "experience_years": 5,
    "salary": {"min": 65000, "max": 80000, "currency": "EUR", "period": "year", "yearly_min": 65000, "yearly_max": 80000},
    "language": "en",
    "summary": "Build the OKR platform's backend with Django and PostgreSQL.",
    "description": "## About the role\n\nYou will design and build APIs in **Python**…",
    "posted_at": "2026-10-01T09:00:00Z",
    "archived": False,
    "featured": None,
    "source": {"kind": "frontmatter", "host": "perdoo.recruitee.com"},
}


class Job(Posting):
    """A job posting exactly as normalized (see ``data/schema/posting.schema.json``)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_JOB]})


class JobHit(Job):
    """A job in a result list: the record with its description cut short, plus where ``q`` matched."""

    score: float | None = Field(default=None, description="Relevance score when sorted by relevance.")
    highlight: list[str] = Field(
        default_factory=list, description="Snippets of the description around matches of q; matches are in <mark>."
    )
    description_truncated: bool = Field(default=False, description="True when description holds only its start.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_EXAMPLE_JOB,
                    "score": 7.31,
                    "highlight": ["…design and build APIs in <mark>Python</mark>…"],
                    "description_truncated": True,
                }
            ]
        }
    )


def _is_none(value: object) -> bool:
    return value is None


class FacetCount(BaseModel):
    """One value of a facet and how many postings of the result set have it."""

    value: str = Field(description="The value to pass back as a filter.")
    count: int
    label: str | None = Field(
        default=None, exclude_if=_is_none, description="A human name when it differs from value (country names)."
    )
    kind: Literal["country", "city"] | None = Field(
        default=None, exclude_if=_is_none, description="For locations: what the value names."
    )
    approximate: bool = Field(
        default=False,
        exclude_if=lambda v: not v,
        description="True when the count was estimated from a sample of a large result set (shown as ~count).",
    )


class Facets(BaseModel):
    """Counts over the whole filtered result set; with facet_mode=multi_select, each facet is counted without its
    own filter (first page only; later pages carry empty lists)."""

    hashtags: list[FacetCount] = Field(default_factory=list)
    locations: list[FacetCount] = Field(
        default_factory=list, description="Countries (ISO codes, with names in label) first, then cities."
    )
    roles: list[FacetCount] = Field(default_factory=list)
    seniorities: list[FacetCount] = Field(default_factory=list)
    workplaces: list[FacetCount] = Field(default_factory=list)
    companies: list[FacetCount] = Field(default_factory=list)
    employment_types: list[FacetCount] = Field(default_factory=list)
    sources: list[FacetCount] = Field(default_factory=list, description="Where postings were read (ATS or format).")


class JobsPage(BaseModel):
    """One page of a search."""

    total: int = Field(description="Postings matching the filters (all pages).")
    items: list[JobHit]
    facets: Facets
    next_cursor: str | None = Field(default=None, description="Pass as cursor= for the next page; null on the last page.")
    interpretation: Interpretation | None = Field(
        default=None,
        description="How q was read: which words named a skill, place, workplace, role, seniority or employment type "
        "(matched on that field as well as in the text), which stayed text, quoted phrases and #tags. Null without q.",
    )
    suggestions: list[Relaxation] = Field(
        default_factory=list,
        description="Only when nothing matched: each filter (a #tag or quoted phrase of q counts as one) and how many "
        "postings the search finds without it.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "total": 1,
                    "items": [JobHit.model_config["json_schema_extra"]["examples"][0]],  # type: ignore[index]
                    "facets": {
                        "hashtags": [{"value": "python", "count": 12}, {"value": "django", "count": 4}],
                        "locations": [
                            {"value": "DE", "count": 9, "label": "Germany", "kind": "country"},
                            {"value": "Berlin", "count": 6, "label": "Berlin", "kind": "city"},
                        ],
                        "roles": [{"value": "backend", "count": 8}],
                        "seniorities": [{"value": "senior", "count": 5}],
                        "workplaces": [{"value": "remote", "count": 7}],
                        "companies": [{"value": "Perdoo", "count": 2}],
                        "employment_types": [{"value": "full_time", "count": 11}],
                    },
                    "next_cursor": None,
                    "interpretation": {
                        "terms": [
                            {"text": "python", "kind": "field", "field": "hashtags", "value": "python", "filterable": True},
                            {"text": "berlin", "kind": "field", "field": "location", "value": "Berlin", "filterable": True},
                        ]
                    },
                    "suggestions": [],
                }
            ]
        }
    )


class ValueCounts(BaseModel):
    """Values and counts for pickers and autocompletion."""

    items: list[FacetCount]


class CrawlRunOut(BaseModel):
    """One crawl run as clients see it (the log path stays on the server)."""

    id: str = Field(examples=["20261123T030000Z-4f2a"])
    trigger: Trigger
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None = None
    exit_code: int | None = None
    error: str | None = None
    stats: CrawlReport | None = Field(
        default=None, description="The run's report: every company's outcome, companies and postings counts, requests, ..."
    )

    @classmethod
    def from_run(cls, run: Run) -> CrawlRunOut:
        return cls.model_validate(run.model_dump(exclude={"log_path", "companies_file"}))


class Problem(BaseModel):
    """An error answer."""

    detail: str = Field(examples=["no job with id 'abc'"])


class Health(BaseModel):
    status: Literal["ok"]
    postings: int = Field(description="Searchable (not archived) postings.")


class JobFilters(Filters):
    """The search parameters shared by /jobs, the feeds, the export and the page: the index's filters
    (``index.filters.Filters``, where a new filter is declared once) and the order."""

    model_config = ConfigDict(extra="ignore")

    sort: SortParam = None
    literal: LiteralParam = Field(default_factory=list)

    def to_query(
        self, *, cursor: str | None = None, size: int = 20, facet_size: int = 0, facet_mode: FacetMode | None = None
    ) -> SearchQuery:
        """The index's query object; user text only ever becomes values in it. Whatever these parameters share
        with it carries over (the filters, the order, /jobs' facet mode); the keywords choose the page."""
        page: dict[str, object] = {"cursor": cursor, "size": size, "facet_size": facet_size}
        if facet_mode is not None:
            page["facet_mode"] = facet_mode
        return SearchQuery.model_validate({**self.model_dump(include=set(SearchQuery.model_fields)), **page})


class JobsParams(JobFilters):
    """/jobs adds paging and facets to the filters."""

    cursor: CursorParam = None
    size: PageSizeParam = 20
    facet_size: FacetSizeParam = 10
    facet_mode: FacetModeParam = "drill_down"


def filter_params(filters: JobFilters) -> list[tuple[str, str]]:
    """The filters as query-string pairs (defaults left out), for links that keep a search's state."""
    data = filters.model_dump(mode="json", exclude_defaults=True, include=set(JobFilters.model_fields))
    pairs: list[tuple[str, str]] = []
    for field in JobFilters.model_fields:
        name, value = parameter(field), data.get(field)
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, list):
            pairs.extend((name, str(v)) for v in value)
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        else:
            pairs.append((name, str(value)))
    return pairs
