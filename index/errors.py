"""Errors of the index package; callers (API, CLI) catch ``SearchIndexError`` and show its message."""

from core.errors import JobboardError


class SearchIndexError(JobboardError):
    """Base class: the index could not do what was asked."""


class IndexUnavailable(SearchIndexError):
    """The backend cannot be reached or opened (no index yet, no cluster)."""


class IndexPathUnusable(IndexUnavailable):
    """The OS refuses a path of the index to a read (a folder on it that is a file, one not ours to enter): the
    path and the OS's words, with the exit status of the CLI's other OS refusals."""

    exit_status = 1

    def __init__(self, where: object, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"cannot use {where}: {reason}")


class IndexLocked(SearchIndexError):
    """Another process holds the index's single writer lock."""


class BadCursor(SearchIndexError):
    """A paging cursor that this index did not hand out, or for another query."""


class BackendFailure(SearchIndexError):
    """The engine failed internally (including Rust panics in tantivy)."""


# What mends a damaged index, said once: the CLI's hint and ``IndexDamaged`` both use these words.
REBUILD_ADVICE = "`jobboard index --rebuild` makes it anew from the posting files"


class IndexDamaged(BackendFailure):
    """A file of the index is damaged (the engine panicked reading it, or found its data corrupted). The message
    names the index folder and how to mend it; it starts as every engine error does, so the API shows that alone."""

    def __init__(self, detail: str, where: object = None) -> None:
        self.detail = detail
        self.where = where
        place = f" at {where}" if where is not None else ""
        super().__init__(f"search engine error: the index{place} is damaged ({detail}); {REBUILD_ADVICE}")


class IndexWriteFailed(SearchIndexError):
    """The index could not be written (disk full, a file-size limit, a read-only folder). Writes never swap in
    or commit half their work, so what was searchable before still is; the CLI exits 1, as for other write
    failures, rather than 2 (a usage error)."""

    exit_status = 1

    def __init__(self, reason: str, where: object = None) -> None:
        self.reason = reason
        self.where = where
        place = f" at {where}" if where is not None else ""
        super().__init__(f"cannot write the index{place}: {reason}; the previous index keeps serving")
