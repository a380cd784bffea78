"""`jobboard index` and `jobboard search` as a user runs them, on a data folder of their own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture()
def data_dir(tmp_path: Path, samples_dir: Path) -> Path:
    shutil.copytree(samples_dir, tmp_path / "samples")
    (tmp_path / "postings" / "acme").mkdir(parents=True)
    (tmp_path / "postings" / "acme" / "broken.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    return tmp_path


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOBBOARD_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "jobboard", *args], capture_output=True, text=True, timeout=120, env=env)


def test_index_then_search(data_dir: Path) -> None:
    built = run(data_dir, "index", "--rebuild")
    assert built.returncode == 1  # one file could not be parsed...
    assert "broken.md: invalid YAML" in built.stderr
    assert "rebuilt the index with 5 postings" in built.stderr  # ...and the rest were indexed
    assert "Traceback" not in built.stderr

    found = run(data_dir, "search", "--hashtag", "django", "--location", "Germany", "--json")
    assert found.returncode == 0, found.stderr
    payload = json.loads(found.stdout)
    assert {item["company"]["name"] for item in payload["items"]} == {"Perdoo"}
    assert payload["total"] == len(payload["items"]) == 2
    assert {f["value"] for f in payload["facets"]["countries"]} == {"DE"}

    table = run(data_dir, "search", "rails", "--include-archived")
    assert table.returncode == 0
    assert table.stdout.splitlines()[0] == "1 postings"
    assert "ChartMogul" in table.stdout


def test_search_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path, "search", "python")
    assert result.returncode == 2
    assert "run `jobboard index` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_hostile_query_text_is_just_text(data_dir: Path) -> None:
    run(data_dir, "index")
    result = run(data_dir, "search", 'title:"python AND (django* OR', "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] >= 0
