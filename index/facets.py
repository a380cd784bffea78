"""Facet counts, asked for and read back alike by both backends.

tantivy's aggregations take the request shape Elasticsearch's do (terms inside filter aggregations), so
the request is built and the answer read here once; each backend only says how a terms aggregation and a
group's narrowing filter are written in its own terms.

Counting a large result set costs one pass over every posting in it, several times the search itself. So
an index may count such a set over a sample instead: every posting carries ``sample_key`` (a hash of its id,
so the sample is unrelated to what a posting says), a search keeps the postings whose key is under a bound,
and each count is the sample's count scaled up, marked ``approximate``. A count ``c`` estimated from a share
``p`` of the postings is off by about ``sqrt(c * (1 - p) / p)`` (one standard deviation, ``count_error``).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from typing import Any

from index.base import FacetValue
from index.fields import FACET_FIELDS, FACET_NAMES
from index.filters import AnyOf, FacetGroup, FilterPlan, Term

Narrowing = tuple[Term | AnyOf, ...]

SAMPLE_BUCKETS = 1024  # sample keys are 0..1023: a sample keeps the first k of them, down to 1/1024 of the postings
EXACT_UP_TO = 5_000  # result sets this large or smaller are counted exactly (a few ms at most)
SAMPLE_SIZE = 2_000  # larger ones from a sample of about this many postings (when the set's size is known)


def sample_key(posting_id: str) -> int:
    """The posting's place in every sample: the same on every index and every rebuild."""
    digest = hashlib.blake2b(posting_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SAMPLE_BUCKETS


def sample_buckets(postings: float, sample_size: int = SAMPLE_SIZE) -> int:
    """How many of the ``SAMPLE_BUCKETS`` keys a sample of a set of ``postings`` keeps: the fewest that still leave
    about ``sample_size`` postings (a count costs in proportion to the postings counted, so no more than that);
    all of them (an exact count) for a set that is not larger."""
    if postings <= sample_size:
        return SAMPLE_BUCKETS
    return max(1, min(SAMPLE_BUCKETS, math.ceil(sample_size * SAMPLE_BUCKETS / postings)))


def count_error(count: int, share: float) -> float:
    """One standard deviation of a count estimated from a sample that keeps ``share`` of the postings."""
    return 0.0 if share >= 1 else (count * (1 - share) / share) ** 0.5


def top_values(buckets: Iterable[tuple[str, int]], size: int, share: float = 1.0) -> list[FacetValue]:
    """A facet's values as both backends give them: most frequent first, then by value; none counted 0.

    ``share`` < 1: the counts are of a sample keeping that share of the postings, so they are scaled up and marked
    approximate."""
    kept = sorted(((value, count) for value, count in buckets if count > 0), key=lambda b: (-b[1], b[0]))
    if share >= 1:
        return [FacetValue(value=value, count=count) for value, count in kept[:size]]
    return [FacetValue(value=value, count=round(count / share), approximate=True) for value, count in kept[:size]]


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
        counted = group_terms(group, size, terms)
        if group.clauses:
            request[_group_name(number)] = {"filter": narrowed(group.clauses), "aggs": counted}
        else:
            request.update(counted)
    return request


def group_terms(group: FacetGroup, size: int, terms: Callable[[str, int], dict[str, Any]]) -> dict[str, Any]:
    """The terms aggregations of one group's facets, at the top of a request."""
    return {name: terms(FACET_FIELDS[name], size) for name in group.facets}


def group_answer(answer: dict[str, Any], plan: FilterPlan, number: int) -> dict[str, Any]:
    """The part of the answer to ``aggregations`` that holds the group's facets (with its ``doc_count`` when the
    group is a filter aggregation)."""
    return (answer.get(_group_name(number)) or {}) if plan.groups[number].clauses else answer


def read_group(node: dict[str, Any], group: FacetGroup, size: int, share: float = 1.0) -> dict[str, list[FacetValue]]:
    """A group's facets from the part of an answer that holds them."""
    found: dict[str, list[FacetValue]] = {}
    for name in group.facets:
        buckets = (node.get(name) or {}).get("buckets") or []
        found[name] = top_values(((str(b["key"]), int(b["doc_count"])) for b in buckets), size, share)
    return found


def read(answer: dict[str, Any], plan: FilterPlan, size: int) -> dict[str, list[FacetValue]]:
    """Every facet's top values from the answer to ``aggregations``, in the usual facet order."""
    found: dict[str, list[FacetValue]] = {}
    for number, group in enumerate(plan.groups):
        found.update(read_group(group_answer(answer, plan, number), group, size))
    return ordered(found)


def ordered(found: dict[str, list[FacetValue]]) -> dict[str, list[FacetValue]]:
    """Every facet, in the usual order; none counted is an empty list."""
    return {name: found.get(name, []) for name in FACET_NAMES}
