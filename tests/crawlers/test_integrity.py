"""Crawled data is never lost and never drifts from the index, even when a crawl is killed: real ``jobboard crawl``
processes on loopback sites.

A crash between the posting files and the index is a real ``kill -9`` of a crawl whose files are written
while a second, slow career site keeps it from reaching its index update. What a crawl that runs to its end
does to the files and the index (held shrinks, unreadable offers, colliding slugs, a locked index) is tested
in process, in test_pipeline.py.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.cli import jobboard
from tests.crawlers.conftest import (
    REPO,
    Replay,
    base_url,
    company_key,
    generated_offer,
    indexed,
    jobboard_env,
    journal_lines,
    json_answer,
    json_body,
    on_disk,
    result_of,
)

Site = Callable[..., HTTPServer]


def serve(server: HTTPServer, offers: list[dict[str, Any]]) -> None:
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
    server.expect_request("/api/offers/").respond_with_json({"offers": offers})


@pytest.fixture
def hung_site(site: Site) -> Iterator[HTTPServer]:
    """A career site whose offers answer waits until the test lets it go (or 60 s)."""
    release = threading.Event()

    def hang(request: Request) -> Response:
        release.wait(60)
        return json_body({"offers": []})

    server = site()
    server.expect_request("/api/offers/").respond_with_handler(hang)
    yield server
    release.set()


def crawl_killed_after_files(data_dir: Path, key: str, count: int, *urls: str) -> None:
    """Start a crawl, wait until ``count`` posting files of ``key`` are archived, and ``kill -9`` it.

    The hung site keeps the crawl from closing, and the index is updated only when it closes: the kill
    lands after the files, before the index.
    """
    folder = data_dir / "postings" / key
    crawl = subprocess.Popen(
        [sys.executable, "-m", "jobboard", "crawl", "--json", *urls],
        cwd=data_dir.parent,
        env=jobboard_env(data_dir, JOBBOARD_CRAWL_TIMEOUT_S="60", JOBBOARD_CRAWL_RETRIES="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while sum("\narchived: 'true'\n" in path.read_text(encoding="utf-8") for path in folder.glob("*.md")) < count:
            assert crawl.poll() is None, "the crawl ended before it was killed"
            assert time.monotonic() < deadline, "the posting files were never archived"
            time.sleep(0.02)
    finally:
        crawl.kill()  # SIGKILL: no handler runs, nothing is flushed
        crawl.wait()


@pytest.mark.parametrize("repair", ["crawl", "reparse", "index"])
def test_a_crawl_killed_between_its_files_and_the_index_is_repaired_by_the_next_run(
    site: Site, hung_site: HTTPServer, replay: Replay, repair: str
) -> None:
    server = site()
    url, key, data_dir = base_url(server), company_key(server), replay.data_dir
    replay.crawl(url, answers={f"{url}/api/offers/": json_answer({"offers": [generated_offer(n) for n in range(6)]})})
    assert list(indexed(data_dir).values()) == [False] * 6
    serve(server, [])  # the company closed every opening: a complete, empty answer archives all six

    crawl_killed_after_files(data_dir, key, 6, url, base_url(hung_site))

    assert set(on_disk(data_dir, key).values()) == {True}
    assert set(indexed(data_dir).values()) == {False}  # the crash left the index behind the files
    # Whatever runs next brings the index in step; none of them needs a process of its own.
    if repair == "crawl":
        report = replay.crawl(url, answers={f"{url}/api/offers/": json_answer({"offers": []})})
        assert report.failed is None and result_of(report, key).postings["archived"] == 0  # files unchanged
    else:
        args = ("reparse",) if repair == "reparse" else ("index", str(REPO / "data" / "samples"))  # not even the postings
        done = jobboard(data_dir, *args)
        assert done.returncode == 0, done.stderr
        if repair == "index":
            assert "indexed 6 postings an interrupted crawl left out of the index" in done.stderr
    in_index = indexed(data_dir)
    assert {posting: in_index.get(posting) for posting in on_disk(data_dir, key)} == on_disk(data_dir, key)
    assert journal_lines(data_dir) == []
