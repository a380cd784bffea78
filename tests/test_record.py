"""The record model, its exported JSON Schema and its ids."""

from __future__ import annotations

import json
from pathlib import Path

from parsers import parse_file, parse_text
from parsers.record import Posting, Salary, canonical_url, make_id, posting_json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "data" / "schema" / "posting.schema.json"


def test_exported_schema_is_current() -> None:
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == posting_json_schema(), "run `jobboard schema` to refresh data/schema/posting.schema.json"


def test_schema_names_every_contract_field() -> None:
    props = posting_json_schema()["properties"]
    assert isinstance(props, dict)
    assert set(props) == {
        "id",
        "title",
        "company",
        "url",
        "apply_url",
        "location",
        "role",
        "hashtags",
        "job_type",
        "employment_type",
        "experience_years",
        "salary",
        "language",
        "summary",
        "description",
        "posted_at",
        "archived",
        "featured",
        "source",
        "sources",
        "reposted_from",
    }


def test_ids_are_stable_across_reparses_and_url_noise(samples_dir: Path) -> None:
    for path in sorted(samples_dir.iterdir()):
        first = [p.id for p in parse_file(path)]
        again = [p.id for p in parse_file(path)]
        assert first == again
    assert make_id("https://Perdoo.recruitee.com/o/backend/?utm_source=x#top", "frontmatter") == make_id(
        "https://perdoo.recruitee.com/o/backend", "recruitee"
    )
    assert canonical_url("https://jobs.example.com:443/o/a/") == "jobs.example.com/o/a"


def test_id_without_url_depends_on_content() -> None:
    a = parse_text("# Senior Go Engineer\n\nWe build payments infrastructure in Go and need 5+ years of experience.")
    b = parse_text("# Senior Go Engineer\n\nWe build logistics software in Go and need 5+ years of experience.")
    assert a[0].id != b[0].id


def test_monthly_salary_gets_yearly_equivalent() -> None:
    salary = Salary.build(4000, 3000, "EUR", "month")
    assert salary is not None
    assert (salary.min, salary.max, salary.yearly_min, salary.yearly_max) == (3000, 4000, 36000, 48000)
    assert Salary.build(None, None, "EUR", "year") is None


def test_posted_at_serializes_as_utc_z() -> None:
    text = '---\ntitle: "Data Engineer"\ntimestamp: 1611878400000\n---\nWe need a data engineer with SQL.\n'
    record = parse_text(text)[0]
    assert json.loads(record.model_dump_json())["posted_at"] == "2021-01-29T00:00:00Z"
    assert Posting.model_validate_json(record.model_dump_json()) == record
