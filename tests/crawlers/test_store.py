"""Posting files on disk: atomic writes, archiving only on complete answers, Retry-After parsing."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.errors import StoreError
from crawlers.middlewares import retry_after_seconds
from crawlers.store import PostingStore, ValidatorStore, atomic_write, safe_name
from parsers import parse_file, parse_recruitee_offer
from tests.crawlers.conftest import fixture_board


def records() -> dict[str, object]:
    return {offer["slug"]: parse_recruitee_offer(offer) for offer in fixture_board()["offers"]}


def test_atomic_write_leaves_no_temporary_files_and_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.md"
    atomic_write(target, b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(os.listdir(target.parent)) == ["b.md"]


def test_atomic_write_failure_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot write"):
        atomic_write(blocker / "child.md", b"data")


def test_incomplete_answers_archive_nothing_and_unreadable_offers_are_kept(tmp_path: Path) -> None:
    store = PostingStore(tmp_path)
    everything = records()
    first = store.apply("acme", everything, complete=True)  # type: ignore[arg-type]
    assert first.new == 4 and len(first.records) == 4

    some = dict(list(everything.items())[:2])
    partial = store.apply("acme", some, complete=False)  # type: ignore[arg-type]
    assert (partial.unchanged, partial.archived) == (2, 0)

    kept = store.apply("acme", some, complete=True, keep={"data-analyst-intern"})  # type: ignore[arg-type]
    assert kept.archived == 1
    archived = {path.stem: parse_file(path)[0].archived for path in (tmp_path / "acme").glob("*.md")}
    assert archived == {
        "backend-engineer-python": False,
        "product-owner-logistics": False,
        "data-analyst-intern": False,
        "senior-backend-entwickler-mwd": True,
    }
    again = store.apply("acme", some, complete=True, keep={"data-analyst-intern"})  # type: ignore[arg-type]
    assert again.archived == 0 and again.records == []  # already archived: not rewritten


def test_a_damaged_posting_file_is_reported_not_archived(tmp_path: Path) -> None:
    store = PostingStore(tmp_path)
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "broken.md").write_bytes(b"\x00\x01\x02 binary")
    changes = store.apply("acme", {}, complete=True)
    assert changes.archived == 0 and "not archived" in changes.problems[0]


def test_file_names_are_safe() -> None:
    assert safe_name("Backend Engineer (Python)", "x") == "backend-engineer-python"
    assert safe_name("../../etc/passwd", "x") == "etc-passwd"
    assert safe_name("???", "fallback") == "fallback"


def test_validators_survive_a_damaged_state_file(tmp_path: Path) -> None:
    path = tmp_path / "validators.json"
    path.write_text("{not json")
    store = ValidatorStore(path)
    assert store.headers("acme") == {}
    store.remember("acme", '"v1"', None)
    store.save()
    assert ValidatorStore(path).headers("acme") == {"If-None-Match": '"v1"'}


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 23, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Mon, 23 Nov 2026 08:00:30 GMT", now=now) == 30
    assert retry_after_seconds("Mon, 23 Nov 2026 07:00:00 GMT", now=now) == 0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None
