"""Errors of the index package; callers (API, CLI) catch ``SearchIndexError`` and show its message."""

from core.errors import JobboardError


class SearchIndexError(JobboardError):
    """Base class: the index could not do what was asked."""


class IndexUnavailable(SearchIndexError):
    """The backend cannot be reached or opened (no index yet, no cluster)."""


class IndexLocked(SearchIndexError):
    """Another process holds the index's single writer lock."""


class BadCursor(SearchIndexError):
    """A paging cursor that this index did not hand out, or for another query."""


class BackendFailure(SearchIndexError):
    """The engine failed internally (including Rust panics in tantivy)."""


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
