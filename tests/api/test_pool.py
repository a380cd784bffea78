"""Searches in worker processes (``api.pool``): the same answers as in-process, errors that cross over
with their meaning, an index that appears after start-up, and a worker that dies.

The session app (conftest) already sends every /jobs search of the API tests through two workers;
these tests start their own apps so they can break them.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from api.pool import SearchPool
from index.tantivy_backend import TantivyIndex
from parsers.record import Posting
from tests.api.conftest import settings_for

QUERIES = [
    {},
    {"q": "quokka"},
    {"q": "python engineer", "size": "5"},
    {"hashtag": "python", "sort": "date"},
    {"location": "Berlin", "facet_size": "3"},
]


def _pool(client: TestClient) -> SearchPool:
    pool = client.app.state.searches.pool  # type: ignore[attr-defined]
    assert isinstance(pool, SearchPool)
    return pool


def test_answers_from_workers_match_answers_from_this_process(index_dir: Path) -> None:
    pooled = create_app(settings_for(index_dir, search_processes=2))
    local = create_app(settings_for(index_dir, search_processes=0))
    with TestClient(pooled) as a, TestClient(local) as b:
        pids = _pool(a).pids
        assert len(pids) == 2 and os.getpid() not in pids
        assert b.app.state.searches.pool is None  # type: ignore[attr-defined]
        for params in QUERIES:
            left, right = a.get("/jobs", params=params), b.get("/jobs", params=params)
            assert left.status_code == right.status_code == 200, params
            assert left.json() == right.json(), params
            assert left.headers["etag"] == right.headers["etag"]
        cursor = a.get("/jobs", params={"size": 2}).json()["next_cursor"]
        assert (
            a.get("/jobs", params={"size": 2, "cursor": cursor}).json()
            == b.get("/jobs", params={"size": 2, "cursor": cursor}).json()
        )
        # An error raised in a worker keeps its meaning here.
        bad = a.get("/jobs", params={"cursor": "bm90IG91cnM"})
        assert bad.status_code == 400 and "cursor" in bad.json()["detail"]


# Every route that reads the index, with a request that makes it read (none of them an answer kept yet).
READING_ROUTES: list[tuple[str, dict[str, str]]] = [
    ("/jobs", {"q": "quokka", "size": "3"}),
    ("/jobs/series-03", {}),
    ("/jobs.ndjson", {"company": "Quokka Zoo"}),
    ("/", {"q": "quokka"}),
    ("/postings/series-03", {}),
    ("/feeds/jobs.atom", {"q": "quokka"}),
    ("/feeds/jobs.rss", {"q": "quokka"}),
    ("/hashtags", {"prefix": "py"}),
    ("/locations", {}),
    ("/roles", {}),
    ("/companies", {"prefix": "quo"}),
    ("/healthz", {}),
]


def _mapped_under(folder: Path) -> list[str]:
    """Files under ``folder`` this process has mapped into memory (an open tantivy reader maps its segments)."""
    inside = str(folder.resolve()) + os.sep
    return [line for line in Path("/proc/self/maps").read_text().splitlines() if inside in line]


def test_every_route_that_reads_the_index_reads_it_in_a_search_worker(tmp_path: Path, index_dir: Path) -> None:
    # A copy of the session index that nothing in this test process has ever opened.
    root = tmp_path / "index"
    shutil.copytree(index_dir, root, symlinks=True)
    app = create_app(settings_for(root, search_processes=1))
    with TestClient(app) as client:
        searches = client.app.state.searches  # type: ignore[attr-defined]
        assert searches.holder is None  # with workers, the server process has no index of its own
        for path, params in READING_ROUTES:
            before = sum(searches.reads.values())
            response = client.get(path, params=params)
            assert response.status_code == 200, (path, response.text[:300])
            assert sum(searches.reads.values()) > before, f"{path} answered without reading through api.deps.Searches"
        assert (
            "series-03" in client.get("/jobs/series-03").text and "Quokka Keeper" in client.get("/", params={"q": "quokka"}).text
        )
        assert _pool(client).pids and not _mapped_under(root)  # every read ran in the worker: no index file is open here


def test_an_index_that_appears_after_start_up_is_found_by_the_workers(tmp_path: Path, records: list[Posting]) -> None:
    root = tmp_path / "index"
    app = create_app(settings_for(root, search_processes=1))
    with TestClient(app, raise_server_exceptions=False) as client:
        missing = client.get("/jobs")
        assert missing.status_code == 503 and "jobboard index" in missing.json()["detail"]
        TantivyIndex(root).rebuild(records[:3])
        found = client.get("/jobs", params={"size": 1})  # another query: the 503 is not an answer to keep
        assert found.status_code == 200 and found.json()["total"] == 3


def test_a_worker_that_dies_is_replaced_and_its_search_retried(index_dir: Path) -> None:
    app = create_app(settings_for(index_dir, search_processes=1))
    with TestClient(app) as client:
        pool = _pool(client)
        [victim] = pool.pids
        os.kill(victim, signal.SIGKILL)
        answer = client.get("/jobs", params={"q": "quokka"})
        assert answer.status_code == 200 and answer.json()["total"] > 0
        deadline = time.monotonic() + 60
        while (not pool.pids or pool.pids == [victim]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.pids and victim not in pool.pids
    assert not pool.pids  # closing the app stops its workers


def test_workers_stop_with_the_app(index_dir: Path) -> None:
    app = create_app(settings_for(index_dir, search_processes=2))
    with TestClient(app) as client:
        processes = [w.process for w in _pool(client)._workers]
        assert client.get("/jobs").status_code == 200
    assert all(not p.is_alive() for p in processes)
