"""What is on the board and how it moves: counts from the index, daily flow from the crawl run reports.

Counts come from the index's facets (through ``SearchIndex`` only, so both backends answer); the
per-day numbers come from ``data/crawls/{run_id}.json``, since the index keeps no history. A damaged
report is named and skipped: months of history should not be lost to one bad file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.base import SearchIndex, SearchQuery

# Facets are capped at 100 values for API callers; stats want (nearly) every company, so the cap is lifted here.
STATS_FACET_SIZE = 10_000
NOT_REPORTS = frozenset({"latest.json", "validators.json"})  # in data/crawls/ but not one run each
BREAKDOWNS: dict[str, str] = {  # stats key -> facet name
    "by_company": "companies",
    "by_hashtag": "hashtags",
    "by_country": "countries",
    "by_role": "roles",
    "by_seniority": "seniorities",
    "by_workplace": "workplaces",
}


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _run_counts(report: Mapping[str, Any]) -> dict[str, int] | str:
    """new/archived/unarchived of one run report, or why the report cannot be read."""
    totals = report.get("postings")
    if not isinstance(totals, dict):
        totals = {}
        results = report.get("results")
        if not isinstance(results, list):
            return "no postings counts"
        for result in results:
            postings = result.get("postings") if isinstance(result, dict) else None
            if not isinstance(postings, dict):
                return "a company result without postings counts"
            for name, value in postings.items():
                number = _count(value)
                if number is None:
                    return f"postings count {name!r} is not a number"
                totals[name] = totals.get(name, 0) + number
    counts: dict[str, int] = {}
    for name in ("new", "archived", "unarchived"):
        number = _count(totals.get(name, 0))
        if number is None:
            return f"postings count {name!r} is not a number"
        counts[name] = number
    return counts


def _run_day(report: Mapping[str, Any]) -> str:
    raw = report.get("started_at")
    if not isinstance(raw, str):
        raise ValueError("no started_at")
    started = datetime.fromisoformat(raw)
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    return started.astimezone(UTC).date().isoformat()


def crawl_flow(crawls_dir: Path) -> tuple[list[dict[str, Any]], int, list[dict[str, str]]]:
    """Per UTC day (of the run's start): postings added, archived and back again, and runs; plus reports read and damaged."""
    days: dict[str, dict[str, int]] = {}
    damaged: list[dict[str, str]] = []
    read = 0
    files = sorted(crawls_dir.glob("*.json")) if crawls_dir.is_dir() else []
    for path in files:
        if path.name in NOT_REPORTS or path.name.startswith("."):
            continue
        try:
            report = json.loads(path.read_bytes())
            if not isinstance(report, dict):
                raise ValueError("not a JSON object")
            day = _run_day(report)
        except (OSError, ValueError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            damaged.append({"file": str(path), "reason": str(exc)[:200] or type(exc).__name__})
            continue
        counts = _run_counts(report)
        if isinstance(counts, str):
            damaged.append({"file": str(path), "reason": counts})
            continue
        read += 1
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
