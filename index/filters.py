"""What a search selects, declared once: the filters model and the clauses it becomes.

``Filters`` is the one list of filters. The index query (``SearchQuery``), the API's parameters, the command
line's ``search`` and ``dump`` options, the feeds and the page all derive from it, so a filter added here
(with a marker saying how it filters) is offered everywhere and applied alike by both backends: each
backend only translates the three clause shapes below, never a filter by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from index.fields import FACET_NAMES, FIELD_BY_NAME
from index.terms import canonical_hashtags, location_key
from parsers.record import EmploymentType, RoleFamily, Seniority, SourceKind, Workplace

MAX_Q_LENGTH = 500
# How facets count. drill_down: every facet counts the result set, so a value narrows it. multi_select:
# each facet is counted with every filter but its own, so it also shows the other choices of a filter
# that is set (and, with hashtag_mode=any, what adding a tag would add).
FacetMode = Literal["drill_down", "multi_select"]


# ------------------------------------------------------------------ how a filter filters (field markers)


@dataclass(frozen=True)
class Match:
    """Keeps postings whose keyword ``field`` holds the value, turned into an index key by ``key``.

    ``facets``: the facets a multi-select count leaves this filter out of (default: the field's own facet).
    """

    field: str
    key: Callable[[str], str] | None = None
    facets: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Tags:
    """A list of values of the keyword ``field``: all required, or any one when the model's ``mode`` field says so."""

    field: str
    mode: str
    key: Callable[[list[str]], list[str]]


@dataclass(frozen=True)
class AtLeast:
    """Keeps postings whose date or number ``field`` is at least the value."""

    field: str


@dataclass(frozen=True)
class ShowsFlagged:
    """A yes/no filter: postings whose flag ``field`` is set are left out unless it is yes."""

    field: str


@dataclass(frozen=True)
class Switch:
    """On the command line ``option`` alone sets ``value`` (``--any`` for ``hashtag_mode=any``)."""

    option: str
    value: str
    help: str


# ------------------------------------------------------------------ the model


class Filters(BaseModel):
    """What a search selects. Empty fields mean 'no constraint'."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)

    q: str | None = Field(
        default=None,
        max_length=MAX_Q_LENGTH,
        description='Free text: words (the last one may be a prefix) and "quoted phrases". Never query syntax.',
        examples=["python django"],
    )
    hashtags: Annotated[list[str], Tags("hashtags", mode="hashtag_mode", key=canonical_hashtags)] = Field(
        default_factory=list,
        validation_alias="hashtag",
        max_length=20,
        description="Skill tag; repeat for several.",
        examples=[["python"]],
    )
    hashtag_mode: Annotated[Literal["all", "any"], Switch("--any", "any", "match any of the hashtags instead of all")] = Field(
        default="all", description="Whether postings need all hashtags or any."
    )
    location: Annotated[str | None, Match("location_keys", key=location_key, facets=("countries", "cities"))] = Field(
        default=None, max_length=200, description="City, region, country name or ISO code, or 'remote'.", examples=["Berlin"]
    )
    workplace: Annotated[Workplace | None, Match("workplace")] = None
    role: Annotated[RoleFamily | None, Match("role")] = None
    seniority: Annotated[Seniority | None, Match("seniority")] = None
    company: Annotated[str | None, Match("company")] = Field(
        default=None, max_length=200, description="Exact company name (as in the companies facet)."
    )
    employment_type: Annotated[EmploymentType | None, Match("employment_type")] = None
    posted_after: Annotated[datetime | None, AtLeast("posted")] = Field(
        default=None, description="Only postings from this date (2026-10-01) or instant (UTC unless given) on."
    )
    salary_min: Annotated[float | None, AtLeast("salary_top")] = Field(
        default=None, ge=0, le=100_000_000, allow_inf_nan=False, description="Minimum yearly salary (top of range)."
    )
    source: Annotated[SourceKind | None, Match("source_kind")] = Field(
        default=None, description="Where the posting was read: its applicant-tracking system (greenhouse, ...) or format."
    )
    language: Annotated[str | None, Match("language")] = Field(
        default=None, pattern=r"^[A-Za-z]{2}$", description="ISO 639-1 code of the posting's text."
    )
    include_archived: Annotated[bool, ShowsFlagged("archived")] = Field(
        default=False, description="Also postings no longer on their company's board."
    )

    @field_validator("q", "location", "company", "language", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return value.strip() or None

    @field_validator("hashtags")
    @classmethod
    def _tags_are_short(cls, values: list[str]) -> list[str]:
        for value in values:
            if len(value) > 100:
                raise ValueError("each hashtag is at most 100 characters")
        return [v for v in (v.strip().lstrip("#") for v in values) if v]

    @field_validator("language")
    @classmethod
    def _lower(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @field_validator("posted_after")
    @classmethod
    def _utc_unless_given(cls, value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


FILTER_NAMES = tuple(Filters.model_fields)


def parameter(name: str) -> str:
    """The name a filter goes by in query strings and on the command line: ``hashtag`` for ``hashtags`` (given
    once per tag), a field's own name otherwise."""
    info = Filters.model_fields.get(name)
    alias = info.validation_alias if info else None
    return alias if isinstance(alias, str) else name


def marker(name: str) -> object | None:
    """How the filter ``name`` filters (its ``Match``, ``Tags``, ... marker), or None (free text, modes)."""
    markers = (Match, Tags, AtLeast, ShowsFlagged, Switch)
    return next((m for m in Filters.model_fields[name].metadata if isinstance(m, markers)), None)


# ------------------------------------------------------------------ clauses: what the backends translate


@dataclass(frozen=True)
class Term:
    """``field`` holds ``value``. ``facets``: the facets a multi-select count leaves this clause out of."""

    field: str
    value: str | bool
    facets: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """``field`` holds one of ``values`` at least."""

    field: str
    values: tuple[str, ...]
    facets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Range:
    """``field`` is at least ``low``."""

    field: str
    low: float | datetime


Clause = Term | AnyOf | Range


def _own_facets(field: str, declared: tuple[str, ...] | None) -> tuple[str, ...]:
    if declared is not None:
        return declared
    facet = FIELD_BY_NAME[field].facet
    return (facet,) if facet else ()


def clauses(filters: Filters) -> list[Clause]:
    """The filters as clauses, in the model's order; every one must hold."""
    out: list[Clause] = []
    for name in FILTER_NAMES:
        how = marker(name)
        value: Any = getattr(filters, name)
        if isinstance(how, Match) and value is not None:
            key = how.key(value) if how.key else str(value)
            out.append(Term(how.field, key, _own_facets(how.field, how.facets)))
        elif isinstance(how, Tags) and value:
            tags = how.key(value)
            if tags and getattr(filters, how.mode) == "any":
                out.append(AnyOf(how.field, tuple(tags), _own_facets(how.field, None)))
            else:  # every tag narrows further: a facet of tags counts what adding one more would leave
                out.extend(Term(how.field, tag) for tag in tags)
        elif isinstance(how, AtLeast) and value is not None:
            out.append(Range(how.field, value))
        elif isinstance(how, ShowsFlagged) and not value:
            out.append(Term(how.field, False))
    return out


@dataclass(frozen=True)
class FacetGroup:
    """Facets counted alike: over the base of the search, narrowed by ``clauses``."""

    facets: tuple[str, ...]
    clauses: tuple[Term | AnyOf, ...]


@dataclass(frozen=True)
class FilterPlan:
    """How a backend answers a search and its facets in one go.

    ``base`` narrows the hits and every facet; ``hits_only`` narrows the hits only (in multi-select, the
    filters facets are counted without); each group's facets count the base narrowed by its clauses.
    """

    base: list[Clause]
    hits_only: list[Term | AnyOf]
    groups: list[FacetGroup]


def plan(filters: Filters, mode: FacetMode) -> FilterPlan:
    """The plan for ``filters``: drill-down counts need no group of their own; multi-select counts need one
    group per set of clauses that applies (filters without a facet of theirs stay in the base)."""
    every = clauses(filters)
    owned = [c for c in every if isinstance(c, Term | AnyOf) and c.facets] if mode == "multi_select" else []
    if not owned:
        return FilterPlan(base=every, hits_only=[], groups=[FacetGroup(FACET_NAMES, ())])
    groups: dict[tuple[int, ...], list[str]] = {}
    for facet in FACET_NAMES:
        applying = tuple(i for i, clause in enumerate(owned) if facet not in clause.facets)
        groups.setdefault(applying, []).append(facet)
    return FilterPlan(
        base=[c for c in every if not (isinstance(c, Term | AnyOf) and c.facets)],
        hits_only=owned,
        groups=[FacetGroup(tuple(names), tuple(owned[i] for i in key)) for key, names in groups.items()],
    )
