"""The one search interface the API and CLI use, and the query/result types it speaks.

Backends (tantivy, Elasticsearch) implement ``SearchIndex``; nothing outside
``index/`` imports a backend module directly.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from index.errors import BadCursor
from parsers.record import EmploymentType, Posting, RoleFamily, Seniority, Workplace

MAX_PAGE_SIZE = 100
# Facet name (as the API shows it) -> the keyword field both backends aggregate over.
FACET_FIELDS: dict[str, str] = {
    "hashtags": "hashtags",
    "countries": "country",
    "cities": "city",
    "roles": "role",
    "seniorities": "seniority",
    "workplaces": "workplace",
    "companies": "company",
    "employment_types": "employment_type",
}
FACET_NAMES = tuple(FACET_FIELDS)
# Free-text fields and their boosts: a title match beats a description match, in both backends.
TEXT_BOOSTS: tuple[tuple[str, float], ...] = (("title", 3.0), ("company_text", 2.0), ("summary", 1.5), ("description", 1.0))


class SearchQuery(BaseModel):
    """What a search can ask. Empty fields mean 'no constraint'."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(default=None, max_length=1000)
    hashtags: list[str] = Field(default_factory=list, max_length=20)
    hashtag_mode: Literal["all", "any"] = "all"
    location: str | None = Field(default=None, max_length=200)
    workplace: Workplace | None = None
    role: RoleFamily | None = None
    seniority: Seniority | None = None
    company: str | None = Field(default=None, max_length=200)
    employment_type: EmploymentType | None = None
    posted_after: datetime | None = None
    salary_min: float | None = Field(default=None, ge=0)
    language: str | None = Field(default=None, max_length=8)
    include_archived: bool = False
    sort: Literal["relevance", "date"] | None = None
    cursor: str | None = Field(default=None, max_length=500)
    size: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)
    facet_size: int = Field(
        default=10, ge=0, le=100, description="Top values per facet; 0 for none. Only the first page has facets."
    )

    @field_validator("q", "location", "company", "language")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        return value or None

    @property
    def effective_sort(self) -> Literal["relevance", "date"]:
        return self.sort or ("relevance" if self.q else "date")

    def fingerprint(self) -> str:
        """Identifies the result set (not the page), so a cursor cannot be replayed on another query."""
        basis = self.model_dump(mode="json", exclude={"cursor", "size", "facet_size"})
        return hashlib.sha1(json.dumps(basis, sort_keys=True).encode()).hexdigest()[:12]


class FacetValue(BaseModel):
    value: str
    count: int


class Hit(BaseModel):
    record: Posting
    score: float | None = None
    highlight: list[str] = Field(default_factory=list, description="Snippets of the description around matches of q, <mark>ed.")


class SearchResult(BaseModel):
    total: int
    items: list[Hit]
    facets: dict[str, list[FacetValue]] = Field(default_factory=dict)
    next_cursor: str | None = None


@runtime_checkable
class SearchIndex(Protocol):
    """Every backend offers exactly this; the posting files stay the source of truth."""

    def upsert(self, records: Iterable[Posting]) -> int: ...

    def delete(self, ids: Iterable[str]) -> int: ...

    def get(self, posting_id: str) -> Posting | None: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def facets(self, query: SearchQuery) -> dict[str, list[FacetValue]]: ...

    def count(self, query: SearchQuery | None = None) -> int: ...

    def rebuild(self, records: Iterable[Posting]) -> int: ...

    def version(self) -> str | None:
        """A token that changes whenever what searches see changes (a commit, a rebuild), or None if the
        backend cannot tell cheaply; lets callers keep answers exactly as long as they are true."""
        ...

    def close(self) -> None: ...


def encode_cursor(query: SearchQuery, position: object) -> str:
    payload = json.dumps({"f": query.fingerprint(), "p": position}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(query: SearchQuery) -> object | None:
    """The backend-specific position stored in the query's cursor, or None for the first page."""
    if not query.cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(query.cursor + "=" * (-len(query.cursor) % 4))
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadCursor("cursor is not one this service issued") from None
    if not isinstance(payload, dict) or payload.get("f") != query.fingerprint():
        raise BadCursor("cursor belongs to a different search")
    return payload.get("p")
