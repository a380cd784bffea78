"""Facet counts of the tantivy index: exact on small result sets, estimated from a sample (and marked so) on large
ones, within the sampling error ``index.facets`` states, and kept until the index changes.

One real index of generated postings is opened three ways over the same folder: counting every set exactly (the
reference), with the shipped thresholds, and with thresholds lowered so that a few thousand postings are a
"large" set. Nothing is mocked: every count comes from the engine.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy

from bench.gen import records
from index import facets
from index.base import FacetValue, SearchQuery
from index.fields import FACET_FIELDS, FACET_NAMES, FIELD_BY_NAME
from index.filters import plan
from index.tantivy_backend import TantivyIndex, _schema
from parsers.record import Posting

POSTINGS = 4_000
EXACT_UP_TO = 300  # lowered thresholds: a set of more than 300 postings is counted over a sample
SAMPLE_SIZE = 400
SIGMAS = 5.0  # an estimate further than this many standard deviations from the true count fails the test


@pytest.fixture(scope="module")
def corpus() -> list[Posting]:
    return list(records.generate(POSTINGS, 11))


@pytest.fixture(scope="module")
def root(corpus: list[Posting], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("facets")
    TantivyIndex(path).rebuild(corpus)
    return path


@pytest.fixture(scope="module")
def exact(root: Path) -> TantivyIndex:
    return TantivyIndex(root, facet_exact_up_to=None, facet_cache_size=0)


@pytest.fixture(scope="module")
def sampled(root: Path) -> TantivyIndex:
    return TantivyIndex(root, facet_exact_up_to=EXACT_UP_TO, facet_sample_size=SAMPLE_SIZE, facet_cache_size=0)


def counted(values: list[FacetValue]) -> dict[str, int]:
    return {v.value: v.count for v in values}


def every_count(index: TantivyIndex, query: SearchQuery) -> dict[str, dict[str, int]]:
    """Every value of every facet with its count, not only the top 100 a query may ask for."""
    must, _ = index._text(query.q, query.literal)
    found = index._count_facets(index._searcher(), must, plan(query, query.facet_mode), 100_000, None)
    return {name: counted(values) for name, values in found.items()}


def top(counts: Counter[str], size: int) -> dict[str, int]:
    """The first ``size`` values in the index's order: most frequent first, then by value."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size])


def expected_facets(postings: list[Posting]) -> dict[str, Counter[str]]:
    """Each facet's counts computed from the records themselves, as the index is meant to count them."""
    out: dict[str, Counter[str]] = {}
    for name in FACET_NAMES:
        field = FIELD_BY_NAME[FACET_FIELDS[name]]
        out[name] = Counter(str(value) for record in postings for value in set(field.values(record)))
    return out


def assert_close(estimates: list[FacetValue], truth: dict[str, int], share: float, facet: str) -> None:
    """Every estimate marked approximate and within ``SIGMAS`` standard deviations of the true count."""
    assert estimates, facet
    for value in estimates:
        assert value.approximate, (facet, value)
        true = truth[value.value]
        bound = SIGMAS * facets.count_error(true, share) + 1 / share  # + one sampled posting's worth, for tiny counts
        assert abs(value.count - true) <= bound, (facet, value, true, bound)


# ---------------------------------------------------------------- the sampling arithmetic


def test_sample_keys_are_stable_and_even(corpus: list[Posting]) -> None:
    keys = [facets.sample_key(r.id) for r in corpus]
    assert keys == [facets.sample_key(r.id) for r in corpus]
    assert all(0 <= k < facets.SAMPLE_BUCKETS for k in keys)
    eighths = Counter(k * 8 // facets.SAMPLE_BUCKETS for k in keys)
    assert all(abs(eighths[i] - POSTINGS / 8) < POSTINGS / 8 * 0.15 for i in range(8)), eighths


def test_sample_size_follows_the_set() -> None:
    assert facets.sample_buckets(1_000, 2_000) == facets.SAMPLE_BUCKETS  # not larger than the sample: all of it
    assert facets.sample_buckets(4_000, 2_000) == facets.SAMPLE_BUCKETS // 2
    for size in (5_000, 33_333, 100_000, 10_000_000):
        kept = facets.sample_buckets(size, 2_000)
        assert kept == 1 or 2_000 <= size * kept / facets.SAMPLE_BUCKETS < 4_000, size
    assert facets.count_error(500, 1.0) == 0.0
    assert facets.count_error(10_000, 1 / 16) == pytest.approx((10_000 * 15) ** 0.5)


# ---------------------------------------------------------------- small sets: exact


def test_small_sets_are_counted_exactly(corpus: list[Posting], sampled: TantivyIndex) -> None:
    live = [r for r in corpus if not r.archived]
    tags = Counter(t for r in live for t in r.hashtags)
    rare = [tag for tag, n in tags.items() if 20 <= n <= EXACT_UP_TO][:5]
    assert rare
    for tag in rare:
        result = sampled.search(SearchQuery(hashtags=[tag], facet_size=100))
        assert result.total <= EXACT_UP_TO
        truth = expected_facets([r for r in live if tag in r.hashtags])
        for name, values in result.facets.items():
            assert not any(v.approximate for v in values), (tag, name)
            assert counted(values) == top(truth[name], 100), (tag, name)
        assert sampled.facets(SearchQuery(hashtags=[tag], facet_size=100)) == result.facets


def test_exact_reference_matches_the_records(corpus: list[Posting], exact: TantivyIndex) -> None:
    """The reference the estimates are judged by counts what the records hold, large set or not."""
    live = [r for r in corpus if not r.archived]
    found = exact.facets(SearchQuery(facet_size=100))
    truth = expected_facets(live)
    for name, values in found.items():
        assert not any(v.approximate for v in values)
        assert counted(values) == top(truth[name], 100), name
    assert every_count(exact, SearchQuery()) == {name: dict(counts) for name, counts in truth.items()}


# ---------------------------------------------------------------- large sets: sampled, marked, close


@pytest.mark.parametrize("filters", [{"q": "engineer"}, {"q": "python data"}, {"q": "remote", "workplace": "remote"}])
def test_large_sets_are_estimated_within_the_stated_error(
    filters: dict[str, str], exact: TantivyIndex, sampled: TantivyIndex
) -> None:
    query = SearchQuery(facet_size=100, **filters)  # type: ignore[arg-type]
    result = sampled.search(query)
    assert result.total > EXACT_UP_TO, filters
    assert result.total == exact.search(query).total  # the total is always exact
    truth = every_count(exact, query)
    share = facets.sample_buckets(result.total, SAMPLE_SIZE) / facets.SAMPLE_BUCKETS
    assert share < 1
    for name, values in result.facets.items():
        assert_close(values, truth[name], share, name)
        # Whatever holds a tenth of the set or more is too frequent to be missed by the sample.
        assert {v for v, n in truth[name].items() if n >= result.total / 10} <= {v.value for v in values}, name
    # Asked without its total, the index samples first and counts within the same bound (its share may differ).
    alone = sampled.facets(query)
    smallest = facets.sample_buckets(sampled._searcher().num_docs, SAMPLE_SIZE) / facets.SAMPLE_BUCKETS
    for name, values in alone.items():
        assert_close(values, truth[name], smallest, name)


def test_large_sets_chosen_by_filters_alone_are_counted_exactly(exact: TantivyIndex, sampled: TantivyIndex) -> None:
    """Without free text a set is one of few, asked again and again: counted exactly (and cached)."""
    for query in (SearchQuery(facet_size=100), SearchQuery(workplace="remote", facet_size=100)):
        result = sampled.search(query)
        assert result.total > EXACT_UP_TO
        assert result.facets == exact.facets(query)
        assert not any(v.approximate for values in result.facets.values() for v in values)


def test_multi_select_groups_keep_their_own_counts(exact: TantivyIndex, sampled: TantivyIndex) -> None:
    """roles are counted without the role filter (a large set: sampled); every other facet with it (a small set,
    too thin in the sample, so counted again, exactly)."""
    all_roles = every_count(exact, SearchQuery(q="engineer"))["roles"]
    role = next(value for value, n in sorted(all_roles.items()) if 50 <= n <= EXACT_UP_TO)
    query = SearchQuery(q="engineer", role=role, facet_mode="multi_select", facet_size=100)  # type: ignore[arg-type]
    found = sampled.facets(query)
    smallest = facets.sample_buckets(sampled._searcher().num_docs, SAMPLE_SIZE) / facets.SAMPLE_BUCKETS
    assert_close(found["roles"], all_roles, smallest, "roles")
    one_role = exact.facets(query.model_copy(update={"facet_mode": "drill_down"}))
    for name in FACET_NAMES:
        if name != "roles":
            assert found[name] == one_role[name], name
    page = sampled.search(query)
    assert page.facets == found and page.total == all_roles[role]


# ---------------------------------------------------------------- the cache


def test_cached_facets_last_until_the_next_commit(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path)
    postings = list(records.generate(30, 5))
    index.upsert(postings[:20])
    query = SearchQuery(facet_size=100)
    first = index.facets(query)
    assert index.search(query.model_copy(update={"sort": "relevance", "size": 5})).facets == first  # another page shape
    index.upsert(postings[20:])
    after = index.facets(query)
    live = [r for r in postings if not r.archived]
    for name, values in after.items():
        assert counted(values) == dict(expected_facets(live)[name]), name


# ---------------------------------------------------------------- an index built before postings had a sample key


@pytest.fixture
def old_index(corpus: list[Posting], tmp_path: Path) -> Iterator[Path]:
    """An index folder as the previous schema wrote it: no sample key."""
    version = tmp_path / "v-old"
    version.mkdir()
    engine = tantivy.Index(_schema(sampled=False), path=str(version))
    writer = engine.writer(heap_size=50_000_000, num_threads=1)
    shaper = TantivyIndex(tmp_path / "unused")
    for record in corpus[:600]:
        writer.add_document(shaper._document(record, sampled=False))
    writer.commit()
    writer.wait_merging_threads()
    os.symlink("v-old", tmp_path / "current")
    yield tmp_path


def test_an_index_without_sample_keys_serves_exactly_until_rebuilt(old_index: Path, corpus: list[Posting]) -> None:
    index = TantivyIndex(old_index, facet_exact_up_to=50, facet_sample_size=60, facet_cache_size=0)
    result = index.search(SearchQuery(facet_size=100))
    live = [r for r in corpus[:600] if not r.archived]
    assert result.total == len(live) > 50
    assert not any(v.approximate for values in result.facets.values() for v in values)
    assert counted(result.facets["roles"]) == dict(expected_facets(live)["roles"])
    assert index.upsert(corpus[600:610]) == 10  # writes keep working on the old schema
    text = SearchQuery(q="engineer", facet_size=100)
    before = index.search(text)
    assert before.total > 50 and not any(v.approximate for v in before.facets["roles"])  # no sample key: exact
    index.rebuild(corpus[:600])
    again = index.search(text)
    assert again.total > 50
    assert all(v.approximate for v in again.facets["roles"])  # rebuilt with sample keys: large sets are sampled
