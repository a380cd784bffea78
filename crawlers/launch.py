"""Crawls in child processes: what the scheduler and ``POST /crawls`` start, wait for, kill when hung, stop at shutdown.

Each crawl runs as a ``jobboard crawl`` subprocess: Scrapy's reactor cannot restart inside a long-lived
process, and a crawl that crashes or hangs must not take its parent with it. The crawl process takes its
companies' lock and writes its run row itself (``crawlers.runner.RecordedRun``), so crawls exclude each
other whoever starts them (by hand, the scheduler, ``POST /crawls``), and a crawl's lock lives exactly as
long as the crawl. The parent only records what the crawl could not.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import JobboardError
from core.settings import Settings
from crawlers.report import new_run_id
from crawlers.runs import EXIT_BUSY, CrawlBusy, Run, RunStore, Trigger, crawl_key

logger = logging.getLogger(__name__)

_START_TIMEOUT_S = 60.0  # a crawl process takes its lock a second or two after it starts


class CrawlStartError(JobboardError):
    """A crawl subprocess could not be started, or ended before it took its companies' lock."""


@dataclass
class CrawlChild:
    """One ``jobboard crawl`` subprocess started here, in its own process group, watched until it ends."""

    run_id: str
    companies_file: str
    key: str
    trigger: Trigger
    log_path: Path
    process: subprocess.Popen[bytes]
    done: threading.Event = field(default_factory=threading.Event)  # set once its end is recorded
    kill_reason: str | None = None  # set when this process killed it


class CrawlChildren:
    """The crawl subprocesses one parent started: shutting down stops them and waits for them, never orphans them.

    The crawl process holds its own lock and writes its own run row; the parent only adds what the
    crawl could not record: that it was killed (hung, or not stopping at shutdown), or that it died
    without finishing its row.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, CrawlChild] = {}
        self._closed = False

    def crawl(self, settings: Settings, companies_file: str, trigger: Trigger) -> Run:
        """Crawl in a subprocess and wait for its end; ``CrawlBusy`` when these companies are being crawled already."""
        return self.watch(self.start(settings, companies_file, trigger), settings)

    def launch(self, settings: Settings, companies_file: str, trigger: Trigger) -> Run:
        """Start a crawl and return its run once it holds the lock, watched from a thread; ``CrawlBusy`` if one runs."""
        child = self.start(settings, companies_file, trigger)

        def watch() -> None:
            try:
                self.watch(child, settings)
            except Exception:  # nobody waits on this thread: say it in the log
                logger.exception("crawl %s: could not record its end", child.run_id, extra={"run_id": child.run_id})

        threading.Thread(target=watch, name=f"crawl-{child.run_id}", daemon=True).start()
        run = RunStore.of(settings).get(child.run_id)
        if run is None:  # the crawl writes its row before it says it holds the lock
            raise CrawlStartError(f"run {child.run_id} is missing from the run history")
        return run

    def start(self, settings: Settings, companies_file: str, trigger: Trigger) -> CrawlChild:
        """Start a crawl and return once it holds its lock; ``CrawlBusy`` when another crawl of these companies does."""
        if self._closed:
            raise CrawlStartError("not starting a crawl: shutting down")
        run_id = new_run_id()
        log_path = settings.crawls_dir / f"{run_id}.log"
        key = crawl_key(companies_file, [], settings)
        ready_read, ready_write = os.pipe()
        child: CrawlChild | None = None
        try:
            try:
                log_path.parent.mkdir(parents=True, exist_ok=True)
                with open(log_path, "ab") as log, self._lock:
                    if self._closed:
                        raise CrawlStartError("not starting a crawl: shutting down")
                    process = subprocess.Popen(
                        _crawl_command(companies_file, run_id, trigger, log_path, ready_write),
                        stdout=subprocess.DEVNULL,
                        stderr=log,
                        stdin=subprocess.DEVNULL,
                        env={**os.environ, "JOBBOARD_RUN_ID": run_id, "JOBBOARD_LOG_FORMAT": "json"},
                        pass_fds=(ready_write,),
                        start_new_session=True,  # its own process group: signals reach Scrapy's children too
                    )
                    child = CrawlChild(run_id, companies_file, key, trigger, log_path, process)
                    self._running[run_id] = child
            finally:
                os.close(ready_write)  # the child has its copy: EOF here means it ended
            ready = _wait_ready(ready_read, _START_TIMEOUT_S)
        except OSError as exc:
            if child is not None:
                _terminate(child.process, settings.crawl_stop_timeout_s)
                self._forget(child)
            error = f"could not start a crawl of {companies_file}: {exc.strerror or exc}"
            RunStore.of(settings).mark_lost(run_id, key, trigger, None, error, None)
            raise CrawlStartError(error) from None
        finally:
            os.close(ready_read)
        if ready:
            logger.info("crawl %s started (%s) for %s", run_id, trigger, companies_file, extra={"run_id": run_id})
            return child
        try:
            process.wait(timeout=_START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            child.kill_reason = f"did not take its lock within {_START_TIMEOUT_S:g} s; killed"
            _terminate(process, settings.crawl_stop_timeout_s)
        finally:
            self._forget(child)
        if process.returncode == EXIT_BUSY:
            log_path.unlink(missing_ok=True)  # no run happened: its log holds only the "already running" line
            raise CrawlBusy(f"a crawl of {companies_file} is already running")
        error = child.kill_reason or f"the crawl ended before it started ({_ended(process.returncode)}); see {log_path}"
        RunStore.of(settings).mark_lost(run_id, key, trigger, process.returncode, error, log_path)
        logger.error("crawl %s of %s could not start: %s", run_id, companies_file, error, extra={"run_id": run_id})
        raise CrawlStartError(f"the crawl of {companies_file} could not start ({_ended(process.returncode)})")

    def watch(self, child: CrawlChild, settings: Settings) -> Run:
        """Wait for the crawl to end (killing it after ``crawl_kill_after_min``) and record what it could not."""
        try:
            limit = settings.crawl_kill_after_min * 60
            try:
                child.process.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                child.kill_reason = f"still running after {settings.crawl_kill_after_min:g} min; killed"
                logger.error("crawl %s killed after %.0f s", child.run_id, limit, extra={"run_id": child.run_id})
                _terminate(child.process, settings.crawl_stop_timeout_s)
            store = RunStore.of(settings)
            code = child.process.returncode
            if child.kill_reason:
                store.mark_killed(child.run_id, code, child.kill_reason)
            else:
                run = store.get(child.run_id)
                if run is None or run.status == "running":
                    error = f"the crawl ended ({_ended(code)}) without recording how; see {child.log_path}"
                    store.mark_lost(child.run_id, child.key, child.trigger, code, error, child.log_path)
            run = store.get(child.run_id)
        finally:
            self._forget(child)
        if run is None:
            raise CrawlStartError(f"run {child.run_id} is missing from the run history")
        logger.info("crawl %s ended: %s", run.id, run.status, extra={"run_id": run.id, "exit_code": run.exit_code})
        return run

    def _forget(self, child: CrawlChild) -> None:
        with self._lock:
            self._running.pop(child.run_id, None)
        child.done.set()

    def stop(self, timeout: float) -> None:
        """Start no more crawls; SIGTERM the running ones, wait up to ``timeout`` s for them to record their end, then SIGKILL."""
        with self._lock:
            self._closed = True
            children = list(self._running.values())
        if not children:
            return
        logger.info("stopping the running crawls (%d), up to %.0f s", len(children), timeout)
        for child in children:
            _signal(child.process, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in children:
            if not child.done.wait(max(0.0, deadline - time.monotonic())) and child.process.poll() is None:
                child.kill_reason = f"did not stop within {timeout:g} s of SIGTERM at shutdown; killed"
                logger.error("crawl %s killed at shutdown", child.run_id, extra={"run_id": child.run_id})
                _signal(child.process, signal.SIGKILL)
        for child in children:
            child.done.wait(10.0)  # SIGKILL is not refused: only its end is still to be recorded


def _crawl_command(companies_file: str, run_id: str, trigger: Trigger, log_path: Path, ready_fd: int) -> list[str]:
    return [
        *(sys.executable, "-P", "-m", "jobboard", "crawl", "--companies-file", companies_file, "--run-id", run_id),
        *("--trigger", trigger, "--log-path", str(log_path), "--ready-fd", str(ready_fd)),
    ]


def _wait_ready(fd: int, timeout: float) -> bool:
    """True once the child wrote ``locked RUN_ID``; False when it closed the pipe (it ended) or took too long."""
    deadline = time.monotonic() + timeout
    data = b""
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return False
        chunk = os.read(fd, 256)
        if not chunk:
            return False
        data += chunk
    return data.startswith(b"locked ")


def _signal(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def _terminate(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the crawl's process group (it stops and records its run), SIGKILL it after ``grace`` seconds."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        _signal(process, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _ended(code: int | None) -> str:
    if code is None:
        return "still running"
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"
