"""``jobboard crawl`` by hand: it takes its companies' lock itself and records its own run, whoever started it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crawlers.runs import EXIT_BUSY, RunStore
from tests.crawlers.conftest import Recorder, base_url, fixture_board, jobboard_env, json_body

Site = Callable[..., HTTPServer]


def jobboard(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "jobboard", *args],
        cwd=tmp_path,
        env=jobboard_env(tmp_path / "data", **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def runs(tmp_path: Path) -> list[dict[str, Any]]:
    """The run history, newest first, as ``jobboard runs --json`` prints it."""
    store = RunStore(tmp_path / "data" / "runs.sqlite")
    return [json.loads(run.model_dump_json()) for run in store.recent()]


def test_two_crawls_of_one_companies_file_never_overlap(site: Site, tmp_path: Path) -> None:
    server = site()
    release = threading.Event()

    def held_board(request: Request) -> Response:
        release.wait(60)  # the board answers only once one of the two crawls has ended
        return json_body(fixture_board())

    offers = Recorder(held_board)
    server.expect_request("/api/offers/").respond_with_handler(offers)
    (tmp_path / "companies.txt").write_text(base_url(server) + "\n", encoding="utf-8")

    crawls = [
        jobboard(tmp_path, "crawl", "--json", "--companies-file", "companies.txt", JOBBOARD_CRAWL_TIMEOUT_S="90")
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        while all(crawl.poll() is None for crawl in crawls):  # both crawling would both wait here for the board
            assert time.monotonic() < deadline, "neither crawl ended while the board was held"
            time.sleep(0.1)
    finally:
        release.set()
    busy, crawled = sorted(crawls, key=lambda crawl: crawl.poll() is None)
    busy_code, busy_out, busy_err = finish(busy)
    code, out, _ = finish(crawled)

    assert (code, busy_code) == (0, EXIT_BUSY)
    assert len(offers.times) == 1  # only one of them crawled
    assert json.loads(out.splitlines()[-1])["postings"]["new"] == 4
    assert busy_out == ""
    assert busy_err.strip().splitlines() == [busy_err.strip()]  # one line
    assert busy_err.startswith(f"jobboard: a crawl of {tmp_path / 'companies.txt'} is already running")
    assert [run["status"] for run in runs(tmp_path)] == ["ok"]  # the busy one ran nothing and recorded nothing


def test_a_manual_crawl_is_recorded_with_its_real_outcome(site: Site, tmp_path: Path) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_json(fixture_board())
    (tmp_path / "companies.txt").write_text(base_url(server) + "\n", encoding="utf-8")

    missing_code, _, missing_err = finish(jobboard(tmp_path, "crawl", "--companies-file", "nowhere.txt"))
    ok_code, _, _ = finish(jobboard(tmp_path, "crawl", "--companies-file", "companies.txt"))

    assert (missing_code, ok_code) == (2, 0)
    ok, failed = runs(tmp_path)  # newest first
    assert failed["trigger"] == "manual" and failed["status"] == "failed" and failed["exit_code"] == 2
    assert failed["companies_file"] == str(tmp_path / "nowhere.txt")
    assert "nowhere.txt" in str(failed["error"]) and str(failed["error"]) in missing_err
    assert ok["trigger"] == "manual" and ok["status"] == "ok" and ok["exit_code"] == 0 and ok["error"] is None
    assert ok["companies_file"] == str(tmp_path / "companies.txt")
    assert ok["stats"]["postings"]["new"] == 4 and ok["stats"]["run_id"] == ok["id"]
    assert ok["finished_at"] is not None
    code, out, _ = finish(jobboard(tmp_path, "runs", "--json"))
    assert code == 0 and [json.loads(line) for line in out.splitlines()] == [ok, failed]


def test_a_report_that_cannot_be_written_is_one_clear_line_and_exit_1(site: Site, tmp_path: Path) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_json(fixture_board())
    (tmp_path / "companies.txt").write_text(base_url(server) + "\n", encoding="utf-8")
    crawls = tmp_path / "data" / "crawls"
    crawls.mkdir(parents=True)
    (crawls / "R1.json").mkdir()  # where run R1's report goes: it cannot be written there

    code, out, err = finish(jobboard(tmp_path, "crawl", "--run-id", "R1", "--companies-file", "companies.txt"))

    assert code == 1
    assert "Traceback" not in err
    broken = f"run report not saved: cannot write {crawls / 'R1.json'}: Is a directory"
    assert out.strip().splitlines()[-1] == f"run broken: {broken}"
    (run,) = runs(tmp_path)
    assert run["id"] == "R1" and run["status"] == "failed" and run["exit_code"] == 1 and run["error"] == broken
    assert run["stats"]["postings"]["new"] == 4  # the report the file could not hold is kept with the run

    # No folder for reports (and locks) at all: it says so before fetching anything.
    shutil.rmtree(crawls)
    crawls.write_text("not a folder", encoding="utf-8")
    requests = len(server.log)

    code, _, err = finish(jobboard(tmp_path, "crawl", "--companies-file", "companies.txt"))

    assert code == 1
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"jobboard: cannot create the crawl lock {crawls}/locks/") and line.endswith(": Not a directory")
    assert len(server.log) == requests
