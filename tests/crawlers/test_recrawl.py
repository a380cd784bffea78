"""Recrawls skip the offers they have parsed before: a kept hash of each raw offer, checked against its file.

In process (``Replay``): the parse is counted through the pipeline's own ``parse_recruitee_offer``.
"""

from __future__ import annotations

import copy
import gzip
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import crawlers.pipelines
import parsers.record
from crawlers.companies import parse_company
from crawlers.report import CrawlReport
from crawlers.store import OfferHashes, answer_digest
from parsers import Posting
from tests.crawlers.conftest import Replay, fixture_board, json_answer, posting_files, result_of

COMPANY = "tulpwerk"
OFFERS = parse_company(COMPANY).offers_url


def counts(**changed: int) -> dict[str, int]:
    return {name: changed.get(name, 0) for name in ("new", "updated", "unchanged", "archived", "unarchived", "skipped")}


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the offers the pipeline parsed, over every crawl of the test."""
    seen: list[str] = []
    real: Callable[[Any], Posting] = crawlers.pipelines.parse_recruitee_offer

    def counting(offer: Any) -> Posting:
        seen.append(str(offer.get("slug")))
        return real(offer)

    monkeypatch.setattr(crawlers.pipelines, "parse_recruitee_offer", counting)
    return seen


def crawl(replay: Replay, board: dict[str, Any], **settings: Any) -> dict[str, int]:
    report: CrawlReport = replay.crawl(COMPANY, answers={OFFERS: json_answer(board)}, **settings)
    return result_of(report, COMPANY).postings


def test_a_second_crawl_of_the_same_board_parses_nothing(replay: Replay, parsed: list[str]) -> None:
    board = fixture_board()
    assert crawl(replay, board) == counts(new=4)
    files = posting_files(replay.data_dir, COMPANY)
    parsed.clear()
    # The volatile mailbox address is never stored, so it does not count as a change either.
    for offer in board["offers"]:
        offer["mailbox_email"] = "other@example.invalid"
    assert crawl(replay, board) == counts(unchanged=4)
    assert parsed == []
    assert posting_files(replay.data_dir, COMPANY) == files


def test_a_changed_offer_is_parsed_and_its_file_updated_the_rest_skipped(replay: Replay, parsed: list[str]) -> None:
    board = fixture_board()
    crawl(replay, board)
    parsed.clear()
    changed = copy.deepcopy(board)
    offer = changed["offers"][1]
    added = "<p>New this week: a yearly cycling allowance.</p>"
    for holder in (offer, *offer["translations"].values()):
        if isinstance(holder.get("description"), str):
            holder["description"] += added
    assert crawl(replay, changed) == counts(updated=1, unchanged=3)
    assert parsed == [offer["slug"]]
    assert "a yearly cycling allowance" in posting_files(replay.data_dir, COMPANY)[offer["slug"]]


def test_a_parser_version_change_or_full_parses_every_offer_again(
    replay: Replay, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    board = fixture_board()
    crawl(replay, board)
    parsed.clear()
    assert crawl(replay, board, JOBBOARD_CONDITIONAL=False) == counts(unchanged=4)  # --full
    assert len(parsed) == 4
    parsed.clear()
    monkeypatch.setattr(parsers.record, "PARSER_VERSION", "next")
    assert crawl(replay, board) == counts(unchanged=4)
    assert len(parsed) == 4
    parsed.clear()
    assert crawl(replay, board) == counts(unchanged=4)  # the new version's hashes are kept in turn
    assert parsed == []


def test_a_stale_hash_never_hides_a_file_that_changed_or_went_away(replay: Replay, parsed: list[str]) -> None:
    board = fixture_board()
    crawl(replay, board)
    folder = replay.data_dir / "postings" / COMPANY
    first, second = (offer["slug"] for offer in board["offers"][:2])
    original = (folder / f"{first}.md").read_text(encoding="utf-8")
    (folder / f"{first}.md").write_text(original.replace("title:", "title: edited", 1), encoding="utf-8")
    (folder / f"{second}.md").unlink()
    parsed.clear()
    assert crawl(replay, board) == counts(new=1, updated=1, unchanged=2)
    assert sorted(parsed) == sorted([first, second])
    assert (folder / f"{first}.md").read_text(encoding="utf-8") == original


def test_an_offer_that_comes_back_after_being_archived_is_unarchived(replay: Replay, parsed: list[str]) -> None:
    board = fixture_board()
    crawl(replay, board)
    smaller = copy.deepcopy(board)
    gone = smaller["offers"].pop(0)
    assert crawl(replay, smaller) == counts(archived=1, unchanged=3)
    parsed.clear()
    assert crawl(replay, board) == counts(updated=1, unarchived=1, unchanged=3)
    assert parsed == [gone["slug"]]


def test_a_lost_state_file_only_costs_a_parse(replay: Replay, parsed: list[str]) -> None:
    board = fixture_board()
    crawl(replay, board)
    state = replay.data_dir / "crawls" / "state" / "offers.json"
    assert state.exists()
    state.write_text("{not json", encoding="utf-8")  # as if damaged
    parsed.clear()
    assert crawl(replay, board) == counts(unchanged=4)
    assert len(parsed) == 4


# ---------------------------------------------------------------- the other speed path: JSON-LD without a DOM

_POSTING = '{"@context": "https://schema.org", "@type": "JobPosting", "title": "%s", "description": "<p>Build APIs.</p>"}'
_PAGES = [
    # attributes in another order, single quotes, a second block that is not a posting
    f"<html><head><script id='ld' type='application/ld+json'>{_POSTING % 'Kotlin Developer'}</script>"
    '<script type="application/ld+json">{"@type": "Organization", "name": "Fjordline"}</script></head></html>',
    # a list at the top with an empty item, upper-case tag names, a JS block beside it
    f'<HTML><SCRIPT type="application/ld+json">[{_POSTING % "Data Engineer"}, {{}}]</SCRIPT>'
    "<script>window.dataLayer = [];</script></HTML>",
    f'<script type="application/ld+json">{{"@graph": [{_POSTING % "Ingénieur QA"}]}}</script>',
    # a control character inside a string (strict=False, as the extractor allows)
    '<script type="application/ld+json">{"@type": "JobPosting", "title": "Ops\tLead"}</script>',
]


@pytest.mark.parametrize("page", _PAGES)
def test_json_ld_blocks_are_read_without_a_dom_as_the_extractor_reads_them(page: str) -> None:
    from extruct.jsonld import JsonLdExtractor

    from parsers.formats.jsonld import _blocks_fast

    assert _blocks_fast(page) == JsonLdExtractor().extract(page)


@pytest.mark.parametrize(
    "page",
    [
        f'<!-- <script type="application/ld+json">{_POSTING % "Hidden"}</script> -->',  # commented out
        '<script type="application/ld+json">// comment line\n{"@type": "JobPosting", "title": "X"}</script>',
        '<script>var tag = "<script type=application/ld+json>";</script>',  # a tag inside a JS string
    ],
)
def test_pages_the_fast_path_cannot_vouch_for_go_through_the_full_parser(page: str) -> None:
    from parsers import ParseError, parse_text
    from parsers.formats.jsonld import _blocks_fast

    assert _blocks_fast(page) is None
    try:
        titles = [record.title for record in parse_text(page)]
    except ParseError:
        titles = []
    assert "Hidden" not in titles


def test_an_unchanged_answer_is_kept_again_without_compressing_it_again(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from crawlers.store import RawStore

    raw, day = RawStore(tmp_path), datetime(2026, 11, 2, 8, tzinfo=UTC)
    body = b'{"offers": [{"slug": "a"}]}'
    first = raw.save_api("acme", body, day)
    stamp = first.stat().st_mtime_ns
    assert raw.save_api("acme", body, day + timedelta(hours=3)) == first and first.stat().st_mtime_ns == stamp
    later = raw.save_api("acme", body, day + timedelta(days=1))
    assert later != first and later.read_bytes() == first.read_bytes()
    changed = raw.save_api("acme", body.replace(b'"a"', b'"b"'), day + timedelta(days=1))
    assert changed == later and gzip.decompress(later.read_bytes()).endswith(b'"b"}]}')


def test_only_the_very_answer_the_hashes_were_recorded_from_vouches_for_them(tmp_path: Path) -> None:
    state = OfferHashes(tmp_path / "offers.json")
    files = {"a": ("a", "d1"), "b": ("b", "d2")}
    answer = answer_digest("recruitee", {}, b'{"offers": []}', "v1")

    state.record("acme", {"a": "h1", "b": "h2"}, files, complete=True, answer=answer)

    assert state.known("acme", answer) == {"a": "h1", "b": "h2"}
    assert state.known("acme", answer_digest("recruitee", {}, b'{"offers": [] }', "v1")) == {}  # another byte
    assert state.known("acme", answer_digest("recruitee", {}, b'{"offers": []}', "v2")) == {}  # another parser
    assert state.known("acme", answer_digest("recruitee", {"token": "x"}, b'{"offers": []}', "v1")) == {}
    state.record("acme", {"a": "h3"}, {"a": ("a", "d3")}, complete=False)  # a partial answer vouches for nothing
    assert state.known("acme", answer) == {}
    assert state.unchanged("acme", {OfferHashes.ANSWER: answer}, tmp_path) == {}  # the answer is never an offer
