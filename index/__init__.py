"""Search over normalized postings: one interface, an embedded tantivy default and Elasticsearch.

``open_index()`` picks the backend from settings; callers use only ``SearchIndex``.
"""

from __future__ import annotations

from core.settings import Settings, get_settings
from index.base import CURSOR_KEY_FILE, CursorSigner, FacetValue, Hit, SearchIndex, SearchQuery, SearchResult
from index.errors import BackendFailure, BadCursor, IndexLocked, IndexUnavailable, SearchIndexError
from index.fields import FACET_NAMES
from index.filters import FacetMode, Filters

__all__ = [
    "FACET_NAMES",
    "BackendFailure",
    "BadCursor",
    "FacetMode",
    "FacetValue",
    "Filters",
    "Hit",
    "IndexLocked",
    "IndexUnavailable",
    "SearchIndex",
    "SearchIndexError",
    "SearchQuery",
    "SearchResult",
    "open_index",
]


def open_index(settings: Settings | None = None) -> SearchIndex:
    """The configured backend (``JOBBOARD_INDEX_BACKEND``)."""
    settings = settings or get_settings()
    secret = settings.cursor_secret.get_secret_value().encode() if settings.cursor_secret else None
    # One key for every process of the deployment (API workers, several servers) and across restarts.
    cursors = CursorSigner(secret=secret, key_file=settings.data_dir / CURSOR_KEY_FILE)
    if settings.index_backend == "elasticsearch":
        if not settings.elasticsearch_url:
            raise IndexUnavailable("JOBBOARD_ELASTICSEARCH_URL is not set")
        from index.elastic import ElasticIndex

        return ElasticIndex.from_url(settings.elasticsearch_url, alias=settings.elasticsearch_alias, cursors=cursors)
    from index.tantivy_backend import TantivyIndex

    return TantivyIndex(settings.index_path, cursors=cursors)
