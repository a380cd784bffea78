"""Crawl run history in SQLite: what ran, when, how it ended, with its stats; read by ``GET /crawls``."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

RunStatus = Literal["running", "ok", "failed", "killed", "skipped"]
Trigger = Literal["schedule", "api", "manual"]

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
    stats: dict[str, Any] | None = None


class RunStore:
    """One table, one short connection per call: the scheduler, the API and crawls may share the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.row_factory = sqlite3.Row
        return db

    def start(self, run_id: str, companies_file: str, trigger: Trigger, log_path: Path | None = None) -> Run:
        run = Run(
            id=run_id,
            companies_file=companies_file,
            trigger=trigger,
            started_at=datetime.now(UTC),
            status="running",
            log_path=str(log_path) if log_path else None,
        )
        with closing(self._connect()) as db, db:
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
        stats: dict[str, Any] | None = None,
    ) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, exit_code = ?, error = ?, stats = ? WHERE id = ?",
                (
                    datetime.now(UTC).isoformat(),
                    status,
                    exit_code,
                    error,
                    json.dumps(stats) if stats is not None else None,
                    run_id,
                ),
            )

    def get(self, run_id: str) -> Run | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _run(row) if row else None

    def recent(self, limit: int = 50) -> list[Run]:
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", (max(1, min(limit, 1000)),)
            ).fetchall()
        return [_run(row) for row in rows]

    def mark_abandoned(self, companies_file: str) -> int:
        """Runs of these companies left 'running' by a process that died; call only while holding their lock."""
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "UPDATE runs SET status = 'failed', error = 'the process running it stopped before it finished', "
                "finished_at = ? WHERE status = 'running' AND companies_file = ?",
                (datetime.now(UTC).isoformat(), companies_file),
            )
            return cursor.rowcount


def _run(row: sqlite3.Row) -> Run:
    data = dict(row)
    data["stats"] = json.loads(data["stats"]) if data.get("stats") else None
    return Run.model_validate(data)
