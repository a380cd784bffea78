"""Scheduled crawls: real ``jobboard crawl`` subprocesses against loopback career sites, run by the scheduler.

Each crawl process holds its own lock and records its own run; the parent only adds that it killed one,
or that one died without recording its end.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from core.settings import Settings
from crawlers.items import CompanyState
from crawlers.launch import CrawlChildren
from crawlers.runs import CrawlBusy, CrawlLock, Run, RunStore
from jobboard.scheduler import ScheduleError, build_scheduler, parse_schedule
from tests.crawlers.conftest import Recorder, base_url, fixture_board, jobboard_env, json_body

Site = Callable[..., HTTPServer]


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings for this test, also in the environment the crawl subprocesses inherit."""
    env = jobboard_env(tmp_path / "data", JOBBOARD_DUMP_SCHEDULE="", JOBBOARD_LOG_FORMAT="json")
    for key, value in env.items():
        if key.startswith("JOBBOARD_"):
            monkeypatch.setenv(key, value)
    return Settings()


@pytest.fixture
def crawls(settings: Settings) -> Iterator[CrawlChildren]:
    """Crawl subprocesses started by this test, stopped (not orphaned) when it ends."""
    children = CrawlChildren()
    yield children
    children.stop(settings.crawl_stop_timeout_s)


def companies_file(tmp_path: Path, *servers: HTTPServer) -> str:
    path = tmp_path / "companies.txt"
    path.write_text("".join(base_url(server) + "\n" for server in servers), encoding="utf-8")
    return str(path)


def slow_board(seconds: float) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        time.sleep(seconds)
        return json_body(fixture_board())

    return answer


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def finished(store: RunStore) -> list[Run]:
    return sorted((run for run in store.recent(100) if run.status != "running"), key=lambda run: run.started_at)


def test_schedules_are_crontab_aliases_or_intervals() -> None:
    assert "cron" in str(parse_schedule("0 3 * * *"))
    assert "cron" in str(parse_schedule("@daily"))
    assert str(parse_schedule("every 6h")) == "interval[6:00:00]"
    assert str(parse_schedule("every 30s")) == "interval[0:00:30]"
    for bad in ("daily", "61 * * * *", "every 0s", "every 5 fortnights", ""):
        with pytest.raises(ScheduleError):
            parse_schedule(bad)


def test_a_crawl_run_is_recorded_with_its_stats_and_log(
    site: Site, settings: Settings, crawls: CrawlChildren, tmp_path: Path
) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_json(fixture_board())

    run = crawls.crawl(settings, companies_file(tmp_path, server), "schedule")

    assert run.status == "ok" and run.exit_code == 0 and run.trigger == "schedule"
    assert run.stats is not None and run.stats.postings["new"] == 4 and run.stats.run_id == run.id
    log = Path(run.log_path or "").read_text(encoding="utf-8")
    assert f'"run_id": "{run.id}"' in log  # every line of the run carries its id
    assert all(f'"run_id": "{run.id}"' in line for line in log.splitlines() if line.startswith("{"))
    assert RunStore(settings.data_dir / "runs.sqlite").get(run.id) == run


def test_overlapping_triggers_run_once(site: Site, settings: Settings, crawls: CrawlChildren, tmp_path: Path) -> None:
    server = site()
    offers = Recorder(slow_board(3))
    server.expect_request("/api/offers/").respond_with_handler(offers)
    companies = companies_file(tmp_path, server)

    first = crawls.launch(settings, companies, "api")  # the API's POST /crawls
    with pytest.raises(CrawlBusy):
        crawls.crawl(settings, companies, "schedule")  # a scheduled trigger meanwhile
    store = RunStore(settings.data_dir / "runs.sqlite")
    wait_for(lambda: store.get(first.id) is not None and store.get(first.id).status != "running", 60)  # type: ignore[union-attr]

    assert len(offers.times) == 1
    assert [run.status for run in store.recent()] == ["ok"]
    again = crawls.crawl(settings, companies, "schedule")  # the lock is free once the run ended
    assert again.status == "ok"


def test_the_scheduler_never_overlaps_runs_and_survives_a_crashing_crawl(
    site: Site, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_handler(slow_board(1.5))
    missing = tmp_path / "boards.txt"  # not there yet: the first runs crash with a usage error
    monkeypatch.setenv("JOBBOARD_CRAWL_SCHEDULES", f'{{"{missing}": "every 1s"}}')
    scheduler = build_scheduler(Settings())
    store = RunStore(settings.data_dir / "runs.sqlite")
    try:
        wait_for(lambda: any(run.status == "failed" for run in store.recent()), 30)
        missing.write_text(base_url(server) + "\n", encoding="utf-8")
        wait_for(lambda: sum(run.status == "ok" for run in store.recent()) >= 2, 60)
    finally:
        scheduler.shutdown(wait=True)

    runs = finished(store)
    failed = [run for run in runs if run.status == "failed"]
    assert failed and failed[0].exit_code == 2 and failed[0].error == f"{missing}: no such companies file"  # its own words
    assert "no such companies file" in Path(failed[0].log_path or "").read_text(encoding="utf-8")
    for earlier, later in itertools.pairwise(runs):
        assert earlier.finished_at is not None and later.started_at >= earlier.finished_at  # one at a time


def test_a_hung_crawl_is_killed_and_recorded(site: Site, settings: Settings, crawls: CrawlChildren, tmp_path: Path) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_handler(slow_board(30))
    hurried = settings.model_copy(update={"crawl_kill_after_min": 0.1})  # 6 s

    run = crawls.crawl(hurried, companies_file(tmp_path, server), "schedule")

    assert run.status == "killed" and run.error == "still running after 0.1 min; killed"
    # SIGTERM first: the crawl stopped gracefully and its report (what it had done) is kept with the run.
    assert run.stats is not None and run.stats.run_id == run.id
    assert [result.status for result in run.stats.results] == [CompanyState.failed]  # not fetched: the run stopped early
    ok_server = site()
    ok_server.expect_request("/api/offers/").respond_with_json(fixture_board())
    assert crawls.crawl(settings, companies_file(tmp_path, ok_server), "schedule").status == "ok"  # the lock is free


def test_a_crawl_whose_scheduler_died_keeps_its_lock_and_records_its_own_end(
    site: Site, settings: Settings, crawls: CrawlChildren, tmp_path: Path
) -> None:
    server = site()
    arrived, release = threading.Event(), threading.Event()

    def held_board(request: Request) -> Response:
        arrived.set()
        release.wait(60)
        return json_body(fixture_board())

    server.expect_request("/api/offers/").respond_with_handler(held_board)
    companies = companies_file(tmp_path, server)
    env = {
        **os.environ,
        "JOBBOARD_COMPANIES_FILE": companies,
        "JOBBOARD_CRAWL_SCHEDULE": "every 1s",
        "JOBBOARD_CRAWL_TIMEOUT_S": "90",  # the board is held, not timed out
    }
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "jobboard", "schedule"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    orphans: list[int] = []
    store = RunStore(settings.data_dir / "runs.sqlite")
    try:
        assert arrived.wait(60), "the scheduler did not crawl"
        holder = CrawlLock(settings, str(Path(companies).resolve())).path.read_text(encoding="utf-8").split()
        orphans = [int(holder[0])]  # the lock file names the crawl holding it: pid, run id
        scheduler.kill()  # it cannot stop its crawl: the crawl goes on without it
        scheduler.wait(30)

        with pytest.raises(CrawlBusy):  # the crawl, not its dead parent, holds the lock
            crawls.crawl(settings, companies, "api")
        release.set()
        wait_for(lambda: bool(store.recent()) and all(run.status != "running" for run in store.recent()), 60)
    finally:
        release.set()
        for pid in orphans:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    (run,) = store.recent()
    assert run.trigger == "schedule" and run.status == "ok" and run.exit_code == 0 and run.error is None
    assert run.stats is not None and run.stats.postings["new"] == 4


def test_sigterm_to_the_scheduler_stops_its_crawl_and_waits_for_it(site: Site, settings: Settings, tmp_path: Path) -> None:
    server = site()
    arrived, release = threading.Event(), threading.Event()

    def held_board(request: Request) -> Response:
        arrived.set()
        release.wait(60)  # no answer: the request times out after 5 s, the crawl would go on retrying
        return json_body(fixture_board())

    server.expect_request("/api/offers/").respond_with_handler(held_board)
    companies = companies_file(tmp_path, server)
    env = {**os.environ, "JOBBOARD_COMPANIES_FILE": companies, "JOBBOARD_CRAWL_SCHEDULE": "every 1s"}
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "jobboard", "schedule"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    crawl = 0
    try:
        assert arrived.wait(60), "the scheduler did not crawl"
        crawl = int(CrawlLock(settings, str(Path(companies).resolve())).path.read_text(encoding="utf-8").split()[0])

        scheduler.send_signal(signal.SIGTERM)
        assert scheduler.wait(90) == 0

        with pytest.raises(ProcessLookupError):  # the crawl was stopped and waited for, its whole group gone
            os.killpg(crawl, 0)
    finally:
        release.set()
        if scheduler.poll() is None:
            scheduler.kill()
        if crawl:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(crawl, signal.SIGKILL)
    (run,) = RunStore(settings.data_dir / "runs.sqlite").recent()
    assert run.trigger == "schedule" and run.status == "interrupted" and run.exit_code == 130
    assert run.stats is not None and [result.status for result in run.stats.results] == [CompanyState.failed]  # not fetched


def test_a_restart_keeps_the_schedule_and_its_next_run_time(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBBOARD_CRAWL_SCHEDULE", "every 1h")
    monkeypatch.setenv("JOBBOARD_DUMP_SCHEDULE", "30 4 * * *")
    first = build_scheduler(Settings())
    before = {job.id: job.next_run_time for job in first.get_jobs()}
    first.shutdown()
    time.sleep(1.1)

    second = build_scheduler(Settings())
    after = {job.id: job.next_run_time for job in second.get_jobs()}
    second.shutdown()

    assert set(before) == {f"crawl:{settings.companies_path}", "dump"}
    assert after == before  # an interval from "now" would have moved by a second

    monkeypatch.setenv("JOBBOARD_CRAWL_SCHEDULE", "every 2h")
    monkeypatch.setenv("JOBBOARD_DUMP_SCHEDULE", "")
    third = build_scheduler(Settings())
    changed = {job.id: job.next_run_time for job in third.get_jobs()}
    third.shutdown()
    assert set(changed) == {f"crawl:{settings.companies_path}"}
    assert changed[f"crawl:{settings.companies_path}"] != before[f"crawl:{settings.companies_path}"]


def test_runs_started_in_threads_share_one_lock(site: Site, settings: Settings, crawls: CrawlChildren, tmp_path: Path) -> None:
    server = site()
    server.expect_request("/api/offers/").respond_with_handler(slow_board(2))
    companies = companies_file(tmp_path, server)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            outcomes.append(crawls.crawl(settings, companies, "schedule").status)
        except CrawlBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=attempt) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["busy", "busy", "ok"]


def test_scheduled_dumps_land_with_a_latest_pointer(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    samples = Path(__file__).resolve().parents[2] / "data" / "samples"
    subprocess.run([sys.executable, "-P", "-m", "jobboard", "index", str(samples)], check=True, capture_output=True)
    monkeypatch.setenv("JOBBOARD_DUMP_SCHEDULE", "every 1s")
    monkeypatch.setenv("JOBBOARD_DUMP_KEEP", "2")
    scheduler = build_scheduler(Settings())
    latest = settings.dumps_dir / "latest.ndjson.gz"
    try:
        wait_for(lambda: len(list(settings.dumps_dir.glob("jobboard-*.ndjson.gz"))) >= 2 and latest.exists(), 90)
        time.sleep(1.5)
    finally:
        scheduler.shutdown(wait=True)
    dumps = sorted(settings.dumps_dir.glob("jobboard-*.ndjson.gz"))
    assert len(dumps) == 2  # older ones removed
    lines = gzip.decompress(latest.read_bytes()).decode().splitlines()
    assert '"schema_version":"1"' in lines[0].replace(" ", "") and len(lines) == 1 + 5
