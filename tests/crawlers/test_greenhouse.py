"""The Greenhouse spider in process: one answer holds the whole board (``/v1/boards/{token}/jobs?content=true``)."""

from __future__ import annotations

import copy

import scrapy

from crawlers.items import CompanyState
from crawlers.runner import reparse
from index import SearchQuery, open_index
from tests.crawlers.conftest import (
    Answer,
    Replay,
    active,
    crawled,
    json_answer,
    kept_board,
    on_disk,
    search_titles,
    source_json,
)

SPEC, KEY = "greenhouse:acme", "greenhouse-acme"
URL = "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"
BOARD = source_json("greenhouse", "board_content.json")


def test_the_first_crawl_stores_every_job_keeps_the_answer_and_reparses_alike(replay: Replay) -> None:
    result = crawled(replay, SPEC, {URL: json_answer(BOARD)})

    assert (result.status, result.problems) == (CompanyState.ok, [])
    assert result.postings["new"] == len(BOARD["jobs"]) == active(replay.data_dir, KEY)
    kept = kept_board(replay.data_dir, KEY)
    assert (kept["kind"], kept["jobs"]) == ("greenhouse", BOARD["jobs"])  # the jobs as received
    titles = sorted(job["title"].strip() for job in BOARD["jobs"])
    assert search_titles(replay.settings, source="greenhouse") == titles
    assert search_titles(replay.settings, source="lever") == []
    index = open_index(replay.settings)
    try:
        sources = index.search(SearchQuery(size=1, facet_size=10)).facets["sources"]
    finally:
        index.close()
    assert [(value.value, value.count) for value in sources] == [("greenhouse", len(BOARD["jobs"]))]

    again = reparse([KEY], replay.settings)

    assert again.results[0].postings["unchanged"] == len(BOARD["jobs"])


def test_a_job_gone_from_a_complete_answer_is_archived_and_a_failed_fetch_archives_nothing(replay: Replay) -> None:
    crawled(replay, SPEC, {URL: json_answer(BOARD)})
    smaller = copy.deepcopy(BOARD)
    del smaller["jobs"][0]

    for answer in (Answer(b"oops", status=500), Answer(b'{"jobs": [', headers={"Content-Type": "application/json"})):
        failed = crawled(replay, SPEC, {URL: answer})
        assert failed.status is CompanyState.failed and active(replay.data_dir, KEY) == len(BOARD["jobs"])
    gone = crawled(replay, SPEC, {URL: json_answer(smaller)})

    assert gone.status is CompanyState.ok and gone.postings["archived"] == 1
    assert sum(on_disk(replay.data_dir, KEY).values()) == 1  # archived, never deleted
    assert crawled(replay, SPEC, {URL: json_answer({"jobs": [], "meta": {"total": 0}})}).status is CompanyState.empty
    assert active(replay.data_dir, KEY) == 0


def test_an_unknown_board_and_an_unchanged_one(replay: Replay) -> None:
    unknown = crawled(replay, SPEC, {URL: json_answer({"status": 404, "error": "Job not found"}, status=404)})
    assert unknown.status is CompanyState.unknown and "Greenhouse" in (unknown.reason or "")

    crawled(replay, SPEC, {URL: json_answer(BOARD, headers={"ETag": '"b1"'})})
    asked = len(replay.asked)

    def conditional(request: scrapy.Request) -> Answer:
        headers = request.headers
        return Answer(status=304) if headers.get(b"If-None-Match") == b'"b1"' else json_answer(BOARD)

    result = crawled(replay, SPEC, {URL: conditional})
    assert result.status is CompanyState.not_modified and len(replay.asked) == asked + 1
    assert result.postings == {"unchanged": len(BOARD["jobs"])}
