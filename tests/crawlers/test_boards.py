"""Mixed companies lists: one crawl process reads boards of all eight ATS, and ``jobboard detect``.

End to end (one loopback server standing in for every ATS through ``JOBBOARD_<ATS>_API_BASE``): the first
answer of every board is a 429 the downloader waits out and asks again. In process: ``jobboard detect`` on a
careers page served on loopback, and the address rules it keeps to.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crawlers.detect import DetectError, boards_in_page, detect, fetch_page
from crawlers.sources import ATS
from jobboard.cli import main
from tests.crawlers.conftest import CrawlRun, Recorder, base_url, fixture_board, json_body, source_bytes, source_json

Site = Callable[..., HTTPServer]
Crawl = Callable[..., CrawlRun]
SLOW_DOWN = Response("slow down", status=429, headers={"Retry-After": "0"})

GREENHOUSE = source_json("greenhouse", "board_content.json")
LEVER = source_json("lever", "postings.json")
ASHBY = source_json("ashby", "board_compensation.json")
WORKABLE = source_json("workable", "v3_page1.json"), source_json("workable", "v3_page2.json")
SMART = source_json("smartrecruiters", "postings_page1.json"), source_json("smartrecruiters", "postings_page2.json")
AD = source_json("smartrecruiters", "posting_jobad.json")
PERSONIO = source_bytes("personio", "feed.xml")
TEAMTAILOR = source_json("teamtailor", "jobs_jsonapi.json")

COMPANIES = {
    "recruitee:perdoo": "perdoo",
    "greenhouse:acme": "greenhouse-acme",
    "lever:acme": "lever-acme",
    "ashby:acme": "ashby-acme",
    "workable:acme": "workable-acme",
    "smartrecruiters:Acme": "smartrecruiters-acme",
    "personio:acme": "personio-acme",
    "teamtailor:acme": "teamtailor-acme",
}
EXPECTED = {
    "perdoo": len(fixture_board()["offers"]),
    "greenhouse-acme": len(GREENHOUSE["jobs"]),
    "lever-acme": len(LEVER),
    "ashby-acme": len(ASHBY["jobs"]),
    "workable-acme": sum(len(page["results"]) for page in WORKABLE),
    "smartrecruiters-acme": sum(len(page["content"]) for page in SMART),
    "personio-acme": PERSONIO.count(b"<position>"),
    "teamtailor-acme": len(TEAMTAILOR["data"]),
}


def workable_pages(request: Request) -> Response:
    cursor = json.loads(request.get_data() or b"{}").get("token")
    return json_body(WORKABLE[1] if cursor == WORKABLE[0]["nextPage"] else WORKABLE[0])


def workable_job(request: Request) -> Response:
    code = request.path.rsplit("/", 1)[-1]
    row = next(r for page in WORKABLE for r in page["results"] if r["shortcode"] == code)
    return json_body({**row, "description": "<p>Build and run the platform.</p>"})


def smartrecruiters_ad(request: Request) -> Response:
    posting_id = request.path.rsplit("/", 1)[-1]
    entry = next(e for page in SMART for e in page["content"] if e["id"] == posting_id)
    return json_body({**entry, "jobAd": AD["jobAd"]})


def serve_every_ats(server: HTTPServer, greenhouse: dict[str, Any]) -> dict[str, Recorder]:
    """Each ATS's endpoints on one server, each board's first request answered 429 once."""
    first = {
        "perdoo": Recorder(SLOW_DOWN, json_body(fixture_board())),
        "greenhouse-acme": Recorder(SLOW_DOWN, json_body(greenhouse)),
        "lever-acme": Recorder(SLOW_DOWN, json_body(LEVER)),
        "ashby-acme": Recorder(SLOW_DOWN, json_body(ASHBY)),
        "workable-acme": Recorder(SLOW_DOWN, workable_pages),
        "smartrecruiters-acme": Recorder(SLOW_DOWN, json_body({**SMART[0], "limit": 100})),
        "personio-acme": Recorder(SLOW_DOWN, Response(PERSONIO, content_type="text/xml")),
        "teamtailor-acme": Recorder(SLOW_DOWN, json_body(TEAMTAILOR)),
    }
    server.expect_request("/perdoo/api/offers/").respond_with_handler(first["perdoo"])
    server.expect_request("/v1/boards/acme/jobs").respond_with_handler(first["greenhouse-acme"])
    server.expect_request("/v0/postings/acme").respond_with_handler(first["lever-acme"])
    server.expect_request("/posting-api/job-board/acme").respond_with_handler(first["ashby-acme"])
    server.expect_request("/api/v3/accounts/acme/jobs", method="POST").respond_with_handler(first["workable-acme"])
    server.expect_request(re.compile(r"^/api/v2/accounts/acme/jobs/\w+$")).respond_with_handler(workable_job)
    postings = "/v1/companies/Acme/postings"
    server.expect_request(postings, query_string="offset=0&limit=100").respond_with_handler(first["smartrecruiters-acme"])
    server.expect_request(postings, query_string="offset=3&limit=100").respond_with_json({**SMART[1], "limit": 100})
    server.expect_request(re.compile(r"^/v1/companies/Acme/postings/\d+$")).respond_with_handler(smartrecruiters_ad)
    server.expect_request("/acme/xml").respond_with_handler(first["personio-acme"])
    server.expect_request("/acme/jobs.json").respond_with_handler(first["teamtailor-acme"])
    return first


def test_one_crawl_reads_a_mixed_list_of_all_eight_ats_waiting_out_429s(site: Site, crawl: Crawl) -> None:
    server = site()
    recorders = serve_every_ats(server, GREENHOUSE)
    env = {f"JOBBOARD_{kind.upper()}_API_BASE": base_url(server) for kind in ATS}

    run = crawl(*COMPANIES, env=env)

    assert run.returncode == 0, run.stderr
    for key, count in EXPECTED.items():
        result = run.result(key)
        assert (result["status"], result["postings"]["new"]) == ("ok", count), result
        assert len(recorders[key].times) == (3 if key == "workable-acme" else 2)  # the 429, then the answer (pages)
    assert run.report["retries"] == len(COMPANIES)
    assert {request.method for request, _ in server.log} == {"GET", "POST"}  # POST: Workable's listing only

    server.clear()
    smaller = copy.deepcopy(GREENHOUSE)
    del smaller["jobs"][0]
    serve_every_ats(server, smaller)
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")

    again = crawl(*COMPANIES, env=env)

    assert again.result("greenhouse-acme")["postings"]["archived"] == 1
    assert again.result("lever-acme")["postings"]["unchanged"] == EXPECTED["lever-acme"]


# ---------------------------------------------------------------- jobboard detect, in process

CAREERS = """<html><head>
<script src="https://boards.greenhouse.io/embed/job_board/js?for=stripe"></script>
</head><body>
<a href="https://jobs.lever.co/veeva/0f7d-senior-engineer">Engineer</a>
<script src="https://jobs.ashbyhq.com/render/embed?version=2"></script>
<a href="//apply.workable.com/netguru/">Workable</a>
<a href="https://jobs.smartrecruiters.com/Wise/7440001">Wise</a>
<iframe src="https://clark.jobs.personio.de/?language=en"></iframe>
<a href="https://upcloud.teamtailor.com/jobs">Teamtailor</a>
<a href="https://perdoo.recruitee.com/o/backend">Recruitee</a>
<a href="https://www.greenhouse.io/customers">not a board</a>
</body></html>"""


@pytest.fixture
def careers() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_detect_finds_every_embedded_board_on_a_careers_page(careers: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    careers.expect_request("/jobs").respond_with_data(CAREERS, content_type="text/html; charset=utf-8")
    careers.expect_request("/careers").respond_with_response(Response("", status=301, headers={"Location": "/jobs"}))
    url = careers.url_for("/careers")

    code = main(["detect", url, "https://job-boards.greenhouse.io/figma", "https://jobs.eu.lever.co/nordwerk/abc"])

    lines = [line.split("  # ")[0] for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert lines == [
        "greenhouse:stripe",
        "lever:veeva",
        "ashby:render",
        "workable:netguru",
        "smartrecruiters:Wise",
        "personio:clark",
        "teamtailor:upcloud",
        "recruitee:perdoo",
        "greenhouse:figma",  # recognized from the URL alone
        "https://jobs.eu.lever.co/nordwerk",  # the line that keeps the EU host
    ]
    assert [request.path for request, _ in careers.log] == ["/careers", "/jobs"]


def test_detect_never_follows_a_page_inwards(careers: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    careers.expect_request("/jobs").respond_with_response(
        Response("", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    )

    found = detect(careers.url_for("/jobs"), "jobboard-test")
    code = main(["detect", careers.url_for("/nothing-here")])

    assert found.boards == [] and found.error is not None and "private address" in found.error
    assert code == 1 and "HTTP 500" in capsys.readouterr().err  # an unexpected path: the test server's 500
    assert boards_in_page("<a href='https://www.lever.co/'>Lever</a>") == []
    with pytest.raises(DetectError, match="not an http"):
        fetch_page("ftp://127.0.0.1/careers", "jobboard-test", timeout=1)
