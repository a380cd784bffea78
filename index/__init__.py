"""Search over normalized postings: one interface, an embedded tantivy default and Elasticsearch.

``open_index()`` picks the backend from settings; callers use only ``SearchIndex``.
"""

from __future__ import annotations

from index.base import FACET_NAMES, FacetValue, Hit, SearchIndex, SearchQuery, SearchResult
from index.errors import BackendFailure, BadCursor, IndexLocked, IndexUnavailable, SearchIndexError
from jobboard.settings import Settings, get_settings

__all__ = [
    "FACET_NAMES",
    "BackendFailure",
    "BadCursor",
    "FacetValue",
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
    if settings.index_backend == "elasticsearch":
        if not settings.elasticsearch_url:
            raise IndexUnavailable("JOBBOARD_ELASTICSEARCH_URL is not set")
        from index.elastic import ElasticIndex

        return ElasticIndex.from_url(settings.elasticsearch_url, alias=settings.elasticsearch_alias)
    from index.tantivy_backend import TantivyIndex

    return TantivyIndex(settings.index_path)
