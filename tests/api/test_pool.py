"""Searches in worker processes (``api.pool``): the same answers as in-process, errors that cross over
with their meaning, an index that appears after start-up, and a worker that dies.

The session app (conftest) already sends every /jobs search of the API tests through two workers;
these tests start their own apps so they can break them.
"""

from __future__ import annotations

import os
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
