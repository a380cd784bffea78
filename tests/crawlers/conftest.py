"""Career sites on loopback (pytest-httpserver) and a ``jobboard crawl`` that runs against them.

Every crawl is a real ``jobboard crawl`` subprocess: Scrapy's reactor cannot
restart inside one test process, and this is how users run it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FIXTURES = Path(__file__).parent / "fixtures" / "recruitee"
REPO = Path(__file__).resolve().parents[2]


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_board(name: str = "offers.json") -> dict[str, Any]:
    board: dict[str, Any] = json.loads(fixture_text(name))
    return board


def base_url(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def company_key(server: HTTPServer) -> str:
    return f"127.0.0.1_{server.port}"


def json_body(data: object) -> Response:
    return Response(json.dumps(data), status=200, content_type="application/json; charset=utf-8")


class Recorder:
    """A handler that answers from a list of responses (the last one repeats) and notes when each request came."""

    def __init__(self, *responses: Response | Callable[[Request], Response]) -> None:
        self.responses = list(responses)
        self.times: list[float] = []
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.times.append(time.monotonic())
        self.requests.append(request)
        answer = self.responses[min(len(self.times), len(self.responses)) - 1]
        return answer(request) if callable(answer) and not isinstance(answer, Response) else answer


@pytest.fixture
def site() -> Iterator[Callable[..., HTTPServer]]:
    """Start a career site; robots.txt allows everything unless told otherwise."""
    servers: list[HTTPServer] = []

    def start(robots: str = "User-agent: *\nAllow: /\n") -> HTTPServer:
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        server.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.clear()
        if server.is_running():
            server.stop()


@dataclass
class CrawlRun:
    returncode: int
    report: dict[str, Any]
    stdout: str
    stderr: str
    data_dir: Path

    def result(self, company: str) -> dict[str, Any]:
        for result in self.report["results"]:
            if result["company"] == company:
                return dict(result)
        raise AssertionError(f"{company} not in the report: {[r['company'] for r in self.report['results']]}")

    def postings(self, company: str) -> dict[str, str]:
        folder = self.data_dir / "postings" / company
        return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


def jobboard_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JOBBOARD_")}
    env.update(
        {
            "JOBBOARD_DATA_DIR": str(data_dir),
            "JOBBOARD_CRAWL_POLITE": "false",
            "JOBBOARD_CRAWL_BACKOFF_S": "0.2",
            "JOBBOARD_CRAWL_TIMEOUT_S": "5",
            "NO_PROXY": "*",
        }
    )
    env.update(extra)
    return env


@pytest.fixture
def crawl(tmp_path: Path) -> Callable[..., CrawlRun]:
    """Run ``jobboard crawl --json ARGS`` with its data under ``tmp_path/data``; every call shares that folder."""
    data_dir = tmp_path / "data"

    def run(*args: str, env: dict[str, str] | None = None, json_report: bool = True, timeout: float = 120) -> CrawlRun:
        command = [sys.executable, "-m", "jobboard", "crawl", *(["--json"] if json_report else []), *args]
        done = subprocess.run(
            command,
            cwd=tmp_path,
            env=jobboard_env(data_dir, **(env or {})),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        report: dict[str, Any] = {}
        if json_report and done.returncode in (0, 1) and done.stdout.strip():
            report = json.loads(done.stdout.strip().splitlines()[-1])
        return CrawlRun(done.returncode, report, done.stdout, done.stderr, data_dir)

    return run
