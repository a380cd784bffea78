"""The Lever spider in process: ``/v0/postings/{company}?mode=json`` answers the whole board as one array."""

from __future__ import annotations

from crawlers.items import CompanyState
from tests.crawlers.conftest import Answer, Replay, active, crawled, json_answer, kept_board, search_titles, source_json

SPEC, KEY = "lever:acme", "lever-acme"
URL = "https://api.lever.co/v0/postings/acme?mode=json"
POSTINGS = source_json("lever", "postings.json")


def test_the_board_is_stored_then_a_removed_posting_archived_but_not_after_a_failed_fetch(replay: Replay) -> None:
    first = crawled(replay, SPEC, {URL: json_answer(POSTINGS)})
    assert first.status is CompanyState.ok and first.postings["new"] == len(POSTINGS) == active(replay.data_dir, KEY)
    assert kept_board(replay.data_dir, KEY)["jobs"] == POSTINGS
    assert len(search_titles(replay.settings, source="lever")) == len(POSTINGS)

    assert crawled(replay, SPEC, {URL: Answer(b"", status=503)}).status is CompanyState.failed
    assert active(replay.data_dir, KEY) == len(POSTINGS)
    shape = crawled(replay, SPEC, {URL: json_answer({"ok": False})})
    assert shape.status is CompanyState.failed and "a JSON array of postings" in (shape.reason or "")
    assert active(replay.data_dir, KEY) == len(POSTINGS)

    gone = crawled(replay, SPEC, {URL: json_answer(POSTINGS[1:])})
    assert gone.postings["archived"] == 1 and active(replay.data_dir, KEY) == len(POSTINGS) - 1


def test_grouped_answers_eu_boards_and_unknown_companies(replay: Replay) -> None:
    grouped = source_json("lever", "postings_grouped.json")
    eu = "https://jobs.eu.lever.co/nordwerk"
    url = "https://api.eu.lever.co/v0/postings/nordwerk?mode=json"

    result = crawled(replay, eu, {url: json_answer(grouped)})

    assert result.status is CompanyState.ok and result.company == "lever-nordwerk"
    assert result.postings["new"] == sum(len(group["postings"]) for group in grouped)
    missing = crawled(replay, SPEC, {URL: json_answer({"ok": False, "error": "Document not found"}, status=404)})
    assert missing.status is CompanyState.unknown
