"""Admin crawl endpoints wired to the scheduler: POST /crawls starts a real crawl subprocess, GET /crawls lists runs."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from api.main import create_app
from jobboard.settings import Settings
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
