"""Writes that a crash cannot leave half done: every file goes to a temporary beside its target, renamed over it.

Readers (the API, a search process, the next crawl) see the old file or the new one, never a mix. The
helpers raise ``OSError``: each caller turns it into its own error, in its own words.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, TypeVar

T = TypeVar("T")

STALE_TEMP_S = 3600.0
"""A temporary file older than this was left by a process that died: no live writer takes an hour."""


def os_reason(exc: OSError) -> str:
    """The system's words for a failed file operation ("No space left on device"), without errno noise."""
    return exc.strerror or str(exc)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A temporary file beside ``path``, synced and renamed over it when the block ends without an error.

    On any error (or an interruption) the temporary is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all."""
    with atomic_file(path) as handle:
        handle.write(data)


class Batch:
    """Files of one folder made durable together: one ``os.sync`` for the batch instead of one fsync per file.

    Temporary files are written first and flushed with one sync, then renamed over their targets while
    ``hold`` (given the targets) is entered, and the folder is synced once. A crash at any point leaves
    each file old or new; whatever ``hold`` records (the index journal) names every file that may be new.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[tuple[Path, bytes]] = []

    def add(self, path: Path, data: bytes) -> None:
        self.files.append((path, data))

    def commit(self, hold: Callable[[list[Path]], AbstractContextManager[T]]) -> T | None:
        """Write the files; what ``hold`` yielded (None when there was nothing to write)."""
        if not self.files:
            return None
        written: list[tuple[str, Path]] = []
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.folder)
            for path, data in self.files:
                fd, temp = tempfile.mkstemp(dir=self.folder, prefix=f".{path.name}.", suffix=".tmp")
                written.append((temp, path))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
            os.sync()
            with hold([path for _, path in written]) as held:
                for temp, path in written:
                    os.replace(temp, path)
                written = []
            sync_folder(self.folder)
        finally:
            for temp, _ in written:
                Path(temp).unlink(missing_ok=True)
        return held


def remove_stale_temporaries(folder: Path, older_than_s: float = STALE_TEMP_S) -> None:
    """Temporary files (``.*.tmp``) a crashed writer left in ``folder``; hidden, so never read as data."""
    cutoff = time.time() - older_than_s
    for stale in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < cutoff:
                stale.unlink()


def sync_folder(folder: Path) -> None:
    """Make the folder's entries (a rename, a new file) durable; skipped where a folder cannot be opened for it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def swap_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` (a name in its folder) atomically: a new link renamed over the old one.

    Readers following ``link`` see the old target or the new one, never no link at all.
    """
    temp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    try:
        temp.symlink_to(target)
        os.replace(temp, link)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
