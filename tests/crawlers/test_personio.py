"""The Personio spider in process: the company's XML feed, ``https://{company}.jobs.personio.de/xml``."""

from __future__ import annotations

import re

from crawlers.items import CompanyState
from parsers import parse_file
from tests.crawlers.conftest import Answer, Replay, active, crawled, html_answer, kept_board, source_bytes

SPEC, KEY = "personio:elbtal", "personio-elbtal"
URL = "https://elbtal.jobs.personio.de/xml"
FEED = source_bytes("personio", "feed.xml")
POSITIONS = FEED.count(b"<position>")


def xml(body: bytes, status: int = 200) -> Answer:
    return Answer(body, status, {"Content-Type": "text/xml; charset=utf-8"})


def test_the_feed_is_stored_with_public_job_links_and_a_removed_position_archived(replay: Replay) -> None:
    first = crawled(replay, SPEC, {URL: xml(FEED)})

    assert first.status is CompanyState.ok and first.postings["new"] == POSITIONS == active(replay.data_dir, KEY)
    kept = kept_board(replay.data_dir, KEY)
    assert kept["context"] == {"origin": "https://elbtal.jobs.personio.de", "token": "elbtal"}
    assert all(job.startswith("<position>") for job in kept["jobs"])  # each position as its own XML text
    urls = {r.url for path in (replay.data_dir / "postings" / KEY).glob("*.md") for r in parse_file(path)}
    assert all(url and url.startswith("https://elbtal.jobs.personio.de/job/") for url in urls)

    last = FEED.rindex(b"<position>")
    shorter = FEED[:last] + FEED[FEED.index(b"</position>", last) + len(b"</position>") :]
    gone = crawled(replay, SPEC, {URL: xml(shorter)})
    assert gone.postings["archived"] == 1 and active(replay.data_dir, KEY) == POSITIONS - 1


def test_what_is_not_a_feed_archives_nothing(replay: Replay) -> None:
    crawled(replay, SPEC, {URL: xml(FEED)})

    truncated = crawled(replay, SPEC, {URL: xml(FEED[: len(FEED) // 2])})
    page = crawled(replay, SPEC, {URL: html_answer("<html><body>Maintenance</body></html>")})
    server = crawled(replay, SPEC, {URL: xml(b"", status=500)})

    for result in (truncated, page, server):
        assert result.status is CompanyState.failed, result
    assert "HTML page" in (page.reason or "")
    assert active(replay.data_dir, KEY) == POSITIONS
    empty = crawled(replay, SPEC, {URL: xml(re.sub(rb"<position>.*</position>", b"", FEED, flags=re.S))})
    assert empty.status is CompanyState.empty and active(replay.data_dir, KEY) == 0


def test_com_boards_and_unknown_companies(replay: Replay) -> None:
    result = crawled(replay, "https://elbtal.jobs.personio.com/", {"https://elbtal.jobs.personio.com/xml": xml(FEED)})
    assert result.status is CompanyState.ok and kept_board(replay.data_dir, KEY)["context"]["origin"].endswith(".com")
    assert (
        crawled(replay, "personio:nosuch", {"https://nosuch.jobs.personio.de/xml": xml(b"", 404)}).status is CompanyState.unknown
    )
