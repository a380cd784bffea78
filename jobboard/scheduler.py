"""Crawls (and dumps) on a schedule, unattended.

Each crawl runs as a ``jobboard crawl`` subprocess: Scrapy's reactor cannot
restart inside a long-lived process, and a crawl that crashes or hangs must
not take the scheduler with it. A file lock per companies file keeps two
crawls of the same companies from ever overlapping, across processes too
(the scheduler and ``POST /crawls`` in the API).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from jobboard.errors import JobboardError
from jobboard.runs import Run, RunStore, Trigger
from jobboard.settings import Settings, get_settings

logger = logging.getLogger("jobboard.scheduler")

_ALIASES = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
}
_EVERY = re.compile(r"^every\s+(\d+(?:\.\d+)?)\s*(s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ScheduleError(JobboardError):
    """A schedule setting that is neither a crontab line, an @alias nor 'every N unit'."""


class CrawlBusy(JobboardError):
    """A crawl of the same companies is already running (in this process or another)."""


def parse_schedule(text: str) -> BaseTrigger:
    """``0 3 * * *`` (UTC), ``@daily``, or ``every 6h`` / ``every 30s``."""
    raw = text.strip()
    every = _EVERY.match(raw)
    if every:
        seconds = float(every.group(1)) * _UNIT_SECONDS[every.group(2)[0].lower()]
        if seconds <= 0:
            raise ScheduleError(f"schedule {text!r}: the interval must be positive")
        return IntervalTrigger(seconds=seconds, timezone=UTC)
    try:
        return CronTrigger.from_crontab(_ALIASES.get(raw.lower(), raw), timezone=UTC)
    except ValueError as exc:
        raise ScheduleError(
            f"schedule {text!r} is not a crontab line (m h dom mon dow), an @alias or 'every N unit': {exc}"
        ) from None


def new_run_id() -> str:
    from crawlers.report import new_run_id as crawl_run_id

    return crawl_run_id()


class CrawlLock:
    """An exclusive, non-blocking ``flock`` on ``data/crawls/locks/{file}.lock``; the OS frees it if we die."""

    def __init__(self, settings: Settings, companies_file: str) -> None:
        digest = hashlib.sha1(str(Path(companies_file).resolve()).encode()).hexdigest()[:12]
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(companies_file).name)[:40]
        self.path = settings.crawls_dir / "locks" / f"{stem}-{digest}.lock"
        self.companies_file = companies_file
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise CrawlBusy(f"a crawl of {self.companies_file} is already running") from None
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def _crawl_command(companies_file: str, run_id: str) -> list[str]:
    return [sys.executable, "-P", "-m", "jobboard", "crawl", "--companies-file", companies_file, "--json", "--run-id", run_id]


def _execute(settings: Settings, runs: RunStore, run: Run, lock: CrawlLock) -> Run:
    """Run the crawl subprocess to its end (or kill it), record how it ended, release the lock."""
    log_path = Path(run.log_path) if run.log_path else settings.crawls_dir / f"{run.id}.log"
    status: Any = "failed"
    exit_code: int | None = None
    error: str | None = None
    stats: dict[str, Any] | None = None
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "ab") as log:
            env = {**os.environ, "JOBBOARD_RUN_ID": run.id, "JOBBOARD_LOG_FORMAT": "json"}
            process = subprocess.Popen(
                _crawl_command(run.companies_file, run.id),
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,  # its own process group: a kill reaches Scrapy's children too
            )
            limit = settings.crawl_kill_after_min * 60
            try:
                out, _ = process.communicate(timeout=limit)
            except subprocess.TimeoutExpired:
                _kill(process)
                status, exit_code = "killed", process.returncode
                error = f"still running after {settings.crawl_kill_after_min:g} min; killed"
                logger.error("crawl %s killed after %.0f s", run.id, limit, extra={"run_id": run.id})
            else:
                exit_code = process.returncode
                stats = _last_json(out)
                if exit_code == 0:
                    status = "ok"
                else:
                    error = f"jobboard crawl exited with status {exit_code}; see {log_path}"
                    if stats and stats.get("broken"):
                        error = str(stats["broken"])
    except Exception as exc:  # the scheduler outlives any one run
        error = f"could not run the crawl: {type(exc).__name__}: {exc}"
        logger.exception("crawl %s could not run", run.id, extra={"run_id": run.id})
    finally:
        runs.finish(run.id, status, exit_code=exit_code, error=error, stats=stats)
        lock.release()
    logger.info("crawl %s ended: %s", run.id, status, extra={"run_id": run.id, "exit_code": exit_code})
    return runs.get(run.id) or run


def _kill(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _last_json(out: bytes) -> dict[str, Any] | None:
    for line in reversed(out.decode("utf-8", "replace").strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        return value if isinstance(value, dict) else None
    return None


def _begin(settings: Settings, companies_file: str, trigger: Trigger, run_id: str | None) -> tuple[RunStore, Run, CrawlLock]:
    lock = CrawlLock(settings, companies_file)
    lock.acquire()  # raises CrawlBusy
    try:
        runs = RunStore(settings.data_dir / "runs.sqlite")
        runs.mark_abandoned(companies_file)  # we hold the lock: anything still 'running' died with its process
        run_id = run_id or new_run_id()
        run = runs.start(run_id, companies_file, trigger, log_path=settings.crawls_dir / f"{run_id}.log")
    except BaseException:
        lock.release()
        raise
    logger.info("crawl %s started (%s) for %s", run.id, trigger, companies_file, extra={"run_id": run.id})
    return runs, run, lock


def run_crawl(
    companies_file: str, trigger: Trigger = "manual", settings: Settings | None = None, run_id: str | None = None
) -> Run:
    """Crawl now and wait for the end; raises ``CrawlBusy`` when these companies are being crawled already."""
    settings = settings or get_settings()
    runs, run, lock = _begin(settings, companies_file, trigger, run_id)
    return _execute(settings, runs, run, lock)


def start_crawl(companies_file: str, trigger: Trigger = "api", settings: Settings | None = None) -> Run:
    """Start a crawl in a background thread and return its run at once (``POST /crawls``); ``CrawlBusy`` if one runs."""
    settings = settings or get_settings()
    runs, run, lock = _begin(settings, companies_file, trigger, None)
    threading.Thread(target=_execute, args=(settings, runs, run, lock), name=f"crawl-{run.id}", daemon=True).start()
    return run


def crawl_job(companies_file: str) -> None:
    """What the scheduler calls: a busy or failing crawl is logged and recorded, never raised into APScheduler."""
    settings = Settings()  # read afresh at each run: the scheduler lives for months
    try:
        run = run_crawl(companies_file, trigger="schedule", settings=settings)
    except CrawlBusy as exc:
        logger.warning("scheduled crawl skipped: %s", exc)
        return
    except Exception:
        logger.exception("scheduled crawl of %s could not start", companies_file)
        return
    if run.status != "ok":
        logger.error("scheduled crawl %s %s: %s", run.id, run.status, run.error, extra={"run_id": run.id})


def dump_job() -> None:
    settings = Settings()  # read afresh at each run: the scheduler lives for months
    try:
        from jobboard.dumps import scheduled_dump

        path = scheduled_dump(settings, keep=settings.dump_keep)
        logger.info("dump written to %s", path)
    except Exception:
        logger.exception("scheduled dump failed")


def rebuild_job() -> None:
    """A full rebuild from the posting files, in a subprocess like crawls (one writer at a time)."""
    settings = Settings()  # read afresh at each run: the scheduler lives for months
    command = [sys.executable, "-P", "-m", "jobboard", "index", "--rebuild"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=settings.crawl_kill_after_min * 60, check=False)
    except subprocess.TimeoutExpired:
        logger.error("index rebuild timed out")
        return
    (logger.info if done.returncode == 0 else logger.error)(
        "index rebuild ended with status %s: %s", done.returncode, done.stderr.strip()[-500:]
    )


def desired_jobs(settings: Settings) -> dict[str, tuple[Callable[..., None], list[str], BaseTrigger]]:
    """Job id -> (function, args, trigger), from the settings."""
    jobs: dict[str, tuple[Callable[..., None], list[str], BaseTrigger]] = {}
    for companies_file, schedule in settings.schedules().items():
        jobs[f"crawl:{companies_file}"] = (crawl_job, [companies_file], parse_schedule(schedule))
    if settings.dump_schedule:
        jobs["dump"] = (dump_job, [], parse_schedule(settings.dump_schedule))
    if settings.rebuild_schedule:
        jobs["rebuild"] = (rebuild_job, [], parse_schedule(settings.rebuild_schedule))
    return jobs


def build_scheduler(settings: Settings | None = None) -> BackgroundScheduler:
    """A started scheduler whose jobs match the settings; jobs whose schedule did not change keep their next run time."""
    settings = settings or get_settings()
    wanted = desired_jobs(settings)  # invalid schedules fail here, before anything starts
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = SQLAlchemyJobStore(url=f"sqlite:///{(settings.data_dir / 'scheduler.sqlite').resolve()}")
    scheduler = BackgroundScheduler(
        jobstores={"default": store},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
        timezone=UTC,
    )
    scheduler.start(paused=True)
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            job.remove()
    for job_id, (func, args, trigger) in wanted.items():
        current = scheduler.get_job(job_id)
        if current is not None and str(current.trigger) == str(trigger) and list(current.args) == args:
            continue  # unchanged: keep the stored next run time (a run missed while down still happens once)
        scheduler.add_job(func, trigger, args=args, id=job_id, name=job_id, replace_existing=True)
    scheduler.resume()
    return scheduler


def describe(scheduler: BackgroundScheduler) -> list[dict[str, str | None]]:
    return [
        {"id": job.id, "trigger": str(job.trigger), "next_run": job.next_run_time.isoformat() if job.next_run_time else None}
        for job in scheduler.get_jobs()
    ]


def run_forever(settings: Settings | None = None, stop: threading.Event | None = None) -> int:
    """``jobboard schedule``: run until SIGINT/SIGTERM, then wait for nothing but the scheduler's own shutdown."""
    settings = settings or get_settings()
    scheduler = build_scheduler(settings)
    stop = stop or threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    for job in describe(scheduler):
        logger.info("scheduled %s (%s), next run %s", job["id"], job["trigger"], job["next_run"])
    try:
        while not stop.wait(1.0):
            pass
    finally:
        logger.info("stopping; a crawl still running is allowed to finish")
        scheduler.shutdown(wait=True)
        logger.info("scheduler stopped at %s", datetime.now(UTC).isoformat())
    return 0
