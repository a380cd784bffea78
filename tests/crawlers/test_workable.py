"""The Workable spider in process: the v3 jobs listing, read page by page along its ``nextPage`` cursor, then each
job's v2 answer for its text."""

from __future__ import annotations

import copy
import json
from typing import Any

import scrapy

from crawlers.items import CompanyState
from parsers import parse_file
from tests.crawlers.conftest import Answer, Replay, active, crawled, json_answer, kept_board, search_titles, source_json

SPEC, KEY = "workable:netguru", "workable-netguru"
URL = "https://apply.workable.com/api/v3/accounts/netguru/jobs"
PAGE1, PAGE2 = source_json("workable", "v3_page1.json"), source_json("workable", "v3_page2.json")
JOBS = PAGE1["results"] + PAGE2["results"]
TEXT = source_json("workable", "job_v2.json")
V2 = "https://apply.workable.com/api/v2/accounts/netguru/jobs/"


def texts(rows: list[dict[str, Any]], **override: Answer) -> dict[str, Any]:
    """Each job's own v2 answer: its listing row plus the text only that answer carries."""
    answers: dict[str, Any] = {}
    for row in rows:
        texts = {key: f"<p>{TEXT[key]} ({row['shortcode']})</p>" for key in ("description", "requirements", "benefits")}
        answers[V2 + row["shortcode"]] = json_answer({**row, **texts})
    answers.update({V2 + code: answer for code, answer in override.items()})
    return answers


def board(*listing: Answer, rows: list[dict[str, Any]] = JOBS, texts_of: dict[str, Answer] | None = None) -> dict[str, Any]:
    """The listing's pages, then each listed job's own answer (``texts_of``: other answers for some shortcodes)."""
    return {URL: pages(*listing), **texts(rows, **(texts_of or {}))}


def pages(*answers: Answer) -> Any:
    """Answer the listing's POSTs: the first page without a cursor, then one per cursor, in order."""

    def answer(request: scrapy.Request) -> Answer:
        assert request.method == "POST"
        cursor = json.loads(request.body).get("token")
        return answers[0] if cursor is None else answers[[PAGE1["nextPage"], "again"].index(cursor) + 1]

    return answer


def test_every_page_is_read_before_the_board_counts_and_removals_are_archived(replay: Replay) -> None:
    first = crawled(replay, SPEC, board(json_answer(PAGE1), json_answer(PAGE2)))

    assert first.status is CompanyState.ok and first.postings["new"] == len(JOBS) == active(replay.data_dir, KEY)
    assert [request.method for request in replay.asked] == ["POST", "POST"] + ["GET"] * len(JOBS)
    kept = kept_board(replay.data_dir, KEY)["jobs"]  # both pages, kept as one board, each row with its job's text
    assert [job["shortcode"] for job in kept] == [row["shortcode"] for row in JOBS]
    assert all(job["description"].endswith(f"({job['shortcode']})</p>") for job in kept)
    assert len(search_titles(replay.settings, source="workable")) == len(JOBS)

    shorter = copy.deepcopy(PAGE2)
    shorter["results"] = shorter["results"][:1]
    gone = crawled(replay, SPEC, board(json_answer(PAGE1), json_answer(shorter)))
    assert gone.postings["archived"] == 1 and active(replay.data_dir, KEY) == len(JOBS) - 1


def test_a_page_that_fails_or_loops_leaves_the_board_incomplete(replay: Replay) -> None:
    crawled(replay, SPEC, board(json_answer(PAGE1), json_answer(PAGE2)))
    empty_second = copy.deepcopy(PAGE2)
    empty_second["results"] = []

    failed = crawled(replay, SPEC, board(json_answer(PAGE1), Answer(b"", status=502)))
    looping = copy.deepcopy(PAGE1)
    looped = crawled(replay, SPEC, board(json_answer(looping), json_answer(looping)))
    missing = crawled(replay, SPEC, board(json_answer(PAGE1), Answer(b"Not Found", status=404)))

    assert failed.status is CompanyState.failed and failed.reason == "HTTP 502 after 1 attempt"
    assert looped.status is CompanyState.failed and "same page twice" in (looped.reason or "")
    assert missing.status is CompanyState.failed  # a later page missing is no unknown account
    one = JOBS[0]["shortcode"]
    broken = board(json_answer(PAGE1), json_answer(PAGE2), texts_of={one: Answer(b"", status=500)})
    text_failed = crawled(replay, SPEC, broken, JOBBOARD_CONDITIONAL=False)  # --full: every job's text asked again
    assert text_failed.status is CompanyState.failed and "1 job could not be fetched" in (text_failed.reason or "")
    assert active(replay.data_dir, KEY) == len(JOBS)  # nothing archived by any of them

    gone = board(json_answer(PAGE1), json_answer(PAGE2), texts_of={one: Answer(b"", status=404)})
    unpublished = crawled(replay, SPEC, gone, JOBBOARD_CONDITIONAL=False)
    assert unpublished.status is CompanyState.ok and unpublished.postings["archived"] == 1


def test_a_job_listed_once_per_country_is_one_posting_and_unknown_accounts(replay: Replay) -> None:
    twice = copy.deepcopy(PAGE2)
    twin = copy.deepcopy(twice["results"][0])
    twin["location"] = {"city": "Lisbon", "region": "Lisbon", "country": "Portugal", "countryCode": "PT"}
    twin["locations"] = [twin["location"]]
    twice["results"].append(twin)
    twice["nextPage"] = None

    result = crawled(replay, SPEC, board(json_answer(twice), rows=twice["results"]))

    assert result.status is CompanyState.ok and result.postings["new"] == len(PAGE2["results"])
    (merged,) = [
        r for path in (replay.data_dir / "postings" / KEY).glob("*.md") for r in parse_file(path) if r.title == twin["title"]
    ]
    assert {"PL", "PT"} <= {place.country_code for place in merged.location.places}  # both countries kept
    unknown = crawled(replay, "workable:nosuch", {URL.replace("netguru", "nosuch"): Answer(b"", status=404)})
    assert unknown.status is CompanyState.unknown


def test_a_job_whose_listing_is_unchanged_is_not_asked_for_again(replay: Replay) -> None:
    crawled(replay, SPEC, board(json_answer(PAGE1), json_answer(PAGE2)))
    edited = copy.deepcopy(PAGE2)
    edited["results"][0]["title"] = "Platform Reliability Engineer"
    before = len(replay.asked)

    again = crawled(replay, SPEC, board(json_answer(PAGE1), json_answer(edited), rows=PAGE1["results"] + edited["results"]))

    asked = [request.url for request in replay.asked[before:]]
    assert asked == [URL, URL, V2 + edited["results"][0]["shortcode"]]  # the two pages, then the edited job only
    assert again.status is CompanyState.ok and again.postings["updated"] == 1
    assert again.postings["unchanged"] == len(JOBS) - 1


def test_jobs_are_asked_for_as_many_at_a_time_as_the_shared_api_host_takes(replay: Replay) -> None:
    spider = replay.spider(SPEC)
    (listing,) = replay.start(spider)
    whole = {**PAGE1, "results": JOBS, "nextPage": None}

    first = replay.answer(listing, {URL: json_answer(whole)})

    window = spider.crawler.settings.getdict("DOWNLOAD_SLOTS")["apply.workable.com"]["concurrency"]
    assert 1 < window < len(JOBS)
    assert [request.url for request in first] == [V2 + row["shortcode"] for row in JOBS[:window]]
    # Each answer lets the next job be asked for; the board comes once the last one answered.
    answers = texts(JOBS)
    following = replay.answer(first[0], answers)
    assert [request.url for request in following] == [V2 + JOBS[window]["shortcode"]]
    waiting: list[Any] = [*first[1:], *following]
    boards: list[Any] = []
    while waiting:
        for output in replay.answer(waiting.pop(0), answers):
            (waiting if isinstance(output, scrapy.Request) else boards).append(output)
    (done,) = boards
    assert done.status is CompanyState.ok and len(done.offers) == len(JOBS)
