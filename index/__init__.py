"""Search over normalized postings: one interface, an embedded tantivy default and Elasticsearch.

``open_index()`` picks the backend from settings; callers use only ``SearchIndex``.
"""

from __future__ import annotations

from core.settings import Settings, get_settings
from index.base import CURSOR_KEY_FILE, CursorSigner, FacetValue, Hit, SearchIndex, SearchQuery, SearchResult
from index.errors import BackendFailure, BadCursor, IndexLocked, IndexUnavailable, SearchIndexError
from index.fields import FACET_NAMES
from index.filters import FacetMode, Filters

MEMBERS_FILE = "members.sqlite"  # index.dedup's member store, in the embedded index's folder

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
    """The configured backend (``JOBBOARD_INDEX_BACKEND``), storing one record per job unless ``JOBBOARD_DEDUP`` is off."""
    settings = settings or get_settings()
    secret = settings.cursor_secret.get_secret_value().encode() if settings.cursor_secret else None
    # One key for every process of the deployment (API workers, several servers) and across restarts.
    cursors = CursorSigner(secret=secret, key_file=settings.data_dir / CURSOR_KEY_FILE)
    backend: SearchIndex
    if settings.index_backend == "elasticsearch":
        if not settings.elasticsearch_url:
            raise IndexUnavailable("JOBBOARD_ELASTICSEARCH_URL is not set")
        from index.elastic import ElasticIndex

        backend = ElasticIndex.from_url(settings.elasticsearch_url, alias=settings.elasticsearch_alias, cursors=cursors)
        members = settings.data_dir / f"{settings.elasticsearch_alias}.members.sqlite"
    else:
        from index.tantivy_backend import TantivyIndex

        backend = TantivyIndex(settings.index_path, cursors=cursors)
        members = settings.index_path / MEMBERS_FILE
    if not settings.dedup:
        return backend
    from index.dedup import DedupIndex, MemberStore

    return DedupIndex(backend, MemberStore(members))
