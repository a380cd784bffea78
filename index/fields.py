"""The fields of an index document, declared once.

Both backends generate from this table what they would otherwise each write down and let drift: the
tantivy schema and documents, the Elasticsearch mapping and documents, the facet names, the text fields
and their weights, and the one ranking input both apply the same way. Adding a field here adds it to both.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from index.terms import location_keys
from parsers.record import Posting

FieldKind = Literal["keyword", "text", "date", "number", "flag", "rank"]
FieldValue = str | float | bool | datetime


@dataclass(frozen=True)
class IndexField:
    """One field of the index documents and how a record fills it.

    ``kind``: ``keyword`` exact values (filters and facets), ``text`` analyzed words (free text: ``boost`` is
    the weight of a match there, ``prefix`` lets the last word typed complete it), ``date`` and ``number``
    range filters, ``flag`` a yes/no filter, ``rank`` the ranking input. ``many``: the record may give several
    values. ``facet``: the name the facet of this field's values goes by.
    """

    name: str
    kind: FieldKind
    values: Callable[[Posting], Sequence[FieldValue]]
    many: bool = False
    facet: str | None = None
    boost: float = 1.0
    prefix: bool = False


def _one(value: FieldValue | None) -> list[FieldValue]:
    return [] if value is None or value == "" else [value]


def _unique(values: Iterable[str | None]) -> list[FieldValue]:
    return list(dict.fromkeys(v for v in values if v))


def salary_top(record: Posting) -> float | None:
    """The top of the yearly range (or its only end): what ``salary_min`` compares with."""
    if record.salary is None:
        return None
    top = record.salary.yearly_max if record.salary.yearly_max is not None else record.salary.yearly_min
    return None if top is None else float(top)


# ------------------------------------------------------------------ ranking
# Relevance is the text score times log2(2 + rank input): a featured posting and a fresh one rank a little
# higher. The input is computed when a record is indexed, never at search time, so a score does not change
# between two page requests (cursor paging on the score would skip or repeat hits otherwise).
RANK_FIELD = "boost"
FEATURED_WEIGHT = 0.2  # at featured = 10, the most that counts
FRESH_WEIGHT = 0.2  # today; half of it at FRESH_DAYS old
FRESH_DAYS = 90.0
UNDATED_AGE_DAYS = 3650.0


def rank_input(record: Posting, now: float | None = None) -> float:
    """The ranking input of a record, between 0 and ``FEATURED_WEIGHT + FRESH_WEIGHT``."""
    featured = min(max(record.featured or 0, 0), 10) / 10
    clock = time.time() if now is None else now
    age_days = (clock - record.posted_at.timestamp()) / 86400 if record.posted_at else UNDATED_AGE_DAYS
    fresh = 1.0 / (1.0 + max(age_days, 0.0) / FRESH_DAYS)
    return FEATURED_WEIGHT * featured + FRESH_WEIGHT * fresh


def rank_factor(value: float) -> float:
    """What a rank input multiplies the text score by (tantivy's ``weight_by_field`` formula)."""
    return math.log2(2.0 + max(value, 0.0))


# The order is the tantivy schema's: an index built before keeps opening.
FIELDS: tuple[IndexField, ...] = (
    IndexField("title", "text", lambda r: _one(r.title), boost=3.0, prefix=True),
    IndexField("company_text", "text", lambda r: _one(r.company.name), boost=2.0, prefix=True),
    IndexField("summary", "text", lambda r: _one(r.summary), boost=1.5),
    IndexField("description", "text", lambda r: _one(r.description)),
    IndexField("hashtags", "keyword", lambda r: _unique(r.hashtags), many=True, facet="hashtags"),
    IndexField("country", "keyword", lambda r: _unique(p.country_code for p in r.location.places), many=True, facet="countries"),
    IndexField("city", "keyword", lambda r: _unique(p.city for p in r.location.places), many=True, facet="cities"),
    IndexField("role", "keyword", lambda r: _one(r.role.family), facet="roles"),
    IndexField("seniority", "keyword", lambda r: _one(r.role.seniority), facet="seniorities"),
    IndexField("workplace", "keyword", lambda r: _unique(r.location.workplace), many=True, facet="workplaces"),
    IndexField("company", "keyword", lambda r: _one(r.company.name), facet="companies"),
    IndexField("employment_type", "keyword", lambda r: _one(r.employment_type), facet="employment_types"),
    IndexField("location_keys", "keyword", lambda r: _unique(location_keys(r)), many=True),
    IndexField("language", "keyword", lambda r: _one(r.language)),
    IndexField("source_kind", "keyword", lambda r: _one(r.source.kind), facet="sources"),  # the ATS or format read
    IndexField("archived", "flag", lambda r: [r.archived]),
    IndexField("posted", "date", lambda r: _one(r.posted_at)),
    IndexField("salary_top", "number", lambda r: _one(salary_top(r))),
    IndexField(RANK_FIELD, "rank", lambda r: [rank_input(r)]),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
# Facet name (as the API shows it) -> the keyword field it counts.
FACET_FIELDS: dict[str, str] = {f.facet: f.name for f in FIELDS if f.facet}
FACET_NAMES = tuple(FACET_FIELDS)
# Free-text fields and their weights: a title match beats a description match, in both backends.
TEXT_BOOSTS: tuple[tuple[str, float], ...] = tuple((f.name, f.boost) for f in FIELDS if f.kind == "text")
PREFIX_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.prefix)
SKILL_BOOST = 2.0  # free text naming a skill: postings tagged with it rank higher
PREFIX_WEIGHT = 0.5  # a completed last word counts half a whole one
DATE_FIELD = "posted"  # newest first sorts on it
