"""The benchmark's generated boards (``bench.gen.ats``) crawl like real ones: one board of each ATS in one crawl.

``bench/crawl.py --mix`` times a crawl of these against a floor that parses the same jobs directly; if a
renderer drifted from what its spider asks for or its parser reads, the benchmark would time failures. Here
every job of every board must land as a posting with its title, in the files and the index.
"""

from __future__ import annotations

from bench.gen import ats, world
from crawlers.items import CompanyState
from crawlers.sources import board_key
from tests.crawlers.conftest import Answer, Replay, active, result_of, search_titles

BASE = "http://127.0.0.1:9"
OFFERS = 3


def test_one_generated_board_of_each_ats_crawls_into_every_job(replay: Replay) -> None:
    boards = ats.mix(len(ats.KINDS), world.employers(len(ats.KINDS), 7))
    replay.settings = replay.settings.model_copy(update={f"{kind}_api_base": BASE for kind in ats.KINDS})
    answers: dict[str, Answer] = {}
    for kind, employer, token in boards:
        rendered = ats.board(kind, employer, token, OFFERS, 7)
        content_type = {"content-type": rendered[0].content_type}
        answers.update({BASE + answer.path: Answer(answer.body, 200, content_type) for answer in rendered})

    report = replay.crawl(*(f"{kind}:{token}" for kind, _, token in boards), answers=answers)

    assert sorted(ats.KINDS) == sorted({kind for kind, _, _ in boards})
    for kind, _, token in boards:
        result = result_of(report, board_key(kind, token))
        assert (kind, result.status, result.problems) == (kind, CompanyState.ok, [])
        assert result.postings["new"] == OFFERS == active(replay.data_dir, board_key(kind, token))
        assert len(search_titles(replay.settings, source=kind)) == OFFERS
