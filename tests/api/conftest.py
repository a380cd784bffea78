"""A real tantivy index of the samples, the labelled postings and a few hostile ones; the app over it; a served copy.

Everything is built once per session: the API tests read, they never write the index.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, sync_playwright

with warnings.catch_warnings():
    # fastapi.testclient is the documented way to test a FastAPI app; starlette nags about its httpx import.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from index.tantivy_backend import TantivyIndex
from parsers import parse_file
from parsers.record import Company, Location, Place, Posting, Role, Salary, Source

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "labelled"
SAMPLES = ROOT / "data" / "samples"
ARTIFACTS = ROOT / "tests" / "artifacts"

HOSTILE_ID = "hostile-xss"
HOSTILE_DESCRIPTION = """# Backend Engineer

We use **Python**. <script>window.__pwned = 'script'</script>

<img src="x" onerror="window.__pwned = 'onerror'">

[Click here](javascript:window.__pwned='link') or <a href="javascript:window.__pwned='a'">here</a>
<a href="https://example.test/about" onclick="window.__pwned='onclick'">about us</a>

<iframe src="javascript:window.__pwned='iframe'"></iframe><svg onload="window.__pwned='svg'"></svg>
<style>body { display: none }</style>
"""


def labelled_records() -> list[Posting]:
    records: list[Posting] = []
    for path in sorted(LABELLED.iterdir()):
        if path.is_file() and not path.name.endswith(".expected.json") and path.name != "README.md":
            records.extend(parse_file(path))
    return records


def sample_records() -> list[Posting]:
    return [record for path in sorted(SAMPLES.iterdir()) for record in parse_file(path)]


def constructed() -> list[Posting]:
    """Postings whose answers the tests know: a hostile one, and a run of dated ones for paging."""
    hostile = Posting(
        id=HOSTILE_ID,
        title="Zyxwv Hostile <b>Engineer</b>",
        company=Company(name="Evil Corp", website="javascript:alert(1)"),
        url="javascript:window.__pwned='url'",
        apply_url="javascript:window.__pwned='apply'",
        location=Location(workplace=["remote"], places=[Place(city="Berlin", country_code="DE")]),
        role=Role(family="backend", seniority="senior"),
        hashtags=["python"],
        description=HOSTILE_DESCRIPTION,
        summary="A posting that tries to run script in the page.\x0b\x00",
        posted_at=datetime(2026, 10, 20, tzinfo=UTC),
        source=Source(kind="frontmatter", host="evil.test"),
    )
    series = [
        Posting(
            id=f"series-{n:02}",
            title=f"Quokka Keeper {n}",
            company=Company(name="Quokka Zoo"),
            location=Location(workplace=["onsite"], places=[Place(city="Lisbon", country_code="PT")]),
            role=Role(family="other", seniority="junior" if n % 2 else None),
            hashtags=["zoology", "python"] if n % 3 == 0 else ["zoology"],
            employment_type="part_time" if n % 2 else "full_time",
            salary=Salary.build(2000 + n * 100, 3000 + n * 100, "EUR", "month") if n % 4 == 0 else None,
            language="en",
            description=f"Feed the quokkas, shift {n}. " * 40,
            posted_at=datetime(2026, 9, 1 + n, tzinfo=UTC),
            archived=n == 13,
            source=Source(kind="frontmatter", host="zoo.test"),
        )
        for n in range(1, 26)
    ]
    return [hostile, *series]


@pytest.fixture(scope="session")
def records() -> list[Posting]:
    return sample_records() + labelled_records() + constructed()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory, records: list[Posting]) -> Path:
    root = tmp_path_factory.mktemp("api-index")
    index = TantivyIndex(root)
    index.rebuild(records)
    index.close()
    return root


def settings_for(index_dir: Path, **overrides: object) -> Settings:
    """Settings over ``index_dir``; searches in this process unless ``search_processes`` is given."""
    values: dict[str, object] = {"search_processes": 0, **overrides}
    return Settings(_env_file=None, data_dir=index_dir.parent, index_dir=index_dir, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def app(index_dir: Path) -> FastAPI:
    """The app most API tests share, with its searches in two worker processes as `jobboard serve` runs them."""
    return create_app(settings_for(index_dir, search_processes=2))


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(index_dir: Path, extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """`jobboard serve` on a free loopback port, as a user starts it; returns once /healthz answers."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("JOBBOARD_")}
    env.update({"JOBBOARD_DATA_DIR": str(index_dir.parent), "JOBBOARD_INDEX_DIR": str(index_dir), **(extra_env or {})})
    last_error = ""
    for _ in range(3):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "jobboard", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=index_dir.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    return process, base
            except httpx.HTTPError as exc:
                last_error = str(exc)
            time.sleep(0.1)
        stop_server(process)
        last_error = (process.stdout.read().decode(errors="replace") if process.stdout else "") or last_error
    raise RuntimeError(f"jobboard serve did not come up: {last_error[-2000:]}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def served(index_dir: Path) -> Iterator[str]:
    process, base = start_server(index_dir)
    try:
        yield base
    finally:
        stop_server(process)


# Headless Debian Chromium for the end-to-end tests (the page, /docs); without it they fail, they do not skip.
CHROMIUM = os.environ.get("JOBBOARD_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"Chromium is needed for the end-to-end tests: {CHROMIUM} is missing"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
