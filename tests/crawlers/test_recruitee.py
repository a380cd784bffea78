"""The Recruitee crawler end to end: real ``jobboard crawl`` runs against career sites on loopback."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from parsers import parse_file, parse_recruitee_offer
from tests.crawlers.conftest import (
    REPO,
    CrawlRun,
    Recorder,
    base_url,
    company_key,
    fixture_board,
    fixture_text,
    jobboard_env,
    json_body,
)

Site = Callable[..., HTTPServer]
Crawl = Callable[..., CrawlRun]
SLUGS = ["backend-engineer-python", "data-analyst-intern", "product-owner-logistics", "senior-backend-entwickler-mwd"]


def serve_board(server: HTTPServer, board: object) -> None:
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
    server.expect_request("/api/offers/").respond_with_json(board)


def frontmatter_value(text: str, key: str) -> str:
    for line in text.split("\n---\n", 1)[0].splitlines():
        if line.startswith(f"{key}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {key} in frontmatter")


def test_first_crawl_writes_postings_raw_response_report_and_index(site: Site, crawl: Crawl) -> None:
    server = site()
    board = fixture_board()
    server.expect_request("/api/offers/").respond_with_json(board)

    run = crawl(base_url(server))

    assert run.returncode == 0, run.stderr
    key = company_key(server)
    result = run.result(key)
    assert result["status"] == "ok"
    assert result["postings"] == {"new": 4, "updated": 0, "unchanged": 0, "archived": 0, "unarchived": 0, "skipped": 0}
    assert run.report["companies"]["ok"] == 1
    assert run.report["indexed"] == 4
    files = run.postings(key)
    assert sorted(files) == SLUGS
    # Each file is frontmatter in the samples' shape that parses back to the same record as the offer itself.
    for offer in board["offers"]:
        path = run.data_dir / "postings" / key / f"{offer['slug']}.md"
        text = files[offer["slug"]]
        assert text.startswith("---\ntitle: ")
        for sample_key in ("host", "companyName", "url", "applyUrl", "timestamp", "hashtags", "archived"):
            frontmatter_value(text, sample_key)
        assert "mailbox_email" not in text and offer["mailbox_email"] not in text
        (reparsed,) = parse_file(path)
        assert reparsed == parse_recruitee_offer(offer)
    # Text that only sits in `translations` is kept.
    german = files["senior-backend-entwickler-mwd"]
    assert "Backend" in german and len(german) > 1000
    # Raw response kept for reparse, without mailbox addresses.
    (raw,) = (run.data_dir / "raw" / key).glob("*.json.gz")
    kept = json.loads(gzip.decompress(raw.read_bytes()))
    assert [offer["slug"] for offer in kept["offers"]] == [offer["slug"] for offer in board["offers"]]
    assert "mailbox_email" not in json.dumps(kept)
    # Report saved under data/crawls, with request counts.
    saved = json.loads((run.data_dir / "crawls" / "latest.json").read_text())
    assert saved["run_id"] == run.report["run_id"] and saved["requests"] >= 2
    # The index answers for the crawled postings.
    search = subprocess.run(
        [sys.executable, "-m", "jobboard", "search", "--json", "--location", "Rotterdam"],
        env=jobboard_env(run.data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    assert [item["title"] for item in json.loads(search.stdout)["items"]] == ["Backend Engineer (Python)"]


def test_recrawl_archives_the_vanished_posting_updates_the_changed_one_and_leaves_the_rest(site: Site, crawl: Crawl) -> None:
    server = site()
    board = fixture_board()
    serve_board(server, board)
    first = crawl(base_url(server))
    key = company_key(server)
    before = first.postings(key)
    mtimes = {p.stem: p.stat().st_mtime_ns for p in (first.data_dir / "postings" / key).glob("*.md")}

    changed = fixture_board()
    changed["offers"] = [o for o in changed["offers"] if o["slug"] != "data-analyst-intern"]
    changed["offers"][0]["title"] = "Senior Backend Engineer (Python)"
    serve_board(server, changed)
    second = crawl(base_url(server))

    assert second.returncode == 0, second.stderr
    assert second.result(key)["postings"] == {
        "new": 0,
        "updated": 1,
        "unchanged": 2,
        "archived": 1,
        "unarchived": 0,
        "skipped": 0,
    }
    after = second.postings(key)
    assert sorted(after) == SLUGS  # nothing deleted
    assert frontmatter_value(after["data-analyst-intern"], "archived") == "'true'"
    assert after["data-analyst-intern"].split("\n---\n", 1)[1] == before["data-analyst-intern"].split("\n---\n", 1)[1]
    assert frontmatter_value(after["backend-engineer-python"], "title") == "Senior Backend Engineer (Python)"
    for slug in ("product-owner-logistics", "senior-backend-entwickler-mwd"):
        assert after[slug] == before[slug]
        assert (second.data_dir / "postings" / key / f"{slug}.md").stat().st_mtime_ns == mtimes[slug]  # not rewritten
    # The index hides the archived posting and shows the renamed one.
    search = subprocess.run(
        [sys.executable, "-m", "jobboard", "search", "--json"],
        env=jobboard_env(second.data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    titles = sorted(item["title"] for item in json.loads(search.stdout)["items"])
    assert "Data Analyst Intern" not in titles and "Senior Backend Engineer (Python)" in titles

    # The posting comes back: un-archived.
    serve_board(server, board)
    third = crawl(base_url(server))
    assert third.result(key)["postings"]["unarchived"] == 1
    assert frontmatter_value(third.postings(key)["data-analyst-intern"], "archived") == "'false'"


def test_a_failed_fetch_mid_run_archives_nothing_for_that_company(site: Site, crawl: Crawl) -> None:
    healthy, flaky = site(), site()
    serve_board(healthy, fixture_board())
    serve_board(flaky, fixture_board())
    first = crawl(base_url(healthy), base_url(flaky))
    assert first.report["companies"]["ok"] == 2

    def truncated(request: Request) -> Response:
        body = json.dumps(fixture_board()).encode()
        response = Response(body[: len(body) // 2], status=200, content_type="application/json")
        response.headers["Content-Length"] = str(len(body))  # promises more than it sends
        return response

    flaky.clear_all_handlers()
    flaky.expect_request("/robots.txt").respond_with_data("", status=404)
    flaky.expect_request("/api/offers/").respond_with_handler(truncated)
    second = crawl(base_url(healthy), base_url(flaky), env={"JOBBOARD_CRAWL_RETRIES": "1"})

    assert second.returncode == 0, second.stderr
    assert second.result(company_key(healthy))["status"] == "ok"
    failed = second.result(company_key(flaky))
    assert failed["status"] == "failed"
    assert "truncated" in failed["reason"]
    assert second.postings(company_key(flaky)) == first.postings(company_key(flaky))
    assert second.report["companies"]["failed"] == 1


def test_429_then_success_waits_as_told_by_retry_after(site: Site, crawl: Crawl) -> None:
    server = site()
    offers = Recorder(Response("slow down", status=429, headers={"Retry-After": "1"}), json_body(fixture_board()))
    server.expect_request("/api/offers/").respond_with_handler(offers)

    run = crawl(base_url(server))

    assert run.result(company_key(server))["status"] == "ok"
    assert len(offers.times) == 2
    assert offers.times[1] - offers.times[0] >= 0.95
    assert run.report["retries"] == 1


def test_500_three_times_then_give_up_with_growing_backoff(site: Site, crawl: Crawl) -> None:
    server = site()
    serve_board(server, fixture_board())
    first = crawl(base_url(server))
    errors = Recorder(Response("oops", status=500))
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/api/offers/").respond_with_handler(errors)

    run = crawl(base_url(server), env={"JOBBOARD_CRAWL_RETRIES": "2", "JOBBOARD_CRAWL_BACKOFF_S": "0.3"})

    assert run.returncode == 0
    result = run.result(company_key(server))
    assert result["status"] == "failed" and result["reason"] == "HTTP 500 after 3 attempts"
    assert len(errors.times) == 3
    first_gap, second_gap = errors.times[1] - errors.times[0], errors.times[2] - errors.times[1]
    assert first_gap >= 0.3 and second_gap >= 0.6  # 0.3 s, then twice that
    assert run.postings(company_key(server)) == first.postings(company_key(server))


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (Response('{"offers": [{"title": "Backend', status=200, content_type="application/json"), "invalid JSON"),
        (Response("<html>Bad gateway</html>", status=200, content_type="text/plain"), "invalid JSON"),
        (Response('{"jobs": []}', status=200, content_type="application/json"), "unexpected shape"),
        (Response('[{"title": "x"}]', status=200, content_type="application/json"), "unexpected shape"),
    ],
    ids=["truncated-json", "not-json", "other-object", "bare-list"],
)
def test_broken_responses_fail_the_company_and_archive_nothing(site: Site, crawl: Crawl, response: Response, reason: str) -> None:
    server = site()
    serve_board(server, fixture_board())
    first = crawl(base_url(server))
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/api/offers/").respond_with_response(response)

    run = crawl(base_url(server))

    result = run.result(company_key(server))
    assert run.returncode == 0
    assert result["status"] == "failed" and reason in result["reason"]
    assert run.postings(company_key(server)) == first.postings(company_key(server))


def test_a_20_mb_body_is_dropped_and_reported(site: Site, crawl: Crawl) -> None:
    server = site()
    padding = "x" * (20 * 1024 * 1024)
    server.expect_request("/api/offers/").respond_with_data(
        json.dumps({"offers": [], "padding": padding}), content_type="application/json"
    )
    streamed = site()
    chunks = (b"{" + b" " * 1024 * 1024 for _ in range(20))
    streamed.expect_request("/api/offers/").respond_with_response(Response(chunks, content_type="application/json"))

    run = crawl(base_url(server), base_url(streamed))

    assert run.returncode == 0
    for key in (company_key(server), company_key(streamed)):
        result = run.result(key)
        assert result["status"] == "failed" and "larger than the 10 MB limit" in result["reason"], result


def test_robots_txt_disallow_skips_the_company(site: Site, crawl: Crawl) -> None:
    server = site(robots="User-agent: *\nDisallow: /\n")
    offers = Recorder(json_body(fixture_board()))
    server.expect_request("/api/offers/").respond_with_handler(offers)

    run = crawl(base_url(server))

    assert run.returncode == 0
    assert run.result(company_key(server))["status"] == "robots"
    assert run.report["companies"]["robots"] == 1
    assert offers.times == []  # never asked


def test_a_301_to_a_not_hosted_page_is_reported_and_not_followed(site: Site, crawl: Crawl) -> None:
    server, marketing = site(), site()
    serve_board(server, fixture_board())
    first = crawl(base_url(server))
    landing = Recorder(Response(fixture_text("not_hosted.html"), content_type="text/html"))
    marketing.expect_request("/").respond_with_handler(landing)
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/api/offers/").respond_with_response(
        Response("", status=301, headers={"Location": base_url(marketing) + "/?utm_source=not_hosted"})
    )

    run = crawl(base_url(server))

    result = run.result(company_key(server))
    assert result["status"] == "not_hosted" and base_url(marketing) in result["reason"]
    assert landing.times == []
    assert run.postings(company_key(server)) == first.postings(company_key(server))  # nothing archived


def test_redirects_within_the_site_are_followed_and_loops_reported(site: Site, crawl: Crawl) -> None:
    moved, looping = site(), site()
    moved.expect_request("/api/offers/", query_string="lang=en").respond_with_json(fixture_board())
    moved.expect_request("/api/offers/").respond_with_response(
        Response("", status=301, headers={"Location": "/api/offers/?lang=en"})
    )
    looping.expect_request("/api/offers/").respond_with_response(Response("", status=302, headers={"Location": "/api/offers/"}))

    run = crawl(base_url(moved), base_url(looping))

    assert run.result(company_key(moved))["status"] == "ok"
    loop = run.result(company_key(looping))
    assert loop["status"] == "failed" and "redirects" in loop["reason"]


def test_a_custom_domain_without_the_api_is_read_from_its_offer_pages(site: Site, crawl: Crawl) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_data("Not found", status=404)
    server.expect_request("/").respond_with_data(fixture_text("careers.html"), content_type="text/html")
    server.expect_request("/o/data-engineer-aberdeen").respond_with_data(
        fixture_text("offer_data_engineer.html"), content_type="text/html"
    )
    server.expect_request("/o/frontend-developer-remote").respond_with_data(
        fixture_text("offer_frontend_developer.html"), content_type="text/html"
    )
    key = f"localhost_{server.port}"

    run = crawl(f"http://localhost:{server.port}")

    result = run.result(key)
    assert result["status"] == "ok" and result["postings"]["new"] == 2
    files = run.postings(key)
    assert sorted(files) == ["data-engineer-aberdeen", "frontend-developer-remote"]
    (record,) = parse_file(run.data_dir / "postings" / key / "data-engineer-aberdeen.md")
    assert record.title == "Data Engineer"
    assert record.company.name == "Kelpie Analytics Ltd"
    assert record.location.workplace == ["hybrid"]
    assert "Hydration copy" not in record.description
    assert list((run.data_dir / "raw" / key).glob("*.pages.json.gz"))
    paths = [entry[0].path for entry in server.log]
    assert "/o/someone-elses-job" not in paths and paths.count("/o/data-engineer-aberdeen") == 1


def test_an_empty_board_archives_every_posting(site: Site, crawl: Crawl) -> None:
    server = site()
    serve_board(server, fixture_board())
    crawl(base_url(server))
    serve_board(server, {"offers": []})

    run = crawl(base_url(server))

    result = run.result(company_key(server))
    assert result["status"] == "empty" and result["postings"]["archived"] == 4
    assert all(frontmatter_value(text, "archived") == "'true'" for text in run.postings(company_key(server)).values())


def test_a_sandbox_tenant_is_reported_and_its_samples_not_stored(site: Site, crawl: Crawl) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_json(fixture_board("sandbox_offers.json"))

    run = crawl(base_url(server))

    result = run.result(company_key(server))
    assert result["status"] == "sandbox" and "samples" in result["reason"]
    assert run.postings(company_key(server)) == {}


def test_a_company_list_with_a_typo_reports_it_and_crawls_the_rest(site: Site, crawl: Crawl, tmp_path: Path) -> None:
    good, unknown = site(), site()
    good.expect_request("/api/offers/").respond_with_json(fixture_board())
    unknown.expect_request("/api/offers/").respond_with_data('{"error":"Not found"}', status=404, content_type="application/json")
    unknown.expect_request("/").respond_with_data("<html><h1>Page not found</h1></html>", status=404, content_type="text/html")
    companies = tmp_path / "companies.txt"
    companies.write_text(
        f"# our boards\n{base_url(good)}   # the good one\n\nperdo o\n{base_url(unknown)}\n{base_url(good)}/\n", encoding="utf-8"
    )

    run = crawl("--companies-file", str(companies))

    assert run.returncode == 0, run.stderr
    assert run.report["companies"] | {} == run.report["companies"]
    counts = run.report["companies"]
    assert (counts["ok"], counts["unknown"], counts["invalid"]) == (1, 1, 1)
    assert run.result("perdo o")["status"] == "invalid"
    assert "HTTP 404" in run.result(company_key(unknown))["reason"]
    assert len(run.report["results"]) == 3  # the duplicate spelling of the good one is crawled once


def test_conditional_requests_use_the_last_validators(site: Site, crawl: Crawl) -> None:
    server = site()
    body = json.dumps(fixture_board())

    def board(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            body, content_type="application/json", headers={"ETag": '"v1"', "Last-Modified": "Mon, 23 Nov 2026 08:00:00 GMT"}
        )

    offers = Recorder(board)
    server.expect_request("/api/offers/").respond_with_handler(offers)
    crawl(base_url(server))

    run = crawl(base_url(server))

    result = run.result(company_key(server))
    assert result["status"] == "not_modified" and result["postings"]["unchanged"] == 4
    assert offers.requests[1].headers["If-None-Match"] == '"v1"'
    assert offers.requests[1].headers["If-Modified-Since"] == "Mon, 23 Nov 2026 08:00:00 GMT"
    full = crawl(base_url(server), "--full")
    assert full.result(company_key(server))["status"] == "ok"
    assert "If-None-Match" not in offers.requests[2].headers


def test_requests_are_gets_with_an_honest_user_agent(site: Site, crawl: Crawl) -> None:
    server = site()
    offers = Recorder(json_body(fixture_board()))
    server.expect_request("/api/offers/").respond_with_handler(offers)

    crawl(base_url(server), env={"JOBBOARD_CONTACT_URL": "https://board.example/contact"})

    methods = {entry[0].method for entry in server.log}
    assert methods == {"GET"}
    assert offers.requests[0].headers["User-Agent"].startswith("jobboard/")
    assert "+https://board.example/contact" in offers.requests[0].headers["User-Agent"]


def test_a_timeout_is_reported_after_retries(site: Site, crawl: Crawl) -> None:
    import time

    server = site()

    def slow(request: Request) -> Response:
        time.sleep(2.5)
        return json_body(fixture_board())

    offers = Recorder(slow)
    server.expect_request("/api/offers/").respond_with_handler(offers)

    run = crawl(base_url(server), env={"JOBBOARD_CRAWL_TIMEOUT_S": "1", "JOBBOARD_CRAWL_RETRIES": "1"})

    result = run.result(company_key(server))
    assert result["status"] == "failed" and result["reason"] == "timed out after 1 s"
    assert len(offers.times) == 2


def test_the_run_fails_cleanly_without_companies(crawl: Crawl) -> None:
    run = crawl(json_report=False)
    assert run.returncode == 2
    assert "no companies to crawl" in run.stderr and "Traceback" not in run.stderr


def test_reparse_rebuilds_posting_files_from_kept_responses(site: Site, crawl: Crawl) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_json(fixture_board())
    run = crawl(base_url(server))
    key = company_key(server)
    before = run.postings(key)
    for path in (run.data_dir / "postings" / key).glob("*.md"):
        path.unlink()

    done = subprocess.run(
        [sys.executable, "-m", "jobboard", "reparse", key],
        env=jobboard_env(run.data_dir),
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "4 new" in done.stdout
    assert run.postings(key) == before


def test_scrapy_crawl_works_for_scrapy_users(site: Site, tmp_path: Path) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_json(fixture_board())
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
        env=jobboard_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    latest = json.loads((data_dir / "crawls" / "latest.json").read_text())
    assert latest["companies"]["ok"] == 1 and latest["companies"]["invalid"] == 1
    assert len(list((data_dir / "postings" / company_key(server)).glob("*.md"))) == 4


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


def test_an_unreadable_offer_is_reported_and_its_posting_kept(site: Site, crawl: Crawl) -> None:
    server = site()
    serve_board(server, fixture_board())
    first = crawl(base_url(server))
    broken = fixture_board()
    broken["offers"][1]["title"] = None
    broken["offers"][1]["translations"] = {}
    broken["offers"][1]["description"] = ""
    broken["offers"][1]["requirements"] = ""
    broken["offers"][1]["highlight"] = ""
    serve_board(server, broken)

    run = crawl(base_url(server))

    result = run.result(company_key(server))
    assert result["status"] == "ok" and result["postings"]["archived"] == 0
    assert result["problems"] and result["problems"][0].startswith("offer product-owner-logistics:")
    assert run.postings(company_key(server)) == first.postings(company_key(server))
    assert "product-owner-logistics" in run.stdout  # named in the report
