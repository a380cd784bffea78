"""Where crawls land on disk: posting files, raw responses and the validators of the last good fetch.

Every write goes to a temporary file in the target folder and is renamed over
the target, so a crash leaves the old file or the new one, never half a file.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawlers.errors import StoreError
from parsers import ParseError, parse_file
from parsers.record import Posting
from parsers.writer import to_markdown

_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_ARCHIVED_LINE = "\narchived: 'true'\n"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None


def safe_name(value: str, fallback: str) -> str:
    """A file name from a slug: lower-case letters, digits, '.', '-' and '_' only."""
    name = _UNSAFE.sub("-", value.lower()).strip("-.")[:120]
    return name or fallback


@dataclass
class Changes:
    """What applying one board did to a company's posting files."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    unarchived: int = 0
    problems: list[str] = field(default_factory=list)
    records: list[Posting] = field(default_factory=list)  # new, updated and archived records, for the index

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "archived": self.archived,
            "unarchived": self.unarchived,
        }


class PostingStore:
    """``{root}/{company}/{slug}.md``, one posting per file, in the samples' frontmatter shape."""

    def __init__(self, root: Path, max_bytes: int = 16 * 1024 * 1024) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def folder(self, company: str) -> Path:
        return self.root / company

    def apply(self, company: str, postings: dict[str, Posting], complete: bool, keep: set[str] | None = None) -> Changes:
        """Write new and changed postings; when the board was ``complete``, archive the ones it no longer lists.

        ``keep`` names postings that are still listed but could not be read this time: they are left alone.
        """
        changes = Changes()
        folder = self.folder(company)
        existing = {path.stem: path for path in folder.glob("*.md")} if folder.is_dir() else {}
        batch = _Batch(folder)
        for slug, record in postings.items():
            path = folder / f"{slug}.md"
            text = to_markdown(record)
            old = _read(path) if slug in existing else None
            if old == text:
                changes.unchanged += 1
                continue
            batch.add(path, text.encode("utf-8"))
            changes.records.append(record)
            if old is None:
                changes.new += 1
            else:
                changes.updated += 1
                if _ARCHIVED_LINE in old and not record.archived:
                    changes.unarchived += 1
        if complete:
            for slug in sorted(existing.keys() - postings.keys() - (keep or set())):
                archived = self._archived(existing[slug], changes)
                if archived is not None:
                    batch.add(existing[slug], to_markdown(archived).encode("utf-8"))
                    changes.archived += 1
                    changes.records.append(archived)
        batch.commit()
        return changes

    def _archived(self, path: Path, changes: Changes) -> Posting | None:
        """The archived version of a posting file, or None when it is archived already or cannot be read."""
        try:
            records = parse_file(path, max_bytes=self.max_bytes)
        except ParseError as exc:
            changes.problems.append(f"{path}: not archived, cannot read it back ({exc})")
            return None
        if len(records) != 1:
            changes.problems.append(f"{path}: not archived, holds {len(records)} postings")
            return None
        if records[0].archived:
            return None
        return records[0].model_copy(update={"archived": True})


class _Batch:
    """A board's posting files, made durable together: one sync for the batch instead of one fsync per file.

    Temporary files are written first, flushed to disk with one ``os.sync``, then renamed over their
    targets, and the folder is synced once; a crash at any point leaves each file old or new.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[tuple[Path, bytes]] = []

    def add(self, path: Path, data: bytes) -> None:
        self.files.append((path, data))

    def commit(self) -> None:
        if not self.files:
            return
        written: list[tuple[str, Path]] = []
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _remove_stale_temporaries(self.folder)
            for path, data in self.files:
                fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{path.name}.", suffix=".tmp")
                written.append((tmp, path))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
            os.sync()
            for tmp, path in written:
                os.replace(tmp, path)
            written = []
            _sync_folder(self.folder)
        except OSError as exc:
            raise StoreError(f"cannot write postings under {self.folder}: {exc.strerror or exc}") from None
        finally:
            for tmp, _ in written:
                Path(tmp).unlink(missing_ok=True)


def _remove_stale_temporaries(folder: Path, older_than_s: float = 3600) -> None:
    """Temporary files a crashed run left behind (hidden, so never read as postings)."""
    cutoff = time.time() - older_than_s
    for stale in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < cutoff:
                stale.unlink()


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a folder be opened for fsync
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""  # unreadable: differs from any record, so it is rewritten


class RawStore:
    """``{root}/{company}/{date}.json.gz``: each company's response as fetched, for ``jobboard reparse``.

    Offer pages of the HTML fallback are kept as ``{date}.pages.json.gz`` (URL -> HTML).
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def save_api(self, company: str, body: bytes, when: datetime) -> Path:
        path = self.root / company / f"{when.astimezone(UTC):%Y-%m-%d}.json.gz"
        atomic_write(path, gzip.compress(body, compresslevel=6, mtime=0))
        return path

    def save_pages(self, company: str, pages: dict[str, str], when: datetime) -> Path:
        path = self.root / company / f"{when.astimezone(UTC):%Y-%m-%d}.pages.json.gz"
        body = json.dumps(pages, ensure_ascii=False, sort_keys=True).encode("utf-8")
        atomic_write(path, gzip.compress(body, compresslevel=6, mtime=0))
        return path

    def companies(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() else []

    def latest(self, company: str) -> Path | None:
        """The newest raw file of a company (by date; the API response wins over pages of the same day)."""
        folder = self.root / company
        files = [p for p in folder.glob("*.json.gz")] if folder.is_dir() else []
        if not files:
            return None
        return max(files, key=lambda p: (p.name.split(".", 1)[0], not p.name.endswith(".pages.json.gz")))


class ValidatorStore:
    """ETag and Last-Modified of each company's last good fetch, for conditional requests."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, dict[str, Any]] = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.data = {k: v for k, v in loaded.items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass  # no state yet, or a damaged one: fetch everything unconditionally

    def headers(self, company: str) -> dict[str, str]:
        entry = self.data.get(company, {})
        headers = {}
        if isinstance(entry.get("etag"), str):
            headers["If-None-Match"] = entry["etag"]
        if isinstance(entry.get("last_modified"), str):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def remember(self, company: str, etag: str | None, last_modified: str | None) -> None:
        if etag or last_modified:
            self.data[company] = {"etag": etag, "last_modified": last_modified}
        else:
            self.data.pop(company, None)

    def forget(self, company: str) -> None:
        self.data.pop(company, None)

    def save(self) -> None:
        atomic_write(self.path, json.dumps(self.data, indent=1, sort_keys=True).encode("utf-8"))
