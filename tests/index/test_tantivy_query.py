"""The tantivy backend's query building: a search answers the same whether or not the terms no posting has are left
out of the query (the searcher's term dictionary decides), and highlighting worked out once per query marks as before."""

from __future__ import annotations

import pytest

from bench.gen import records
from index.base import SearchQuery
from index.tantivy_backend import TantivyIndex, _marks, _total, highlight
from index.terms import TextQuery
from parsers.record import Posting
from tests.index.corpus import corpus as known_corpus

# Words of every kind the query builder meets: known skills, places and roles, plain words, typos, prefixes,
# phrases, tags, words in some fields only, and words in no posting at all.
QUERIES = (
    "python",
    "rails remote",
    "python berlin",
    "senior data engineer poland",
    "pyhton",
    "kubernets berlin",
    "javascirpt developer",
    "machine learning",
    '"data engineer" python',
    "#django remote",
    "entwickler münchen",
    "k8s",
    "platf",
    "engineer zzqxw",
    "zzqxw",
    "zq #django",
    "python #django",
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> TantivyIndex:
    postings: list[Posting] = [*known_corpus(), *records.generate(400, 5)]
    root = tmp_path_factory.mktemp("query")
    built = TantivyIndex(root, facet_cache_size=0)
    built.rebuild(postings)
    return built


def answer(index: TantivyIndex, pruned: bool, q: str) -> tuple[int, list[tuple[str, float]]]:
    """(total, [(id, score)]) of a relevance search for ``q``, built with or without the term dictionary."""
    searcher = index._searcher()
    query = SearchQuery(q=q, include_archived=True, size=50)
    built = index._build(query, searcher if pruned else None)
    result = searcher.search(built, limit=50, count=True, weight_by_field="boost")
    hits = [(str(searcher.doc(address).get_first("id")), float(score)) for score, address in result.hits]
    return _total(result), hits


@pytest.mark.parametrize("q", QUERIES)
def test_terms_no_posting_has_change_nothing(index: TantivyIndex, q: str) -> None:
    total, hits = answer(index, True, q)
    reference_total, reference = answer(index, False, q)
    assert total == reference_total
    assert [i for i, _ in hits] == [i for i, _ in reference]
    assert [s for _, s in hits] == pytest.approx([s for _, s in reference], rel=1e-5)


def test_words_no_posting_has_match_nothing(index: TantivyIndex) -> None:
    """Every clause of "zq" is left out (no posting has it, and it is too short to be a typo or a completed
    word before a tag): the query still asks for it rather than for the #tag alone."""
    tagged = SearchQuery(hashtags=["django"], include_archived=True)
    assert index.search(tagged).total > 0
    query = SearchQuery(q="zq #django", include_archived=True)
    assert index.search(query).total == 0
    assert index.count(query) == 0
    assert all(not values for values in index.facets(query).values())
    assert index.search(SearchQuery(q="engineer zq #django", include_archived=True)).total > 0  # one word is enough


def test_a_word_found_in_one_field_only_still_ranks(index: TantivyIndex) -> None:
    assert index.search(SearchQuery(q="datafirm")).items[0].record.id == "c-data"  # a company name: no other field


@pytest.mark.parametrize("q", ["python", '"low latency" c++ trading', "k8s zzqxw", None, "a"])
def test_marks_per_query_are_the_per_hit_highlight(index: TantivyIndex, q: str | None) -> None:
    for hit in index.search(SearchQuery(q=q or None, include_archived=True, size=30, facet_size=0)).items:
        assert hit.highlight == highlight(hit.record.description, TextQuery.parse(q))
        assert _marks(q).snippets(hit.record.description) == hit.highlight
    assert _marks(q) is _marks(q)  # read once per text


@pytest.mark.parametrize("q", QUERIES)
def test_facets_and_counts_match_the_same_postings_with_fewer_clauses(index: TantivyIndex, q: str) -> None:
    """Facets and counts ask which postings match, not how well: the query without the clauses other clauses already
    cover (the word itself next to its typos and completions) finds every posting the scored one does, no other."""
    searcher = index._searcher()
    query = SearchQuery(q=q, include_archived=True)
    found = {}
    for scored in (True, False):
        result = searcher.search(index._build(query, searcher, scored=scored), limit=10_000, count=True)
        found[scored] = (_total(result), {(a.segment_ord, a.doc) for _, a in result.hits})
    assert found[True] == found[False]
    assert index.count(query) == index.search(query).total == found[True][0]
