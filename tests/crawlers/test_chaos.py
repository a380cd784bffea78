"""``kill -9`` at random moments: whatever a crawl was doing, the next one leaves files and index whole and in step.

A loopback board of a few hundred offers changes a little between runs (offers removed, changed, put back,
added). Each round a crawl is killed at a seeded random moment after the board answered (while it
normalizes, writes files, journals, updates the index or saves its report), then a crawl runs to its end,
and everything is checked against the board.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from parsers import parse_file, parse_recruitee_offer
from parsers.record import Posting
from parsers.writer import posting_markdown
from tests.crawlers.conftest import CrawlRun, base_url, company_key, jobboard_env, json_body
from tests.crawlers.test_integrity import generated_offer, indexed, journal_lines

SEED = 20261129
ROUNDS = 12
OFFERS = 200


class Board:
    """The career site's current offers; notes when the offers endpoint was last asked."""

    def __init__(self) -> None:
        self.versions = {number: 0 for number in range(OFFERS)}  # offer number -> revision, for those on the board
        self.asked = threading.Event()
        self.asked_at = 0.0

    def offers(self) -> list[dict[str, Any]]:
        return [generated_offer(number, version) for number, version in sorted(self.versions.items())]

    def __call__(self, request: Request) -> Response:
        self.asked_at = time.monotonic()
        self.asked.set()
        return json_body({"offers": self.offers()})

    def change(self, rng: random.Random, gone: dict[int, int], round_: int) -> int:
        """Remove a few offers, revise a few, put back some removed ones and add a new one; one revised offer."""
        for number in rng.sample(sorted(self.versions), rng.randint(1, 6)):
            gone[number] = self.versions.pop(number)
        revised = rng.sample(sorted(self.versions), rng.randint(1, 6))
        for number in revised:
            self.versions[number] += 1
        for number in rng.sample(sorted(gone), min(len(gone), rng.randint(0, 4))):
            self.versions[number] = gone.pop(number)
        self.versions[OFFERS + round_] = 0
        return revised[0]


def killed_crawl(data_dir: Path, url: str, board: Board, after_s: float, watch: Path | None) -> bool:
    """Start a crawl and ``kill -9`` it ``after_s`` after the board answered, or after it replaced the posting
    file ``watch`` (one of the files it has to rewrite); False when the crawl had ended before."""
    board.asked.clear()
    before = watch.stat().st_mtime_ns if watch else 0
    crawl = subprocess.Popen(
        [sys.executable, "-m", "jobboard", "crawl", "--json", url],
        cwd=data_dir.parent,
        env=jobboard_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert board.asked.wait(60), "the crawl never asked for the board"
        while watch and watch.stat().st_mtime_ns == before and crawl.poll() is None:
            time.sleep(0.001)  # the board's files are renamed together; the index comes next
        time.sleep(after_s)
        ended = crawl.poll() is not None
    finally:
        crawl.kill()  # SIGKILL: no handler runs, nothing is flushed
        crawl.wait()
    return not ended


@pytest.mark.slow
def test_kill_9_at_random_moments_never_loses_breaks_or_misfiles_a_posting(
    site: Callable[..., HTTPServer], crawl: Callable[..., CrawlRun]
) -> None:
    rng = random.Random(SEED)
    server, board = site(), Board()
    server.expect_request("/api/offers/").respond_with_handler(board)
    url, key = base_url(server), company_key(server)
    first = crawl(url)
    assert first.returncode == 0 and first.result(key)["postings"]["new"] == OFFERS, first.stderr
    data_dir, folder = first.data_dir, first.data_dir / "postings" / key
    window = time.monotonic() - board.asked_at  # how long a crawl works after the board answered
    gone: dict[int, int] = {}
    kills = 0
    parsed: dict[tuple[int, int], Posting] = {}

    def expected(number: int, version: int, archived: bool) -> Posting:
        if (number, version) not in parsed:
            parsed[number, version] = parse_recruitee_offer(generated_offer(number, version))
        return parsed[number, version].model_copy(update={"archived": archived})

    for round_ in range(ROUNDS):
        revised = folder / f"{generated_offer(board.change(rng, gone, round_))['slug']}.md"
        moment = round_ % 4
        if moment == 0:  # anywhere in the crawl's work: mostly while it normalizes
            kills += killed_crawl(data_dir, url, board, rng.uniform(0, window), watch=None)
        elif moment in (1, 2):  # between the files and the index (some 40 ms on an idle machine)
            kills += killed_crawl(data_dir, url, board, rng.uniform(0, 0.05), watch=revised)
        else:  # while the index commits, the report is saved, or the process ends
            kills += killed_crawl(data_dir, url, board, rng.uniform(0.05, 0.3), watch=revised)
        done = crawl(url)
        window = time.monotonic() - board.asked_at  # the next kill lands anywhere in a crawl's working time
        assert done.returncode == 0, (
            f"round {round_}: {done.report.get('broken')} {done.report.get('index_error')} {done.stderr[-1500:]}"
        )
        assert done.result(key)["status"] == "ok" and not done.report["index_error"], done.report

        # Every offer ever seen has its file, whole, active exactly when it is on the board, saying what the
        # board said last (the writer's output for that record, byte for byte); the index says the same.
        want = {
            **{number: expected(number, version, archived=True) for number, version in gone.items()},
            **{number: expected(number, version, archived=False) for number, version in board.versions.items()},
        }
        names = {generated_offer(number)["slug"]: record for number, record in want.items()}
        files = {path.stem: path.read_text(encoding="utf-8") for path in folder.glob("*.md")}
        assert sorted(files) == sorted(names), f"round {round_}: files lost or extra"
        wrong = [name for name, record in names.items() if files[name] != posting_markdown(record)]
        assert not wrong, f"round {round_}: these files do not say what the board said: {wrong[:5]}"
        assert indexed(data_dir) == {record.id: record.archived for record in want.values()}, f"round {round_}"
        assert journal_lines(data_dir) == []
    assert all(len(parse_file(path)) == 1 for path in folder.glob("*.md"))  # and they read back
    assert kills >= ROUNDS // 3  # the kills did land while crawls were at work
