"""The embedded default: a tantivy index in a folder under ``data/``, no server.

Layout: ``<root>/current`` is a symlink to a versioned folder ``<root>/v-<stamp>``.
A rebuild fills a new folder and swaps the link atomically, so readers never
see a half-built index and a failed rebuild leaves the old one serving.
Tantivy allows one writer per index across processes; a second writer gets
``IndexLocked`` instead of waiting forever or corrupting anything.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import tantivy

from index.base import (
    FACET_FIELDS,
    FACET_NAMES,
    TEXT_BOOSTS,
    CursorSigner,
    FacetValue,
    Hit,
    SearchQuery,
    SearchResult,
)
from index.errors import BackendFailure, IndexLocked, IndexUnavailable, IndexWriteFailed
from index.terms import TextQuery, canonical_hashtags, location_key, location_keys
from parsers.record import Posting

T = TypeVar("T")

_WRITER_HEAP = 128_000_000  # split between the writer's threads (tantivy picks one per core)
_PREFIX_FIELDS = ("title", "company_text")  # search-as-you-type completes names, not body words


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_bytes_field("record", stored=True)
    for name, _ in TEXT_BOOSTS:
        builder.add_text_field(name, tokenizer_name="en_stem")
    for name in (*FACET_FIELDS.values(), "location_keys", "language", "source_kind"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    builder.add_integer_field("archived", indexed=True, fast=True)
    builder.add_integer_field("posted", indexed=True, fast=True)
    builder.add_float_field("salary_top", indexed=True, fast=True)
    builder.add_float_field("boost", fast=True)
    return builder.build()


# The storage refusing a write: full, over a quota or a file-size limit, read-only.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})
_OS_ERROR = re.compile(r"\(os error (\d+)\)|\bOs \{ code: (\d+)")  # how tantivy's messages carry the errno


def _storage_reason(message: str) -> str | None:
    """The OS's own words when an engine error is the storage refusing a write (tantivy gives a string, not an errno)."""
    for match in _OS_ERROR.finditer(message):
        code = int(match.group(1) or match.group(2))
        if code in _STORAGE_ERRNOS:
            return _os_words(code)
    return None


def _os_words(code: int | None, fallback: str = "") -> str:
    text = os.strerror(code) if code else fallback
    return text[:1].lower() + text[1:]


def _guard(call: Callable[[], T]) -> T:
    """Run an engine call, turning tantivy's errors (and Rust panics, which are BaseException) into ours."""
    try:
        return call()
    except ValueError as exc:
        message = str(exc)
        reason = _storage_reason(message)
        if reason:  # before the lock test: the failing path may well name a lock file
            raise IndexWriteFailed(reason) from None
        if "LockBusy" in message or "lock" in message.lower():
            raise IndexLocked("another process is writing to the index; try again when it is done") from None
        raise BackendFailure(f"search engine error: {message[:200]}") from None
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":
            raise BackendFailure(f"search engine failure: {str(exc)[:200]}") from None
        raise


class TantivyIndex:
    """``SearchIndex`` on tantivy. Readers reload on each search, so they see every commit.

    ``cursors`` signs the paging cursors (``open_index`` gives one whose key every process shares).
    """

    def __init__(self, root: Path, cursors: CursorSigner | None = None) -> None:
        self.root = Path(root)
        self.cursors = cursors or CursorSigner()
        self.schema = _schema()
        self._index: tantivy.Index | None = None
        self._opened: Path | None = None
        self._seen_meta: tuple[str, int, int, int] | None = None
        self._root_str = str(self.root)
        self._current_str = str(self.current)
        self._cached_searcher: tantivy.Searcher | None = None

    # ------------------------------------------------------------ storage

    @property
    def current(self) -> Path:
        return self.root / "current"

    def _new_version(self) -> Path:
        path = self.root / f"v-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
        with self._storage():
            self.root.mkdir(parents=True, exist_ok=True)
            path.mkdir()
        return path

    def _point_current_at(self, version: Path) -> None:
        temp = self.root / f".current-{os.getpid()}"
        with self._storage():
            if temp.is_symlink() or temp.exists():
                temp.unlink()
            temp.symlink_to(version.name)
            os.replace(temp, self.current)  # atomic on POSIX: readers see old or new, never neither

    @contextmanager
    def _storage(self) -> Iterator[None]:
        """A write that the storage refused (the engine's, or the folders and link written here) as one clear error
        naming the index folder. Only the index's own writes are wrapped: the records being written come from
        elsewhere, and their errors are theirs."""
        try:
            yield
        except IndexWriteFailed as exc:
            if exc.where is not None:
                raise
            raise IndexWriteFailed(exc.reason, self.root) from None
        except OSError as exc:
            raise IndexWriteFailed(_os_words(exc.errno, exc.strerror or str(exc)), self.root) from None

    def _ensure(self, create: bool) -> tantivy.Index:
        target = self.current.resolve() if self.current.exists() else None
        if target is None:
            if not create:
                raise IndexUnavailable(f"no index at {self.root}; run `jobboard index` first")
            version = self._new_version()
            _guard(lambda: tantivy.Index(self.schema, path=str(version)))
            self._point_current_at(version)
            target = version
        if self._index is None or self._opened != target:
            self._index = _guard(lambda: tantivy.Index(self.schema, path=str(target), reuse=True))
            self._opened = target
        return self._index

    def _searcher(self) -> tantivy.Searcher:
        """A searcher on the latest commit; reused while ``current`` and its ``meta.json`` (rewritten by every
        commit) are unchanged. Two plain system calls per search: ``Path.resolve`` alone cost 0.2 ms."""
        try:
            target = os.readlink(self._current_str)
            stat = os.stat(os.path.join(self._root_str, target, "meta.json"))
            meta: tuple[str, int, int, int] | None = (target, stat.st_mtime_ns, stat.st_ino, stat.st_size)
        except OSError:
            meta = None
        if meta is not None and meta == self._seen_meta and self._cached_searcher is not None:
            return self._cached_searcher
        index = self._ensure(create=False)
        _guard(index.reload)
        self._cached_searcher = index.searcher()
        self._seen_meta = meta
        return self._cached_searcher

    @contextmanager
    def _writer(self, index: tantivy.Index) -> Iterator[tantivy.IndexWriter]:
        with self._storage():
            writer = _guard(lambda: index.writer(heap_size=_WRITER_HEAP, num_threads=0))
        try:
            yield writer
            with self._storage():
                _guard(writer.commit)
                _guard(writer.wait_merging_threads)
        except BaseException:
            try:
                writer.rollback()
            except BaseException:
                pass
            raise

    # ------------------------------------------------------------ writes

    def _document(self, record: Posting) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_text("id", record.id)
        doc.add_bytes("record", record.model_dump_json().encode())
        doc.add_text("title", record.title)
        if record.company.name:
            doc.add_text("company_text", record.company.name)
            doc.add_text("company", record.company.name)
        if record.summary:
            doc.add_text("summary", record.summary)
        doc.add_text("description", record.description)
        for tag in record.hashtags:
            doc.add_text("hashtags", tag)
        for place in record.location.places:
            if place.country_code:
                doc.add_text("country", place.country_code)
            if place.city:
                doc.add_text("city", place.city)
        for key in location_keys(record):
            doc.add_text("location_keys", key)
        for workplace in record.location.workplace:
            doc.add_text("workplace", workplace)
        doc.add_text("role", record.role.family)
        if record.role.seniority:
            doc.add_text("seniority", record.role.seniority)
        if record.employment_type:
            doc.add_text("employment_type", record.employment_type)
        if record.language:
            doc.add_text("language", record.language)
        doc.add_text("source_kind", record.source.kind)
        doc.add_integer("archived", int(record.archived))
        doc.add_integer("posted", int(record.posted_at.timestamp()) if record.posted_at else 0)
        if record.salary is not None:
            top = record.salary.yearly_max or record.salary.yearly_min
            if top is not None:
                doc.add_float("salary_top", float(top))
        doc.add_float("boost", _boost(record))
        return doc

    def _add(self, writer: tantivy.IndexWriter, record: Posting, replace: bool) -> None:
        document = self._document(record)
        with self._storage():
            if replace:
                _guard(lambda: writer.delete_documents_by_term("id", record.id))
            _guard(lambda: writer.add_document(document))

    def upsert(self, records: Iterable[Posting]) -> int:
        with self._storage():
            index = self._ensure(create=True)
        count = 0
        with self._writer(index) as writer:
            for record in records:
                self._add(writer, record, replace=True)
                count += 1
        return count

    def delete(self, ids: Iterable[str]) -> int:
        with self._storage():
            index = self._ensure(create=True)
        wanted = [i for i in ids if self.get(i) is not None]
        with self._writer(index) as writer, self._storage():
            for posting_id in wanted:
                _guard(partial(writer.delete_documents_by_term, "id", posting_id))
        return len(wanted)

    def rebuild(self, records: Iterable[Posting]) -> int:
        """Build a fresh version beside the current one and swap it in only when complete.

        A failure at any step, the swap included, removes the new version: on a full disk it is what fills it.
        """
        version = self._new_version()
        try:
            with self._storage():
                fresh = _guard(lambda: tantivy.Index(self.schema, path=str(version)))
            count = 0
            seen: set[str] = set()
            with self._writer(fresh) as writer:
                for record in records:
                    self._add(writer, record, replace=record.id in seen)  # the same posting twice: the last one wins
                    seen.add(record.id)
                    count += 1
            previous = self.current.resolve() if self.current.exists() else None
            self._point_current_at(version)
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
        self._index = None
        self._collect_old_versions(keep={version, *([previous] if previous else [])})
        return count

    def _collect_old_versions(self, keep: set[Path]) -> None:
        """Drop versions older than the previous one (a reader may still have the previous one open)."""
        kept = {k.resolve() for k in keep}
        for path in self.root.glob("v-*"):
            if path.resolve() not in kept:
                shutil.rmtree(path, ignore_errors=True)

    # ------------------------------------------------------------ reads

    def get(self, posting_id: str) -> Posting | None:
        searcher = self._searcher()
        query = tantivy.Query.term_query(self.schema, "id", posting_id)
        result = _guard(lambda: searcher.search(query, limit=1, count=False))
        if not result.hits:
            return None
        return self._record(searcher, result.hits[0][1])

    def _record(self, searcher: tantivy.Searcher, address: tantivy.DocAddress) -> Posting:
        doc = searcher.doc(address)
        raw = doc.get_first("record")
        if not isinstance(raw, (bytes, str)):
            raise BackendFailure("index document without its stored record; rebuild the index")
        return Posting.model_validate_json(raw)

    def count(self, query: SearchQuery | None = None) -> int:
        searcher = self._searcher()
        built = self._build(query or SearchQuery())
        return _total(_guard(lambda: searcher.search(built, limit=1, count=True)))

    def search(self, query: SearchQuery) -> SearchResult:
        searcher = self._searcher()
        built = self._build(query)
        start = self.cursors.decode(query)
        # tantivy sizes its collector by offset + limit before it looks at a single document, so the offset
        # is bounded by the documents there are: past them there is nothing to return anyway.
        offset = min(start.depth, searcher.num_docs) if start is not None else 0
        if query.effective_sort == "date":
            result = _guard(
                lambda: searcher.search(
                    built, limit=query.size, offset=offset, count=True, order_by_field="posted", order=tantivy.Order.Desc
                )
            )
        else:
            result = _guard(lambda: searcher.search(built, limit=query.size, offset=offset, count=True, weight_by_field="boost"))
        total = _total(result)
        text = TextQuery.parse(query.q)
        items = []
        for key, address in result.hits:
            record = self._record(searcher, address)
            score = float(key) if query.effective_sort == "relevance" and isinstance(key, float) else None
            items.append(Hit(record=record, score=score, highlight=highlight(record.description, text)))
        end = offset + len(items)
        next_cursor = self.cursors.encode(query, end) if items and end < total and len(items) == query.size else None
        # Facets describe the whole result set: the first page carries them, later pages need not pay again.
        facets = self._facets(searcher, built, query.facet_size) if query.facet_size and start is None else {}
        return SearchResult(total=total, items=items, facets=facets, next_cursor=next_cursor)

    def facets(self, query: SearchQuery) -> dict[str, list[FacetValue]]:
        return self._facets(self._searcher(), self._build(query), query.facet_size or 10)

    def _facets(self, searcher: tantivy.Searcher, built: tantivy.Query, size: int) -> dict[str, list[FacetValue]]:
        request = {name: {"terms": {"field": field, "size": size}} for name, field in FACET_FIELDS.items()}
        raw: dict[str, Any] = _guard(lambda: searcher.aggregate(built, request))
        facets: dict[str, list[FacetValue]] = {}
        for name in FACET_NAMES:
            buckets = (raw.get(name) or {}).get("buckets") or []
            values = [FacetValue(value=str(b["key"]), count=int(b["doc_count"])) for b in buckets]
            facets[name] = sorted(values, key=lambda v: (-v.count, v.value))[:size]
        return facets

    def version(self) -> str | None:
        """The version folder and a digest of its ``meta.json``, which every commit rewrites (with a new opstamp)."""
        try:
            target = os.readlink(self.current)
            meta = (self.root / target / "meta.json").read_bytes()
        except OSError:
            return None
        return f"{target}:{hashlib.blake2b(meta, digest_size=12).hexdigest()}"

    def close(self) -> None:
        self._index = None
        self._cached_searcher = None
        self._seen_meta = None

    # ------------------------------------------------------------ query building

    def _term(self, field: str, value: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _build(self, query: SearchQuery) -> tantivy.Query:
        must: list[tantivy.Query] = []
        text = TextQuery.parse(query.q)
        analyzer = _analyzer()
        for word in text.words:
            tokens = analyzer.analyze(word)
            is_prefix = word == text.prefix and word is text.words[-1]
            options: list[tantivy.Query] = []
            for token in tokens:
                for field, boost in TEXT_BOOSTS:
                    options.append(tantivy.Query.boost_query(self._term(field, token), boost))
                    if is_prefix and field in _PREFIX_FIELDS:
                        options.append(
                            tantivy.Query.boost_query(tantivy.Query.phrase_prefix_query(self.schema, field, [token]), boost * 0.5)
                        )
            tag = _known(word)
            if tag:
                options.append(tantivy.Query.boost_query(self._term("hashtags", tag), 2.0))
            if options:
                must.append(tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in options]))
        for phrase in text.phrases:
            tokens = analyzer.analyze(phrase)
            if len(tokens) == 1:
                tokens_query = [self._term(field, tokens[0]) for field, _ in TEXT_BOOSTS]
            elif tokens:
                words: list[str | tuple[int, str]] = list(tokens)
                tokens_query = [tantivy.Query.phrase_query(self.schema, field, words) for field, _ in TEXT_BOOSTS]
            else:
                continue
            must.append(tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in tokens_query]))
        should = [tantivy.Query.boost_query(self._term("hashtags", tag), 1.5) for tag in text.skills]

        tags = canonical_hashtags(query.hashtags)
        if tags and query.hashtag_mode == "any":
            must.append(tantivy.Query.term_set_query(self.schema, "hashtags", tags))
        else:
            must.extend(self._term("hashtags", tag) for tag in tags)
        if query.location:
            must.append(self._term("location_keys", location_key(query.location)))
        for field, value in (
            ("workplace", query.workplace),
            ("role", query.role),
            ("seniority", query.seniority),
            ("company", query.company),
            ("employment_type", query.employment_type),
            ("language", query.language.lower() if query.language else None),
        ):
            if value:
                must.append(self._term(field, value))
        if query.posted_after:
            must.append(
                tantivy.Query.range_query(
                    self.schema, "posted", tantivy.FieldType.Integer, int(query.posted_after.timestamp()), None
                )
            )
        if query.salary_min is not None:
            must.append(
                tantivy.Query.range_query(self.schema, "salary_top", tantivy.FieldType.Float, float(query.salary_min), None)
            )
        if not query.include_archived:
            must.append(self._term_int("archived", 0))
        if not must:
            must.append(tantivy.Query.all_query())
        clauses = [(tantivy.Occur.Must, q) for q in must] + [(tantivy.Occur.Should, q) for q in should]
        return tantivy.Query.boolean_query(clauses)

    def _term_int(self, field: str, value: int) -> tantivy.Query:
        return tantivy.Query.range_query(self.schema, field, tantivy.FieldType.Integer, value, value)


def _total(result: tantivy.SearchResult) -> int:
    """The match count tantivy reports (its type stubs omit the attribute)."""
    return int(getattr(result, "count", 0) or 0)


def _boost(record: Posting) -> float:
    """A small multiplier input (tantivy uses log2(2 + value)): featured postings and fresh ones rank a little higher."""
    featured = min(max(record.featured or 0, 0), 10) / 10
    age_days = (time.time() - record.posted_at.timestamp()) / 86400 if record.posted_at else 3650
    fresh = 1.0 / (1.0 + max(age_days, 0) / 90)
    return 0.2 * featured + 0.2 * fresh


_ANALYZER: tantivy.TextAnalyzer | None = None


def _analyzer() -> tantivy.TextAnalyzer:
    """The same analysis as the en_stem fields: simple tokenizer, long tokens removed, lowercase, English stemmer."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer("english"))
            .build()
        )
    return _ANALYZER


def _known(word: str) -> str | None:
    from parsers.skills import vocabulary

    return vocabulary().known(word)


def highlight(description: str, text: TextQuery, limit: int = 2, width: int = 80, scan: int = 4000) -> list[str]:
    """Snippets of the description around the first matches of the query words, with <mark> tags.

    Only the first ``scan`` characters are searched: a snippet is a hint, not an index of every match.
    """
    needles = sorted({w.lower() for w in text.words + text.phrases if len(w) > 1}, key=len, reverse=True)
    if not needles:
        return []
    head = description[:scan]
    lowered = head.lower()
    if len(lowered) != len(head):
        return []  # a case mapping that changes lengths would misplace the marks
    starts = sorted(p for p in (lowered.find(n) for n in needles) if p >= 0)
    if not starts:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    snippets: list[str] = []
    last_end = -1
    for position in starts:
        if position < last_end:
            continue
        start = max(0, position - width)
        end = min(len(head), position + width)
        piece = _marked(head[start:end].replace("\n", " "), pattern)
        snippets.append(("…" if start else "") + piece.strip() + ("…" if end < len(description) else ""))
        last_end = end
        if len(snippets) >= limit:
            break
    return snippets


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _marked(piece: str, pattern: re.Pattern[str]) -> str:
    """HTML-escaped text with each match wrapped in <mark>."""
    out = []
    position = 0
    for match in pattern.finditer(piece):
        out.append(_escape(piece[position : match.start()]))
        out.append(f"<mark>{_escape(match.group(0))}</mark>")
        position = match.end()
    out.append(_escape(piece[position:]))
    return "".join(out)


def open_index(root: Path) -> TantivyIndex:
    return TantivyIndex(root)


__all__ = ["TantivyIndex", "highlight", "open_index"]
