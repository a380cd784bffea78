"""An outside review's probes of bad input: each gets one clear line naming what was wrong, its own exit status,
no traceback, and nothing else given in the same command is lost.

The probes that found something are here with their fix (a FIFO that hung ``parse``, links called missing files,
a list of 100 numbers for ``--size 0``, invalid companies crawled as an "ok" run, tracebacks from unwritable
files, a scheduler store or a library's log), beside a few representative ones that already passed.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.logs import setup_logging
from core.settings import Settings
from crawlers.companies import InvalidCompany, parse_company
from jobboard.cli import main
from parsers.formats import frontmatter
from tests.cli import Ran, jobboard

ROOT = Path(__file__).resolve().parents[1]
POSTING = "---\ntitle: Backend Engineer\ncompany: Acme\n---\nPython and PostgreSQL in Berlin.\n"


def _one_clear_line(ran: Ran, *expected: str) -> str:
    """The one stderr line that names the problem (no traceback), containing every ``expected`` part."""
    assert "Traceback" not in ran.stderr and "Traceback" not in ran.stdout
    lines = [line for line in ran.stderr.splitlines() if all(part in line for part in expected)]
    assert len(lines) == 1, ran.stderr
    return lines[0]


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """argparse's last stderr line for ``argv``, checking it stopped with exit status 2."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path / "data"


@pytest.fixture
def indexed(data_dir: Path) -> Path:
    shutil.copytree(ROOT / "data" / "samples", data_dir / "samples")
    assert jobboard(data_dir, "index").returncode == 0
    return data_dir


# --- parse: odd files ----------------------------------------------------------------------------------------


def test_a_fifo_is_refused_unread_and_the_other_files_still_parse(data_dir: Path, tmp_path: Path) -> None:
    """Found: ``parse`` on a FIFO blocked forever on its read."""
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    good = tmp_path / "good.md"
    good.write_text(POSTING, encoding="utf-8")

    ran = jobboard(data_dir, "parse", str(fifo), str(good))

    assert ran.returncode == 1
    _one_clear_line(ran, str(fifo), "not a regular file")
    assert [json.loads(line)["title"] for line in ran.stdout.splitlines()] == ["Backend Engineer"]


def test_dangling_and_looping_links_are_named_as_links(data_dir: Path, tmp_path: Path) -> None:
    """Found: both were reported as "no such file or directory", which the user can see is not so."""
    dangling, looping = tmp_path / "gone.md", tmp_path / "loop.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    looping.symlink_to(looping)

    ran = jobboard(data_dir, "parse", str(dangling), str(looping), str(tmp_path / "absent.md"))

    assert ran.returncode == 1
    _one_clear_line(ran, str(dangling), "broken symbolic link")
    _one_clear_line(ran, str(looping), "broken symbolic link")
    _one_clear_line(ran, "absent.md", "no such file or directory")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00" * 50, "binary file"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<job><title>&x;</title><description>&x;</description></job>",
            "no schema.org JobPosting",
        ),
    ],
    ids=["empty", "binary", "deep-json", "xml-external-entity"],
)
def test_files_that_are_no_posting_are_one_line_each(data_dir: Path, tmp_path: Path, content: bytes, reason: str) -> None:
    """Passed already: each bad file is one line naming it and why; an external entity is never read."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)

    ran = jobboard(data_dir, "parse", str(bad))

    assert ran.returncode == 1 and ran.stdout == ""
    _one_clear_line(ran, str(bad), reason)
    assert "root:" not in ran.stderr


def test_json_ld_graph_with_an_array_of_types_and_a_nan_salary_parses(data_dir: Path, tmp_path: Path) -> None:
    """Passed already: ``@graph``, ``@type`` as a list and NaN/Infinity amounts (a null salary) are read."""
    page = tmp_path / "job.html"
    graph = (
        '{"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"Acme"},'
        '{"@type":["JobPosting","Thing"],"title":"Data Engineer","hiringOrganization":{"name":"Acme"},'
        '"description":"Python and SQL","baseSalary":{"currency":"EUR","value":{"minValue":NaN,"maxValue":Infinity}}}]}'
    )
    page.write_text(f'<html><head><script type="application/ld+json">{graph}</script></head></html>', encoding="utf-8")

    ran = jobboard(data_dir, "parse", str(page))

    assert ran.returncode == 0, ran.stderr
    record = json.loads(ran.stdout)
    assert record["title"] == "Data Engineer" and record["company"]["name"] == "Acme" and record["salary"] is None


# --- command-line arguments ----------------------------------------------------------------------------------


def test_an_out_of_range_size_names_the_range(capsys: pytest.CaptureFixture[str]) -> None:
    """Found: ``--size 0`` listed all hundred allowed numbers."""
    for value in ("0", "-5", "1000"):
        line = _usage_error(capsys, "search", "--size", value)
        assert line.endswith(f"argument --size: {int(value)} is not between 1 and 100"), line
    assert _usage_error(capsys, "search", "--size", "ten").endswith("argument --size: 'ten' is not a whole number")


def test_a_negative_runs_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Found: ``runs --limit -5`` listed every run (SQLite reads a negative limit as none)."""
    assert _usage_error(capsys, "runs", "--limit", "-5").endswith("argument --limit: -5 is not between 1 and 10000")


@pytest.mark.parametrize(
    ("filters", "option"),
    [
        (["--posted-after", "2026-13-45"], "--posted-after"),
        (["--salary-min", "-1"], "--salary-min"),
        (["--salary-min", "1e309"], "--salary-min"),
    ],
)
def test_bad_filter_values_name_their_option(indexed: Path, filters: list[str], option: str) -> None:
    """Passed already: a filter value the search does not take is exit 2 with a line naming its option."""
    ran = jobboard(indexed, "search", *filters)
    assert ran.returncode == 2
    _one_clear_line(ran, f"jobboard: invalid {option}:")


@pytest.mark.parametrize("q", ['"unbalanced', "*", "AND OR NOT", "title:python", "#", "a AND (b OR", "\x01\x1b[31m", "مهندس"])
def test_hostile_search_text_is_just_text(indexed: Path, q: str) -> None:
    """Passed already."""
    ran = jobboard(indexed, "search", "--json", q)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["total"] >= 0


def test_invalid_companies_on_the_command_line_are_refused_before_any_crawl(data_dir: Path) -> None:
    """Found: an unknown ATS, an empty token or a file:// URL were crawled as an "ok" run with exit status 0."""
    ran = jobboard(data_dir, "crawl", "--no-index", "nosuchats:token", "greenhouse:", "file:///etc/passwd")

    assert ran.returncode == 2
    for spec in ("nosuchats:token", "greenhouse:", "file:///etc/passwd"):
        _one_clear_line(ran, f"jobboard: invalid company '{spec}':")
    assert not (data_dir / "runs.sqlite").exists()  # nothing was run, nothing recorded
    assert not (data_dir / "postings").exists()


def test_an_unknown_ats_is_named_as_one() -> None:
    """Found: ``nosuchats:token`` was refused as "not a URL (Port could not be cast ...)"."""
    with pytest.raises(InvalidCompany, match=r"unknown ATS 'nosuchats' \(known: recruitee, greenhouse"):
        parse_company("nosuchats:token")
    assert parse_company("localhost:8080").base_url == "https://localhost:8080"  # a host and port is still a URL


@pytest.mark.parametrize("date", ["2026-13-45", "2026-02-30", "2026-02-03T25:61:00"])
def test_a_frontmatter_date_that_cannot_exist_is_dropped_not_the_posting(date: str) -> None:
    """Found: a date of YAML's shape that cannot exist failed the whole posting ("month must be in 1..12")."""
    (draft,) = frontmatter.parse(f"---\ntitle: Data Engineer\ncompany: Acme\nposted_at: {date}\n---\nSpark and SQL.\n")
    assert draft.title == "Data Engineer" and draft.posted_at is None


def test_reparsing_a_company_with_nothing_kept_fails(data_dir: Path) -> None:
    """Found: ``reparse nosuch`` said "failed (no kept response to reparse)" and exited 0."""
    ran = jobboard(data_dir, "reparse", "--no-index", "nosuch")
    assert ran.returncode == 1
    assert "nosuch: failed (no kept response to reparse)" in ran.stdout
    assert "Traceback" not in ran.stderr


# --- files and folders that cannot be used -------------------------------------------------------------------


def test_a_schema_that_cannot_be_written_is_one_line(data_dir: Path, tmp_path: Path) -> None:
    """Found: an OSError traceback (``--out /proc/version``, a read-only data folder)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")

    ran = jobboard(data_dir, "schema", "--out", str(blocker / "schema.json"))

    assert ran.returncode == 1
    _one_clear_line(ran, f"jobboard: cannot write {blocker / 'schema.json'}:")


def test_a_data_folder_that_is_a_file_is_one_line_naming_the_path(tmp_path: Path) -> None:
    """Found: ``index`` with ``JOBBOARD_DATA_DIR`` naming a file ended in a NotADirectoryError traceback."""
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("", encoding="utf-8")
    posting = tmp_path / "job.md"
    posting.write_text(POSTING, encoding="utf-8")

    ran = jobboard(not_a_folder, "index", str(posting))

    assert ran.returncode == 1
    _one_clear_line(ran, "jobboard: cannot use", str(not_a_folder), "Not a directory")


def test_a_damaged_scheduler_store_is_one_line(data_dir: Path) -> None:
    """Found: ``schedule --list`` over a damaged (or read-only) ``scheduler.sqlite`` gave SQLAlchemy's traceback."""
    (data_dir / "scheduler.sqlite").write_bytes(b"this is not a database" * 100)

    ran = jobboard(data_dir, "schedule", "--list")

    assert ran.returncode == 1
    _one_clear_line(ran, "jobboard: cannot use the schedule store", "scheduler.sqlite", "not a database")


def test_a_damaged_index_says_how_to_make_it_anew(indexed: Path) -> None:
    """Found: "search engine error: Data corrupted ..." said nothing of ``jobboard index --rebuild``, which mends it."""
    (indexed / "index" / "current" / "meta.json").write_text('{\n  "index', encoding="utf-8")

    ran = jobboard(indexed, "search", "python")

    assert ran.returncode == 2
    _one_clear_line(ran, "jobboard: search engine error", "`jobboard index --rebuild`")
    assert jobboard(indexed, "index", "--rebuild").returncode == 0
    assert jobboard(indexed, "search", "python").returncode == 0


def test_a_damaged_run_history_is_one_line(data_dir: Path) -> None:
    """Passed already."""
    (data_dir / "runs.sqlite").write_bytes(b"\x00garbage" * 500)
    ran = jobboard(data_dir, "runs")
    assert ran.returncode != 0
    _one_clear_line(ran, "runs.sqlite")


# --- logs at a terminal --------------------------------------------------------------------------------------


def test_text_logs_name_an_exception_in_one_line_unless_tracebacks_are_asked_for() -> None:
    """Found: at a terminal, a crawl's refused connection or failed DNS look-up printed Scrapy's tracebacks."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        for tracebacks in (False, True):
            stream = io.StringIO()
            setup_logging("ERROR", fmt="text", stream=stream, tracebacks=tracebacks)
            try:
                raise ConnectionRefusedError("connection refused")
            except ConnectionRefusedError:
                logging.getLogger("scrapy.core.scraper").exception("Error downloading <GET https://example.org/>")
            text = stream.getvalue()
            assert ("Traceback" in text) is tracebacks
            if not tracebacks:
                assert text.splitlines() == [text.strip()] and "ConnectionRefusedError: connection refused" in text
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


# --- the API and the page ------------------------------------------------------------------------------------


@pytest.fixture
def client(indexed: Path) -> Iterator[TestClient]:
    settings = Settings(_env_file=None, data_dir=indexed, search_processes=0)  # type: ignore[call-arg]
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_the_page_says_why_it_ignored_a_parameter(client: TestClient) -> None:
    """Found: the page said only "Ignored invalid parameter: posted_after", not what was wrong with it."""
    page = client.get("/", params={"q": "python", "posted_after": "2026-13-45", "salary_min": "NaN"})
    assert page.status_code == 200
    assert "Ignored invalid parameters: posted_after (Input should be a valid datetime or date" in page.text
    assert "salary_min (Input should be" in page.text


@pytest.mark.parametrize("q", ["#", "#" + "a" * 499, '"unbalanced', "a:b AND (c OR", "\u202eRTL\u202c", "🚀"])
def test_hostile_q_on_the_api_and_the_page(client: TestClient, q: str) -> None:
    """Passed already: engine syntax and odd text are searched as text on ``/jobs`` and ``/``."""
    for path in ("/jobs", "/"):
        response = client.get(path, params={"q": q})
        assert response.status_code == 200, response.text[:300]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"q": "#" + "a" * 500}, "q: String should have at most 500 characters"),
        ({"size": "-1"}, "size:"),
        ({"posted_after": "2026-13-45"}, "posted_after:"),
        ({"salary_min": "1e309"}, "salary_min:"),
        ({"salary_min": "nan"}, "salary_min: Input should be a finite number"),
        ({"cursor": "A" * 5000}, "cursor:"),
    ],
)
def test_bad_api_parameters_are_422_naming_them(client: TestClient, params: dict[str, str], named: str) -> None:
    """Passed already."""
    response = client.get("/jobs", params=params)
    assert response.status_code == 422
    assert any(error["msg"].startswith(named) for error in response.json()["detail"]), response.text


@pytest.mark.parametrize("path", ["/jobs/..%2F..%2Fetc%2Fpasswd", "/jobs/%2e%2e", "/jobs/abc%0d%0aSet-Cookie:x"])
def test_odd_job_ids_are_not_found(client: TestClient, path: str) -> None:
    """Passed already: an id is looked up, never used as a path."""
    response = client.get(path)
    assert response.status_code == 404 and "Set-Cookie" not in response.headers
    assert response.headers["content-type"].startswith("application/json")


def test_the_run_history_table_is_untouched_by_a_refused_crawl(data_dir: Path) -> None:
    """An existing run history keeps its rows when a crawl is refused for its arguments."""
    jobboard(data_dir, "crawl", "--no-index", "--companies-file", str(data_dir / "none.txt"))  # a usage error too
    before = _run_rows(data_dir)
    assert jobboard(data_dir, "crawl", "--no-index", ":token").returncode == 2
    assert _run_rows(data_dir) == before


def _run_rows(data_dir: Path) -> list[tuple[object, ...]]:
    path = data_dir / "runs.sqlite"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [row for table in tables for row in db.execute(f"SELECT * FROM {table}")]


def test_a_damaged_index_is_a_503_that_keeps_the_engines_words_in_the_log(
    indexed: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Found: the 503's detail carried the engine's message, with a snippet of the damaged index file."""
    (indexed / "index" / "current" / "meta.json").write_text('{\n  "index_secret', encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=indexed, search_processes=0)  # type: ignore[call-arg]
    with TestClient(create_app(settings), raise_server_exceptions=False) as client, caplog.at_level(logging.WARNING):
        for path in ("/jobs", "/jobs/abc", "/hashtags", "/healthz"):
            response = client.get(path, params={"q": "python"} if path == "/jobs" else None)
            assert response.status_code == 503 and response.headers["retry-after"]
            assert response.json() == {"detail": "search engine error"}, path
        page = client.get("/", params={"q": "python"})
        assert page.status_code == 503 and "Search is unavailable" in page.text and "index_secret" not in page.text
    assert "index_secret" in caplog.text  # the operator still sees what the engine said


# --- folders walked for postings, and text in less common shapes ---------------------------------------------


def test_a_walked_folder_names_its_dangling_links_fifos_and_link_loops(data_dir: Path, tmp_path: Path) -> None:
    """Found: under a named folder, dangling or looping links, FIFOs and a linked folder's postings were dropped
    without a word and the exit status said all was well; a FIFO must still never be read."""
    folder, elsewhere = tmp_path / "postings", tmp_path / "elsewhere"
    (folder / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (folder / "good.md").write_text(POSTING, encoding="utf-8")
    (folder / "sub" / "deeper.md").write_text(POSTING.replace("Backend", "Frontend"), encoding="utf-8")
    (elsewhere / "linked.md").write_text(POSTING.replace("Backend", "Data"), encoding="utf-8")
    (folder / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    os.mkfifo(folder / "pipe.md")
    (folder / "sub" / "pipe-link.md").symlink_to(folder / "pipe.md")
    (folder / "linked").symlink_to(elsewhere)  # a linked folder is walked like the folder it names ...
    (folder / "sub" / "again").symlink_to(elsewhere)  # ... once, however many links lead there
    (folder / "sub" / "up").symlink_to(folder)  # and a link back up ends the walk there, not in a loop
    (folder / "notes.bin").symlink_to(tmp_path / "nowhere.bin")  # no posting's name: not looked at, as before

    ran = jobboard(data_dir, "parse", str(folder))

    assert ran.returncode == 1
    _one_clear_line(ran, str(folder / "gone.md"), "broken symbolic link")
    _one_clear_line(ran, str(folder / "loop.md"), "broken symbolic link")
    _one_clear_line(ran, str(folder / "pipe.md"), "not a regular file or folder")
    _one_clear_line(ran, str(folder / "sub" / "pipe-link.md"), "not a regular file or folder")
    assert len(ran.stderr.splitlines()) == 4, ran.stderr
    titles = sorted(json.loads(line)["title"] for line in ran.stdout.splitlines())
    assert titles == ["Backend Engineer", "Data Engineer", "Frontend Engineer"]


def _without_permission_override(data_dir: Path, *args: str) -> Ran:
    """``jobboard ARGS`` as a user whom file permissions bind: in process, or for root (as in CI) in a process of
    its own that has given up the capabilities by which root reads every folder."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return jobboard(data_dir, *args)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: root reads every folder")
    env = {**os.environ, "JOBBOARD_DATA_DIR": str(data_dir)}
    command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", sys.executable, "-m", "jobboard", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=data_dir.parent)
    if done.returncode != 0 and "setpriv:" in done.stderr:
        pytest.skip(f"cannot drop root's capabilities here: {done.stderr.strip()}")
    return Ran(done.returncode, done.stdout, done.stderr)


def test_an_unreadable_subfolder_is_named_and_the_rest_still_parses(data_dir: Path, tmp_path: Path) -> None:
    """Found: a subfolder the user may not list was skipped as if empty."""
    folder = tmp_path / "postings"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.md").write_text(POSTING, encoding="utf-8")
    (folder / "locked" / "hidden.md").write_text(POSTING, encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        ran = _without_permission_override(data_dir, "parse", str(folder))
    finally:
        (folder / "locked").chmod(0o755)

    assert ran.returncode == 1
    _one_clear_line(ran, str(folder / "locked"), "cannot read folder")
    assert [json.loads(line)["title"] for line in ran.stdout.splitlines()] == ["Backend Engineer"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(data_dir: Path, tmp_path: Path, encoding: str) -> None:
    """Found: UTF-16 saved without a BOM (its ASCII holds a NUL byte each) was refused as a binary file."""
    posting = tmp_path / "posting.md"
    posting.write_bytes(POSTING.replace("Berlin", "Zürich – vor Ort").encode(encoding))

    ran = jobboard(data_dir, "parse", str(posting))

    assert ran.returncode == 0, ran.stderr
    record = json.loads(ran.stdout)
    assert record["title"] == "Backend Engineer" and record["company"]["name"] == "Acme"
    assert "Zürich – vor Ort" in record["description"]


@pytest.mark.parametrize(
    "content",
    [
        bytes([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0]) * 64,  # 16-bit numbers: NULs every other byte
        bytes(range(256)) * 16,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(b % 7 for b in range(2000)),
        b"M\x00Z\x00" + b"\x00" * 400,
        b"A\x00B\x00C\x00D" * 100,  # an odd length is no UTF-16
    ],
    ids=["words", "all-bytes", "png", "mostly-nul", "odd-length"],
)
def test_binary_data_with_nul_bytes_is_still_refused(data_dir: Path, tmp_path: Path, content: bytes) -> None:
    """The UTF-16 guess must not let binary data through as text."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)

    ran = jobboard(data_dir, "parse", str(bad))

    assert ran.returncode == 1 and ran.stdout == ""
    _one_clear_line(ran, str(bad), "binary file")


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_old_mac_and_windows_line_ends_keep_the_frontmatter(data_dir: Path, tmp_path: Path, newline: str, encoding: str) -> None:
    """Found: with lone CR line ends (old Mac) the frontmatter was not seen, so the company was lost."""
    posting = tmp_path / "posting.md"
    body = "Python and PostgreSQL in Berlin.\n\nWe offer remote work.\n"
    posting.write_bytes((POSTING.split("Python")[0] + body).replace("\n", newline).encode(encoding))

    ran = jobboard(data_dir, "parse", str(posting))

    assert ran.returncode == 0, ran.stderr
    record = json.loads(ran.stdout)
    assert record["title"] == "Backend Engineer" and record["company"]["name"] == "Acme"
    assert "\r" not in record["description"] and "remote work" in record["description"]
