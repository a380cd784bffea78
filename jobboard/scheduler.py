"""Crawls (and dumps) on a schedule, unattended.

Each crawl runs as a ``jobboard crawl`` subprocess started through ``crawlers.launch``, which waits for
it, kills a hung one and, on shutdown, stops the running ones and waits for them to record how they
ended. This module only decides when: APScheduler jobs built from the settings.
"""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import SQLAlchemyError

from core.errors import JobboardError
from core.settings import Settings, get_settings
from crawlers.launch import CrawlChildren
from crawlers.runs import CrawlBusy

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


class ScheduleStoreError(JobboardError):
    """The scheduler's job store under the data folder cannot be opened or written."""

    exit_status = 1


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


children = CrawlChildren()
"""The crawls the scheduler of this process started (the API keeps its own, per app)."""


def crawl_job(companies_file: str) -> None:
    """What the scheduler calls: a busy or failing crawl is logged (the crawl recorded itself), never raised into APScheduler.

    A crawl skipped because another crawl of the same companies runs is logged only: no run row.
    """
    settings = Settings()  # read afresh at each run: the scheduler lives for months
    try:
        run = children.crawl(settings, companies_file, "schedule")
    except CrawlBusy as exc:
        logger.warning("scheduled crawl skipped: %s", exc)
        return
    except Exception:
        logger.exception("scheduled crawl of %s could not run", companies_file)
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
    path = (settings.data_dir / "scheduler.sqlite").resolve()
    store = SQLAlchemyJobStore(url=f"sqlite:///{path}")
    scheduler = BackgroundScheduler(
        jobstores={"default": store},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
        timezone=UTC,
    )
    try:
        scheduler.start(paused=True)
    except SQLAlchemyError as exc:  # a read-only data folder, a damaged or foreign file: one line, not a traceback
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise ScheduleStoreError(f"cannot use the schedule store {path}: {reason}") from None
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
    """``jobboard schedule``: run until SIGINT/SIGTERM, then stop running crawls, wait for them, and exit."""
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
        shutdown(scheduler, settings)
    return 0


def shutdown(scheduler: BackgroundScheduler, settings: Settings) -> None:
    """Run no more jobs, stop the crawls this process started (see ``CrawlChildren.stop``), then wait for the jobs."""
    logger.info("stopping; running crawls get %.0f s to stop", settings.crawl_stop_timeout_s)
    scheduler.pause()
    children.stop(settings.crawl_stop_timeout_s)
    scheduler.shutdown(wait=True)
    logger.info("scheduler stopped at %s", datetime.now(UTC).isoformat())
