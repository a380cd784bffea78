"""Golden tests for the applicant-tracking-system formats: every ``tests/sources/<ats>/<case>`` answer.

Each fixture is a real-shaped answer written here (list pages, single jobs, the quirks each ATS has);
``<case>.expected.json`` holds the records expected by reading it, compared with the semantics of
tests/golden.py (tests/labelled/README.md); its optional ``"board"`` is the board token the crawler passes
along (the company's fallback name when the ATS gives none). The fixtures are also what the crawl tests serve from
loopback servers, so a fixture without expectations fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from parsers import parse_file
from parsers.formats import ATS_FORMATS
from parsers.formats import jsonld as jsonld_format
from parsers.normalizer import normalize
from tests.golden import LABELLED, case_files, check, expected_path, expected_records

SOURCES = Path(__file__).parent
CASES = sorted(
    p for folder in SOURCES.iterdir() if folder.is_dir() and not folder.name.startswith("_") for p in case_files(folder)
)
REQUIRED = {
    "title",
    "company.name",
    "url",
    "location.workplace",
    "location.places",
    "role.family",
    "employment_type",
    "salary",
    "posted_at",
    "source.kind",
}
ATS_NAMES = {"greenhouse", "lever", "ashby", "workable", "smartrecruiters", "personio", "teamtailor"}


def load(case: Path) -> Any:
    """A fixture as the crawler hands it to the parsers: decoded JSON, or the XML text."""
    text = case.read_text(encoding="utf-8")
    return json.loads(text) if case.suffix == ".json" else text


def claimants(data: Any) -> list[str]:
    """Every format (the ATS ones and JSON-LD) whose ``looks_like`` accepts the data."""
    found = [getattr(m, "KIND", m.__name__.rsplit(".", 1)[-1]) for m in ATS_FORMATS if m.looks_like(data)]
    if not isinstance(data, str) and jsonld_format.looks_like(data):
        found.append("jsonld")
    return found


def module_for(case: Path) -> ModuleType:
    return next(m for m in ATS_FORMATS if getattr(m, "KIND", None) == case.parent.name)


def board_of(case: Path) -> str | None:
    """The board token the crawler would pass with this answer (``"board"`` in the expectations), if any."""
    board: str | None = json.loads(expected_path(case).read_text(encoding="utf-8")).get("board")
    return board


def records(case: Path, board: str | None = None) -> list[dict[str, Any]]:
    data = load(case)
    drafts = module_for(case).parse_data(data, board=board) if board else module_for(case).parse_data(data)
    return [normalize(draft).model_dump(mode="json") for draft in drafts]


def test_every_ats_has_at_least_three_fixtures() -> None:
    counts = {name: sum(1 for c in CASES if c.parent.name == name) for name in ATS_NAMES}
    assert all(n >= 3 for n in counts.values()), counts


def test_every_expected_file_has_its_fixture() -> None:
    orphans = [e for e in SOURCES.glob("*/*.expected.json") if not any(expected_path(c) == e for c in CASES)]
    assert not orphans


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_exactly_one_format_claims_each_fixture(case: Path) -> None:
    assert claimants(load(case)) == [case.parent.name]


@pytest.mark.parametrize("case", [c for c in case_files(LABELLED) if c.suffix == ".json"], ids=lambda p: p.name)
def test_no_ats_format_claims_recruitee_or_jsonld_postings(case: Path) -> None:
    found = claimants(json.loads(case.read_text(encoding="utf-8")))
    assert len(found) == 1 and found[0] in ("recruitee", "jsonld"), found


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_source_fixture(case: Path) -> None:
    expected_file = expected_path(case)
    assert expected_file.exists(), f"{case.name} has no {expected_file.name}"
    expected = expected_records(case)
    got = records(case, board_of(case))
    assert len(got) == len(expected), f"{len(got)} records parsed, {len(expected)} expected"
    problems = []
    for index, (record, want) in enumerate(zip(got, expected, strict=True)):
        assert REQUIRED <= want.keys(), f"record {index} of {expected_file.name} lacks {REQUIRED - want.keys()}"
        for key, value in want.items():
            problem = check(record, key, value)
            if problem:
                problems.append(f"record {index}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_jobboard_parse_recognizes_each_fixture_by_content(case: Path) -> None:
    """``parse_file`` (what ``jobboard parse`` runs) finds the same records without being told the ATS (or the board)."""
    assert [r.model_dump(mode="json") for r in parse_file(case)] == records(case)
