"""One crawl run's account: what happened to each company and to its postings, saved under ``data/crawls/``."""

from __future__ import annotations

import json
import secrets
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawlers.store import atomic_write

POSTING_COUNTS = ("new", "updated", "unchanged", "archived")
COMPANY_STATES = ("ok", "empty", "not_modified", "unknown", "not_hosted", "sandbox", "robots", "blocked", "failed", "invalid")


def new_run_id(now: datetime | None = None) -> str:
    when = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{when:%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


@dataclass
class CompanyResult:
    company: str
    base_url: str | None
    status: str
    reason: str | None = None
    postings: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class CrawlReport:
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    companies: list[CompanyResult] = field(default_factory=list)
    requests: int = 0
    retries: int = 0
    indexed: int = 0
    index_error: str | None = None
    broken: str | None = None  # why the run itself could not do its job

    @property
    def duration_s(self) -> float:
        end = self.finished_at or datetime.now(UTC)
        return round((end - self.started_at).total_seconds(), 3)

    def company_counts(self) -> dict[str, int]:
        counts = Counter(result.status for result in self.companies)
        return {state: counts.get(state, 0) for state in COMPANY_STATES}

    def posting_counts(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for result in self.companies:
            totals.update(result.postings)
        return {name: totals.get(name, 0) for name in (*POSTING_COUNTS, "unarchived", "skipped")}

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "duration_s": self.duration_s,
            "companies": self.company_counts(),
            "postings": self.posting_counts(),
            "requests": self.requests,
            "retries": self.retries,
            "indexed": self.indexed,
            "index_error": self.index_error,
            "broken": self.broken,
            "results": [asdict(result) for result in self.companies],
        }

    def save(self, folder: Path) -> Path:
        """``{folder}/{run_id}.json``, and the same as ``latest.json``."""
        body = (json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        target = folder / f"{self.run_id}.json"
        atomic_write(target, body)
        atomic_write(folder / "latest.json", body)
        return target

    def summary(self) -> str:
        return self.summary_of(self.as_dict())

    @staticmethod
    def summary_of(data: dict[str, Any]) -> str:
        """A few lines for a person: totals first, then every company that needs a look."""
        companies: dict[str, int] = data.get("companies") or {}
        postings: dict[str, int] = data.get("postings") or {}
        results: list[dict[str, Any]] = data.get("results") or []
        lines = [
            f"crawl {data.get('run_id')}: {len(results)} companies in {float(data.get('duration_s') or 0):.1f} s, "
            f"{data.get('requests', 0)} requests, {data.get('retries', 0)} retries",
            "companies: " + (", ".join(f"{n} {state.replace('_', ' ')}" for state, n in companies.items() if n) or "none"),
            "postings: " + ", ".join(f"{postings.get(name, 0)} {name}" for name in POSTING_COUNTS),
        ]
        if data.get("indexed") or data.get("index_error"):
            lines.append(
                f"index: {data['index_error']}" if data.get("index_error") else f"index: {data['indexed']} postings updated"
            )
        for result in results:
            problems = result.get("problems") or []
            if result.get("status") not in ("ok", "empty", "not_modified") or problems:
                reason = f" ({result['reason']})" if result.get("reason") else ""
                lines.append(f"  {result.get('company')}: {result.get('status')}{reason}")
                lines.extend(f"    {problem}" for problem in problems[:5])
        if data.get("broken"):
            lines.append(f"run broken: {data['broken']}")
        return "\n".join(lines)
