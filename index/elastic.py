"""Elasticsearch backend: versioned physical indices behind one alias.

Layout: the alias (``jobboard`` by default) points at exactly one physical
index ``{alias}-v{N}-{timestamp}``. ``rebuild`` fills a fresh index and swaps
the alias in one atomic ``update_aliases`` call, so searches never see a
half-built index; if loading fails the alias stays where it was and the new
index is deleted.

Errors: unreachable cluster -> ``IndexUnavailable``; a missing alias on
search/get/count/delete -> ``IndexUnavailable("index not set up")`` (a
misconfigured deployment should be loud, not look like an empty board);
any other Elasticsearch error -> ``BackendFailure``. ``upsert`` sets the
index up on first use, so it never lets Elasticsearch auto-create an
unmapped index under the alias name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from index import facets
from index.base import CursorSigner, FacetValue, Hit, SearchQuery, SearchResult
from index.elastic_query import build_search_body, document, index_body, query_clause
from index.errors import BackendFailure, BadCursor, IndexUnavailable, SearchIndexError
from index.filters import plan
from parsers.record import Posting

__all__ = ["ElasticIndex", "build_search_body", "index_body"]

_UNAVAILABLE_STATUS = {502, 503, 504}


# What the cluster says when an index was mapped by an earlier version of ``index.fields``.
_OLDER_MAPPING = ("strict_dynamic_mapping_exception", "No mapping found for", "field mapper for field")
_REBUILD = "; the index was set up by an earlier version: run `jobboard index --rebuild`"


def _hinted(text: str) -> str:
    return text + _REBUILD if any(sign in text for sign in _OLDER_MAPPING) else text


def _reason(exc: ApiError) -> str:
    return _hinted(_cluster_words(exc))


def _cluster_words(exc: ApiError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            cause = error.get("root_cause")
            if isinstance(cause, list) and cause and isinstance(cause[0], dict) and cause[0].get("reason"):
                error = cause[0]
            return f"{error.get('type', 'error')}: {error.get('reason', '')}"[:300]
        if isinstance(error, str):
            return error[:300]
    return str(exc.message)[:300]


def _is_index_missing(exc: ApiError) -> bool:
    body = exc.body
    if not isinstance(body, dict):
        return False
    error = body.get("error")
    return isinstance(error, dict) and error.get("type") == "index_not_found_exception"


@contextmanager
def _translated(action: str) -> Iterator[None]:
    """Turn client exceptions into the index package's errors, with a short message."""
    try:
        yield
    except SearchIndexError:
        raise
    except helpers.BulkIndexError as exc:
        first: Any = exc.errors[0] if exc.errors else {}
        detail: Any = next(iter(first.values()), {}) if isinstance(first, dict) else {}
        error = detail.get("error") if isinstance(detail, dict) else None
        reason = f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else str(error or "")
        raise BackendFailure(_hinted(f"elasticsearch {action}: {len(exc.errors)} document(s) failed ({reason[:300]})")) from None
    except NotFoundError as exc:
        if _is_index_missing(exc):
            raise IndexUnavailable("elasticsearch index not set up (run a rebuild first)") from None
        raise BackendFailure(f"elasticsearch {action}: {_reason(exc)}") from None
    except ApiError as exc:
        if exc.meta.status in _UNAVAILABLE_STATUS:
            raise IndexUnavailable(f"elasticsearch unavailable ({exc.meta.status})") from None
        raise BackendFailure(f"elasticsearch {action}: {_reason(exc)}") from None
    except TransportError as exc:  # connection refused, timeouts, TLS problems
        raise IndexUnavailable(f"elasticsearch unreachable: {type(exc).__name__}") from None


class ElasticIndex:
    """``SearchIndex`` over an Elasticsearch cluster (the posting files stay the source of truth)."""

    def __init__(self, client: Elasticsearch, alias: str = "jobboard", cursors: CursorSigner | None = None) -> None:
        self.client = client
        self.alias = alias
        self.cursors = cursors or CursorSigner()  # open_index gives one whose key every process shares
        self._ready = False

    @classmethod
    def from_url(cls, url: str, alias: str = "jobboard", cursors: CursorSigner | None = None) -> ElasticIndex:
        return cls(Elasticsearch(url), alias=alias, cursors=cursors)

    # -- physical indices and the alias -------------------------------------------------

    def _current_indices(self) -> list[str]:
        """Physical indices the alias points at (empty when it does not exist)."""
        try:
            found = self.client.indices.get_alias(name=self.alias)
        except NotFoundError:
            return []
        return sorted(found.body)

    def _new_index_name(self, current: list[str]) -> str:
        version = 0
        pattern = re.compile(re.escape(self.alias) + r"-v(\d+)-")
        for name in current:
            match = pattern.match(name)
            if match:
                version = max(version, int(match.group(1)))
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias}-v{version + 1}-{stamp}"

    def _create(self, name: str) -> None:
        body = index_body()
        self.client.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])

    def setup(self) -> None:
        """Create the first physical index and point the alias at it, unless the alias exists (idempotent)."""
        with _translated("setup"):
            if self.client.indices.exists_alias(name=self.alias):
                self._ready = True
                return
            name = self._new_index_name([])
            self._create(name)
            try:
                self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])
            except ApiError:
                self.client.indices.delete(index=name, ignore_unavailable=True)
                if not self.client.indices.exists_alias(name=self.alias):
                    raise
                # another process set it up in the meantime
        self._ready = True

    # -- writes ---------------------------------------------------------------------------

    def _actions(self, records: Iterable[Posting], index: str) -> Iterator[dict[str, Any]]:
        for record in records:
            yield {"_op_type": "index", "_index": index, "_id": record.id, "_source": document(record)}

    def rebuild(self, records: Iterable[Posting]) -> int:
        with _translated("rebuild"):
            old = self._current_indices()
            new = self._new_index_name(old)
            self._create(new)
            try:
                loaded, _ = helpers.bulk(self.client, self._actions(records, new), chunk_size=500, stats_only=True)
                self.client.indices.refresh(index=new)
                actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
                actions.append({"add": {"index": new, "alias": self.alias}})
                self.client.indices.update_aliases(actions=actions)
            except BaseException:
                try:
                    self.client.indices.delete(index=new, ignore_unavailable=True)
                except (ApiError, TransportError):
                    pass
                raise
            for name in old:
                try:
                    self.client.indices.delete(index=name, ignore_unavailable=True)
                except (ApiError, TransportError):
                    pass  # the alias already moved; a leftover index is harmless
        self._ready = True
        return int(loaded)

    def upsert(self, records: Iterable[Posting]) -> int:
        if not self._ready:
            self.setup()
        with _translated("upsert"):
            count, _ = helpers.bulk(self.client, self._actions(records, self.alias), chunk_size=500, stats_only=True)
            self.client.indices.refresh(index=self.alias)
        return int(count)

    def delete(self, ids: Iterable[str]) -> int:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": posting_id} for posting_id in dict.fromkeys(ids))
        deleted = 0
        with _translated("delete"):
            for ok, item in helpers.streaming_bulk(
                self.client, actions, chunk_size=500, raise_on_error=False, raise_on_exception=True
            ):
                result = item.get("delete", {})
                if ok and result.get("result") == "deleted":
                    deleted += 1
                elif not ok and result.get("status") != 404:
                    error = result.get("error")
                    if isinstance(error, dict) and error.get("type") == "index_not_found_exception":
                        raise IndexUnavailable("elasticsearch index not set up (run a rebuild first)")
                    raise BackendFailure(f"elasticsearch delete: {error}"[:400])
            self.client.indices.refresh(index=self.alias)
        return deleted

    # -- reads ----------------------------------------------------------------------------

    def get(self, posting_id: str) -> Posting | None:
        with _translated("get"):
            try:
                found = self.client.get(index=self.alias, id=posting_id, source_includes=["record"])
            except NotFoundError as exc:
                if _is_index_missing(exc):
                    raise
                return None
        source = found.body.get("_source") or {}
        return Posting.model_validate(source["record"]) if found.body.get("found") else None

    def count(self, query: SearchQuery | None = None) -> int:
        with _translated("count"):
            response = self.client.count(index=self.alias, query=query_clause(query or SearchQuery()))
        return int(response.body["count"])

    def search(self, query: SearchQuery) -> SearchResult:
        start = self.cursors.decode(query)
        search_after: list[Any] | None = None
        seen = 0
        if start is not None:  # search_after, never from: a deep page costs the cluster no more than the first
            search_after, seen = _check_after(start.after), start.depth
        body = build_search_body(query, search_after)
        with _translated("search"):
            response = self.client.search(index=self.alias, body=body)
        data = response.body
        total = int(data["hits"]["total"]["value"])
        raw_hits = data["hits"]["hits"]
        items = [_hit(raw) for raw in raw_hits]
        seen += len(items)
        next_cursor = None
        if len(items) == query.size and seen < total:
            next_cursor = self.cursors.encode(query, seen, after=raw_hits[-1]["sort"])
        return SearchResult(total=total, items=items, facets=_facets(data, query), next_cursor=next_cursor)

    def facets(self, query: SearchQuery) -> dict[str, list[FacetValue]]:
        if query.facet_size == 0:
            return {}
        body = build_search_body(query, None)
        body["size"] = 0
        for key in ("sort", "highlight", "_source", "post_filter"):
            body.pop(key, None)
        with _translated("facets"):
            response = self.client.search(index=self.alias, body=body)
        return _facets(response.body, query)

    def version(self) -> str | None:
        """None: refreshes happen on the cluster's schedule, and asking would cost a request; callers use a short TTL."""
        return None

    def close(self) -> None:
        self.client.close()


def _check_after(after: object) -> list[Any]:
    """The ``search_after`` values of a cursor: a non-empty list of plain values, as the engine gave them."""
    if not isinstance(after, list) or not after or not all(isinstance(v, str | int | float) or v is None for v in after):
        raise BadCursor("cursor is not one this index issued")
    return after


def _hit(raw: dict[str, Any]) -> Hit:
    record = Posting.model_validate(raw["_source"]["record"])
    marks = raw.get("highlight") or {}
    snippets = list(marks.get("description") or []) or list(marks.get("title") or [])
    score = raw.get("_score")
    return Hit(record=record, score=None if score is None else float(score), highlight=snippets)


def _facets(data: dict[str, Any], query: SearchQuery) -> dict[str, list[FacetValue]]:
    if query.facet_size == 0:
        return {}
    return facets.read(data.get("aggregations") or {}, plan(query, query.facet_mode), query.facet_size)
