"""What is on the board and how it moves: counts from the index, daily flow from the crawl run reports.

Counts come from the index's facets (through ``SearchIndex`` only, so both backends answer); the
per-day numbers come from the run reports under ``data/crawls/`` (``crawlers.report.CrawlReport``),
since the index keeps no history. A report the model does not accept is named and skipped: months of
history should not be lost to one bad file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.files import os_reason
from crawlers.report import CrawlReport, report_files
from index.base import SearchIndex, SearchQuery

# Facets are capped at 100 values for API callers; stats want (nearly) every company, so the cap is lifted here.
STATS_FACET_SIZE = 10_000
BREAKDOWNS: dict[str, str] = {  # stats key -> facet name
    "by_company": "companies",
    "by_hashtag": "hashtags",
    "by_country": "countries",
    "by_role": "roles",
    "by_seniority": "seniorities",
    "by_workplace": "workplaces",
}


def _why(exc: OSError | ValidationError) -> str:
    """Why a report file was skipped, in one short line."""
    if isinstance(exc, OSError):
        return os_reason(exc)
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def crawl_flow(crawls_dir: Path) -> tuple[list[dict[str, Any]], int, list[dict[str, str]]]:
    """Per UTC day (of the run's start): postings added, archived and back again, and runs; plus reports read and damaged."""
    days: dict[str, dict[str, int]] = {}
    damaged: list[dict[str, str]] = []
    read = 0
    for path in report_files(Path(crawls_dir)):
        try:
            report = CrawlReport.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as exc:
            damaged.append({"file": str(path), "reason": _why(exc)[:200]})
            continue
        read += 1
        day = report.started_at.astimezone(UTC).date().isoformat()
        counts = report.postings
        entry = days.setdefault(day, {"added": 0, "archived": 0, "unarchived": 0, "runs": 0})
        entry["added"] += counts["new"]
        entry["archived"] += counts["archived"]
        entry["unarchived"] += counts["unarchived"]
        entry["runs"] += 1
    per_day = [{"date": day, **entry} for day, entry in sorted(days.items())]
    return per_day, read, damaged


def collect_stats(index: SearchIndex, crawls_dir: Path) -> dict[str, Any]:
    """Totals, breakdowns of the active postings (what the board shows) and the daily flow from crawl reports."""
    active = index.count(SearchQuery())
    total = index.count(SearchQuery(include_archived=True))
    facets = index.facets(SearchQuery().model_copy(update={"facet_size": STATS_FACET_SIZE}))
    stats: dict[str, Any] = {"totals": {"postings": total, "active": active, "archived": total - active}}
    for key, facet in BREAKDOWNS.items():
        stats[key] = {value.value: value.count for value in facets.get(facet, [])}
    per_day, read, damaged = crawl_flow(Path(crawls_dir))
    stats["per_day"] = per_day
    stats["crawl_reports"] = {"read": read, "damaged": damaged}
    return stats


def render_stats(stats: Mapping[str, Any], top: int = 15, days: int = 30) -> str:
    """A few screens for a person: totals, the top values of each breakdown, the last ``days`` days of crawling."""
    totals = stats.get("totals") or {}
    lines = [
        f"postings: {totals.get('postings', 0)} ({totals.get('active', 0)} active, {totals.get('archived', 0)} archived)",
    ]
    for key, title in BREAKDOWNS.items():
        values: Mapping[str, int] = stats.get(key) or {}
        if not values:
            continue
        lines.append("")
        lines.append(f"{title} ({len(values)}, active postings):")
        shown = list(values.items())[:top]
        width = max(len(name) for name, _ in shown)
        lines.extend(f"  {name:{width}}  {count:>7}" for name, count in shown)
        if len(values) > top:
            lines.append(f"  ... {len(values) - top} more (--json for all)")
    per_day: list[Mapping[str, Any]] = list(stats.get("per_day") or [])
    lines.append("")
    if per_day:
        recent = per_day[-days:]
        lines.append(f"crawls per day (last {len(recent)} of {len(per_day)} days with runs, UTC):")
        lines.append(f"  {'date':10}  {'added':>7}  {'archived':>8}  {'back':>6}  {'runs':>4}")
        lines.extend(
            f"  {d['date']:10}  {d['added']:>7}  {d['archived']:>8}  {d['unarchived']:>6}  {d['runs']:>4}" for d in recent
        )
    else:
        lines.append("crawls per day: no crawl reports yet")
    reports = stats.get("crawl_reports") or {}
    for item in reports.get("damaged") or []:
        lines.append(f"skipped damaged report {item['file']}: {item['reason']}")
    return "\n".join(lines)


__all__ = ["BREAKDOWNS", "STATS_FACET_SIZE", "collect_stats", "crawl_flow", "render_stats"]
