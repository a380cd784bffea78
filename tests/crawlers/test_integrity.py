"""Crawled data is never lost and never drifts from the index: real ``jobboard crawl`` runs on loopback sites.

A crash between the posting files and the index is a real ``kill -9`` of a crawl whose files are written
while a second, slow career site keeps it from reaching its index update.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tantivy
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from core.settings import Settings
from index import SearchQuery, open_index
from parsers import parse_file, parse_recruitee_offer
from tests.crawlers.conftest import REPO, CrawlRun, base_url, company_key, fixture_board, jobboard_env, json_body

Site = Callable[..., HTTPServer]
Crawl = Callable[..., CrawlRun]
_ENGLISH = fixture_board()["offers"][:3]


def generated_offer(number: int, version: int = 0, slug: str | None = None) -> dict[str, Any]:
    """An offer shaped like the fixture's (a real Recruitee answer), told apart by ``number``; ``version`` changes it."""
    offer = copy.deepcopy(_ENGLISH[number % len(_ENGLISH)])
    slug = slug or f"{offer['slug']}-{number}"
    title = f"{offer['title']} {number}" + (f" (rev {version})" if version else "")
    url = f"https://tulpwerk.recruitee.com/o/{slug}"
    offer.update(id=2_000_000 + number, slug=slug, title=title, careers_url=url, careers_apply_url=f"{url}/c/new")
    offer["translations"]["en"]["title"] = title
    return offer


def serve(server: HTTPServer, offers: list[dict[str, Any]]) -> None:
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
    server.expect_request("/api/offers/").respond_with_json({"offers": offers})


def settings_for(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, index_backend="tantivy", index_dir=None)


def indexed(data_dir: Path) -> dict[str, bool]:
    """Every posting the index holds (archived ones too): id -> archived."""
    index = open_index(settings_for(data_dir))
    found: dict[str, bool] = {}
    cursor: str | None = None
    try:
        while True:
            page = index.search(SearchQuery(include_archived=True, sort="date", size=100, facet_size=0, cursor=cursor))
            found.update({hit.record.id: hit.record.archived for hit in page.items})
            if not page.next_cursor:
                return found
            cursor = page.next_cursor
    finally:
        index.close()


def on_disk(data_dir: Path, company: str) -> dict[str, bool]:
    """Every posting file of a company: id -> archived."""
    records = [record for path in (data_dir / "postings" / company).glob("*.md") for record in parse_file(path)]
    return {record.id: record.archived for record in records}


def journal_lines(data_dir: Path) -> list[str]:
    path = data_dir / "crawls" / "index-journal.txt"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def jobboard(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobboard", *args],
        cwd=data_dir.parent,
        env=jobboard_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# ---------------------------------------------------------------- 1. archiving only on answers we fully read


def test_a_board_whose_offers_all_fail_to_parse_archives_nothing(site: Site, crawl: Crawl) -> None:
    server = site()
    offers = [generated_offer(n) for n in range(5)]
    serve(server, offers)
    first = crawl(base_url(server))
    key = company_key(server)
    assert first.result(key)["postings"]["new"] == 5
    # The answer is complete and "ok", but no offer can be read: no title, no text, and no slug either.
    broken = [{k: v for k, v in offer.items() if k not in ("slug", "title", "translations")} for offer in offers]
    for offer in broken:
        offer.update(description="", requirements="", highlight="")
    serve(server, broken)

    run = crawl(base_url(server))

    assert run.returncode == 0, run.stderr
    result = run.result(key)
    assert result["status"] == "ok" and result["postings"]["archived"] == 0
    assert "5 offers could not be read: nothing archived this time" in result["problems"]
    assert run.postings(key) == first.postings(key)
    assert set(indexed(run.data_dir).values()) == {False} and len(indexed(run.data_dir)) == 5


def test_a_sharp_shrink_is_reported_and_archived_only_when_the_next_crawl_sees_it_too(site: Site, crawl: Crawl) -> None:
    server = site()
    offers = [generated_offer(n) for n in range(12)]
    serve(server, offers)
    crawl(base_url(server))
    key = company_key(server)
    # 8 of 12 vanish at once (a board answering part of its offers by mistake looks just like this);
    # the 4 left still get their changes.
    shrunk = [*offers[:3], generated_offer(3, version=1)]
    serve(server, shrunk)

    held = crawl(base_url(server))

    assert held.returncode == 0, held.stderr
    result = held.result(key)
    assert result["status"] == "ok"
    assert result["postings"]["archived"] == 0 and result["postings"]["updated"] == 1
    assert any("shrank from 12 to 4 active postings" in problem for problem in result["problems"]), result
    assert "shrank from 12 to 4" in held.stdout  # named in the report
    assert set(on_disk(held.data_dir, key).values()) == {False}
    assert list(indexed(held.data_dir).values()).count(False) == 12

    confirmed = crawl(base_url(server))

    result = confirmed.result(key)
    assert result["postings"]["archived"] == 8 and not result["problems"]
    assert sorted(on_disk(confirmed.data_dir, key).values()) == [False] * 4 + [True] * 8
    assert indexed(confirmed.data_dir) == on_disk(confirmed.data_dir, key)


# ---------------------------------------------------------------- 2. index and files in step after a crash


@pytest.fixture
def hung_site(site: Site) -> Iterator[HTTPServer]:
    """A career site whose offers answer waits until the test lets it go (or 60 s)."""
    release = threading.Event()

    def hang(request: Request) -> Response:
        release.wait(60)
        return json_body({"offers": []})

    server = site()
    server.expect_request("/api/offers/").respond_with_handler(hang)
    yield server
    release.set()


def crawl_killed_after_files(data_dir: Path, key: str, count: int, *urls: str) -> None:
    """Start a crawl, wait until ``count`` posting files of ``key`` are archived, and ``kill -9`` it.

    The hung site keeps the crawl from closing, and the index is updated only when it closes: the kill
    lands after the files, before the index.
    """
    folder = data_dir / "postings" / key
    crawl = subprocess.Popen(
        [sys.executable, "-m", "jobboard", "crawl", "--json", *urls],
        cwd=data_dir.parent,
        env=jobboard_env(data_dir, JOBBOARD_CRAWL_TIMEOUT_S="60", JOBBOARD_CRAWL_RETRIES="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while sum("\narchived: 'true'\n" in path.read_text(encoding="utf-8") for path in folder.glob("*.md")) < count:
            assert crawl.poll() is None, "the crawl ended before it was killed"
            assert time.monotonic() < deadline, "the posting files were never archived"
            time.sleep(0.02)
    finally:
        crawl.kill()  # SIGKILL: no handler runs, nothing is flushed
        crawl.wait()


@pytest.mark.parametrize("repair", ["crawl", "reparse", "index"])
def test_a_crawl_killed_between_its_files_and_the_index_is_repaired_by_the_next_run(
    site: Site, hung_site: HTTPServer, crawl: Crawl, repair: str
) -> None:
    server = site()
    serve(server, [generated_offer(n) for n in range(6)])
    first = crawl(base_url(server))
    key, data_dir = company_key(server), first.data_dir
    assert list(indexed(data_dir).values()) == [False] * 6
    serve(server, [])  # the company closed every opening: a complete, empty answer archives all six

    crawl_killed_after_files(data_dir, key, 6, base_url(server), base_url(hung_site))

    assert set(on_disk(data_dir, key).values()) == {True}
    assert set(indexed(data_dir).values()) == {False}  # the crash left the index behind the files
    if repair == "crawl":
        done = crawl(base_url(server))
        assert done.returncode == 0 and done.result(key)["postings"]["archived"] == 0, done.stderr  # files unchanged
        said = done.stdout
    elif repair == "reparse":
        reparsed = jobboard(data_dir, "reparse")
        assert reparsed.returncode == 0, reparsed.stderr
        said = reparsed.stdout
    else:
        samples = jobboard(data_dir, "index", str(REPO / "data" / "samples"))  # not even the postings folder
        assert samples.returncode == 0, samples.stderr
        said = samples.stderr
    in_index = indexed(data_dir)
    assert {posting: in_index.get(posting) for posting in on_disk(data_dir, key)} == on_disk(data_dir, key)
    assert journal_lines(data_dir) == []
    if repair == "index":
        assert "indexed 6 postings an interrupted crawl left out of the index" in said


def test_when_the_index_cannot_be_updated_the_changes_wait_in_the_journal(site: Site, crawl: Crawl) -> None:
    server = site()
    serve(server, [generated_offer(n) for n in range(6)])
    first = crawl(base_url(server))
    key, data_dir = company_key(server), first.data_dir
    serve(server, [generated_offer(n) for n in range(5)])
    # Another process writing to the index (say a `jobboard index`) holds tantivy's writer lock.
    writer = tantivy.Index.open(str(data_dir / "index" / "current")).writer()
    try:
        blocked = crawl(base_url(server))
    finally:
        writer.rollback()
        writer.wait_merging_threads()  # gives the lock back

    assert blocked.returncode == 1
    assert blocked.result(key)["postings"]["archived"] == 1
    assert "another process is writing" in blocked.report["index_error"]
    assert set(indexed(data_dir).values()) == {False}
    pending = journal_lines(data_dir)

    again = crawl(base_url(server))  # nothing changed on the board: only the journal can repair the index

    assert again.returncode == 0, again.stderr
    assert again.result(key)["postings"]["archived"] == 0
    assert indexed(data_dir) == on_disk(data_dir, key)
    assert len(pending) == 1 and journal_lines(data_dir) == []
    assert "index-journal.txt" in blocked.report["index_error"] and "next crawl" in blocked.report["index_error"]


# ---------------------------------------------------------------- 3. one file per offer, whatever its slug

COLLIDING_SLUGS = [
    "a-b",
    "a/b",
    "A/B",
    "a b",
    "A-B",
    "camelcase",
    "CamelCase",
    "CAMELCASE",
    "senior-dev",
    "Senior Dev",
    "senior--dev",
    "x.y",
    "X.Y",
    "x-y",
    "uber-job",
    "Über-Job",
    "über job",
]


def test_offers_whose_slugs_differ_only_in_case_or_punctuation_keep_their_own_files(site: Site, crawl: Crawl) -> None:
    server = site()
    offers = [generated_offer(n, slug=slug) for n, slug in enumerate(COLLIDING_SLUGS)]
    serve(server, offers)

    run = crawl(base_url(server))

    assert run.returncode == 0, run.stderr
    key = company_key(server)
    assert run.result(key)["postings"]["new"] == 17
    folder = run.data_dir / "postings" / key
    stored = {record.id: path.stem for path in folder.glob("*.md") for record in parse_file(path)}
    assert sorted(stored) == sorted(parse_recruitee_offer(offer).id for offer in offers)  # 17 files, one per offer
    by_slug = {offer["slug"]: stored[parse_recruitee_offer(offer).id] for offer in offers}
    for slug in ("a-b", "camelcase", "senior-dev", "x.y", "x-y", "uber-job"):  # already safe: named as ever
        assert by_slug[slug] == slug
    assert by_slug["A/B"].startswith("a-b-") and by_slug["Senior Dev"].startswith("senior-dev-")
    assert indexed(run.data_dir) == on_disk(run.data_dir, key)

    again = crawl(base_url(server))

    assert again.result(key)["postings"] == {
        "new": 0,
        "updated": 0,
        "unchanged": 17,
        "archived": 0,
        "unarchived": 0,
        "skipped": 0,
    }
    assert {record.id: path.stem for path in folder.glob("*.md") for record in parse_file(path)} == stored
