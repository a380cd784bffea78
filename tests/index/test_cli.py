"""`jobboard index` and `jobboard search` as a user runs them, on a data folder of their own."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
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


def _disk_full_at(limit: int) -> Callable[[], None]:
    """For a child process: writes past ``limit`` bytes fail with EFBIG, as on a full disk, instead of killing it."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_while_indexing_is_one_clear_line_and_the_old_index_serves(data_dir: Path) -> None:
    (data_dir / "postings" / "acme" / "broken.md").unlink()
    assert run(data_dir, "index", "--rebuild").returncode == 0
    before = json.loads(run(data_dir, "search", "--include-archived", "--json").stdout)
    versions = sorted(p.name for p in (data_dir / "index").iterdir())

    env = {**os.environ, "JOBBOARD_DATA_DIR": str(data_dir), "PYTHONDONTWRITEBYTECODE": "1"}
    for args in (["index", "--rebuild"], ["index"]):
        full = subprocess.run(
            [sys.executable, "-m", "jobboard", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            preexec_fn=_disk_full_at(1024),
        )
        assert full.returncode == 1, full.stderr
        assert "Traceback" not in full.stderr
        assert full.stderr.splitlines() == [
            f"jobboard: cannot write the index at {data_dir / 'index'}: file too large; the previous index keeps serving"
        ]
        assert sorted(p.name for p in (data_dir / "index").iterdir()) == versions  # a failed build leaves nothing behind
    after = run(data_dir, "search", "--include-archived", "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == before
