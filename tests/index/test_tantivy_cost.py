"""The cheaper shapes the tantivy backend gives its queries and facet samples answer exactly what they replace.

A flag filter is an exclusion of the flagged postings rather than a required clause most postings pass, and a
facet sample keeps the fewest sample keys that still hold about the stated sample size. Both are checked on a real
index against what the records themselves say; nothing is mocked.
"""

from __future__ import annotations

from collections import Counter

import pytest
import tantivy

from bench.gen import records
from index import facets
from index.base import SearchQuery
from index.fields import FIELD_BY_NAME
from index.filters import Term
from index.tantivy_backend import TantivyIndex, _total
from parsers.record import Posting

POSTINGS = 1_500
QUERIES = ("engineer", "python berlin", "pyhton", "platf", '"data engineer"', "#django", "zzqxw", None)


@pytest.fixture(scope="module")
def corpus() -> list[Posting]:
    return list(records.generate(POSTINGS, 23))


@pytest.fixture(scope="module")
def index(corpus: list[Posting], tmp_path_factory: pytest.TempPathFactory) -> TantivyIndex:
    built = TantivyIndex(tmp_path_factory.mktemp("cost"), facet_cache_size=0)
    built.rebuild(corpus)
    return built


def matching(index: TantivyIndex, query: tantivy.Query) -> set[str]:
    searcher = index._searcher()
    result = searcher.search(query, limit=POSTINGS, count=True)
    found = {str(searcher.doc(address).get_first("id")) for _, address in result.hits}
    assert len(found) == _total(result)
    return found


@pytest.mark.parametrize("q", QUERIES)
def test_the_archived_flag_splits_every_search(corpus: list[Posting], index: TantivyIndex, q: str | None) -> None:
    """Live and archived postings of any search are its whole result set, apart, whichever way the flag is asked."""
    archived = {r.id for r in corpus if r.archived}
    assert 0 < len(archived) < POSTINGS
    must, _ = index._text(q, (), index._searcher())
    everything = matching(index, index._combine(must, []))
    live = matching(index, index._combine(must, [Term("archived", False)]))
    gone = matching(index, index._combine(must, [Term("archived", True)]))
    assert live == everything - archived
    assert gone == everything & archived
    if q is None:
        assert everything == {r.id for r in corpus}


def test_a_search_without_archived_counts_the_live_postings(corpus: list[Posting], index: TantivyIndex) -> None:
    live = [r for r in corpus if not r.archived]
    assert index.search(SearchQuery(size=1)).total == len(live)
    assert index.search(SearchQuery(size=1, include_archived=True)).total == len(corpus)
    roles = Counter(str(value) for r in live for value in FIELD_BY_NAME["role"].values(r))
    counted = {v.value: v.count for v in index.search(SearchQuery(size=1, facet_size=100)).facets["roles"]}
    assert counted == dict(roles)


@pytest.mark.parametrize("size", [2_100, 2_048, 3_000, 4_095, 5_000, 33_333, 89_000, 100_000, 1_000_000])
def test_a_sample_keeps_the_fewest_keys_that_reach_its_size(size: int) -> None:
    kept = facets.sample_buckets(size, 2_000)
    assert 1 <= kept < facets.SAMPLE_BUCKETS
    assert size * kept / facets.SAMPLE_BUCKETS >= 2_000 or kept == 1
    assert size * (kept - 1) / facets.SAMPLE_BUCKETS < 2_000  # one key fewer would not reach it


def test_a_set_no_larger_than_the_sample_is_counted_whole() -> None:
    for size in (0, 1, 1_999, 2_000):
        assert facets.sample_buckets(size, 2_000) == facets.SAMPLE_BUCKETS


def test_the_sample_counted_is_about_the_sample_size(index: TantivyIndex) -> None:
    """The postings a sample keeps, counted by the engine: near the size asked for, not up to twice as many."""
    searcher = index._searcher()
    whole = _total(searcher.search(tantivy.Query.all_query(), limit=1, count=True))
    for wanted in (200, 300, 500):
        kept = facets.sample_buckets(whole, wanted)
        counted = _total(searcher.search(index._sample(tantivy.Query.all_query(), kept), limit=1, count=True))
        expected = whole * kept / facets.SAMPLE_BUCKETS
        assert abs(counted - expected) <= 5 * facets.count_error(int(expected), kept / facets.SAMPLE_BUCKETS) + 1
        assert counted < 1.5 * wanted
