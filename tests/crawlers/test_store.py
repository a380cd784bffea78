"""Posting files on disk: atomic writes, archiving only on complete answers, held shrinks, file names, the index
journal, Retry-After parsing."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.settings import Settings
from crawlers.errors import StoreError
from crawlers.middlewares import retry_after_seconds
from crawlers.store import IndexJournal, PostingStore, ShrinkMemory, ValidatorStore, safe_name, write_file
from index import open_index
from parsers import parse_file, parse_recruitee_offer
from parsers.record import Posting
from parsers.writer import posting_markdown
from tests.crawlers.conftest import fixture_board


def records() -> dict[str, object]:
    return {offer["slug"]: parse_recruitee_offer(offer) for offer in fixture_board()["offers"]}


def test_atomic_write_leaves_no_temporary_files_and_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.md"
    write_file(target, b"old")
    write_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(os.listdir(target.parent)) == ["b.md"]


def test_atomic_write_failure_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot write"):
        write_file(blocker / "child.md", b"data")


def test_incomplete_answers_archive_nothing_and_complete_ones_archive_once(tmp_path: Path) -> None:
    store = PostingStore(tmp_path)
    everything = records()
    first = store.apply("acme", everything, complete=True)  # type: ignore[arg-type]
    assert first.new == 4 and len(first.records) == 4

    some = dict(list(everything.items())[:3])
    partial = store.apply("acme", some, complete=False)  # type: ignore[arg-type]
    assert (partial.unchanged, partial.archived) == (3, 0)

    complete = store.apply("acme", some, complete=True)  # type: ignore[arg-type]
    assert complete.archived == 1
    archived = {path.stem: parse_file(path)[0].archived for path in (tmp_path / "acme").glob("*.md")}
    assert archived == {
        "backend-engineer-python": False,
        "product-owner-logistics": False,
        "data-analyst-intern": False,
        "senior-backend-entwickler-mwd": True,
    }
    again = store.apply("acme", some, complete=True)  # type: ignore[arg-type]
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


def numbered(count: int) -> dict[str, Posting]:
    """``count`` distinct postings (by slug, URL and title), from the fixture's first one."""
    (first, *_) = records().values()
    assert isinstance(first, Posting)
    return {
        f"offer-{n}": first.model_copy(update={"url": f"https://acme.example/o/offer-{n}", "title": f"Offer {n}"})
        for n in range(count)
    }


def archived_flags(folder: Path) -> dict[str, bool]:
    return {path.stem: parse_file(path)[0].archived for path in folder.glob("*.md")}


def test_a_sharp_shrink_is_held_until_a_second_answer_confirms_it(tmp_path: Path) -> None:
    store, shrinks = PostingStore(tmp_path), ShrinkMemory(tmp_path / "shrinks.json")
    everything = numbered(12)
    store.apply("acme", everything, complete=True, shrinks=shrinks)
    five = dict(list(everything.items())[:5])

    held = store.apply("acme", five, complete=True, shrinks=shrinks)
    assert (held.archived, held.held) == (0, 7) and "shrank from 12 to 5" in held.problems[0]
    shrinks.save()
    assert set(archived_flags(tmp_path / "acme").values()) == {False}
    # Another crawl process, the same shrink: now it is archived.
    confirmed = store.apply("acme", five, complete=True, shrinks=ShrinkMemory(tmp_path / "shrinks.json"))
    assert (confirmed.archived, confirmed.held) == (7, 0)
    # Without a memory of the last crawl (reparse), a shrink is never confirmed.
    store.apply("acme", everything, complete=True)
    assert store.apply("acme", five, complete=True).held == 7


def test_a_different_shrink_is_not_a_confirmation_and_an_empty_board_archives_at_once(tmp_path: Path) -> None:
    store, shrinks = PostingStore(tmp_path), ShrinkMemory(tmp_path / "shrinks.json")
    everything = numbered(12)
    store.apply("acme", everything, complete=True, shrinks=shrinks)
    assert store.apply("acme", dict(list(everything.items())[:5]), complete=True, shrinks=shrinks).held == 7
    assert store.apply("acme", dict(list(everything.items())[2:7]), complete=True, shrinks=shrinks).held == 7
    losing_a_few = store.apply("acme", dict(list(everything.items())[:9]), complete=True, shrinks=shrinks)
    assert (losing_a_few.archived, losing_a_few.held) == (3, 0)
    assert shrinks.data == {}  # no shrink pending any more

    store.apply("acme", everything, complete=True, shrinks=shrinks)
    empty = store.apply("acme", {}, complete=True, shrinks=shrinks)
    assert (empty.archived, empty.held) == (12, 0)


def test_slugs_that_collide_as_file_names_get_names_of_their_own(tmp_path: Path) -> None:
    store = PostingStore(tmp_path)
    (first, *_) = records().values()
    assert isinstance(first, Posting)
    slugs = ["a-b", "a/b", "A/B", "A-B", "a b"]
    postings = {slug: first.model_copy(update={"url": f"https://acme.example/o/{n}"}) for n, slug in enumerate(slugs)}
    assert store.apply("acme", postings, complete=True).new == 5
    names = sorted(path.stem for path in (tmp_path / "acme").glob("*.md"))
    assert len(names) == 5 and "a-b" in names and all(name.startswith("a-b") for name in names)
    assert store.apply("acme", postings, complete=True).unchanged == 5  # the same names again


def test_a_file_an_older_crawl_wrote_under_the_bare_safe_name_keeps_that_name(tmp_path: Path) -> None:
    store = PostingStore(tmp_path)
    record = records()["backend-engineer-python"]
    assert isinstance(record, Posting)
    write_file(tmp_path / "acme" / "backendengineer.md", posting_markdown(record).encode("utf-8"))

    changes = store.apply("acme", {"BackendEngineer": record}, complete=True)

    assert changes.unchanged == 1 and changes.new == 0
    assert [path.name for path in (tmp_path / "acme").glob("*.md")] == ["backendengineer.md"]


def journal(tmp_path: Path) -> IndexJournal:
    return IndexJournal(tmp_path / "crawls" / "index-journal.txt", tmp_path / "postings")


def test_the_journal_keeps_other_runs_lines_and_shrugs_off_a_half_written_one(tmp_path: Path) -> None:
    log = journal(tmp_path)
    with log.recording([tmp_path / "postings" / "acme" / "a.md"]) as first:
        pass
    with log.path.open("ab") as handle:
        handle.write(b"0123\tacme/b.m")  # a run killed in the middle of its append
    assert log.entries() == first
    with log.recording([tmp_path / "postings" / "acme" / "a.md"]) as second:  # the same file, written again
        pass
    assert log.entries() == [*first, *second]

    log.remove(first)

    assert log.entries() == second
    log.remove(second)
    assert not log.path.exists()


def test_replaying_the_journal_puts_the_files_as_they_are_into_a_real_index(tmp_path: Path) -> None:
    store = PostingStore(tmp_path / "postings", journal=journal(tmp_path))
    everything = records()
    written = store.apply("acme", everything, complete=True)  # type: ignore[arg-type]
    assert len(written.journal) == 4
    (tmp_path / "postings" / "acme" / "data-analyst-intern.md").unlink()  # someone removed one since
    index = open_index(Settings(data_dir=tmp_path, index_backend="tantivy", index_dir=None))
    try:
        replayed = journal(tmp_path).replay(index)
        assert replayed.indexed == 3
        assert "data-analyst-intern.md: listed in the index journal but not there" in replayed.problems[0]
        assert index.count() == 3
    finally:
        index.close()
    assert journal(tmp_path).entries() == []
