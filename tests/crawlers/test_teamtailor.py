"""The Teamtailor spider in process: ``/jobs.json`` (JSON:API pages, or a JSON Feed), else ``/jobs.rss``."""

from __future__ import annotations

import copy

from crawlers.items import CompanyState
from tests.crawlers.conftest import (
    Answer,
    Replay,
    active,
    crawled,
    html_answer,
    json_answer,
    kept_board,
    search_titles,
    source_bytes,
    source_json,
)

SPEC, KEY = "teamtailor:granit", "teamtailor-granit"
JSON, RSS = "https://granit.teamtailor.com/jobs.json", "https://granit.teamtailor.com/jobs.rss"
API = source_json("teamtailor", "jobs_jsonapi.json")
FEED = source_json("teamtailor", "jobs_feed.json")
RSS_BODY = source_bytes("teamtailor", "jobs_rss.xml")


def test_json_api_pages_are_followed_with_their_related_resources(replay: Replay) -> None:
    first, second = copy.deepcopy(API), copy.deepcopy(API)
    first["data"], second["data"] = API["data"][:2], API["data"][2:]
    first["links"]["next"] = "/jobs.json?page=2"
    page2 = "https://granit.teamtailor.com/jobs.json?page=2"

    result = crawled(replay, SPEC, {JSON: json_answer(first), page2: json_answer(second)})

    assert result.status is CompanyState.ok and result.postings["new"] == len(API["data"]) == active(replay.data_dir, KEY)
    kept = kept_board(replay.data_dir, KEY)
    assert kept["context"]["form"] == "jsonapi" and len(kept["context"]["included"]) == len(API["included"])  # once each
    assert len(search_titles(replay.settings, source="teamtailor")) == len(API["data"])

    failed = crawled(replay, SPEC, {JSON: json_answer(first), page2: Answer(b"", status=500)})
    assert failed.status is CompanyState.failed and active(replay.data_dir, KEY) == len(API["data"])
    gone = crawled(replay, SPEC, {JSON: json_answer(first), page2: json_answer({**second, "data": []})})
    assert gone.status is CompanyState.ok and gone.postings["archived"] == len(API["data"]) - 2


def test_a_json_feed_and_the_rss_fallback(replay: Replay) -> None:
    feed = crawled(replay, SPEC, {JSON: json_answer(FEED)})
    assert feed.status is CompanyState.ok and feed.postings["new"] == len(FEED["items"])

    rss = crawled(
        replay,
        "teamtailor:other",
        {
            JSON.replace("granit", "other"): Answer(b"", status=404),
            RSS.replace("granit", "other"): Answer(RSS_BODY, headers={"Content-Type": "application/rss+xml"}),
        },
    )
    assert rss.status is CompanyState.ok and rss.postings["new"] == RSS_BODY.count(b"<item>")
    assert kept_board(replay.data_dir, "teamtailor-other")["context"]["form"] == "rss"

    html = crawled(
        replay,
        "teamtailor:third",
        {
            JSON.replace("granit", "third"): html_answer("<html>jobs</html>"),
            RSS.replace("granit", "third"): Answer(b"", status=404),
        },
    )
    assert html.status is CompanyState.unknown
