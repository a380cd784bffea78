"""Golden tests: each ``tests/labelled/<case>`` posting against ``<case>.expected.json``.

The expected values were written by reading the postings, not by running the
parser. Semantics of the keys are documented in tests/labelled/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parsers import parse_file

LABELLED = Path(__file__).parent / "labelled"
CASES = sorted(p for p in LABELLED.glob("*") if p.is_file() and not p.name.endswith(".expected.json") and p.name != "README.md")
REQUIRED = {
    "title",
    "company.name",
    "location.workplace",
    "location.places",
    "role.family",
    "role.seniority",
    "hashtags",
    "employment_type",
    "experience_years",
    "salary",
    "language",
    "source.kind",
}


def _expected_path(case: Path) -> Path:
    return case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json")


def _get(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value[part] if isinstance(value, dict) else None
    return value


def _check(record: dict[str, Any], key: str, want: Any) -> str | None:
    if key == "description_contains":
        missing = [s for s in want if s not in record["description"]]
        return f"description lacks {missing}" if missing else None
    got = _get(record, key)
    if key == "location.workplace":
        return None if set(got) == set(want) else f"{key}: got {sorted(got)}, want {sorted(want)}"
    if key == "location.places":
        if len(got) != len(want):
            return f"{key}: got {got}, want {want}"
        for g, w in zip(got, want, strict=True):
            wrong = {k: (g.get(k), v) for k, v in w.items() if g.get(k) != v}
            if wrong:
                return f"{key}: got {got}, want {want}"
        return None
    if key == "hashtags":
        missing = [t for t in want.get("include", []) if t not in got]
        extra = [t for t in want.get("exclude", []) if t in got]
        return f"hashtags: missing {missing}, unwanted {extra} (got {got})" if missing or extra else None
    if key == "salary" and want is not None:
        if got is None:
            return f"salary: got None, want {want}"
        wrong = {
            k: (got.get(k), v)
            for k, v in want.items()
            if (float(got[k]) if isinstance(v, (int, float)) and got.get(k) is not None else got.get(k)) != v
        }
        return f"salary: {wrong}" if wrong else None
    return None if got == want else f"{key}: got {got!r}, want {want!r}"


def test_there_are_enough_labelled_postings() -> None:
    total = sum(len(json.loads(_expected_path(c).read_text())["records"]) for c in CASES if _expected_path(c).exists())
    kinds = {
        rec["source.kind"]
        for c in CASES
        if _expected_path(c).exists()
        for rec in json.loads(_expected_path(c).read_text())["records"]
    }
    assert total >= 30
    assert kinds == {"frontmatter", "text", "recruitee", "jsonld"}


def test_every_expected_file_has_its_posting() -> None:
    orphans = [e.name for e in LABELLED.glob("*.expected.json") if not any(_expected_path(c) == e for c in CASES)]
    assert not orphans


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_labelled_posting(case: Path) -> None:
    expected_file = _expected_path(case)
    assert expected_file.exists(), f"{case.name} has no {expected_file.name}"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))["records"]
    records = [r.model_dump(mode="json") for r in parse_file(case)]
    assert len(records) == len(expected), f"{len(records)} records parsed, {len(expected)} expected"
    problems = []
    for index, (record, want) in enumerate(zip(records, expected, strict=True)):
        assert REQUIRED <= want.keys(), f"record {index} of {expected_file.name} lacks {REQUIRED - want.keys()}"
        for key, value in want.items():
            problem = _check(record, key, value)
            if problem:
                problems.append(f"record {index}: {problem}")
    assert not problems, "\n".join(problems)
