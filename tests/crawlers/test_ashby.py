"""The Ashby spider in process: ``/posting-api/job-board/{org}?includeCompensation=true``, one answer per board."""

from __future__ import annotations

import copy

from crawlers.items import CompanyState
from tests.crawlers.conftest import Answer, Replay, active, crawled, json_answer, kept_board, search_titles, source_json

SPEC, KEY = "ashby:Acme Labs", "ashby-acme-labs"
URL = "https://api.ashbyhq.com/posting-api/job-board/Acme%20Labs?includeCompensation=true"
BOARD = source_json("ashby", "board_compensation.json")


def test_the_board_is_stored_then_a_removed_job_archived_but_not_after_a_failed_fetch(replay: Replay) -> None:
    first = crawled(replay, SPEC, {URL: json_answer(BOARD)})
    assert first.status is CompanyState.ok and first.postings["new"] == len(BOARD["jobs"])
    kept = kept_board(replay.data_dir, KEY)
    assert kept["jobs"] == BOARD["jobs"] and kept["context"] == {"apiVersion": BOARD["apiVersion"], "token": "Acme Labs"}
    assert len(search_titles(replay.settings, source="ashby")) == len(BOARD["jobs"])

    truncated = Answer(b'{"apiVersion": "1", "jobs": [{"id"', headers={"Content-Type": "application/json"})
    failed = crawled(replay, SPEC, {URL: truncated})
    assert failed.status is CompanyState.failed and "invalid JSON" in (failed.reason or "")
    assert active(replay.data_dir, KEY) == len(BOARD["jobs"])

    smaller = copy.deepcopy(BOARD)
    smaller["jobs"] = smaller["jobs"][:-1]
    gone = crawled(replay, SPEC, {URL: json_answer(smaller)})
    assert gone.postings["archived"] == 1 and active(replay.data_dir, KEY) == len(BOARD["jobs"]) - 1


def test_an_unknown_organization(replay: Replay) -> None:
    result = crawled(replay, SPEC, {URL: Answer(b"Not Found", status=404)})
    assert result.status is CompanyState.unknown and active(replay.data_dir, KEY) == 0


def test_a_job_kept_off_the_board_is_not_a_posting_and_archived_once_unlisted(replay: Replay) -> None:
    board = copy.deepcopy(BOARD)
    first = crawled(replay, SPEC, {URL: json_answer(board)})
    assert first.postings["new"] == len(board["jobs"])

    board["jobs"][0]["isListed"] = False
    second = crawled(replay, SPEC, {URL: json_answer(board)})
    assert second.status is CompanyState.ok and second.postings["archived"] == 1
    assert active(replay.data_dir, KEY) == len(board["jobs"]) - 1
    assert board["jobs"][0]["title"].strip() not in search_titles(replay.settings, source="ashby")
