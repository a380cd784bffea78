"""The command line in process (``main(argv)``, real files); a subprocess only where the process itself is the subject."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import jobboard


def test_parse_samples_prints_one_record_per_line(samples_dir: Path, tmp_path: Path) -> None:
    result = jobboard(tmp_path / "data", "parse", str(samples_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    records = [json.loads(line) for line in lines]
    assert {r["source"]["kind"] for r in records} == {"frontmatter", "text"}
    assert result.stderr == ""


def test_bad_files_are_reported_and_the_rest_still_printed(tmp_path: Path, samples_dir: Path) -> None:
    (tmp_path / "a_good.md").write_bytes((samples_dir / "000_7deff4280990e36b.txt").read_bytes())
    (tmp_path / "b_broken.md").write_text("---\ntitle: [oops\n---\nbody\n", encoding="utf-8")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "d_empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "e_good.txt").write_bytes((samples_dir / "003_2f1cb75223bf8352.txt").read_bytes())
    result = jobboard(tmp_path / "data", "parse", str(tmp_path), str(tmp_path / "missing.md"))
    assert result.returncode == 1
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Backend Engineer", "Backend Engineer"]
    errors = result.stderr.splitlines()
    assert len(errors) == 4, result.stderr
    by_file = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line for line in errors}
    assert "invalid YAML" in by_file["b_broken.md"]
    assert "binary" in by_file["c_binary.txt"]
    assert "empty" in by_file["d_empty.txt"]
    assert "no such file" in by_file["missing.md"]


def test_parse_of_written_schema_command(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = jobboard(tmp_path / "data", "schema", "--out", str(target))
    assert result.returncode == 0
    assert json.loads(target.read_text())["title"] == "Posting"
    assert result.stderr == f"wrote {target}\n"


def test_a_crawl_without_companies_is_one_clear_line_exit_2_and_a_failed_run(tmp_path: Path) -> None:
    result = jobboard(tmp_path / "data", "crawl")

    assert result.returncode == 2
    assert result.stderr.startswith("jobboard: no companies to crawl"), result.stderr
    runs = jobboard(tmp_path / "data", "runs", "--json")
    (run,) = [json.loads(line) for line in runs.stdout.splitlines()]
    assert (run["status"], run["trigger"], run["exit_code"]) == ("failed", "manual", 2)
    assert "no companies to crawl" in run["error"]


@pytest.mark.e2e
def test_an_invalid_setting_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    """Any bad JOBBOARD_* value stops any command before it does anything: one line naming the variable, no traceback."""
    clean = {name: value for name, value in os.environ.items() if not name.startswith("JOBBOARD_")}
    cases = [
        (("serve", "--port", "0"), "JOBBOARD_CORS_ORIGINS", "[http://a.example", "not a valid JSON list"),
        (("search", "python"), "JOBBOARD_CRAWL_RETRIES", "many", "valid integer"),
        (("search", "python"), "JOBBOARD_CRAWL_SCHEDULES", "daily", "not valid JSON"),
        (("runs",), "JOBBOARD_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal", "item 2"),
        (("parse",), "JOBBOARD_PUBLIC_BASE_URL", "ftp://jobs.example.org", "http"),
    ]
    for args, variable, value, reason in cases:
        result = subprocess.run(
            [sys.executable, "-m", "jobboard", *args],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env={**clean, variable: value},
        )
        assert result.returncode == 2, (args, variable, result.stderr)
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"jobboard: invalid setting: {variable}") and reason in lines[0], lines[0]
        assert value not in lines[0]  # values are not echoed: they may be secrets
        assert result.stdout == ""


def test_list_settings_take_json_or_comma_separated_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import Settings

    monkeypatch.setenv("JOBBOARD_CORS_ORIGINS", "http://a.example, https://b.example")
    monkeypatch.setenv("JOBBOARD_TRUSTED_PROXIES", '["10.0.0.0/8", "::1"]')
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.cors_origins == ["http://a.example", "https://b.example"]
    assert [str(network) for network in settings.trusted_proxies] == ["10.0.0.0/8", "::1/128"]
    monkeypatch.setenv("JOBBOARD_CORS_ORIGINS", '["http://a.example"]')
    assert Settings(_env_file=None).cors_origins == ["http://a.example"]  # type: ignore[call-arg]
