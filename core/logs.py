"""Logging for unattended runs: JSON lines when nobody watches a terminal, each carrying the crawl run id."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Literal, TextIO

_STANDARD = set(vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None))) | {"message", "asctime", "run_id"}


class RunIdFilter(logging.Filter):
    """Stamp every record with the run id, so one run's lines can be picked out of a shared log."""

    def __init__(self, run_id: str | None) -> None:
        super().__init__()
        self.run_id = run_id

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "run_id"):
            record.run_id = self.run_id
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        run_id = getattr(record, "run_id", None)
        if run_id:
            entry["run_id"] = run_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """One line per record for a person at a terminal. Without ``tracebacks`` an exception is named, not unwound:
    a library's traceback of a refused connection says nothing the line and the run report do not."""

    def __init__(self, tracebacks: bool = True) -> None:
        super().__init__()
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        run_id = getattr(record, "run_id", None)
        prefix = f"[{run_id}] " if run_id else ""
        line = f"{datetime.fromtimestamp(record.created).strftime('%H:%M:%S')} {record.levelname.lower():7} {prefix}{record.getMessage()}"
        if record.exc_info and self.tracebacks:
            line += "\n" + self.formatException(record.exc_info)
        elif record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            if str(error) not in line:
                line += f" ({type(error).__name__}: {error})"
        return line


def setup_logging(
    level: int | str = logging.INFO,
    run_id: str | None = None,
    fmt: Literal["auto", "json", "text"] = "auto",
    stream: TextIO | None = None,
    tracebacks: bool = True,
) -> None:
    """Replace the root handlers with one that writes ``stream`` (stderr) in the chosen format; ``tracebacks=False``
    keeps exceptions to one line in text (JSON lines for logs always carry them)."""
    target = stream or sys.stderr
    use_json = fmt == "json" or (fmt == "auto" and not _isatty(target))
    handler = logging.StreamHandler(target)
    handler.setLevel(level)  # libraries may lower the root's level; the handler still holds the line
    handler.setFormatter(JsonFormatter() if use_json else TextFormatter(tracebacks))
    handler.addFilter(RunIdFilter(run_id or os.environ.get("JOBBOARD_RUN_ID")))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
