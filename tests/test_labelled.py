"""Golden tests: each ``tests/labelled/<case>`` posting against ``<case>.expected.json``.

The expected values were written by reading the postings, not by running the
parser. Semantics of the keys are documented in tests/labelled/README.md and
implemented once, in tests/golden.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_file
from tests.golden import LABELLED, REQUIRED, case_files, check, expected_path, expected_records

CASES = case_files(LABELLED)


def test_there_are_enough_labelled_postings() -> None:
    total = sum(len(expected_records(c)) for c in CASES if expected_path(c).exists())
    kinds = {rec["source.kind"] for c in CASES if expected_path(c).exists() for rec in expected_records(c)}
    assert total >= 30
    assert kinds == {"frontmatter", "text", "recruitee", "jsonld"}


def test_every_expected_file_has_its_posting() -> None:
    orphans = [e.name for e in LABELLED.glob("*.expected.json") if not any(expected_path(c) == e for c in CASES)]
    assert not orphans


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_labelled_posting(case: Path) -> None:
    expected_file = expected_path(case)
    assert expected_file.exists(), f"{case.name} has no {expected_file.name}"
    expected = expected_records(case)
    records = [r.model_dump(mode="json") for r in parse_file(case)]
    assert len(records) == len(expected), f"{len(records)} records parsed, {len(expected)} expected"
    problems = []
    for index, (record, want) in enumerate(zip(records, expected, strict=True)):
        assert REQUIRED <= want.keys(), f"record {index} of {expected_file.name} lacks {REQUIRED - want.keys()}"
        for key, value in want.items():
            problem = check(record, key, value)
            if problem:
                problems.append(f"record {index}: {problem}")
    assert not problems, "\n".join(problems)
