"""Crawl run history in SQLite and the lock that keeps crawls of the same companies apart.

Every ``jobboard crawl`` process (started by hand, by the scheduler or by ``POST /crawls``) takes
the lock of its companies itself, for as long as it lives, then writes its own row: ``running``
when it starts, how it really ended when it stops. A parent that started it only records what the
crawl could not: that it was killed, or that it died without finishing its row.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

from pydantic import BaseModel

from core.errors import JobboardError
from core.settings import Settings
from crawlers.report import CrawlReport

RunStatus = Literal["running", "ok", "failed", "interrupted", "killed"]
Trigger = Literal["schedule", "api", "manual"]

EXIT_BUSY = 3
"""``jobboard crawl``'s exit status when a crawl of the same companies holds the lock."""
EXIT_INTERRUPTED = 130
"""``jobboard crawl``'s exit status when SIGTERM or SIGINT stopped it (its run is ``interrupted``)."""

ABANDONED = "the process running it stopped before it finished"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    companies_file TEXT NOT NULL,
    trigger TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    exit_code INTEGER,
    error TEXT,
    log_path TEXT,
    stats TEXT
);
CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at DESC);
"""
# A parent may overwrite these outcomes: the crawl was still going (or only stopping because the
# parent told it to), or the next lock holder marked it abandoned before the parent could say more.
_UNSETTLED = "(status IN ('running', 'interrupted') OR (status = 'failed' AND error = ?))"


class RunHistoryError(JobboardError):
    """``runs.sqlite`` or a crawl lock file cannot be read or written."""


class CrawlBusy(JobboardError):
    """A crawl of the same companies is already running (in this process or another)."""


class Run(BaseModel):
    id: str
    companies_file: str
    trigger: Trigger
    started_at: datetime
    finished_at: datetime | None = None
    status: RunStatus
    exit_code: int | None = None
    error: str | None = None
    log_path: str | None = None
    stats: CrawlReport | None = None  # the run's report, as its crawl made it


def crawl_key(companies_file: str | Path | None, names: Sequence[str], settings: Settings) -> str:
    """What a crawl is of, for its lock and its run rows (the ``companies_file`` column).

    The resolved companies file when one is read (the default file when no company is named);
    companies named on the command line add their sorted, de-duplicated list, so the same names in
    any order share a lock.
    """
    named = " ".join(sorted(set(names)))
    if companies_file is None and named:
        return f"companies: {named}"
    path = str(Path(companies_file if companies_file is not None else settings.companies_path).resolve())
    return f"{path} + {named}" if named else path


class CrawlLock:
    """An exclusive, non-blocking ``flock`` on ``data/crawls/locks/{key}.lock``; the OS frees it when its process dies.

    The holder writes its pid and run id into the file, so a crawl that finds it taken can say which.
    """

    def __init__(self, settings: Settings, key: str) -> None:
        digest = hashlib.sha1(key.encode()).hexdigest()[:12]
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(key.split(" + ")[0]).name)[:40].strip("-") or "companies"
        self.path = settings.crawls_dir / "locks" / f"{stem}-{digest}.lock"
        self.key = key
        self._handle: IO[str] | None = None

    def acquire(self, run_id: str) -> None:
        """Take the lock or raise ``CrawlBusy``; ``RunHistoryError`` when the lock file cannot be made."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise RunHistoryError(f"cannot create the crawl lock {self.path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().split()
            handle.close()
            who = f" (run {holder[1]}, pid {holder[0]})" if len(holder) == 2 else ""
            raise CrawlBusy(f"a crawl of {self.key} is already running{who}") from None
        with contextlib.suppress(OSError):
            handle.truncate(0)
            handle.write(f"{os.getpid()} {run_id}\n")
            handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.truncate(0)
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class RunStore:
    """One table, one short connection per call: the scheduler, the API and crawls may share the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._db() as db, db:
            db.executescript(_SCHEMA)

    @classmethod
    def of(cls, settings: Settings) -> RunStore:
        """The run history of these settings' data folder."""
        return cls(settings.data_dir / "runs.sqlite")

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=30)) as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.row_factory = sqlite3.Row
                yield db
        except (OSError, sqlite3.Error) as exc:
            raise RunHistoryError(f"cannot use the run history {self.path}: {exc}") from None

    def start(self, run_id: str, companies_file: str, trigger: Trigger, log_path: Path | str | None = None) -> Run:
        run = Run(
            id=run_id,
            companies_file=companies_file,
            trigger=trigger,
            started_at=datetime.now(UTC),
            status="running",
            log_path=str(log_path) if log_path else None,
        )
        with self._db() as db, db:
            db.execute(
                "INSERT INTO runs (id, companies_file, trigger, started_at, status, log_path) VALUES (?, ?, ?, ?, ?, ?)",
                (run.id, run.companies_file, run.trigger, run.started_at.isoformat(), run.status, run.log_path),
            )
        return run

    def finish(
        self,
        run_id: str,
        status: RunStatus,
        exit_code: int | None = None,
        error: str | None = None,
        stats: CrawlReport | None = None,
    ) -> None:
        """How the crawl itself ended; only the crawl process calls this."""
        with self._db() as db, db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, exit_code = ?, error = ?, stats = ? WHERE id = ?",
                (
                    datetime.now(UTC).isoformat(),
                    status,
                    exit_code,
                    error,
                    stats.model_dump_json() if stats is not None else None,
                    run_id,
                ),
            )

    def mark_killed(self, run_id: str, exit_code: int | None, error: str) -> None:
        """A parent killed this crawl; an outcome the crawl recorded on its own (ok, failed) stands, its stats stay."""
        with self._db() as db, db:
            db.execute(
                f"UPDATE runs SET status = 'killed', exit_code = ?, error = ?, finished_at = COALESCE(finished_at, ?) "
                f"WHERE id = ? AND {_UNSETTLED}",
                (exit_code, error, datetime.now(UTC).isoformat(), run_id, ABANDONED),
            )

    def mark_lost(
        self, run_id: str, companies_file: str, trigger: Trigger, exit_code: int | None, error: str, log_path: Path | None
    ) -> None:
        """A crawl died without recording its end (or before its row existed): record it ``failed``, never over a real outcome."""
        now = datetime.now(UTC).isoformat()
        with self._db() as db, db:
            db.execute(
                "INSERT OR IGNORE INTO runs (id, companies_file, trigger, started_at, finished_at, status, exit_code, error, "
                "log_path) VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, ?)",
                (run_id, companies_file, trigger, now, now, exit_code, error, str(log_path) if log_path else None),
            )
            db.execute(
                "UPDATE runs SET status = 'failed', exit_code = ?, error = ?, finished_at = ? "
                "WHERE id = ? AND (status = 'running' OR (status = 'failed' AND error = ?))",
                (exit_code, error, now, run_id, ABANDONED),
            )

    def get(self, run_id: str) -> Run | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _run(row) if row else None

    def recent(self, limit: int = 50) -> list[Run]:
        with self._db() as db:
            rows = db.execute(
                "SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", (max(1, min(limit, 1000)),)
            ).fetchall()
        return [_run(row) for row in rows]

    def mark_abandoned(self, companies_file: str) -> int:
        """Runs of these companies left 'running' by a process that died; call only while holding their lock.

        Only crawl processes write 'running' rows, and each holds the lock until it has finished its
        row, so a 'running' row seen by the next holder belongs to a process that is gone.
        """
        with self._db() as db, db:
            cursor = db.execute(
                "UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE status = 'running' AND companies_file = ?",
                (ABANDONED, datetime.now(UTC).isoformat(), companies_file),
            )
            return cursor.rowcount


def _run(row: sqlite3.Row) -> Run:
    data = dict(row)
    data["stats"] = json.loads(data["stats"]) if data.get("stats") else None
    return Run.model_validate(data)
