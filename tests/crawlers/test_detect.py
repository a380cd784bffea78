"""``jobboard detect`` on careers pages served from loopback: every way a page embeds or links each ATS's board.

Each page is written here in the shape the ATS's embed instructions give (scripts, iframes, links, JSON in
script tags, settings objects); the detector fetches it for real over HTTP and prints the companies-list lines.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from crawlers.detect import CareersSite, boards_in_page, careers_site, detect
from crawlers.sources import AtsBoard
from jobboard.cli import main

AGENT = "jobboard-test"

# A Teamtailor career site on the company's own domain: Teamtailor's asset hosts and generator tag, job links on
# the company's domain, no *.teamtailor.com board named anywhere.
TEAMTAILOR_CUSTOM_DOMAIN = """<!DOCTYPE html><html><head>
<meta name="generator" content="Teamtailor">
<link rel="stylesheet" href="https://assets-aws.teamtailor-cdn.com/assets/careersite/application.css">
<link rel="alternate" type="application/rss+xml" href="/jobs.rss">
</head><body>
<img src="https://images.teamtailor-cdn.com/images/s3/teamtailor-production/hero.jpg">
<a href="/jobs/4410001-backend-developer">Backend Developer</a>
</body></html>"""

# The same kind of site, whose apply links still name its board on the newer career host.
TEAMTAILOR_CAREER_HOST = """<html><head><meta name="generator" content="Teamtailor"></head><body>
<a href="https://moselwerk.career.teamtailor.com/jobs/4410001-backend-developer/applications/new">Apply</a>
</body></html>"""

EMBEDS = """<html><head>
<script src="https://job-boards.eu.greenhouse.io/embed/job_board/js?for=nordhaven"></script>
<script type="application/json" id="config">{"feed": "https:\\/\\/boards-api.eu.greenhouse.io\\/v1\\/boards\\/fjordlab\\/jobs"}</script>
<script src="https://jobs.ashbyhq.com/quarrylight/embed?version=2"></script>
<script>window.__appData = {"board": "https:\\/\\/jobs.ashbyhq.com\\/tannenform"};</script>
</head><body>
<a href="https://jobs.eu.lever.co/kornfeld/5c6d7e8f-2222-4333-8444-000000000301">Data Science Intern</a>
<iframe src="https://apply.workable.com/brightmoor/?embed=true"></iframe>
<a href="https://elbtal.jobs.personio.com/job/2210001?language=en&amp;display=en">Backend Developer</a>
<a href="https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fjobs.lever.co%2Fledgerlane%2F7a1b2c3d">Share</a>
</body></html>"""

WIDGETS = """<html><body>
<div id="lever-jobs-container"></div>
<script>
  window.leverJobsOptions = {accountName: 'ledgerlane', includeCss: true};
</script>
<script src="https://andreasmb.github.io/lever-jobs-embed/index.js"></script>
<div id="sr-widget"></div>
<script src="https://static.smartrecruiters.com/job-widget/1.6.1/script/smart_widget.min.js"></script>
<script>
  widget({"company_code": "VistulaLogistics", "bg_color_widget": "#ffffff", "job_ad_url": "https://example.org"});
</script>
<a href="https://jobs.smartrecruiters.com/oneclick-ui/company/MesaFoods/publication/0b1c2d3e?dcr_ci=MesaFoods">Apply</a>
<script src="https://apply.workable.com/api/v1/widget/accounts/brightmoor?callback=renderJobs"></script>
</body></html>"""

NOTHING = """<html><body>
<p>We use <a href="https://www.teamtailor.com/?utm_source=careersite">Teamtailor</a> and
<a href="https://www.smartrecruiters.com/">SmartRecruiters</a> for other things; {"companyName": "none here"}.</p>
<script>var options = {accountName: 'not-a-lever-embed'};</script>
</body></html>"""


@pytest.fixture
def site() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def serve(server: HTTPServer, path: str, page: str) -> str:
    server.expect_request(path).respond_with_data(page, content_type="text/html; charset=utf-8")
    return server.url_for(path)


def lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line.split("  # ")[0] for line in capsys.readouterr().out.splitlines()]


def test_a_teamtailor_career_site_on_the_companys_domain_is_crawled_by_its_url(
    site: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve(site, "/jobs", TEAMTAILOR_CUSTOM_DOMAIN)

    found = detect(url, AGENT)
    code = main(["detect", url])

    origin = f"http://127.0.0.1:{site.port}"
    assert found.boards == [CareersSite("teamtailor", origin)]
    assert code == 0 and lines(capsys) == [origin]


def test_a_teamtailor_site_naming_its_career_host_gives_that_board(site: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(site, "/careers", TEAMTAILOR_CAREER_HOST)

    code = main(["detect", url, "https://acme.career.teamtailor.com/jobs/1-x"])

    assert code == 0
    assert lines(capsys) == ["https://moselwerk.career.teamtailor.com", "https://acme.career.teamtailor.com"]


def test_embedded_boards_on_eu_hosts_escaped_json_and_share_links(site: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(site, "/careers", EMBEDS)

    code = main(["detect", url])

    assert code == 0
    assert lines(capsys) == [
        "greenhouse:nordhaven",  # the EU embed script
        "greenhouse:fjordlab",  # the EU board API, JSON-escaped in a script
        "ashby:quarrylight",  # the Ashby embed script
        "ashby:tannenform",
        "https://jobs.eu.lever.co/kornfeld",  # the line that keeps Lever's EU host
        "workable:brightmoor",
        "https://elbtal.jobs.personio.com",  # Personio's .com host kept
        "lever:ledgerlane",  # percent-encoded in a share link
    ]


def test_board_names_given_to_embed_scripts_as_settings_or_deep_in_paths(
    site: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve(site, "/join-us", WIDGETS)

    code = main(["detect", url])

    assert code == 0
    assert lines(capsys) == [
        "lever:ledgerlane",  # the Lever jobs embed's accountName
        "smartrecruiters:VistulaLogistics",  # the careers widget's company_code
        "smartrecruiters:MesaFoods",  # a one-click apply link
        "workable:brightmoor",  # the Workable widget API
    ]


def test_a_page_that_only_mentions_the_ats_names_no_board(site: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(site, "/about", NOTHING)

    found = detect(url, AGENT)
    code = main(["detect", url])

    assert found.boards == [] and found.error is None
    assert code == 1 and "no ATS board" in capsys.readouterr().err


def test_markers_alone_never_make_a_teamtailor_host_a_careers_site() -> None:
    assert careers_site(TEAMTAILOR_CUSTOM_DOMAIN, "https://moselwerk.teamtailor.com/jobs") is None
    assert careers_site(EMBEDS, "https://careers.example.org/") is None
    assert boards_in_page(TEAMTAILOR_CUSTOM_DOMAIN) == []
    assert boards_in_page("window.leverJobsOptions = {accountName: 'bad name!'}") == []
    assert boards_in_page('<a href="https://boards-api.eu.greenhouse.io/v1/boards/x/jobs">') == [AtsBoard("greenhouse", "x")]
