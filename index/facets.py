"""Facet counts, asked for and read back alike by both backends.

tantivy's aggregations take the request shape Elasticsearch's do (terms inside filter aggregations), so
the request is built and the answer read here once; each backend only says how a terms aggregation and a
group's narrowing filter are written in its own terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from index.base import FacetValue
from index.fields import FACET_FIELDS, FACET_NAMES
from index.filters import AnyOf, FilterPlan, Term

Narrowing = tuple[Term | AnyOf, ...]


def top_values(buckets: Iterable[tuple[str, int]], size: int) -> list[FacetValue]:
    """A facet's values as both backends give them: most frequent first, then by value; none counted 0."""
    kept = sorted(((value, count) for value, count in buckets if count > 0), key=lambda b: (-b[1], b[0]))
    return [FacetValue(value=value, count=count) for value, count in kept[:size]]


def _group_name(number: int) -> str:
    return f"_group{number}"  # facet names never start with "_"


def aggregations(
    plan: FilterPlan,
    size: int,
    terms: Callable[[str, int], dict[str, Any]],
    narrowed: Callable[[Narrowing], object],
) -> dict[str, Any]:
    """The aggregations of every facet in one request: a group narrowed by clauses of its own is a filter
    aggregation around its facets' terms (``narrowed`` writes its filter), the others are plain terms."""
    request: dict[str, Any] = {}
    for number, group in enumerate(plan.groups):
        counted = {name: terms(FACET_FIELDS[name], size) for name in group.facets}
        if group.clauses:
            request[_group_name(number)] = {"filter": narrowed(group.clauses), "aggs": counted}
        else:
            request.update(counted)
    return request


def read(answer: dict[str, Any], plan: FilterPlan, size: int) -> dict[str, list[FacetValue]]:
    """Every facet's top values from the answer to ``aggregations``, in the usual facet order."""
    found: dict[str, list[FacetValue]] = {}
    for number, group in enumerate(plan.groups):
        node = (answer.get(_group_name(number)) or {}) if group.clauses else answer
        for name in group.facets:
            buckets = (node.get(name) or {}).get("buckets") or []
            found[name] = top_values(((str(b["key"]), int(b["doc_count"])) for b in buckets), size)
    return {name: found.get(name, []) for name in FACET_NAMES}
