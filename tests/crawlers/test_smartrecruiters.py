"""The SmartRecruiters spider in process: the postings list page by page (offset/limit), then each posting's ad."""

from __future__ import annotations

import copy
from typing import Any

from crawlers.items import CompanyState
from tests.crawlers.conftest import Answer, Replay, active, crawled, json_answer, kept_board, source_json

SPEC, KEY = "smartrecruiters:RheinwerkMobility", "smartrecruiters-rheinwerkmobility"
LIST = "https://api.smartrecruiters.com/v1/companies/RheinwerkMobility/postings"
PAGE1, PAGE2 = source_json("smartrecruiters", "postings_page1.json"), source_json("smartrecruiters", "postings_page2.json")
LISTED = PAGE1["content"] + PAGE2["content"]
AD = source_json("smartrecruiters", "posting_jobad.json")


def posting(entry: dict[str, Any]) -> dict[str, Any]:
    """A posting's own answer: its list entry plus the job ad only that answer carries."""
    return {**copy.deepcopy(entry), "jobAd": AD["jobAd"], "active": True, "visibility": "PUBLIC"}


def board(listed: list[dict[str, Any]], **override: Answer) -> dict[str, Any]:
    answers: dict[str, Any] = {
        f"{LIST}?offset=0&limit=100": json_answer({**PAGE1, "content": listed[:3], "totalFound": len(listed)}),
        f"{LIST}?offset=3&limit=100": json_answer({**PAGE2, "content": listed[3:], "totalFound": len(listed)}),
    }
    answers.update({f"{LIST}/{entry['id']}": json_answer(posting(entry)) for entry in listed})
    answers.update({f"{LIST}/{key}": answer for key, answer in override.items()})
    return answers


def test_every_page_then_every_ad_is_read_and_a_removed_posting_archived(replay: Replay) -> None:
    first = crawled(replay, SPEC, board(LISTED))

    assert first.status is CompanyState.ok and first.postings["new"] == len(LISTED) == active(replay.data_dir, KEY)
    asked = [request.url.removeprefix(LIST) for request in replay.asked]
    assert asked[:2] == ["?offset=0&limit=100", "?offset=3&limit=100"] and len(asked) == 2 + len(LISTED)
    assert {job["id"] for job in kept_board(replay.data_dir, KEY)["jobs"]} == {entry["id"] for entry in LISTED}

    gone = crawled(replay, SPEC, board(LISTED[:-1]))
    assert gone.status is CompanyState.ok and gone.postings["archived"] == 1


def test_a_failed_page_or_ad_archives_nothing_and_an_ad_gone_meanwhile_is_no_failure(replay: Replay) -> None:
    crawled(replay, SPEC, board(LISTED))
    broken_page = board(LISTED)
    broken_page[f"{LIST}?offset=3&limit=100"] = Answer(b"", status=500)
    one_ad = LISTED[1]["id"]

    failed_page = crawled(replay, SPEC, broken_page)
    # --full: every ad is asked for again (else an unchanged list entry reuses the kept ad)
    failed_ad = crawled(replay, SPEC, board(LISTED[:-1], **{one_ad: Answer(b"", status=500)}), JOBBOARD_CONDITIONAL=False)

    assert failed_page.status is CompanyState.failed and failed_ad.status is CompanyState.failed
    assert "1 job could not be fetched" in (failed_ad.reason or "")
    assert active(replay.data_dir, KEY) == len(LISTED)  # neither archived the posting missing from the list

    unpublished = crawled(replay, SPEC, board(LISTED, **{one_ad: Answer(b"", status=404)}), JOBBOARD_CONDITIONAL=False)
    assert unpublished.status is CompanyState.ok and unpublished.postings["archived"] == 1


def test_a_company_without_postings_is_empty(replay: Replay) -> None:
    answers = {f"{LIST}?offset=0&limit=100": json_answer({"offset": 0, "limit": 100, "totalFound": 0, "content": []})}
    assert crawled(replay, SPEC, answers).status is CompanyState.empty


def test_an_ad_whose_list_entry_is_unchanged_is_not_asked_for_again(replay: Replay) -> None:
    crawled(replay, SPEC, board(LISTED))
    released = copy.deepcopy(LISTED)
    released[2]["releasedDate"] = "2026-11-28T09:00:00.000Z"  # released again: its ad may have changed
    before = len(replay.asked)

    again = crawled(replay, SPEC, board(released))

    asked = [request.url.removeprefix(LIST) for request in replay.asked[before:]]
    assert asked == ["?offset=0&limit=100", "?offset=3&limit=100", f"/{released[2]['id']}"]
    assert again.status is CompanyState.ok and again.postings["unchanged"] + again.postings["updated"] == len(LISTED)
    assert again.postings["archived"] == 0
