"""`jobboard stats`: counts from a real tantivy index of a known corpus, daily flow from report files written here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from core.settings import Settings
from crawlers.items import CompanyState
from crawlers.report import CompanyResult, CrawlReport
from index import open_index
from index.tantivy_backend import TantivyIndex
from jobboard.stats import collect_stats, crawl_flow, render_stats
from parsers.record import Posting
from tests.index.corpus import corpus
from tests.test_dumps import generated


def expected_counts(records: list[Posting]) -> dict[str, dict[str, int]]:
    """What the facets should say, counted here from the records themselves (active ones, each value once per posting)."""
    active = [r for r in records if not r.archived]
    per: dict[str, Counter[str]] = {
        "by_company": Counter(r.company.name for r in active if r.company.name),
        "by_hashtag": Counter(tag for r in active for tag in set(r.hashtags)),
        "by_country": Counter(c for r in active for c in {p.country_code for p in r.location.places if p.country_code}),
        "by_role": Counter(r.role.family for r in active),
        "by_seniority": Counter(r.role.seniority for r in active if r.role.seniority),
        "by_workplace": Counter(w for r in active for w in set(r.location.workplace)),
    }
    return {key: dict(counter) for key, counter in per.items()}


ARCHIVED = sum(r.archived for r in corpus())
TOTALS_LINE = f"postings: {len(corpus())} ({len(corpus()) - ARCHIVED} active, {ARCHIVED} archived)"


@pytest.fixture()
def index(tmp_path: Path) -> Iterator[TantivyIndex]:
    built = TantivyIndex(tmp_path / "index")
    yield built
    built.close()


def report(crawls: Path, started: datetime, *counts: dict[str, int]) -> None:
    run = CrawlReport(
        run_id=f"{started:%Y%m%dT%H%M%S}-{len(list(crawls.glob('*')))}",
        started_at=started,
        finished_at=started + timedelta(minutes=3),
        results=[CompanyResult(company=f"c{n}", status=CompanyState.ok, postings=c) for n, c in enumerate(counts)],
    )
    run.save(crawls)  # also writes latest.json, which must not be counted twice


def test_counts_match_the_known_corpus(index: TantivyIndex, tmp_path: Path) -> None:
    records = corpus()
    index.rebuild(records)
    stats = collect_stats(index, tmp_path / "no-crawls-yet")
    archived = sum(r.archived for r in records)
    assert stats["totals"] == {"postings": len(records), "active": len(records) - archived, "archived": archived}
    for key, expected in expected_counts(records).items():
        assert stats[key] == expected, key
    assert stats["by_company"]["Webshop"] == 1
    assert stats["by_country"]["DE"] >= 3
    assert stats["per_day"] == []
    assert stats["crawl_reports"] == {"read": 0, "damaged": []}
    json.dumps(stats)  # all plain JSON


def test_more_values_than_a_search_facet_shows(index: TantivyIndex, tmp_path: Path) -> None:
    records = generated(3_000, seed=9)
    index.rebuild(records)
    stats = collect_stats(index, tmp_path)
    assert len(stats["by_company"]) > 100  # the API's facet cap does not cut the stats
    for key, expected in expected_counts(records).items():
        assert stats[key] == expected, key
    assert list(stats["by_company"].values()) == sorted(stats["by_company"].values(), reverse=True)


def test_added_and_archived_per_day_from_run_reports(tmp_path: Path) -> None:
    crawls = tmp_path / "crawls"
    day = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)
    report(crawls, day, {"new": 10, "updated": 2, "unchanged": 5, "archived": 1}, {"new": 3, "archived": 2, "unarchived": 1})
    report(crawls, day + timedelta(hours=12), {"new": 1, "unchanged": 18, "archived": 4})
    report(crawls, day + timedelta(days=1), {"unchanged": 19})
    # 00:30 in UTC+2 on the 6th is the 5th in UTC.
    report(crawls, datetime(2026, 11, 6, 0, 30, tzinfo=timezone(timedelta(hours=2))), {"new": 7})
    (crawls / "validators.json").write_text(json.dumps({"perdoo": {"etag": "x"}}))
    (crawls / "20261107T000000Z-dead.json").write_text('{"run_id": "cut", "started_at": "2026-11-07T00:0')
    (crawls / "20261108T000000Z-list.json").write_text("[1, 2]")
    (crawls / "20261109T000000Z-nodate.json").write_text(json.dumps({"run_id": "x", "postings": {"new": 1}}))
    words = {"company": "a", "status": "ok", "postings": {"new": "many"}}
    (crawls / "20261110T000000Z-words.json").write_text(
        json.dumps({"run_id": "w", "started_at": "2026-11-10T00:00:00+00:00", "results": [words]})
    )
    (crawls / "20261111T000000Z-binary.json").write_bytes(b"\xff\xfe\x00garbage")
    future = {"schema_version": "2", "run_id": "f", "started_at": "2026-11-12T00:00:00+00:00"}
    (crawls / "20261112T000000Z-future.json").write_text(json.dumps(future))

    per_day, read, damaged = crawl_flow(crawls)
    assert per_day == [
        {"date": "2026-11-03", "added": 14, "archived": 7, "unarchived": 1, "runs": 2},
        {"date": "2026-11-04", "added": 0, "archived": 0, "unarchived": 0, "runs": 1},
        {"date": "2026-11-05", "added": 7, "archived": 0, "unarchived": 0, "runs": 1},
    ]
    assert read == 4
    assert sorted(Path(d["file"]).name.split("-", 1)[1] for d in damaged) == [
        "binary.json",
        "dead.json",
        "future.json",
        "list.json",
        "nodate.json",
        "words.json",
    ]
    reasons = {Path(d["file"]).name.split("-", 1)[1]: d["reason"] for d in damaged}
    assert reasons["nodate.json"] == "started_at: Field required"
    assert reasons["words.json"].startswith("results.0.postings.new: Input should be a valid integer")
    assert reasons["list.json"] == "Input should be an object"
    assert "report schema version 2; this version of jobboard reads 1" in reasons["future.json"]


def test_totals_are_summed_from_the_companies_results(tmp_path: Path) -> None:
    crawls = tmp_path / "crawls"
    crawls.mkdir()
    body = {
        "run_id": "old-style",
        "started_at": "2026-10-01T02:00:00",  # no offset: taken as UTC
        "postings": {"new": 1000},  # a copy of the totals, made from the results: the results count
        "results": [
            {"company": "a", "status": "ok", "postings": {"new": 2, "archived": 1}},
            {"company": "b", "status": "ok", "postings": {"new": 5}},
        ],
    }
    (crawls / "old-style.json").write_text(json.dumps(body))
    per_day, read, damaged = crawl_flow(crawls)
    assert per_day == [{"date": "2026-10-01", "added": 7, "archived": 1, "unarchived": 0, "runs": 1}]
    assert (read, damaged) == (1, [])


def test_text_rendering(index: TantivyIndex, tmp_path: Path) -> None:
    index.rebuild(corpus())
    crawls = tmp_path / "crawls"
    report(crawls, datetime(2026, 11, 3, 3, 0, tzinfo=UTC), {"new": 12, "archived": 3})
    (crawls / "broken.json").write_text("{")
    text = render_stats(collect_stats(index, crawls), top=3)
    lines = text.splitlines()
    assert lines[0] == TOTALS_LINE
    assert "companies (" in text and "hashtags (" in text and "countries (" in text and "roles (" in text
    assert any(line.startswith("  ... ") and line.endswith("more (--json for all)") for line in lines)
    assert "  2026-11-03       12         3       0     1" in lines
    assert any(line.startswith("skipped damaged report ") and "broken.json" in line for line in lines)


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")}
    env["JOBBOARD_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "jobboard", *args], capture_output=True, text=True, timeout=120, env=env, cwd=data_dir.parent
    )


def test_cli_stats(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    index = open_index(settings)
    index.rebuild(corpus())
    index.close()
    report(settings.crawls_dir, datetime(2026, 11, 3, 3, 0, tzinfo=UTC), {"new": 12, "archived": 3})

    as_json = run(settings.data_dir, "stats", "--json")
    assert as_json.returncode == 0, as_json.stderr
    stats = json.loads(as_json.stdout)
    assert stats["totals"]["postings"] == 12
    assert stats["per_day"] == [{"date": "2026-11-03", "added": 12, "archived": 3, "unarchived": 0, "runs": 1}]

    as_text = run(settings.data_dir, "stats")
    assert as_text.returncode == 0, as_text.stderr
    assert as_text.stdout.startswith(TOTALS_LINE + "\n")

    missing = tmp_path / "empty"
    missing.mkdir()
    result = run(missing, "stats")
    assert result.returncode == 2
    assert result.stderr.startswith("jobboard: ") and "Traceback" not in result.stderr
