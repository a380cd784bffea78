"""Records written as frontmatter Markdown parse back to the same record."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest

from parsers import ParseError, iter_posting_files, parse_file, parse_text
from parsers.writer import posting_markdown

ROOT = Path(__file__).resolve().parents[1]


def _all_records() -> list[tuple[str, object]]:
    cases = []
    for path in iter_posting_files([ROOT / "data" / "samples", ROOT / "tests" / "labelled"]):
        try:
            records = parse_file(path)
        except ParseError:
            continue  # the labelled folder's README
        cases.extend((f"{path.name}#{i}", record) for i, record in enumerate(records))
    return cases


CASES = _all_records()


def test_every_format_is_covered() -> None:
    assert len(CASES) >= 35
    assert {record.source.kind for _, record in CASES} == {"frontmatter", "text", "recruitee", "jsonld"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "record"), CASES, ids=[name for name, _ in CASES])
def test_round_trip(name: str, record: object) -> None:
    again = parse_text(posting_markdown(record))  # type: ignore[arg-type]
    assert len(again) == 1
    assert again[0].model_dump(mode="json") == record.model_dump(mode="json")  # type: ignore[attr-defined]


def test_written_file_has_the_sample_shape(samples_dir: Path) -> None:
    record = parse_file(samples_dir / "000_7deff4280990e36b.txt")[0]
    post = frontmatter.loads(posting_markdown(record))
    sample = frontmatter.load(samples_dir / "000_7deff4280990e36b.txt")
    for key in (
        "title",
        "location",
        "host",
        "companyName",
        "url",
        "applyUrl",
        "timestamp",
        "jobType",
        "logoUrl",
        "companyWebsite",
        "summary",
        "featured",
    ):
        assert post[key] == sample[key], key
    assert post["archived"] == "false"
    assert post["hashtags"].startswith("#django,#python,")
    assert post.content.startswith("## Job description")
