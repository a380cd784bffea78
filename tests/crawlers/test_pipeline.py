"""Boards through the pipeline, in process: posting files, raw responses, validators, the run report and the index.

Each crawl is the real spider and ``BoardPipeline`` on recorded answers (``Replay``), in a temporary data folder
with a real tantivy index. What needs a real crawl process is in test_recruitee.py and test_integrity.py.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import scrapy
import tantivy
from scrapy.exceptions import ResponseDataLossError

from crawlers.companies import parse_company
from crawlers.items import CompanyState
from crawlers.middlewares import OffSiteRedirect
from crawlers.report import CrawlReport
from parsers import parse_file, parse_recruitee_offer
from tests.cli import jobboard
from tests.crawlers.conftest import (
    Answer,
    Replay,
    failed,
    fixture_board,
    fixture_text,
    generated_offer,
    html_answer,
    indexed,
    journal_lines,
    json_answer,
    on_disk,
    posting_files,
    result_of,
    search_titles,
)

SLUGS = ["backend-engineer-python", "data-analyst-intern", "product-owner-logistics", "senior-backend-entwickler-mwd"]
COMPANY = "tulpwerk"
OFFERS = parse_company(COMPANY).offers_url


def counts(**changed: int) -> dict[str, int]:
    """A result's posting counts: every change named, the rest 0."""
    return {name: changed.get(name, 0) for name in ("new", "updated", "unchanged", "archived", "unarchived", "skipped")}


def frontmatter_value(text: str, key: str) -> str:
    for line in text.split("\n---\n", 1)[0].splitlines():
        if line.startswith(f"{key}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {key} in frontmatter")


def test_a_first_crawl_writes_postings_raw_response_report_and_index(replay: Replay) -> None:
    board = fixture_board()

    report = replay.crawl(COMPANY, answers={OFFERS: json_answer(board)})

    result = result_of(report, COMPANY)
    assert result.status is CompanyState.ok
    assert result.postings == counts(new=4)
    assert report.companies["ok"] == 1 and report.indexed == 4 and report.failed is None
    files = posting_files(replay.data_dir, COMPANY)
    assert sorted(files) == SLUGS
    # Each file is frontmatter in the samples' shape that parses back to the same record as the offer itself.
    for offer in board["offers"]:
        text = files[offer["slug"]]
        assert text.startswith("---\ntitle: ")
        for sample_key in ("host", "companyName", "url", "applyUrl", "timestamp", "hashtags", "archived"):
            frontmatter_value(text, sample_key)
        assert "mailbox_email" not in text and offer["mailbox_email"] not in text
        (reparsed,) = parse_file(replay.data_dir / "postings" / COMPANY / f"{offer['slug']}.md")
        assert reparsed == parse_recruitee_offer(offer)
    # Text that only sits in `translations` is kept.
    german = files["senior-backend-entwickler-mwd"]
    assert "Backend" in german and len(german) > 1000
    # Raw response kept for reparse, without mailbox addresses.
    (raw,) = (replay.data_dir / "raw" / COMPANY).glob("*.json.gz")
    kept = json.loads(gzip.decompress(raw.read_bytes()))
    assert [offer["slug"] for offer in kept["offers"]] == [offer["slug"] for offer in board["offers"]]
    assert "mailbox_email" not in json.dumps(kept)
    # Report saved under data/crawls, as a run report of this version, with its request count.
    saved = CrawlReport.model_validate_json((replay.data_dir / "crawls" / "latest.json").read_text())
    assert saved.run_id == report.run_id and saved.requests == 1 and saved.finished_at is not None
    assert (replay.data_dir / "crawls" / f"{report.run_id}.json").read_bytes() == (
        replay.data_dir / "crawls" / "latest.json"
    ).read_bytes()
    # The index answers for the crawled postings.
    assert search_titles(replay.settings, location="Rotterdam") == ["Backend Engineer (Python)"]


def test_a_recrawl_archives_the_vanished_posting_updates_the_changed_one_and_leaves_the_rest(replay: Replay) -> None:
    board = fixture_board()
    replay.crawl(COMPANY, answers={OFFERS: json_answer(board)})
    folder = replay.data_dir / "postings" / COMPANY
    before = posting_files(replay.data_dir, COMPANY)
    mtimes = {path.stem: path.stat().st_mtime_ns for path in folder.glob("*.md")}

    changed = fixture_board()
    changed["offers"] = [offer for offer in changed["offers"] if offer["slug"] != "data-analyst-intern"]
    changed["offers"][0]["title"] = "Senior Backend Engineer (Python)"
    second = replay.crawl(COMPANY, answers={OFFERS: json_answer(changed)})

    assert result_of(second, COMPANY).postings == counts(updated=1, unchanged=2, archived=1)
    after = posting_files(replay.data_dir, COMPANY)
    assert sorted(after) == SLUGS  # nothing deleted
    assert frontmatter_value(after["data-analyst-intern"], "archived") == "'true'"
    assert after["data-analyst-intern"].split("\n---\n", 1)[1] == before["data-analyst-intern"].split("\n---\n", 1)[1]
    assert frontmatter_value(after["backend-engineer-python"], "title") == "Senior Backend Engineer (Python)"
    for slug in ("product-owner-logistics", "senior-backend-entwickler-mwd"):
        assert after[slug] == before[slug]
        assert (folder / f"{slug}.md").stat().st_mtime_ns == mtimes[slug]  # not rewritten
    # The index hides the archived posting and shows the renamed one.
    titles = search_titles(replay.settings)
    assert "Data Analyst Intern" not in titles and "Senior Backend Engineer (Python)" in titles

    # The posting comes back: un-archived.
    third = replay.crawl(COMPANY, answers={OFFERS: json_answer(board)})
    assert result_of(third, COMPANY).postings["unarchived"] == 1
    assert frontmatter_value(posting_files(replay.data_dir, COMPANY)["data-analyst-intern"], "archived") == "'false'"


@pytest.mark.parametrize(
    ("answer", "status", "reason"),
    [
        (failed(ResponseDataLossError()), CompanyState.failed, "truncated body"),
        (
            Answer(b'{"offers": [{"title": "Backend', headers={"Content-Type": "application/json"}),
            CompanyState.failed,
            "invalid JSON",
        ),
        (json_answer({"jobs": []}), CompanyState.failed, "unexpected shape"),
        (Answer(b"oops", status=503), CompanyState.failed, "HTTP 503 after 1 attempt"),
        (
            failed(OffSiteRedirect(OFFERS, "https://recruitee.com/?utm_source=not_hosted")),
            CompanyState.not_hosted,
            "not a careers site; not followed",
        ),
    ],
    ids=["truncated", "invalid-json", "other-shape", "server-error", "moved-away"],
)
def test_an_answer_that_is_not_a_whole_board_archives_nothing(
    replay: Replay, answer: Answer, status: CompanyState, reason: str
) -> None:
    healthy = parse_company("kelpie").offers_url
    replay.crawl(COMPANY, "kelpie", answers={OFFERS: json_answer(fixture_board()), healthy: json_answer(fixture_board())})
    before = posting_files(replay.data_dir, COMPANY)

    report = replay.crawl(COMPANY, "kelpie", answers={OFFERS: answer, healthy: json_answer(fixture_board())})

    result = result_of(report, COMPANY)
    assert result.status is status and result.reason is not None and reason in result.reason, result
    assert result.postings == counts()
    assert posting_files(replay.data_dir, COMPANY) == before
    assert set(on_disk(replay.data_dir, COMPANY).values()) == {False}
    assert result_of(report, "kelpie").status is CompanyState.ok  # the other company's crawl goes on
    assert report.companies[status.value] == 1 and report.failed is None


def test_an_empty_board_archives_every_posting(replay: Replay) -> None:
    replay.crawl(COMPANY, answers={OFFERS: json_answer(fixture_board())})

    report = replay.crawl(COMPANY, answers={OFFERS: json_answer({"offers": []})})

    result = result_of(report, COMPANY)
    assert result.status is CompanyState.empty and result.postings["archived"] == 4
    assert all(frontmatter_value(text, "archived") == "'true'" for text in posting_files(replay.data_dir, COMPANY).values())
    assert set(indexed(replay.data_dir).values()) == {True}


def test_a_sandbox_tenant_is_reported_and_its_samples_not_stored(replay: Replay) -> None:
    report = replay.crawl(COMPANY, answers={OFFERS: json_answer(fixture_board("sandbox_offers.json"))})

    result = result_of(report, COMPANY)
    assert result.status is CompanyState.sandbox and result.reason is not None and "samples" in result.reason
    assert posting_files(replay.data_dir, COMPANY) == {}


def test_an_unreadable_offer_is_reported_and_its_posting_kept(replay: Replay) -> None:
    replay.crawl(COMPANY, answers={OFFERS: json_answer(fixture_board())})
    before = posting_files(replay.data_dir, COMPANY)
    broken = fixture_board()
    broken["offers"][1].update(title=None, translations={}, description="", requirements="", highlight="")

    report = replay.crawl(COMPANY, answers={OFFERS: json_answer(broken)})

    result = result_of(report, COMPANY)
    assert result.status is CompanyState.ok and result.postings["archived"] == 0
    assert result.problems and result.problems[0].startswith("offer product-owner-logistics:")
    assert posting_files(replay.data_dir, COMPANY) == before
    assert "product-owner-logistics" in report.summary()  # named for the person reading the run


def test_a_board_whose_offers_all_fail_to_parse_archives_nothing(replay: Replay) -> None:
    offers = [generated_offer(n) for n in range(5)]
    first = replay.crawl(COMPANY, answers={OFFERS: json_answer({"offers": offers})})
    assert result_of(first, COMPANY).postings["new"] == 5
    before = posting_files(replay.data_dir, COMPANY)
    # The answer is complete and "ok", but no offer can be read: no title, no text, and no slug either.
    broken = [{k: v for k, v in offer.items() if k not in ("slug", "title", "translations")} for offer in offers]
    for offer in broken:
        offer.update(description="", requirements="", highlight="")

    report = replay.crawl(COMPANY, answers={OFFERS: json_answer({"offers": broken})})

    result = result_of(report, COMPANY)
    assert result.status is CompanyState.ok and result.postings["archived"] == 0
    assert "5 offers could not be read: nothing archived this time" in result.problems
    assert posting_files(replay.data_dir, COMPANY) == before
    assert indexed(replay.data_dir) == dict.fromkeys(on_disk(replay.data_dir, COMPANY), False)


def test_a_sharp_shrink_is_reported_and_archived_only_when_the_next_crawl_sees_it_too(replay: Replay) -> None:
    offers = [generated_offer(n) for n in range(12)]
    replay.crawl(COMPANY, answers={OFFERS: json_answer({"offers": offers})})
    # 8 of 12 vanish at once (a board answering part of its offers by mistake looks just like this);
    # the 4 left still get their changes.
    shrunk = json_answer({"offers": [*offers[:3], generated_offer(3, version=1)]})

    held = replay.crawl(COMPANY, answers={OFFERS: shrunk})

    result = result_of(held, COMPANY)
    assert result.status is CompanyState.ok
    assert result.postings["archived"] == 0 and result.postings["updated"] == 1
    assert any("shrank from 12 to 4 active postings" in problem for problem in result.problems), result
    assert "shrank from 12 to 4" in held.summary()  # named in the report
    assert set(on_disk(replay.data_dir, COMPANY).values()) == {False}
    assert list(indexed(replay.data_dir).values()).count(False) == 12

    confirmed = replay.crawl(COMPANY, answers={OFFERS: shrunk})

    result = result_of(confirmed, COMPANY)
    assert result.postings["archived"] == 8 and not result.problems
    assert sorted(on_disk(replay.data_dir, COMPANY).values()) == [False] * 4 + [True] * 8
    assert indexed(replay.data_dir) == on_disk(replay.data_dir, COMPANY)


def test_when_the_index_cannot_be_updated_the_changes_wait_in_the_journal(replay: Replay) -> None:
    replay.crawl(COMPANY, answers={OFFERS: json_answer({"offers": [generated_offer(n) for n in range(6)]})})
    five = json_answer({"offers": [generated_offer(n) for n in range(5)]})
    # Another process writing to the index (say a `jobboard index`) holds tantivy's writer lock.
    writer = tantivy.Index.open(str(replay.data_dir / "index" / "current")).writer()
    try:
        blocked = replay.crawl(COMPANY, answers={OFFERS: five})
    finally:
        writer.rollback()
        writer.wait_merging_threads()  # gives the lock back

    assert result_of(blocked, COMPANY).postings["archived"] == 1
    assert blocked.index_error is not None and blocked.failed == blocked.index_error  # `jobboard crawl` exits 1
    assert "another process is writing" in blocked.index_error
    assert "index-journal.txt" in blocked.index_error and "next crawl" in blocked.index_error
    assert set(indexed(replay.data_dir).values()) == {False}
    pending = journal_lines(replay.data_dir)

    again = replay.crawl(COMPANY, answers={OFFERS: five})  # nothing changed on the board: only the journal can repair

    assert again.failed is None
    assert result_of(again, COMPANY).postings["archived"] == 0
    assert indexed(replay.data_dir) == on_disk(replay.data_dir, COMPANY)
    assert len(pending) == 1 and journal_lines(replay.data_dir) == []


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


def test_offers_whose_slugs_differ_only_in_case_or_punctuation_keep_their_own_files(replay: Replay) -> None:
    offers = [generated_offer(n, slug=slug) for n, slug in enumerate(COLLIDING_SLUGS)]
    board = json_answer({"offers": offers})

    report = replay.crawl(COMPANY, answers={OFFERS: board})

    assert result_of(report, COMPANY).postings["new"] == 17
    folder = replay.data_dir / "postings" / COMPANY
    stored = {record.id: path.stem for path in folder.glob("*.md") for record in parse_file(path)}
    assert sorted(stored) == sorted(parse_recruitee_offer(offer).id for offer in offers)  # 17 files, one per offer
    by_slug = {offer["slug"]: stored[parse_recruitee_offer(offer).id] for offer in offers}
    for slug in ("a-b", "camelcase", "senior-dev", "x.y", "x-y", "uber-job"):  # already safe: named as ever
        assert by_slug[slug] == slug
    assert by_slug["A/B"].startswith("a-b-") and by_slug["Senior Dev"].startswith("senior-dev-")
    assert indexed(replay.data_dir) == on_disk(replay.data_dir, COMPANY)

    again = replay.crawl(COMPANY, answers={OFFERS: board})

    assert result_of(again, COMPANY).postings == counts(unchanged=17)
    assert {record.id: path.stem for path in folder.glob("*.md") for record in parse_file(path)} == stored


def test_conditional_requests_use_the_last_validators(replay: Replay) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Mon, 23 Nov 2026 08:00:00 GMT"}

    def board(request: scrapy.Request) -> Answer:
        if request.headers.get("If-None-Match") == b'"v1"':
            return Answer(status=304, headers={"ETag": '"v1"'})
        return json_answer(fixture_board(), headers=validators)

    replay.crawl(COMPANY, answers={OFFERS: board})

    report = replay.crawl(COMPANY, answers={OFFERS: board})

    result = result_of(report, COMPANY)
    assert result.status is CompanyState.not_modified and result.postings["unchanged"] == 4
    first, second = replay.asked
    assert b"If-None-Match" not in first.headers
    assert second.headers.get("If-None-Match") == b'"v1"'
    assert second.headers.get("If-Modified-Since") == b"Mon, 23 Nov 2026 08:00:00 GMT"
    full = replay.crawl(COMPANY, answers={OFFERS: board}, JOBBOARD_CONDITIONAL=False)  # `jobboard crawl --full`
    assert result_of(full, COMPANY).status is CompanyState.ok
    assert b"If-None-Match" not in replay.asked[2].headers


def test_a_company_list_with_a_typo_reports_it_and_crawls_the_rest(replay: Replay, tmp_path: Path) -> None:
    good, unknown = "https://careers.tulpwerk.example", "https://jobs.nosuch.example"
    companies = tmp_path / "companies.txt"
    companies.write_text(f"# our boards\n{good}   # the good one\n\nperdo o\n{unknown}\n{good}/\n", encoding="utf-8")

    report = replay.crawl(
        companies_file=companies,
        answers={
            f"{good}/api/offers/": json_answer(fixture_board()),
            f"{unknown}/api/offers/": json_answer({"error": "Not found"}, status=404),
            f"{unknown}/": html_answer("<html><h1>Page not found</h1></html>", status=404),
        },
    )

    counted = report.companies
    assert (counted["ok"], counted["unknown"], counted["invalid"]) == (1, 1, 1)
    assert result_of(report, "perdo o").status is CompanyState.invalid
    reason = result_of(report, "jobs.nosuch.example").reason
    assert reason is not None and "HTTP 404" in reason
    assert len(report.results) == 3  # the duplicate spelling of the good one is crawled once
    assert [request.url for request in replay.asked].count(f"{good}/api/offers/") == 1


def test_a_custom_domain_without_the_api_is_read_from_its_offer_pages(replay: Replay) -> None:
    site = "https://careers.kelpie.test"
    answers = {
        f"{site}/api/offers/": Answer(b"Not found", status=404),
        f"{site}/": html_answer(fixture_text("careers.html")),
        f"{site}/o/data-engineer-aberdeen": html_answer(fixture_text("offer_data_engineer.html")),
        f"{site}/o/frontend-developer-remote": html_answer(fixture_text("offer_frontend_developer.html")),
    }

    report = replay.crawl(site, answers=answers)

    key = "careers.kelpie.test"
    result = result_of(report, key)
    assert result.status is CompanyState.ok and result.postings["new"] == 2
    assert sorted(posting_files(replay.data_dir, key)) == ["data-engineer-aberdeen", "frontend-developer-remote"]
    (record,) = parse_file(replay.data_dir / "postings" / key / "data-engineer-aberdeen.md")
    assert record.title == "Data Engineer"
    assert record.company.name == "Kelpie Analytics Ltd"
    assert record.location.workplace == ["hybrid"]
    assert "Hydration copy" not in record.description
    assert list((replay.data_dir / "raw" / key).glob("*.pages.json.gz"))
    # Only the site's own offer pages are read, each once (every other link has no recorded answer).
    assert [request.url for request in replay.asked] == list(answers)
    assert {request.method for request in replay.asked} == {"GET"}


def test_reparse_rebuilds_posting_files_from_kept_responses(replay: Replay) -> None:
    replay.crawl(COMPANY, answers={OFFERS: json_answer(fixture_board())})
    before = posting_files(replay.data_dir, COMPANY)
    for path in (replay.data_dir / "postings" / COMPANY).glob("*.md"):
        path.unlink()

    done = jobboard(replay.data_dir, "reparse", COMPANY)

    assert done.returncode == 0, done.stderr
    assert "4 new" in done.stdout
    assert posting_files(replay.data_dir, COMPANY) == before
    assert set(indexed(replay.data_dir).values()) == {False} and len(indexed(replay.data_dir)) == 4
