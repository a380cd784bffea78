"""Search relevance floors: bench/relevance.py run in-process on a real tantivy index of the judged corpus.

The floors are the figures measured with the current query reader, less a small margin; the issue's target, 0.9 for
both nDCG@10 and success@3 overall, is the least the overall floors may be.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from bench.relevance import KINDS, MIN_POSTINGS, MIN_QUERIES, MORE_KINDS, UNSEEN, load_corpus, load_judgments, ndcg, run, success

# Measured 2026-11-29 over the 124 judged queries with the query reader's second round (index/understand.py):
# nDCG@10 0.919 and success@3 1.000 overall. Each nDCG floor is the figure less about 0.03 (the issue's 0.9 overall),
# each success floor allows about one query of its kind (three overall) to lose its grade-2 posting from the top 3.
OVERALL_FLOOR = {"ndcg": 0.90, "success": 0.97}
KIND_FLOORS: dict[str, dict[str, float]] = {
    "free_text": {"ndcg": 0.85, "success": 0.90},
    "skill_place": {"ndcg": 0.92, "success": 0.90},
    "role_seniority_place": {"ndcg": 0.91, "success": 0.90},
    "synonym": {"ndcg": 0.87, "success": 0.90},
    "language": {"ndcg": 0.89, "success": 0.90},
    "typo": {"ndcg": 0.84, "success": 0.90},
    "hashtag": {"ndcg": 0.90, "success": 0.90},
}
# The second set (bench/relevance/unseen.yaml, 61 queries of the kinds real searchers type that the first set lacks),
# judged before the reader's third round: nDCG@10 0.834 and success@3 0.934 before it, 0.916 and 0.967 after
# (2026-11-30; the first set stayed at success 1.000, nDCG 0.919 -> 0.924). Its kinds hold 1 to 10 queries each,
# too few for a floor per kind: the floor is overall, and each class the third round fixed has an example that must
# put a grade-2 posting among the first three.
UNSEEN_FLOOR = {"ndcg": 0.88, "success": 0.93}
UNSEEN_EXAMPLES = (
    "swe",  # a job abbreviation
    "ux",  # a skill abbreviation
    "androd",  # a slip the role rules mend too
    "sprint",  # a real word one slip from a skill (#spring)
    "softwareentwickler",  # a German compound
    "développeuse",  # a feminine job noun
    ".net remote",  # a skill with a leading dot
    "devops (m/w/d) münchen",  # a gender marker
    "title:python",  # another engine's field syntax
    "remote europe",  # a remote scope
    "mid level java",  # a level named by a phrase
    "vacature frontend developer",  # a word of the job search, in another language
)
# The queries the issue opens with: each must put a posting of grade 2 among the first three.
ISSUE_EXAMPLES = ("rails remote", "python berlin", "senior data engineer poland", "#django", "frontend münchen", "k8s")


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return run("tantivy")


@pytest.fixture(scope="module")
def unseen() -> dict[str, Any]:
    return run("tantivy", judgments=UNSEEN)


def test_the_benchmark_is_as_large_as_the_issue_asks(result: dict[str, Any]) -> None:
    assert result["corpus"]["postings"] >= MIN_POSTINGS
    assert result["corpus"]["indexed"] == result["corpus"]["postings"]
    assert result["overall"]["queries"] >= MIN_QUERIES
    assert set(result["kinds"]) == set(KINDS)
    assert all(kind["queries"] >= 10 for kind in result["kinds"].values()), result["kinds"]
    assert not [q for q in result["queries"] if q["error"]]


def test_overall_relevance_stays_above_its_floor(result: dict[str, Any]) -> None:
    overall = result["overall"]
    assert overall["ndcg"] >= OVERALL_FLOOR["ndcg"], _worst(result)
    assert overall["success"] >= OVERALL_FLOOR["success"], _worst(result)


@pytest.mark.parametrize("query", ISSUE_EXAMPLES)
def test_the_issues_examples_put_an_expected_posting_in_the_first_three(result: dict[str, Any], query: str) -> None:
    (row,) = [q for q in result["queries"] if q["query"] == query]
    assert row["success"] == 1.0, (row["top"], row["expected_not_in_top"])


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_query_stays_above_its_floor(result: dict[str, Any], kind: str) -> None:
    figures, floor = result["kinds"][kind], KIND_FLOORS[kind]
    assert figures["ndcg"] >= floor["ndcg"], _worst(result, kind)
    assert figures["success"] >= floor["success"], _worst(result, kind)


def test_the_second_set_covers_its_kinds_and_stays_above_its_floor(unseen: dict[str, Any]) -> None:
    assert unseen["overall"]["queries"] >= 40
    assert set(unseen["kinds"]) >= set(MORE_KINDS)
    assert not [q for q in unseen["queries"] if q["error"]]
    assert unseen["overall"]["ndcg"] >= UNSEEN_FLOOR["ndcg"], _worst(unseen)
    assert unseen["overall"]["success"] >= UNSEEN_FLOOR["success"], _worst(unseen)


@pytest.mark.parametrize("query", UNSEEN_EXAMPLES)
def test_each_class_the_third_round_fixed_puts_an_expected_posting_in_the_first_three(unseen: dict[str, Any], query: str) -> None:
    (row,) = [q for q in unseen["queries"] if q["query"] == query]
    assert row["success"] == 1.0, (row["top"], row["expected_not_in_top"])


@pytest.mark.parametrize("path", [None, UNSEEN])
def test_every_judged_file_is_a_posting_of_the_corpus(path: Path | None) -> None:
    corpus = load_corpus()
    judged = load_judgments(corpus) if path is None else load_judgments(corpus, path)
    known = {record.id for record in corpus.records}
    assert all(posting_id in known for item in judged for posting_id in item.grades)
    assert all(2 in item.grades.values() for item in judged)


def test_ndcg_and_success_follow_their_definitions() -> None:
    grades = {"a": 2, "b": 1, "c": 2}
    assert ndcg(["a", "c", "b"], grades) == pytest.approx(1.0)
    assert ndcg(["x", "y"], grades) == 0.0
    ideal = 3 + 3 / math.log2(3) + 1 / 2
    assert ndcg(["b", "x", "a"], grades) == pytest.approx((1 + 3 / 2) / ideal)
    assert success(["x", "y", "a"], grades) == 1.0
    assert success(["b", "x", "y", "a"], grades) == 0.0


def _worst(result: dict[str, Any], kind: str | None = None, count: int = 8) -> str:
    rows = [q for q in result["queries"] if kind is None or q["kind"] == kind]
    rows.sort(key=lambda q: q["ndcg"])
    return "; ".join(f"{q['query']!r} nDCG {q['ndcg']:.2f} success {q['success']:.0f}" for q in rows[:count])
