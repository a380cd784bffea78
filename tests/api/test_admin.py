"""Admin crawl endpoints: POST /crawls starts a real crawl subprocess (crawlers.launch), GET /crawls lists runs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from api.main import create_app
from core.settings import Settings
from crawlers.runs import RunStore
from tests.api.conftest import free_port
from tests.crawlers.conftest import base_url, fixture_board, jobboard_env, json_body

AUTH = {"Authorization": "Bearer s3cret"}


@pytest.fixture
def career_site() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    server.expect_request("/robots.txt").respond_with_data("", status=404)

    def slow(request: Request) -> Response:
        time.sleep(2)
        return json_body(fixture_board())

    server.expect_request("/api/offers/").respond_with_handler(slow)
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def admin(tmp_path: Path, career_site: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    data_dir = tmp_path / "data"
    companies = tmp_path / "companies.txt"
    companies.write_text(base_url(career_site) + "\n", encoding="utf-8")
    for key, value in jobboard_env(data_dir, JOBBOARD_COMPANIES_FILE=str(companies), JOBBOARD_API_KEY="s3cret").items():
        if key.startswith("JOBBOARD_"):
            monkeypatch.setenv(key, value)  # the crawl subprocess reads the same settings
    with TestClient(create_app(Settings(_env_file=None))) as client:  # type: ignore[call-arg]
        yield client


def test_post_crawls_starts_one_run_and_get_crawls_reports_it(admin: TestClient, career_site: HTTPServer) -> None:
    started = admin.post("/crawls", headers=AUTH)
    assert started.status_code == 202, started.text
    run = started.json()
    assert run["status"] == "running" and run["trigger"] == "api"

    again = admin.post("/crawls", headers=AUTH)
    assert again.status_code == 409
    assert again.json() == {"detail": "a crawl of these companies is already running"}

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        runs = admin.get("/crawls", headers=AUTH).json()
        if runs[0]["status"] != "running":
            break
        time.sleep(0.2)
    assert [r["id"] for r in runs] == [run["id"]]
    assert runs[0]["status"] == "ok" and runs[0]["exit_code"] == 0
    assert runs[0]["stats"]["postings"]["new"] == 4
    assert "log_path" not in runs[0]
    offers_requests = [entry for entry, _ in career_site.log if entry.path == "/api/offers/"]
    assert len(offers_requests) == 1


def test_post_crawls_takes_no_url(admin: TestClient, career_site: HTTPServer) -> None:
    started = admin.post("/crawls?url=http://169.254.169.254/&companies=http://evil.test", headers=AUTH)
    assert started.status_code == 202
    deadline = time.monotonic() + 60
    while admin.get("/crawls", headers=AUTH).json()[0]["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.2)
    hosts = {entry.host for entry, _ in career_site.log}
    assert hosts == {f"127.0.0.1:{career_site.port}"}  # only the configured site was crawled


def test_get_crawls_validates_its_limit(admin: TestClient) -> None:
    assert admin.get("/crawls?limit=0", headers=AUTH).status_code == 422
    assert admin.get("/crawls?limit=5", headers=AUTH).json() == []


def test_serve_with_scheduler_runs_scheduled_crawls(tmp_path: Path, career_site: HTTPServer) -> None:
    companies = tmp_path / "companies.txt"
    companies.write_text(base_url(career_site) + "\n", encoding="utf-8")
    env = jobboard_env(
        tmp_path / "data",
        JOBBOARD_COMPANIES_FILE=str(companies),
        JOBBOARD_API_KEY="s3cret",
        JOBBOARD_CRAWL_SCHEDULE="every 2s",
        JOBBOARD_DUMP_SCHEDULE="",
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "jobboard", "serve", "--with-scheduler", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    runs: list[dict[str, object]] = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                runs = httpx.get(f"http://127.0.0.1:{port}/crawls", headers=AUTH, timeout=5).json()
            except httpx.HTTPError:
                runs = []
            if any(run["status"] == "ok" and run["trigger"] == "schedule" for run in runs):
                break
            time.sleep(0.3)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=60)
    assert any(run["status"] == "ok" and run["trigger"] == "schedule" for run in runs), stderr.decode(errors="replace")[-2000:]
    assert process.returncode == 0
    assert b"scheduled crawl:" in stderr


def serve(tmp_path: Path, env: dict[str, str], name: str) -> tuple[subprocess.Popen[bytes], str]:
    """`jobboard serve --with-scheduler` on a free loopback port; returns once it answers HTTP."""
    port = free_port()
    with open(tmp_path / f"{name}.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jobboard", "serve", "--with-scheduler", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/healthz", timeout=2)
            return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError((tmp_path / f"{name}.log").read_text(errors="replace")[-2000:])


def crawl_children(pid: int) -> list[int]:
    """The ``jobboard crawl`` processes ``pid`` started (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(OSError):
                if b"crawl" in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0"):
                    found.append(int(child))
    return found


def test_sigterm_to_serve_stops_its_crawl_records_it_and_a_restart_crawls_again(tmp_path: Path) -> None:
    site = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    site.start()
    site.expect_request("/robots.txt").respond_with_data("", status=404)
    arrived, release = threading.Event(), threading.Event()

    def held_until_released(request: Request) -> Response:
        arrived.set()
        release.wait(60)  # the first crawl's request never gets an answer (it times out after 5 s)
        return json_body(fixture_board())

    site.expect_request("/api/offers/").respond_with_handler(held_until_released)
    companies = tmp_path / "companies.txt"
    companies.write_text(base_url(site) + "\n", encoding="utf-8")
    env = jobboard_env(
        tmp_path / "data",
        JOBBOARD_COMPANIES_FILE=str(companies),
        JOBBOARD_API_KEY="s3cret",
        JOBBOARD_CRAWL_SCHEDULE="every 24h",
        JOBBOARD_DUMP_SCHEDULE="",
        JOBBOARD_SEARCH_PROCESSES="0",
    )
    store = RunStore(tmp_path / "data" / "runs.sqlite")
    crawls: list[int] = []
    server, base = serve(tmp_path, env, "first")
    try:
        started = httpx.post(f"{base}/crawls", headers=AUTH, timeout=60)
        assert started.status_code == 202, started.text
        first = started.json()["id"]
        assert arrived.wait(60), "the crawl did not reach the site"
        crawls = crawl_children(server.pid)
        assert len(crawls) == 1

        server.send_signal(signal.SIGTERM)
        assert server.wait(90) == 0

        for pid in crawls:  # stopped and waited for: neither the crawl nor anything of its group is left
            with pytest.raises(ProcessLookupError):
                os.killpg(pid, 0)
        run = store.get(first)
        assert run is not None and run.trigger == "api" and run.status == "interrupted" and run.exit_code == 130
        assert run.stats is not None and run.stats.run_id == first  # its report, written as it stopped

        release.set()
        server, base = serve(tmp_path, env, "second")
        again = httpx.post(f"{base}/crawls", headers=AUTH, timeout=60)
        assert again.status_code == 202, again.text
        second = again.json()["id"]
        deadline = time.monotonic() + 60
        while (latest := store.get(second)) is not None and latest.status == "running" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert latest is not None and latest.status == "ok" and latest.stats is not None
        assert latest.stats.postings["new"] == 4
        assert run.finished_at is not None and run.finished_at <= latest.started_at  # one after the other
        server.send_signal(signal.SIGTERM)
        assert server.wait(90) == 0
    finally:
        release.set()
        if server.poll() is None:
            server.kill()
        for pid in crawls:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        site.clear()
        site.stop()
