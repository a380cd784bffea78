"""`jobboard index` and `jobboard search` on a data folder of their own: in process, and in a process of their own
where a file-size limit stands in for a full disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import disk_full_at, jobboard


@pytest.fixture()
def data_dir(tmp_path: Path, samples_dir: Path) -> Path:
    shutil.copytree(samples_dir, tmp_path / "samples")
    (tmp_path / "postings" / "acme").mkdir(parents=True)
    (tmp_path / "postings" / "acme" / "broken.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    return tmp_path


def test_index_then_search(data_dir: Path) -> None:
    built = jobboard(data_dir, "index", "--rebuild")
    assert built.returncode == 1  # one file could not be parsed...
    assert "broken.md: invalid YAML" in built.stderr
    assert "rebuilt the index with 5 postings" in built.stderr  # ...and the rest were indexed

    found = jobboard(data_dir, "search", "--hashtag", "django", "--location", "Germany", "--json")
    assert found.returncode == 0, found.stderr
    payload = json.loads(found.stdout)
    assert {item["company"]["name"] for item in payload["items"]} == {"Perdoo"}
    assert payload["total"] == len(payload["items"]) == 2
    assert {f["value"] for f in payload["facets"]["countries"]} == {"DE"}

    table = jobboard(data_dir, "search", "rails", "--include-archived")
    assert table.returncode == 0
    assert table.stdout.splitlines()[0] == "1 postings"
    assert "ChartMogul" in table.stdout


def test_search_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    result = jobboard(tmp_path, "search", "python")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("jobboard: ") and "run `jobboard index` first" in line


def test_hostile_query_text_is_just_text(data_dir: Path) -> None:
    jobboard(data_dir, "index")
    result = jobboard(data_dir, "search", 'title:"python AND (django* OR', "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] >= 0


@pytest.mark.e2e
def test_a_full_disk_while_indexing_is_one_clear_line_and_the_old_index_serves(data_dir: Path) -> None:
    (data_dir / "postings" / "acme" / "broken.md").unlink()
    assert jobboard(data_dir, "index", "--rebuild").returncode == 0
    before = json.loads(jobboard(data_dir, "search", "--include-archived", "--json").stdout)
    versions = sorted(p.name for p in (data_dir / "index").iterdir())
    # A new posting, so that the incremental run has something to write (an unchanged folder writes nothing).
    (data_dir / "postings" / "acme" / "new.md").write_text(
        "---\ntitle: Platform Engineer\ncompany: Acme\nlocation: Leipzig, Germany\n---\nKubernetes and Go.\n",
        encoding="utf-8",
    )

    env = {**os.environ, "JOBBOARD_DATA_DIR": str(data_dir), "PYTHONDONTWRITEBYTECODE": "1"}
    for args in (["index", "--rebuild"], ["index"]):
        full = subprocess.run(
            [sys.executable, "-m", "jobboard", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            preexec_fn=disk_full_at(1024),
        )
        assert full.returncode == 1, full.stderr
        assert "Traceback" not in full.stderr
        assert full.stderr.splitlines() == [
            f"jobboard: cannot write the index at {data_dir / 'index'}: file too large; the previous index keeps serving"
        ]
        assert sorted(p.name for p in (data_dir / "index").iterdir()) == versions  # a failed build leaves nothing behind
    after = jobboard(data_dir, "search", "--include-archived", "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == before


def test_search_takes_every_filter_the_api_does(data_dir: Path) -> None:
    jobboard(data_dir, "index")

    def ids(*options: str) -> set[str]:
        result = jobboard(data_dir, "search", "--include-archived", "--json", *options)
        assert result.returncode == 0, result.stderr
        return {item["id"] for item in json.loads(result.stdout)["items"]}

    assert ids("--employment-type", "full_time") == {"fb2c377c0677ee43", "1e179e8070a35bea"}
    assert ids("--salary-min", "150000") == {"1e179e8070a35bea"}
    assert ids("--posted-after", "2021-01-01") == {"eca8aa4d062320f3"}
    assert len(ids("--language", "EN")) == 5 and not ids("--language", "de")
    refused = jobboard(data_dir, "search", "--language", "english")
    assert refused.returncode == 2
    assert refused.stderr.startswith("jobboard: invalid --language: ")
