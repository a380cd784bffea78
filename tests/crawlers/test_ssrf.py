"""The crawler cannot be turned against the network it runs in, and the HTML fallback is bounded.

Real ``jobboard crawl`` runs against career sites on loopback: a site that redirects to another server
(another port, another loopback address, a cloud metadata address), a name that resolves to loopback, a
careers page linking more offer pages than allowed, and a look at the crawl process's listening sockets.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from ipaddress import ip_address
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crawlers.middlewares import is_internal
from tests.crawlers.conftest import (
    CrawlRun,
    base_url,
    company_key,
    fixture_board,
    fixture_text,
    jobboard_env,
    json_body,
)

Site = Callable[..., HTTPServer]
Crawl = Callable[..., CrawlRun]


def paths(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def search_total(data_dir: Path) -> int:
    """Postings the run's index answers for; none when the crawl never wrote an index."""
    done = subprocess.run(
        [sys.executable, "-m", "jobboard", "search", "--json"],
        env=jobboard_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 and "no index" in done.stderr:
        return 0
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout)["total"])


def assert_nothing_kept(run: CrawlRun, key: str) -> None:
    assert run.postings(key) == {}
    assert not list((run.data_dir / "raw").glob(f"{key}/*")), "raw responses were kept"


def careers_page(*hrefs: str) -> str:
    items = "".join(f'<li><a href="{href}">Opening</a></li>' for href in hrefs)
    return f"<!DOCTYPE html><html><body><h1>Careers</h1><ul>{items}</ul></body></html>"


def offer_page(number: int, url: str, padding: int = 0) -> str:
    """A JSON-LD offer page like the fixture, with its own title and URL (and optional filler)."""
    page = fixture_text("offer_data_engineer.html")
    page = page.replace("Data Engineer", f"Data Engineer {number}").replace(
        "https://careers.kelpie.test/o/data-engineer-aberdeen", url
    )
    return page.replace("</body>", f"<!-- {'x' * padding} --></body>")


def without_offers_endpoint(server: HTTPServer, *hrefs: str) -> None:
    server.expect_request("/api/offers/").respond_with_data("Not found", status=404)
    server.expect_request("/").respond_with_data(careers_page(*hrefs), content_type="text/html")


@pytest.fixture
def internal() -> Iterator[HTTPServer]:
    """A server on 127.0.0.2: another loopback address, standing in for an internal service."""
    server = HTTPServer(host="127.0.0.2", port=0, threaded=True)
    server.start()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
    yield server
    server.clear()
    server.stop()


def test_an_offers_redirect_to_another_port_is_refused_and_nothing_from_it_stored(site: Site, crawl: Crawl) -> None:
    company, other = site(), site()
    other.expect_request("/api/offers/").respond_with_json(fixture_board())  # a valid board, but not this company's
    company.expect_request("/api/offers/").respond_with_response(
        Response("", status=302, headers={"Location": base_url(other) + "/api/offers/"})
    )

    run = crawl(base_url(company))

    assert run.returncode == 0, run.stderr
    key = company_key(company)
    result = run.result(key)
    assert result["status"] == "blocked", result
    assert result["reason"].startswith("refused:") and base_url(other) in result["reason"]
    assert run.report["companies"]["blocked"] == 1
    assert paths(other) == []  # not even its robots.txt
    assert_nothing_kept(run, key)
    assert search_total(run.data_dir) == 0


def test_an_offer_page_redirecting_to_another_host_keeps_nothing_from_it(site: Site, crawl: Crawl) -> None:
    company, other = site(), site()
    without_offers_endpoint(company, "/o/data-engineer-aberdeen", "/o/x")
    company.expect_request("/o/data-engineer-aberdeen").respond_with_data(
        fixture_text("offer_data_engineer.html"), content_type="text/html"
    )
    company.expect_request("/o/x").respond_with_response(Response("", status=302, headers={"Location": base_url(other) + "/o/x"}))
    other.expect_request("/o/x").respond_with_data(offer_page(1, base_url(other) + "/o/x"), content_type="text/html")

    run = crawl(base_url(company))

    key = company_key(company)
    result = run.result(key)
    assert result["status"] == "blocked", result
    assert f"{base_url(company)}/o/x redirected to {base_url(other)}/o/x" in result["reason"]
    assert paths(other) == []
    assert_nothing_kept(run, key)
    assert search_total(run.data_dir) == 0


def test_redirects_to_internal_addresses_are_refused_without_connecting(site: Site, crawl: Crawl, internal: HTTPServer) -> None:
    to_loopback, to_metadata = site(), site()
    internal_url = f"http://127.0.0.2:{internal.port}"
    internal.expect_request("/o/x").respond_with_data(offer_page(1, internal_url + "/o/x"), content_type="text/html")
    without_offers_endpoint(to_loopback, "/o/x")
    to_loopback.expect_request("/o/x").respond_with_response(
        Response("", status=301, headers={"Location": internal_url + "/o/x"})
    )
    # Port 1: were it followed, nothing there would answer as the metadata service.
    metadata = "http://169.254.169.254:1/api/offers/"
    to_metadata.expect_request("/api/offers/").respond_with_response(Response("", status=307, headers={"Location": metadata}))
    marketing = site()
    moved = site()
    moved.expect_request("/api/offers/").respond_with_response(
        Response("", status=301, headers={"Location": base_url(marketing) + "/?utm_source=not_hosted"})
    )
    # robots.txt redirects are followed across hosts (RFC 9309), but never inwards; within the site they still count.
    robots_inwards, robots_moved = site(), site()
    for server, location in ((robots_inwards, internal_url + "/robots.txt"), (robots_moved, "/robots-current.txt")):
        server.clear_all_handlers()
        server.expect_request("/robots.txt").respond_with_response(Response("", status=302, headers={"Location": location}))
        server.expect_request("/api/offers/").respond_with_json(fixture_board())
    robots_moved.expect_request("/robots-current.txt").respond_with_data(
        "User-agent: *\nDisallow: /\n", content_type="text/plain"
    )

    run = crawl(
        base_url(to_loopback),
        base_url(to_metadata),
        base_url(moved),
        base_url(robots_inwards),
        base_url(robots_moved),
        env={"JOBBOARD_CRAWL_TIMEOUT_S": "2", "JOBBOARD_CRAWL_RETRIES": "0"},
    )

    assert run.returncode == 0, run.stderr
    loopback = run.result(company_key(to_loopback))
    assert loopback["status"] == "blocked" and internal_url in loopback["reason"], loopback
    assert paths(internal) == []
    assert_nothing_kept(run, company_key(to_loopback))
    cloud = run.result(company_key(to_metadata))
    assert cloud["status"] == "blocked" and cloud["reason"].startswith("refused:") and metadata in cloud["reason"], cloud
    assert_nothing_kept(run, company_key(to_metadata))
    # A redirect off the site to a page that is no board still reads as a tenant moved away; not followed either.
    gone = run.result(company_key(moved))
    assert gone["status"] == "not_hosted" and "not followed" in gone["reason"], gone
    assert paths(marketing) == []
    assert run.result(company_key(robots_inwards))["status"] == "ok"  # an unreadable robots.txt forbids nothing
    assert run.result(company_key(robots_moved))["status"] == "robots"
    assert paths(robots_moved) == ["/robots.txt", "/robots-current.txt"]


def test_a_host_name_resolving_to_loopback_is_refused_without_connecting(site: Site, crawl: Crawl) -> None:
    # "127.1" is a host name, not an address, to the URL parser; the system resolver answers 127.0.0.1 for it.
    if socket.gethostbyname("127.1") != "127.0.0.1":
        pytest.skip("this resolver does not answer 127.0.0.1 for 127.1")
    server = site()
    server.expect_request("/api/offers/").respond_with_json(fixture_board())
    named = f"http://127.1:{server.port}"

    run = crawl(named, base_url(server))

    assert run.returncode == 0, run.stderr
    result = run.result(f"127.1_{server.port}")
    assert result["status"] == "blocked", result
    assert result["reason"] == "refused: 127.1 resolves to a private address (127.0.0.1)"
    # The same server given at its address is the operator's choice and is crawled; at the name it never was.
    assert run.result(company_key(server))["status"] == "ok"
    assert paths(server) == ["/robots.txt", "/api/offers/"]
    assert run.postings(f"127.1_{server.port}") == {}


def test_the_html_fallback_stops_at_the_page_and_byte_caps_and_archives_nothing(site: Site, crawl: Crawl) -> None:
    many, heavy = site(), site()
    slugs = [f"job-{number}" for number in range(1, 31)]
    without_offers_endpoint(many, *(f"/o/{slug}" for slug in slugs))
    without_offers_endpoint(heavy, *(f"/o/{slug}" for slug in slugs))
    for number, slug in enumerate(slugs, 1):
        many.expect_request(f"/o/{slug}").respond_with_data(
            offer_page(number, f"{base_url(many)}/o/{slug}"), content_type="text/html"
        )
        heavy.expect_request(f"/o/{slug}").respond_with_data(
            offer_page(number, f"{base_url(heavy)}/o/{slug}", padding=200_000), content_type="text/html"
        )
    first = crawl(base_url(many))
    assert first.result(company_key(many))["postings"]["new"] == 30
    many.clear_log()

    run = crawl(base_url(many), base_url(heavy), env={"JOBBOARD_CRAWL_MAX_PAGES": "10", "JOBBOARD_CRAWL_MAX_PAGES_MB": "0.5"})

    assert run.returncode == 0, run.stderr
    capped = run.result(company_key(many))
    assert capped["status"] == "failed", capped
    assert "links 30 offer pages, more than the limit of 10" in capped["reason"]
    assert len([path for path in paths(many) if path.startswith("/o/")]) == 10  # the other 20 were never asked for
    assert capped["postings"]["archived"] == 0
    assert len(run.postings(company_key(many))) == 30
    assert all("archived: 'false'" in text for text in run.postings(company_key(many)).values())
    # ~203 KB a page against 0.5 MB: two pages kept, the third read and dropped, none asked for after it.
    big = run.result(company_key(heavy))
    assert big["status"] == "failed", big
    assert "more than 0.5 MB" in big["reason"] and "2 were kept" in big["reason"]
    assert len([path for path in paths(heavy) if path.startswith("/o/")]) == 3
    assert len(run.postings(company_key(heavy))) == 2


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("169.254.169.254", True),  # AWS, GCP, Azure metadata
        ("fd00:ec2::254", True),  # AWS metadata over IPv6
        ("192.0.0.192", True),  # Oracle Cloud metadata
        ("100.100.100.200", True),  # Alibaba Cloud metadata (shared address space)
        ("10.1.2.3", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("::ffff:10.0.0.1", True),  # IPv4-mapped
        ("2002:a00:1::", True),  # 6to4 around 10.0.0.1
        ("64:ff9b::a9fe:a9fe", True),  # NAT64 around 169.254.169.254
        ("224.0.0.251", True),  # multicast
        ("240.0.0.1", True),  # reserved
        ("0.0.0.0", True),
        ("93.184.215.14", False),
        ("2606:4700::6810:84e5", False),
    ],
)
def test_which_addresses_are_internal(address: str, expected: bool) -> None:
    assert is_internal(ip_address(address)) is expected


def listening_ports(pid: int) -> list[int]:
    """TCP ports a process listens on, from /proc: its socket inodes matched against the LISTEN sockets."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink()
        except OSError:
            continue
        if str(target).startswith("socket:["):
            inodes.add(str(target)[8:-1])
    ports = []
    for table in ("tcp", "tcp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.append(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list a process's sockets")
def test_a_crawl_runs_no_console_or_remote_control_server(site: Site, tmp_path: Path) -> None:
    server = site()
    asked, release = threading.Event(), threading.Event()

    def held(request: Request) -> Response:
        asked.set()
        release.wait(30)
        return json_body(fixture_board())

    server.expect_request("/api/offers/").respond_with_handler(held)
    command = [sys.executable, "-m", "jobboard", "crawl", "--json", "--no-index", base_url(server)]
    env = jobboard_env(tmp_path / "data", XDG_STATE_HOME=str(tmp_path / "state"))
    with subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as crawl:
        try:
            assert asked.wait(60), "the crawl never asked for the board"
            ports = listening_ports(crawl.pid)  # the crawl is mid-request: every extension has started
        finally:
            release.set()
        stdout, stderr = crawl.communicate(timeout=60)

    assert crawl.returncode == 0, stderr
    assert ports == []
    assert "Telnet" not in stderr and "Remote control" not in stderr
    assert json.loads(stdout.strip().splitlines()[-1])["companies"]["ok"] == 1
