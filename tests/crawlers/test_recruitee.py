"""The Recruitee crawler end to end: real crawl processes against career sites on loopback.

Only what needs a real process and a real network is here: retry pauses and timeouts, robots.txt, body caps,
redirects, Scrapy's HTTP cache and ``scrapy crawl``. What the spider makes of an answer and what a board does
to the data folder are tested in process (test_spider.py, test_pipeline.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.crawlers.conftest import REPO, CrawlRun, Recorder, base_url, company_key, fixture_board, jobboard_env, json_body

Site = Callable[..., HTTPServer]
Crawl = Callable[..., CrawlRun]


def test_failing_servers_are_retried_after_growing_pauses_then_given_up(site: Site, crawl: Crawl) -> None:
    busy, broken, slow = site(), site(), site()
    told = Recorder(Response("slow down", status=429, headers={"Retry-After": "1"}), json_body(fixture_board()))
    busy.expect_request("/api/offers/").respond_with_handler(told)
    errors = Recorder(Response("oops", status=500))
    broken.expect_request("/api/offers/").respond_with_handler(errors)

    def late(request: Request) -> Response:
        time.sleep(2.5)
        return json_body(fixture_board())

    waited = Recorder(late)
    slow.expect_request("/api/offers/").respond_with_handler(waited)

    run = crawl(
        base_url(busy),
        base_url(broken),
        base_url(slow),
        env={"JOBBOARD_CRAWL_RETRIES": "2", "JOBBOARD_CRAWL_BACKOFF_S": "0.3", "JOBBOARD_CRAWL_TIMEOUT_S": "1"},
    )

    assert run.returncode == 0, run.stderr
    # 429: asked again once, as long after as Retry-After said.
    assert run.result(company_key(busy))["status"] == "ok"
    assert len(told.times) == 2 and told.times[1] - told.times[0] >= 0.95
    # 500: three attempts, 0.3 s apart, then twice that; then given up.
    result = run.result(company_key(broken))
    assert result["status"] == "failed" and result["reason"] == "HTTP 500 after 3 attempts"
    assert len(errors.times) == 3
    assert errors.times[1] - errors.times[0] >= 0.3 and errors.times[2] - errors.times[1] >= 0.6
    # A server slower than the timeout: every attempt timed out.
    result = run.result(company_key(slow))
    assert result["status"] == "failed" and result["reason"] == "timed out after 1 s"
    assert len(waited.times) == 3
    assert run.report["retries"] == 1 + 2 + 2


def test_the_downloader_keeps_to_robots_txt_body_caps_and_the_companys_site(site: Site, crawl: Crawl) -> None:
    forbidden = site(robots="User-agent: *\nDisallow: /\n")
    never_asked = Recorder(json_body(fixture_board()))
    forbidden.expect_request("/api/offers/").respond_with_handler(never_asked)
    big, streamed = site(), site()
    padding = "x" * (20 * 1024 * 1024)
    big.expect_request("/api/offers/").respond_with_data(
        json.dumps({"offers": [], "padding": padding}), content_type="application/json"
    )
    chunks = (b"{" + b" " * 1024 * 1024 for _ in range(20))
    streamed.expect_request("/api/offers/").respond_with_response(Response(chunks, content_type="application/json"))
    moved, looping = site(), site()
    moved.expect_request("/api/offers/", query_string="lang=en").respond_with_json(fixture_board())
    moved.expect_request("/api/offers/").respond_with_response(
        Response("", status=301, headers={"Location": "/api/offers/?lang=en"})
    )
    looping.expect_request("/api/offers/").respond_with_response(Response("", status=302, headers={"Location": "/api/offers/"}))

    run = crawl(*(base_url(server) for server in (forbidden, big, streamed, moved, looping)))

    assert run.returncode == 0, run.stderr
    assert run.result(company_key(forbidden))["status"] == "robots"
    assert never_asked.times == []
    for server in (big, streamed):  # whether the size is announced or only found out while reading
        result = run.result(company_key(server))
        assert result["status"] == "failed" and "larger than the 10 MB limit" in result["reason"], result
    assert run.result(company_key(moved))["status"] == "ok"  # a redirect within the site is followed
    loop = run.result(company_key(looping))
    assert loop["status"] == "failed" and "redirects" in loop["reason"]
    counts = run.report["companies"]
    assert (counts["ok"], counts["robots"], counts["failed"]) == (1, 1, 3)


def test_scrapy_crawl_works_for_scrapy_users(site: Site, tmp_path: Path) -> None:
    server = site()
    offers = Recorder(json_body(fixture_board()))
    server.expect_request("/api/offers/").respond_with_handler(offers)
    data_dir = tmp_path / "data"

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "recruitee",
            "-a",
            f"companies=nosuch!!,{base_url(server)}",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=REPO,
        env=jobboard_env(data_dir, JOBBOARD_CONTACT_URL="https://board.example/contact"),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    latest = json.loads((data_dir / "crawls" / "latest.json").read_text())
    assert latest["companies"]["ok"] == 1 and latest["companies"]["invalid"] == 1
    assert latest["requests"] >= 2  # robots.txt and the offers
    assert len(list((data_dir / "postings" / company_key(server)).glob("*.md"))) == 4
    # Only GETs, from a user agent that says who we are and how to reach us.
    assert {request.method for request, _ in server.log} == {"GET"}
    agent = offers.requests[0].headers["User-Agent"]
    assert agent.startswith("jobboard/") and "+https://board.example/contact" in agent


def test_the_development_http_cache_replays_responses(site: Site, crawl: Crawl) -> None:
    server = site()
    offers = Recorder(json_body(fixture_board()))
    server.expect_request("/api/offers/").respond_with_handler(offers)
    env = {"JOBBOARD_CRAWL_HTTP_CACHE": "true"}

    first = crawl(base_url(server), env=env)
    second = crawl(base_url(server), env=env)

    assert first.result(company_key(server))["postings"]["new"] == 4
    assert second.result(company_key(server))["postings"]["unchanged"] == 4
    assert len(offers.times) == 1  # the second run never reached the server
    assert (second.data_dir / "httpcache").is_dir()
