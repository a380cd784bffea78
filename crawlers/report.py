"""One crawl run's account: what happened to each company and to its postings.

``CrawlReport`` is the one shape of a run, typed and versioned like ``Posting``: the crawl saves it under
``data/crawls/{run_id}.json`` and in its row of the run history, ``jobboard crawl --json`` prints it, and
``jobboard runs``, ``jobboard stats``, the scheduler and ``GET /crawls`` read it back through this model.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, NonNegativeInt, computed_field, field_validator

from crawlers.items import CompanyState
from crawlers.store import ValidatorStore, write_file

REPORT_VERSION = "1"
"""Changes with the report's shape; a report of another major version is refused, not misread."""
POSTING_COUNTS = ("new", "updated", "unchanged", "archived")
"""What a person reads first about a run's postings; ``unarchived`` and ``skipped`` are counted too."""
LATEST = "latest.json"


def new_run_id(now: datetime | None = None) -> str:
    """``20261123T030000Z-4f2a``: sorts by start time, unique enough for runs started in the same second."""
    when = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{when:%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


class CompanyResult(BaseModel):
    """One company of a run: how its fetch ended and what it did to its posting files."""

    company: str
    base_url: str | None = None
    status: CompanyState
    reason: str | None = None
    postings: dict[str, NonNegativeInt] = Field(default_factory=dict)
    problems: list[str] = Field(default_factory=list)


class CrawlReport(BaseModel):
    """A crawl run; the totals (``companies``, ``postings``, ``duration_s``) are computed from its results."""

    schema_version: str = REPORT_VERSION
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    results: list[CompanyResult] = Field(default_factory=list)
    requests: NonNegativeInt = 0
    retries: NonNegativeInt = 0
    indexed: NonNegativeInt = 0
    index_error: str | None = None
    broken: str | None = Field(default=None, description="Why the run itself could not do its job.")

    @field_validator("schema_version")
    @classmethod
    def _same_major_version(cls, value: str) -> str:
        if value.split(".")[0] != REPORT_VERSION.split(".")[0]:
            raise ValueError(f"report schema version {value}; this version of jobboard reads {REPORT_VERSION}")
        return value

    @field_validator("started_at", "finished_at")
    @classmethod
    def _utc_unless_given(cls, value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def duration_s(self) -> float:
        end = self.finished_at or datetime.now(UTC)
        return round((end - self.started_at).total_seconds(), 3)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def companies(self) -> dict[str, int]:
        """Companies per state, every state listed."""
        counts = Counter(result.status for result in self.results)
        return {state.value: counts.get(state, 0) for state in CompanyState}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def postings(self) -> dict[str, int]:
        """Posting files per change, summed over the companies."""
        totals: Counter[str] = Counter()
        for result in self.results:
            totals.update(result.postings)
        return {name: totals.get(name, 0) for name in (*POSTING_COUNTS, "unarchived", "skipped")}

    @property
    def failed(self) -> str | None:
        """Why the run as a whole failed (its files or its index), or None."""
        return self.broken or self.index_error

    def save(self, folder: Path) -> Path:
        """``{folder}/{run_id}.json``, and the same as ``latest.json``; ``StoreError`` when either cannot be written."""
        body = (self.model_dump_json(indent=1) + "\n").encode("utf-8")
        target = folder / f"{self.run_id}.json"
        write_file(target, body)
        write_file(folder / LATEST, body)
        return target

    def summary(self) -> str:
        """A few lines for a person: totals first, then every company that needs a look."""
        postings = self.postings
        lines = [
            f"crawl {self.run_id}: {len(self.results)} companies in {self.duration_s:.1f} s, "
            f"{self.requests} requests, {self.retries} retries",
            "companies: " + (", ".join(f"{n} {state.replace('_', ' ')}" for state, n in self.companies.items() if n) or "none"),
            "postings: " + ", ".join(f"{postings[name]} {name}" for name in POSTING_COUNTS),
        ]
        if self.indexed or self.index_error:
            lines.append(f"index: {self.index_error}" if self.index_error else f"index: {self.indexed} postings updated")
        for result in self.results:
            if not result.status.settled or result.problems:
                reason = f" ({result.reason})" if result.reason else ""
                lines.append(f"  {result.company}: {result.status}{reason}")
                lines.extend(f"    {problem}" for problem in result.problems[:5])
        if self.broken:
            lines.append(f"run broken: {self.broken}")
        return "\n".join(lines)


def report_files(folder: Path) -> Iterator[Path]:
    """The saved run reports in ``folder``, one per run, oldest first (``latest.json`` is a copy, not a run)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        if path.name not in (LATEST, ValidatorStore.FILE) and not path.name.startswith("."):
            yield path
