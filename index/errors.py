"""Errors of the index package; callers (API, CLI) catch ``SearchIndexError`` and show its message."""

from jobboard.errors import JobboardError


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
