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
import tempfile
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache, partial, wraps
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import tantivy

from core.files import swap_symlink
from index import facets, fields
from index.base import CursorSigner, FacetValue, Hit, SearchQuery, SearchResult
from index.errors import BackendFailure, IndexDamaged, IndexLocked, IndexUnavailable, IndexWriteFailed
from index.fields import FieldKind, FieldValue
from index.filters import AnyOf, Clause, FacetGroup, FilterPlan, Range, Term, clauses, plan
from index.terms import TextQuery
from index.understand import (
    KNOWN_TEXT_SHARE,
    SALARY_WEIGHT,
    TYPO_WEIGHT,
    Reading,
    SalaryWish,
    reading_weight,
    typo_distance,
    understand,
)
from parsers.record import Posting

T = TypeVar("T")
P = ParamSpec("P")

_WRITER_HEAP = 128_000_000  # split between the writer's threads (tantivy picks one per core)
# A rebuild writes every posting at once: a heap this large (taken as it fills) flushes one segment per thread,
# and a search or an aggregation pays per segment (100,000 postings: 2 segments instead of 6, facets a quarter
# cheaper). tantivy has no merge call in Python, so the segments a rebuild writes are those the index keeps.
_REBUILD_HEAP = 400_000_000
_INTEGER_KINDS = ("date", "flag")  # stored as integers: seconds, 0/1
SAMPLE_FIELD = "sample"  # facets.sample_key of the posting, so that a large result set's facets can count a sample
FACET_CACHE_SIZE = 256  # facet counts kept per index version, by the filters and text they count


def _schema(sampled: bool = True) -> tantivy.Schema:
    """The schema of ``index.fields``, plus the id, the stored record and the sample key (not in an index built
    before postings had one: ``sampled=False`` opens it)."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_bytes_field("record", stored=True)
    for field in fields.FIELDS:
        if field.kind == "text":
            builder.add_text_field(field.name, tokenizer_name="en_stem")
        elif field.kind == "keyword":
            builder.add_text_field(field.name, fast=True, tokenizer_name="raw")
        elif field.kind in _INTEGER_KINDS:
            builder.add_integer_field(field.name, indexed=True, fast=True)
        else:  # number, or the ranking input (read per hit, never searched)
            builder.add_float_field(field.name, indexed=field.kind == "number", fast=True)
    if sampled:
        # A sample is a range of its terms: a few short posting lists that lead the intersection with the search.
        builder.add_integer_field(SAMPLE_FIELD, indexed=True)
    return builder.build()


def _native(kind: FieldKind, value: FieldValue | None) -> str | int | float:
    """A value as tantivy stores it; an undated posting has date 0, so newest first lists it last."""
    if kind in ("text", "keyword"):
        return str(value)
    if kind == "date":
        return int(value.timestamp()) if isinstance(value, datetime) else 0
    if kind == "flag":
        return int(bool(value))
    assert isinstance(value, int | float), value
    return float(value)


def _quoted(value: str) -> str:
    """A value in tantivy's query language: inside quotes, with quotes and backslashes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _query_text(narrowing: tuple[Term | AnyOf, ...]) -> str:
    """Keyword clauses in tantivy's query language: filter aggregations take nothing else."""
    parts = []
    for clause in narrowing:
        if isinstance(clause, AnyOf):
            parts.append(f"{clause.field}:IN [{' '.join(_quoted(v) for v in clause.values)}]")
        else:
            parts.append(f"{clause.field}:{_quoted(str(clause.value))}")
    return " AND ".join(parts)


# A folder that takes no writes: read-only, or not ours to write. Reads still open an index there (``_open``).
_READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
# The storage refusing a write: full, over a quota or a file-size limit, read-only or not writable.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG}) | _READ_ONLY_ERRNOS
_OS_ERROR = re.compile(r"\(os error (\d+)\)|\bOs \{ code: (\d+)")  # how tantivy's messages carry the errno
# How tantivy tells of a file whose bytes are not what it wrote: checks that failed, bytes that did not decode,
# a file cut short. An I/O error without an OS errno is one too: reading an open index does no other I/O.
_DAMAGE = re.compile(r"corrupt|InvalidData|UnexpectedEof|decompress|\bUnsupported\b|IO error occurred", re.IGNORECASE)


def _os_codes(message: str) -> list[int]:
    """The errnos an engine error carries in its text (tantivy gives a string, not an errno)."""
    return [int(match.group(1) or match.group(2)) for match in _OS_ERROR.finditer(message)]


def _storage_reason(message: str) -> str | None:
    """The OS's own words when an engine error is the storage refusing a write."""
    for code in _os_codes(message):
        if code in _STORAGE_ERRNOS:
            return _os_words(code)
    return None


def _os_words(code: int | None, fallback: str = "") -> str:
    text = os.strerror(code) if code else fallback
    return text[:1].lower() + text[1:]


def _guard(call: Callable[[], T]) -> T:
    """Run an engine call, turning tantivy's errors (and Rust panics, which are BaseException) into ours.

    A panic while tantivy reads an index is a file of it that is not what tantivy wrote (the engine panics on bytes
    it cannot make sense of), as is an error that names corrupted data: ``IndexDamaged``, which says how to mend it.
    """
    try:
        return call()
    except ValueError as exc:
        message = str(exc)
        reason = _storage_reason(message)
        if reason:  # before the lock test: the failing path may well name a lock file
            raise IndexWriteFailed(reason) from None
        if "LockBusy" in message or "lock" in message.lower():
            raise IndexLocked("another process is writing to the index; try again when it is done") from None
        if _DAMAGE.search(message) and not _os_codes(message):
            raise IndexDamaged(_first_line(message)) from None
        raise BackendFailure(f"search engine error: {message[:200]}") from None
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":  # pyo3's, a BaseException: anything else passes untouched
            raise IndexDamaged(f"the engine failed reading it: {_first_line(str(exc))}") from None
        raise


def _first_line(message: str, limit: int = 200) -> str:
    """An engine message as part of one line: the first of its lines, cut to ``limit`` characters."""
    line = message.strip().split("\n", 1)[0]
    return line[:limit] + ("…" if len(line) > limit else "")


def _naming_damage(method: Callable[Concatenate[TantivyIndex, P], T]) -> Callable[Concatenate[TantivyIndex, P], T]:
    """``IndexDamaged`` from ``method`` naming the index folder (``_guard`` does not know which index it runs for)."""

    @wraps(method)
    def named(self: TantivyIndex, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(self, *args, **kwargs)
        except IndexDamaged as exc:
            if exc.where is not None:
                raise
            raise IndexDamaged(exc.detail, self._opened or self.current.resolve()) from None

    return named


def _linked_copy(target: Path) -> Path:
    """A private folder of links to the files of the index in ``target``, for reading an index in a folder that
    takes no writes: tantivy takes its lock files (and writes nothing else on a read) in the private folder."""
    folder = Path(tempfile.mkdtemp(prefix="jobboard-index-"))
    try:
        for entry in os.scandir(target):
            if not entry.name.startswith(".tantivy-"):  # the lock files: tantivy makes its own
                os.symlink(entry.path, folder / entry.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


class TantivyIndex:
    """``SearchIndex`` on tantivy. Readers reload on each search, so they see every commit.

    ``cursors`` signs the paging cursors (``open_index`` gives one whose key every process shares).
    Facets of a free-text result set larger than ``facet_exact_up_to`` postings are counted over a sample of about
    ``facet_sample_size`` of them (half as many at least) and marked approximate (``index.facets``); ``None`` counts
    every set exactly, as before.
    ``facet_cache_size`` facet answers are kept until the next commit (0: none).
    """

    def __init__(
        self,
        root: Path,
        cursors: CursorSigner | None = None,
        *,
        facet_exact_up_to: int | None = facets.EXACT_UP_TO,
        facet_sample_size: int = facets.SAMPLE_SIZE,
        facet_cache_size: int = FACET_CACHE_SIZE,
    ) -> None:
        self.root = Path(root)
        self.cursors = cursors or CursorSigner()
        self.schema = _schema()
        self.facet_exact_up_to = facet_exact_up_to
        self.facet_sample_size = max(facet_sample_size, 1)
        self.facet_cache_size = facet_cache_size
        self._facet_cache: OrderedDict[str, dict[str, list[FacetValue]]] = OrderedDict()
        self._facet_cache_version: object = None
        self._facet_lock = threading.Lock()
        self._sampled = True  # whether the open index's postings carry a sample key
        self._index: tantivy.Index | None = None
        self._opened: Path | None = None
        self._links: Path | None = None  # the private folder a read-only open reads through (``_linked_copy``)
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
        with self._storage():
            swap_symlink(self.current, version.name)  # readers see the old version or the new one, never neither

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
        """The open index; ``create`` (every write asks for it) also makes one where there is none, and never
        settles for an index opened read-only."""
        target = self.current.resolve() if self.current.exists() else None
        if target is None:
            if not create:
                raise IndexUnavailable(f"no index at {self.root}; run `jobboard index` first")
            version = self._new_version()
            _guard(lambda: tantivy.Index(self.schema, path=str(version)))
            self._point_current_at(version)
            target = version
        if self._index is None or self._opened != target or (create and self._links is not None):
            self._drop_links()
            self._index = None
            self._index = self._open(target, writable=create)
            self._opened = target
        return self._index

    def _open(self, target: Path, writable: bool = True) -> tantivy.Index:
        """The index in ``target``. tantivy takes lock files in the folder even to read, so a read in a folder that
        takes no writes (read-only, another user's) opens it through a private folder of links instead: a read
        must not fail for want of write access, and only writes report that they cannot write."""
        try:
            return self._open_at(target)
        except IndexWriteFailed:
            if writable:
                raise
        try:
            self._links = _linked_copy(target)
            weakref.finalize(self, shutil.rmtree, self._links, True)
        except OSError as exc:
            reason = _os_words(exc.errno, exc.strerror or str(exc))
            raise IndexUnavailable(f"cannot open the index at {target} to read: {reason}") from None
        try:
            return self._open_at(self._links)
        except IndexWriteFailed as exc:
            self._drop_links()
            raise IndexUnavailable(f"cannot open the index at {target} to read: {exc.reason}") from None

    def _open_at(self, folder: Path) -> tantivy.Index:
        """One built before postings carried a sample key opens with the schema it has: it keeps serving (its
        facets counted exactly) and taking writes until a rebuild."""
        try:
            index = _guard(lambda: tantivy.Index(self.schema, path=str(folder), reuse=True))
            self._sampled = True
        except BackendFailure as exc:
            if "schema does not match" not in str(exc):
                raise
            index = _guard(lambda: tantivy.Index(_schema(sampled=False), path=str(folder), reuse=True))
            self._sampled = False
        return index

    def _drop_links(self) -> None:
        if self._links is not None:
            shutil.rmtree(self._links, ignore_errors=True)
            self._links = None

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
        if self._links is not None:
            self._index = None  # read through links: a commit's new files are linked by opening anew
        index = self._ensure(create=False)
        _guard(index.reload)
        self._cached_searcher = _guard(index.searcher)
        self._seen_meta = meta
        return self._cached_searcher

    @contextmanager
    def _writer(self, index: tantivy.Index, heap: int = _WRITER_HEAP) -> Iterator[tantivy.IndexWriter]:
        with self._storage():
            writer = _guard(lambda: index.writer(heap_size=heap, num_threads=0))
            # A writer killed mid-commit (kill -9, a full disk) leaves files that no commit refers to; the next
            # commit reuses their names (segment id and opstamp) and fails on "FileAlreadyExists". Sweep them first.
            _guard(writer.garbage_collect_files)
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

    def _document(self, record: Posting, sampled: bool = True) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_text("id", record.id)
        doc.add_bytes("record", record.model_dump_json().encode())
        for field in fields.FIELDS:
            values: list[FieldValue | None] = list(field.values(record))
            if not values and field.kind == "date":
                values = [None]
            for value in values:
                native = _native(field.kind, value)
                if isinstance(native, str):
                    doc.add_text(field.name, native)
                elif isinstance(native, int):
                    doc.add_integer(field.name, native)
                else:
                    doc.add_float(field.name, native)
        if sampled:
            doc.add_integer(SAMPLE_FIELD, facets.sample_key(record.id))
        return doc

    def _add(self, writer: tantivy.IndexWriter, record: Posting, replace: bool, sampled: bool = True) -> None:
        document = self._document(record, sampled)
        with self._storage():
            if replace:
                _guard(lambda: writer.delete_documents_by_term("id", record.id))
            _guard(lambda: writer.add_document(document))

    @_naming_damage
    def upsert(self, records: Iterable[Posting]) -> int:
        with self._storage():
            index = self._ensure(create=True)
        count = 0
        with self._writer(index) as writer:
            for record in records:
                self._add(writer, record, replace=True, sampled=self._sampled)
                count += 1
        return count

    @_naming_damage
    def delete(self, ids: Iterable[str]) -> int:
        with self._storage():
            index = self._ensure(create=True)
        wanted = [i for i in ids if self.get(i) is not None]
        with self._writer(index) as writer, self._storage():
            for posting_id in wanted:
                _guard(partial(writer.delete_documents_by_term, "id", posting_id))
        return len(wanted)

    @_naming_damage
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
            with self._writer(fresh, _REBUILD_HEAP) as writer:
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

    @_naming_damage
    def get(self, posting_id: str) -> Posting | None:
        searcher = self._searcher()
        query = tantivy.Query.term_query(self.schema, "id", posting_id)
        result = _guard(lambda: searcher.search(query, limit=1, count=False))
        if not result.hits:
            return None
        return self._record(searcher, result.hits[0][1])

    def _record(self, searcher: tantivy.Searcher, address: tantivy.DocAddress) -> Posting:
        doc = _guard(lambda: searcher.doc(address))
        raw = doc.get_first("record")
        if not isinstance(raw, (bytes, str)):
            raise BackendFailure("index document without its stored record; rebuild the index")
        return Posting.model_validate_json(raw)

    @_naming_damage
    def count(self, query: SearchQuery | None = None) -> int:
        searcher = self._searcher()
        built = self._build(query or SearchQuery(), searcher, scored=False)
        return _total(_guard(lambda: searcher.search(built, limit=1, count=True)))

    @_naming_damage
    def search(self, query: SearchQuery) -> SearchResult:
        searcher = self._searcher()
        filters = plan(query, query.facet_mode)
        must, should = self._text(query.q, query.literal, searcher)
        built = self._combine(must, [*filters.base, *filters.hits_only], should, ranked=query.effective_sort == "relevance")
        start = self.cursors.decode(query)
        # tantivy sizes its collector by offset + limit before it looks at a single document, so the offset
        # is bounded by the documents there are: past them there is nothing to return anyway.
        offset = min(start.depth, searcher.num_docs) if start is not None else 0
        if query.effective_sort == "date":
            result = _guard(
                lambda: searcher.search(
                    built, limit=query.size, offset=offset, count=True, order_by_field=fields.DATE_FIELD, order=tantivy.Order.Desc
                )
            )
        else:
            result = _guard(
                lambda: searcher.search(built, limit=query.size, offset=offset, count=True, weight_by_field=fields.RANK_FIELD)
            )
        total = _total(result)
        marks = _marks(query.q)
        items = []
        for key, address in result.hits:
            record = self._record(searcher, address)
            score = float(key) if query.effective_sort == "relevance" and isinstance(key, float) else None
            items.append(Hit(record=record, score=score, highlight=marks.snippets(record.description)))
        end = offset + len(items)
        next_cursor = self.cursors.encode(query, end) if items and end < total and len(items) == query.size else None
        # Facets describe the whole result set: the first page carries them, later pages need not pay again.
        found = {}
        if query.facet_size and start is None:  # the hits' total is the facets' set too, unless multi-select narrows the hits
            matched = self._text(query.q, query.literal, searcher, scored=False)[0] if query.q else must
            found = self._facets(searcher, query, matched, filters, query.facet_size, None if filters.hits_only else total)
        return SearchResult(total=total, items=items, facets=found, next_cursor=next_cursor)

    @_naming_damage
    def facets(self, query: SearchQuery) -> dict[str, list[FacetValue]]:
        searcher = self._searcher()
        must, _ = self._text(query.q, query.literal, searcher, scored=False)
        return self._facets(searcher, query, must, plan(query, query.facet_mode), query.facet_size or 10)

    def _facets(
        self,
        searcher: tantivy.Searcher,
        query: SearchQuery,
        text: list[tantivy.Query],
        filters: FilterPlan,
        size: int,
        total: int | None = None,
    ) -> dict[str, list[FacetValue]]:
        """The facets of ``query`` (``text`` and ``filters`` are its own, built once by the caller), from the cache
        when this index version counted them already. ``total``: the size of the set counted, when known."""
        if self.facet_cache_size <= 0:
            return self._count_facets(searcher, text, filters, size, total)
        key = _facet_key(query, size)
        version = self._seen_meta
        with self._facet_lock:
            if version != self._facet_cache_version:
                self._facet_cache.clear()
                self._facet_cache_version = version
            cached = self._facet_cache.get(key) if version is not None else None
            if cached is not None:
                self._facet_cache.move_to_end(key)
                return {name: list(values) for name, values in cached.items()}
        found = self._count_facets(searcher, text, filters, size, total)
        if version is not None:
            with self._facet_lock:
                if version == self._facet_cache_version:
                    self._facet_cache[key] = {name: list(values) for name, values in found.items()}
                    while len(self._facet_cache) > self.facet_cache_size:
                        self._facet_cache.popitem(last=False)
        return found

    def _count_facets(
        self, searcher: tantivy.Searcher, text: list[tantivy.Query], filters: FilterPlan, size: int, total: int | None
    ) -> dict[str, list[FacetValue]]:
        """Every facet in one pass over the base of the search (facets counted without a filter of theirs, in
        multi-select, sit in a filter aggregation that applies the others).

        Exactly when the set is small or chosen by filters alone: such a set is one of few, asked again and again
        (the page without a search, pickers, stats), so the cache keeps its exact counts. A set chosen by free text
        is one of endless many, so a large one is counted over a sample sized for it (for the whole index when its
        size is unknown); a group whose share of the sample turns out too thin is counted again over its own postings."""
        request = facets.aggregations(filters, size, _terms, _query_text)
        base = self._combine(text, filters.base)
        limit = self.facet_exact_up_to if self._sampled else None
        if limit is None or not text or (total is not None and total <= limit):
            return facets.read(_guard(lambda: searcher.aggregate(base, request)), filters, size)
        kept = facets.sample_buckets(total if total is not None else searcher.num_docs, self.facet_sample_size)
        if kept >= facets.SAMPLE_BUCKETS:
            return facets.read(_guard(lambda: searcher.aggregate(base, request)), filters, size)
        share = kept / facets.SAMPLE_BUCKETS
        request[_SAMPLED] = {"filter": "*"}  # the sample's size, for the groups that are no filter aggregation
        answer: dict[str, Any] = _guard(lambda: searcher.aggregate(self._sample(base, kept), request))
        found: dict[str, list[FacetValue]] = {}
        for number, group in enumerate(filters.groups):
            node = facets.group_answer(answer, filters, number)
            sampled = int((node if group.clauses else answer.get(_SAMPLED) or {}).get("doc_count") or 0)
            if sampled * 2 >= self.facet_sample_size:
                found.update(facets.read_group(node, group, size, share))
            else:
                found.update(self._recount(searcher, text, filters, group, size, sampled / share))
        return facets.ordered(found)

    def _recount(
        self,
        searcher: tantivy.Searcher,
        text: list[tantivy.Query],
        filters: FilterPlan,
        group: FacetGroup,
        size: int,
        estimate: float,
    ) -> dict[str, list[FacetValue]]:
        """A group's facets over the postings it counts (about ``estimate``): exactly when they are few, else
        over a sample sized for them."""
        narrowed = self._combine(text, [*filters.base, *group.clauses])
        limit = self.facet_exact_up_to
        kept = facets.SAMPLE_BUCKETS
        if limit is not None and estimate > limit:
            kept = facets.sample_buckets(estimate, self.facet_sample_size)
        request = facets.group_terms(group, size, _terms)
        counted = self._sample(narrowed, kept) if kept < facets.SAMPLE_BUCKETS else narrowed
        answer: dict[str, Any] = _guard(lambda: searcher.aggregate(counted, request))
        return facets.read_group(answer, group, size, kept / facets.SAMPLE_BUCKETS)

    def _sample(self, query: tantivy.Query, kept: int) -> tantivy.Query:
        """``query`` narrowed to the postings whose sample key is one of the first ``kept``."""
        keys = tantivy.Query.range_query(
            self.schema, SAMPLE_FIELD, tantivy.FieldType.Integer, 0, kept - 1, use_inverted_index=True
        )
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, keys), (tantivy.Occur.Must, query)])

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
        self._drop_links()

    # ------------------------------------------------------------ query building

    def _term(self, field: str, value: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _text(
        self, q: str | None, literal: Sequence[str] = (), searcher: tantivy.Searcher | None = None, scored: bool = True
    ) -> tuple[list[tantivy.Query], list[tantivy.Query]]:
        """(must, should) for free text, as ``index.understand`` reads it: quoted phrases and ``#tags`` required; the
        words (as text) and their readings (on their fields) one disjunction that needs a single match, so a posting
        ranks by how much of the query it matches; ``should``: the #tags' names as text and a salary wish, which only rank.

        The disjunction is one flat boolean query, each clause carrying the product of its weights: the sum of the
        scores is that of the nested form, and one union over all clauses costs tantivy less than unions of unions.
        With ``searcher``, a term that no posting has in a field is left out of that field (it could match nothing).
        Not ``scored``: the same postings, by fewer clauses (see ``_word``), for facets and counts."""
        read = understand(q, literal)
        analyzer = _analyzer()
        text = _Clauses(self.schema, searcher)
        last = len(read.words) - 1
        for position, word in enumerate(read.words):
            self._word(text, word, analyzer, position == last and word == read.prefix, position in read.known, scored)
        for reading in read.readings:
            text.add(tantivy.Query.const_score_query(self._reading(reading, analyzer), reading_weight(reading)))
            if reading.text:  # "k8s" also finds the text "Kubernetes"
                self._named(text, reading.text, analyzer, KNOWN_TEXT_SHARE)
        must: list[tantivy.Query] = [text.query()] if text.asked else []
        for phrase in read.phrases:
            tokens = analyzer.analyze(phrase)
            if len(tokens) == 1:
                tokens_query = [self._term(field, tokens[0]) for field, _ in fields.TEXT_BOOSTS]
            elif tokens:
                words: list[str | tuple[int, str]] = list(tokens)
                tokens_query = [tantivy.Query.phrase_query(self.schema, field, words) for field, _ in fields.TEXT_BOOSTS]
            else:
                continue
            must.append(_any(tokens_query))
        # A #tag selects, like the hashtag filter; scoring 1 like a search without text, so the rank input orders alone.
        must += [tantivy.Query.const_score_query(self._term("hashtags", tag), 1.0) for _, tag in read.tags]
        # ... and ranks the postings that name it (in their title first) above those only tagged with it.
        named = _Clauses(self.schema, searcher)
        for _, tag in read.tags:
            self._named(named, tag, analyzer, KNOWN_TEXT_SHARE)
        if read.salary:  # ranks only, never selects: postings that state no salary stay
            named.add(self._salary(read.salary))
        return must, named.clauses

    def _salary(self, wish: SalaryWish) -> tantivy.Query:
        """A salary wish: the top of the yearly range at least the amount, a constant."""
        field_type = tantivy.FieldType.Float
        paid = tantivy.Query.range_query(self.schema, "salary_top", field_type, wish.amount, None)
        return tantivy.Query.const_score_query(paid, SALARY_WEIGHT)

    def _named(self, into: _Clauses, name: str, analyzer: tantivy.TextAnalyzer, weight: float) -> None:
        """A skill's name as text (a phrase when it is several words, "machine-learning"), ``weight`` times its score."""
        tokens = analyzer.analyze(name.replace("-", " "))
        if len(tokens) == 1:
            for field, boost in fields.TEXT_BOOSTS:
                into.term(field, tokens[0], boost * weight)
        elif tokens:
            for field, boost in fields.TEXT_BOOSTS:
                into.phrase(field, tokens, boost * weight)

    def _word(
        self, into: _Clauses, word: str, analyzer: tantivy.TextAnalyzer, is_prefix: bool, known: bool, scored: bool = True
    ) -> None:
        """A word as text: in every text field with its weight, completed (the last word, in names); a share of that
        when a vocabulary knows it (its reading counts the rest), else also one or two edits away (a constant: a near
        miss never outranks the word itself).

        Not ``scored`` (facets, counts: which postings match, not how well), a term that a clause kept anyway already
        matches is left out: the word itself is within any edit distance of itself, and a completion of itself."""
        tokens = analyzer.analyze(word)
        share = KNOWN_TEXT_SHARE if known else 1.0
        distance = typo_distance(word) if not known and len(tokens) == 1 else 0
        for token in tokens:
            for field, boost in fields.TEXT_BOOSTS:
                completed = is_prefix and field in fields.PREFIX_FIELDS
                if scored or not (distance or completed):
                    into.term(field, token, boost * share)
                if completed:
                    prefix = tantivy.Query.phrase_prefix_query(self.schema, field, [token])
                    into.add(tantivy.Query.boost_query(prefix, boost * fields.PREFIX_WEIGHT * share))
        if distance:
            near = [tantivy.Query.fuzzy_term_query(self.schema, field, tokens[0], distance) for field, _ in fields.TEXT_BOOSTS]
            into.add(tantivy.Query.const_score_query(_any(near), TYPO_WEIGHT))

    def _reading(self, reading: Reading, analyzer: tantivy.TextAnalyzer) -> tantivy.Query:
        """What a reading matches: any of its keys in its keyword field (or, for job nouns, in the title)."""
        if fields.FIELD_BY_NAME[reading.index_field].kind == "text":
            keys = list(dict.fromkeys(token for key in reading.keys for token in analyzer.analyze(key)))
        else:
            keys = list(reading.keys)
        if len(keys) == 1:
            return self._term(reading.index_field, keys[0])
        return tantivy.Query.term_set_query(self.schema, reading.index_field, keys)

    def _clause(self, clause: Clause) -> tuple[tantivy.Occur, tantivy.Query]:
        """A filter, scoring nothing: the rank of a hit is its text score alone, as on Elasticsearch.

        A flag is 0 or 1 on every posting (``_document`` writes one value), so "not flagged" is "not flagged 1": an
        exclusion of the few flagged postings costs tantivy a fraction of a required clause that most postings
        pass (a fifth of a free-text search at 100,000 postings)."""
        kind = fields.FIELD_BY_NAME[clause.field].kind
        if kind == "flag" and isinstance(clause, Term):
            flagged = tantivy.Query.term_query(self.schema, clause.field, 1)
            if clause.value:
                return tantivy.Occur.Must, tantivy.Query.const_score_query(flagged, 0.0)
            return tantivy.Occur.MustNot, flagged
        return tantivy.Occur.Must, self._filter(clause, kind)

    def _filter(self, clause: Clause, kind: FieldKind) -> tantivy.Query:
        if isinstance(clause, AnyOf):
            query = tantivy.Query.term_set_query(self.schema, clause.field, list(clause.values))
        elif isinstance(clause, Term) and kind == "keyword":
            query = self._term(clause.field, str(clause.value))
        else:  # at least a date or number
            low = _native(kind, clause.low if isinstance(clause, Range) else clause.value)
            high = None if isinstance(clause, Range) else low
            field_type = tantivy.FieldType.Integer if kind in _INTEGER_KINDS else tantivy.FieldType.Float
            query = tantivy.Query.range_query(self.schema, clause.field, field_type, low, high)
        return tantivy.Query.const_score_query(query, 0.0)

    def _combine(
        self, must: list[tantivy.Query], filters: list[Clause], should: list[tantivy.Query] | None = None, ranked: bool = False
    ) -> tantivy.Query:
        """Text, filters and boosts as one query. ``ranked`` without text: every posting scores 1 (times its rank
        factor, later); a bare all-query, cheaper where scores do not matter, would be dropped from the
        intersection with the filters, and its score with it."""
        everything = tantivy.Query.all_query()
        required = must or [tantivy.Query.const_score_query(everything, 1.0) if ranked else everything]
        parts = [(tantivy.Occur.Must, q) for q in required]
        parts += [self._clause(c) for c in filters]
        parts += [(tantivy.Occur.Should, q) for q in should or []]
        return tantivy.Query.boolean_query(parts)

    def _build(self, query: SearchQuery, searcher: tantivy.Searcher | None = None, scored: bool = True) -> tantivy.Query:
        """The whole query of a search: text and every filter (``searcher``, ``scored``: see ``_text``)."""
        must, should = self._text(query.q, query.literal, searcher, scored)
        return self._combine(must, clauses(query), should)


class _Clauses:
    """The should clauses of one flat disjunction. With a searcher, a term no posting has in its field is skipped:
    it would match nothing and score nothing; if every clause is skipped, one stays, so the query still matches
    nothing rather than becoming no condition at all."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher | None) -> None:
        self.schema = schema
        self.searcher = searcher
        self.clauses: list[tantivy.Query] = []
        self.skipped: tantivy.Query | None = None

    @property
    def asked(self) -> bool:
        return bool(self.clauses) or self.skipped is not None

    def add(self, query: tantivy.Query) -> None:
        self.clauses.append(query)

    def _absent(self, field: str, token: str) -> bool:
        searcher = self.searcher
        return searcher is not None and _guard(lambda: searcher.doc_freq(field, token)) == 0

    def term(self, field: str, token: str, weight: float) -> None:
        query = tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, field, token), weight)
        if self._absent(field, token):
            self.skipped = self.skipped or query
        else:
            self.clauses.append(query)

    def phrase(self, field: str, tokens: list[str], weight: float) -> None:
        words: list[str | tuple[int, str]] = list(tokens)
        query = tantivy.Query.boost_query(tantivy.Query.phrase_query(self.schema, field, words), weight)
        if any(self._absent(field, token) for token in tokens):
            self.skipped = self.skipped or query
        else:
            self.clauses.append(query)

    def query(self) -> tantivy.Query:
        """At least one clause, scoring the sum of those that match."""
        if self.clauses:
            return _any(self.clauses)
        assert self.skipped is not None, "nothing asked"
        return self.skipped


_SAMPLED = "_sampled"  # the aggregation counting a sample's postings (facet names never start with "_")


def _terms(field: str, size: int) -> dict[str, Any]:
    return {"terms": {"field": field, "size": size}}


def _facet_key(query: SearchQuery, size: int) -> str:
    """What the facets of ``query`` depend on: the filters, the text and how they count; not the page or order."""
    return f"{size}:{query.model_dump_json(exclude={'cursor', 'size', 'sort'})}"  # the model's field order is fixed


def _total(result: tantivy.SearchResult) -> int:
    """The match count tantivy reports (its type stubs omit the attribute)."""
    return int(getattr(result, "count", 0) or 0)


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


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    """At least one of ``queries``, scoring the sum of those that match."""
    return queries[0] if len(queries) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def highlight(description: str, text: TextQuery, limit: int = 2, width: int = 80, scan: int = 4000) -> list[str]:
    """Snippets of the description around the first matches of the query words, with <mark> tags.

    Only the first ``scan`` characters are searched: a snippet is a hint, not an index of every match.
    """
    return _Marks(text).snippets(description, limit, width, scan)


@lru_cache(maxsize=1024)
def _marks(q: str | None) -> _Marks:
    """The marks of a query's text, kept per text: reading it names skills too, which a snippet does not need."""
    return _Marks(TextQuery.parse(q))


class _Marks:
    """What ``highlight`` looks for, worked out once per query rather than once per hit."""

    def __init__(self, text: TextQuery) -> None:
        self.needles = sorted({w.lower() for w in text.words + text.phrases if len(w) > 1}, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(n) for n in self.needles), re.IGNORECASE) if self.needles else None

    def snippets(self, description: str, limit: int = 2, width: int = 80, scan: int = 4000) -> list[str]:
        if self.pattern is None:
            return []
        head = description[:scan]
        lowered = head.lower()
        if len(lowered) != len(head):
            return []  # a case mapping that changes lengths would misplace the marks
        starts = sorted(p for p in (lowered.find(n) for n in self.needles) if p >= 0)
        snippets: list[str] = []
        last_end = -1
        for position in starts:
            if position < last_end:
                continue
            start = max(0, position - width)
            end = min(len(head), position + width)
            piece = _marked(head[start:end].replace("\n", " "), self.pattern)
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


__all__ = ["TantivyIndex", "highlight"]
