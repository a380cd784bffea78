"""An index that cannot be written, or whose files are damaged, and a damaged index journal: reads still work in a
read-only data folder (only writes say they cannot write), a damaged file is one error naming the index and how to
mend it, and the member store's and journal's odd paths are the index's own errors or one warning.

Read-only here is real: as an ordinary user the folder loses its write permission; as root (whom permissions do
not stop) the commands run in a process of their own under a read-only bind mount of the data folder.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawlers.store import IndexJournal
from index.base import SearchQuery
from index.dedup import DedupIndex, MemberStore
from index.errors import REBUILD_ADVICE, BackendFailure, IndexDamaged, IndexPathUnusable, IndexWriteFailed
from index.tantivy_backend import TantivyIndex, _guard
from parsers.writer import posting_markdown
from tests.cli import jobboard
from tests.index.corpus import corpus, make

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    """A data folder with the samples indexed (one record per job, the member store beside the index)."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "samples", data_dir / "samples")
    assert jobboard(data_dir, "index").returncode == 0
    return data_dir


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder`` with its size and modification time."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


def _bind_mount_works(folder: Path) -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run(
        [unshare, "--user", "--map-root-user", "--mount", "mount", "--bind", "-o", "ro", str(folder), str(folder)],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


def _run_read_only(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``jobboard ARGS`` in a process of its own that cannot write anything under ``data_dir``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("JOBBOARD_")}
    env.update(JOBBOARD_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "jobboard", *args]
    if os.geteuid() != 0:
        folders = [data_dir, *(p for p in data_dir.rglob("*") if p.is_dir())]
        modes = {folder: folder.stat().st_mode for folder in folders}
        for folder in folders:
            folder.chmod(modes[folder] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=data_dir.parent)
        finally:
            for folder, mode in modes.items():
                folder.chmod(mode)
    if not _bind_mount_works(data_dir):
        pytest.skip("running as root, whom file permissions do not stop, and no read-only bind mount is allowed here")
    mounted = [
        "unshare",
        "--user",
        "--map-root-user",
        "--mount",
        "sh",
        "-c",
        'mount --bind -o ro "$0" "$0" && exec "$@"',
        str(data_dir),
        *command,
    ]
    return subprocess.run(mounted, capture_output=True, text=True, timeout=120, env=env, cwd=data_dir.parent)


# --- a data folder that takes no writes ---------------------------------------------------------------------


def test_search_stats_and_dump_work_in_a_read_only_data_folder(indexed: Path) -> None:
    """Found: tantivy takes lock files even to read, so every read said "cannot write the index"."""
    before = _snapshot(indexed)

    searched = _run_read_only(indexed, "search", "python")
    stats = _run_read_only(indexed, "stats")
    dumped = _run_read_only(indexed, "dump")

    assert searched.returncode == 0, searched.stderr
    assert "cannot write" not in searched.stderr and "Backend Engineer" in searched.stdout
    assert stats.returncode == 0, stats.stderr
    assert "postings:" in stats.stdout
    assert dumped.returncode == 0, dumped.stderr
    assert len(dumped.stdout.splitlines()) > 1
    assert _snapshot(indexed) == before


def test_a_write_in_a_read_only_data_folder_still_says_it_cannot_write(indexed: Path) -> None:
    before = _snapshot(indexed)

    ran = _run_read_only(indexed, "index", "--rebuild")

    assert ran.returncode == 1
    lines = [line for line in ran.stderr.splitlines() if "cannot write the index" in line]
    assert len(lines) == 1 and str(indexed / "index") in lines[0], ran.stderr
    assert _snapshot(indexed) == before


def test_reads_write_nothing_in_the_data_folder(indexed: Path) -> None:
    """Wherever the test runs (read-only or not), a read creates and changes no file under the data folder."""
    before = _snapshot(indexed)

    for args in (("search", "python"), ("stats",), ("dump",)):
        assert jobboard(indexed, *args).returncode == 0

    assert _snapshot(indexed) == before


# --- damaged index files ------------------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> Iterator[TantivyIndex]:
    index = TantivyIndex(tmp_path / "index")
    index.rebuild(corpus())
    yield index
    index.close()


def _damage_body(path: Path) -> None:
    """Flip bits in a file's body, leaving its footer (the last bytes, which tantivy checks on opening) whole."""
    data = bytearray(path.read_bytes())
    for position in range(0, max(len(data) - 400, len(data) // 2), 3):
        data[position] ^= 0x5A
    path.write_bytes(bytes(data))


# Not "fieldnorm": any byte there is a valid norm (it only changes scores), so its damage may go unnoticed.
@pytest.mark.parametrize("suffix", ["idx", "term", "store", "fast", "pos"])
def test_a_damaged_segment_file_is_one_error_naming_the_index_and_its_repair(built: TantivyIndex, suffix: str) -> None:
    """Found: some damage made tantivy panic, which came out as "search engine failure: mid > len", naming
    neither the index nor ``--rebuild``."""
    for path in built.current.resolve().glob(f"*.{suffix}"):
        _damage_body(path)
    fresh = TantivyIndex(built.root)

    with pytest.raises(IndexDamaged) as raised:
        for posting in corpus():
            fresh.search(SearchQuery(q=posting.title, include_archived=True))
            fresh.get(posting.id)

    message = str(raised.value)
    assert str(built.root) in message and message.endswith(REBUILD_ADVICE) and "\n" not in message
    assert isinstance(raised.value, BackendFailure)  # the API answers it as any engine failure


def test_a_damaged_meta_file_is_the_same_error(built: TantivyIndex) -> None:
    (built.current / "meta.json").write_text('{\n  "index', encoding="utf-8")

    with pytest.raises(IndexDamaged, match="Data corrupted") as raised:
        TantivyIndex(built.root).count()

    assert str(built.root) in str(raised.value) and REBUILD_ADVICE in str(raised.value)


def test_the_cli_gives_the_repair_once(indexed: Path) -> None:
    (indexed / "index" / "current" / "meta.json").write_text('{\n  "index', encoding="utf-8")

    ran = jobboard(indexed, "search", "python")

    assert ran.returncode == 2
    assert ran.stderr.count("`jobboard index --rebuild`") == 1 and len(ran.stderr.splitlines()) == 1, ran.stderr
    assert str(indexed / "index") in ran.stderr


def test_only_the_engines_panics_are_caught() -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _guard(interrupted)


# --- the member store's paths -------------------------------------------------------------------------------


def test_a_member_store_under_a_file_is_the_index_packages_error(tmp_path: Path) -> None:
    """Found: ``os.stat`` on the store's path raised a bare NotADirectoryError."""
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    store = MemberStore(tmp_path / "afile" / "members.sqlite")

    with pytest.raises(IndexPathUnusable, match=re.escape("afile/members.sqlite: Not a directory")):
        store.job_of("x")
    with pytest.raises(IndexWriteFailed, match=re.escape("afile/members.sqlite")):
        store.write([], [], None)


def test_a_rebuild_that_cannot_clear_its_fresh_store_says_it_cannot_write(tmp_path: Path) -> None:
    """Found: the clean-up's own ``unlink`` raised a bare IsADirectoryError over the write error."""
    store = MemberStore(tmp_path / "index" / "members.sqlite")
    index = DedupIndex(TantivyIndex(tmp_path / "index"), store)
    blocking = tmp_path / "index" / "members.sqlite.new"
    (blocking / "inside").mkdir(parents=True)

    with pytest.raises(IndexWriteFailed, match=re.escape(str(tmp_path / "index"))):
        index.rebuild(corpus())

    assert blocking.is_dir()
    index.close()


# --- a damaged index journal --------------------------------------------------------------------------------


def test_a_damaged_index_journal_is_one_warning_and_the_good_lines_are_replayed(tmp_path: Path) -> None:
    """Found: binary bytes in ``index-journal.txt`` came out on the terminal as "file paths"."""
    postings = tmp_path / "postings"
    record = make("journal-1", "Journal Engineer")
    (postings / "acme").mkdir(parents=True)
    (postings / "acme" / "journal.md").write_bytes(posting_markdown(record).encode("utf-8"))
    journal = IndexJournal(tmp_path / "crawls" / "index-journal.txt", postings)
    journal.path.parent.mkdir()
    garbage = bytes(range(256)) * 4 + b"\n\x00\x01\t\xff\xfe/evil.md\n" + b"beef\tacme/\x1b[31mred.md\n"
    garbage += b"cafe\t/etc/passwd\n" + b"cafe\t../outside.md\n"
    journal.path.write_bytes(b"0a1b\tacme/journal.md\n" + garbage)
    index = TantivyIndex(tmp_path / "index")

    replayed = journal.replay(index)

    assert replayed.indexed == 1 and index.count() == 1
    assert len(replayed.problems) == 1, replayed.problems
    assert str(journal.path) in replayed.problems[0] and replayed.problems[0].isprintable()
    assert "\ufffd" not in replayed.problems[0]
    assert journal.entries() == []  # the damaged lines are dropped with the replayed one
    index.close()
