"""One card per job: a ``SearchIndex`` wrapper that stores one document per job, whichever sources it came from.

``DedupIndex`` takes the records every writer hands to the index (crawls, ``jobboard index``, dump loads) and,
by ``parsers.dedup``'s rules, merges the copies of one job read from several sources into one document under
the canonical member's id, listing every source; a repost gets ``reposted_from``. Searches, facets and counts
are the inner index's own, so they see one document per job.

Where the copies of a record's job may be is answered by a small SQLite file beside the index, the *member
store*: one row per record id stored, with the document (job) it is part of, its job key (company and title
words), the features the rules compare and, for a job read from several sources, the member's own record. A
batch of records asks it two questions (its ids, its job keys). A new record that relates to nothing stored
under its key is written as it is, reading nothing back; otherwise only the documents it can change (those
it reaches through relations) are read back from the inner index and regrouped with it exactly as ``rebuild``
groups them, so the order in which records arrive does not change the result. The member rows let ``get``
answer for any member's id (the merged record), and let a job be merged again exactly when one of its
sources changes, archives or goes away: a job stays live while any source lists it.

The store is checked against the inner index before each write: the fingerprint of the key rules, and the
index commit (``SearchIndex.version``) the store noted in the same transaction as its last rows, or, for a
backend without commit versions, the document count and a mark set before each index write. An index written
without the wrapper, before the store existed, by another machine, or cut off between the two writes has its
store remade from the inner index's documents first. A batch costs one store transaction (none when nothing
changes) besides the index's own commit. The posting files stay the source of
truth: ``rebuild`` regroups everything and writes a fresh member store. With Elasticsearch the member store
is local to the machine that writes the index: readers elsewhere answer ``get`` for canonical ids only, and
a second writing machine remakes its own store from the index whenever the other has written.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, NamedTuple

from index.base import MAX_PAGE_SIZE, FacetValue, SearchIndex, SearchQuery, SearchResult
from index.errors import IndexPathUnusable, IndexUnavailable, IndexWriteFailed, SearchIndexError
from parsers.dedup import (
    REPOST_DAYS,
    Features,
    bucket_text,
    dump_features,
    features,
    group_features,
    keys_fingerprint,
    load_features,
    merge,
    relation,
    repost_links,
)
from parsers.record import Posting, Source, SourceRef

CHUNK = 1000  # records placed, then written to the inner index, at a time
_ASK = 500  # ids or keys per SQLite question (under its limit of bound parameters)
_REACH = timedelta(days=REPOST_DAYS)  # no relation joins records posted further apart
_INSERT = "INSERT OR REPLACE INTO entries (id, job, bucket, record, features, link) VALUES (?, ?, ?, ?, ?, ?)"

Row = tuple[str, str, str | None, str | None, str | None, str | None]
"""A member store row: record id, the job (document) id it is part of, the job key, its own record (JSON) when
the job has several members, its features (JSON) when it is a member, and the ``reposted_from`` it was written
with (its document's may be a link decided since, which a regroup decides afresh)."""


def job_rows(doc: Posting, group: Sequence[Posting], bucket: str | None, kept: Sequence[Features]) -> list[Row]:
    """The rows of one stored document: each member's with its features ``kept``, and each listed source that is
    no member here (a merged record loaded from a dump stands for them), so that every id it lists finds it."""
    several = len(group) > 1
    rows: list[Row] = [
        (m.id, doc.id, bucket, m.model_dump_json() if several else None, dump_features(f), m.reposted_from)
        for m, f in zip(group, kept, strict=True)
    ]
    known = {m.id for m in group}
    rows += [(ref.id, doc.id, bucket, None, None, None) for ref in doc.sources if ref.id not in known]
    return rows


def job_features(job: str, members: Sequence[Features]) -> Features | None:
    """A merged document's features from its members' (``merge`` keeps the canonical member's record, lists
    every member's source and is archived when all are); None without the canonical member."""
    canonical = next((m for m in members if m.id == job), None)
    if canonical is None or len(members) == 1:
        return canonical
    return replace(
        canonical,
        sources=frozenset().union(*(m.sources for m in members)),
        archived=all(m.archived for m in members),
    )


class MemberStore:
    """Record id -> its job's id, its job key, its features, the link it was written with and (jobs of several
    members) its own record.

    One SQLite file; readers reopen it when a rebuild has put a new one in place.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._inode: int | None = None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        try:
            inode: int | None = os.stat(self.path).st_ino
        except FileNotFoundError:
            inode = None
        except OSError as exc:  # a folder on its path that is a file, or not ours to look into
            raise self._unusable(exc, create) from None
        if self._db is not None and inode == self._inode:
            return self._db
        if self._db is not None:
            self._db.close()
            self._db = None
        if inode is None and not create:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _open(self.path)
            self._inode = os.stat(self.path).st_ino
        except OSError as exc:
            raise self._unusable(exc, create) from None
        except sqlite3.Error as exc:
            raise IndexUnavailable(f"cannot open the job member store {self.path}: {exc}") from None
        return self._db

    def _unusable(self, exc: OSError, create: bool) -> SearchIndexError:
        """The store's path refused: a write says it cannot write (``IndexWriteFailed``), a read that it cannot use it."""
        if create:
            return IndexWriteFailed(_os_reason(exc), self.path)
        return IndexPathUnusable(self.path, exc.strerror or _os_reason(exc))

    def _ask(self, sql: str, values: Sequence[str]) -> list[tuple[str, ...]]:
        """``sql`` with one ``IN (?)`` list, asked in slices of ``_ASK`` values."""
        with self._lock:
            db = self._connect(create=False)
            if db is None:
                return []
            rows: list[tuple[str, ...]] = []
            for start in range(0, len(values), _ASK):
                part = list(values[start : start + _ASK])
                rows += db.execute(sql.replace("(?)", "(" + ",".join("?" * len(part)) + ")"), part).fetchall()
        return rows

    def job_of(self, member_id: str) -> str | None:
        found = self.jobs_of([member_id])
        return found.get(member_id)

    def jobs_of(self, ids: Sequence[str]) -> dict[str, str]:
        """The stored job of each of ``ids`` that has one (a document's own id is its job)."""
        return {str(i): str(j) for i, j in self._ask("SELECT id, job FROM entries WHERE id IN (?)", ids)}

    def jobs_with(self, keys: Sequence[str]) -> dict[str, dict[str, list[Features] | None]]:
        """The stored jobs (document ids) of each job key, with their members' features (None when a source
        it lists has none: a merged record loaded from a dump stands for it)."""
        found: dict[str, dict[str, list[Features] | None]] = {}
        for key, job, feature in self._ask("SELECT bucket, job, features FROM entries WHERE bucket IN (?)", keys):
            jobs = found.setdefault(str(key), {})
            members = jobs.setdefault(str(job), [])
            if members is not None:
                jobs[str(job)] = None if feature is None else [*members, load_features(feature)]
        return found

    def written_link(self, member_id: str) -> str | None:
        """The ``reposted_from`` a record was written with."""
        rows = self._ask("SELECT link FROM entries WHERE id IN (?)", [member_id])
        return rows[0][0] if rows else None

    def members(self, job_id: str) -> list[Posting]:
        rows = self._ask("SELECT record FROM entries WHERE job IN (?) AND record IS NOT NULL ORDER BY id", [job_id])
        return [Posting.model_validate_json(row[0]) for row in rows]

    def in_step(self, version: str | None, documents: Callable[[], int]) -> bool:
        """Whether the store describes the index, under the current key rules: written after the index's commit
        ``version`` when the store knows the one it follows, else holding ``documents()`` documents (no store: none)."""
        with self._lock:
            db = self._connect(create=False)
            if db is None:
                return documents() == 0
            meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('keys', 'writing', 'version')").fetchall())
            if meta.get("keys") != keys_fingerprint():
                return False
            if "writing" in meta:
                return False  # a writer stopped between the index's write and the store's
            if version is not None and "version" in meta:
                return bool(meta["version"] == version)  # any other write of the index, even one count alike
            (count,) = db.execute("SELECT COUNT(*) FROM entries WHERE id = job").fetchone()
        return int(count) == documents()

    def kept_records(self) -> dict[str, tuple[str, str]]:
        """Member id -> (its job, its record) for every member record held, a store of the former layout's too."""
        with self._lock:
            db = self._connect(create=False)
            if db is None:
                return {}
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            sources = ["SELECT id, job, record FROM entries WHERE record IS NOT NULL"]
            if "members" in tables:
                sources.insert(0, "SELECT id, job, record FROM members")
            return {str(i): (str(j), str(r)) for sql in sources for i, j, r in db.execute(sql)}

    def writing(self) -> None:
        """Mark the store as about to fall behind the index (the index is written first); ``write`` clears it.
        Needed only where the index has no commit version the store can follow."""
        with self._lock, _storage(self.path.parent):
            db = self._connect(create=True)
            assert db is not None
            with db:
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('writing', '1')")

    def write(self, rows: Iterable[Row], clear: Iterable[str], version: str | None) -> None:
        """Forget the rows of the jobs in ``clear``, then put ``rows`` in, following the index's commit ``version``,
        in one transaction."""
        with self._lock, _storage(self.path.parent):
            db = self._connect(create=True)
            assert db is not None
            with db:
                db.executemany("DELETE FROM entries WHERE job = ?", ((job,) for job in clear))
                db.executemany(_INSERT, rows)
                db.execute("DELETE FROM meta WHERE key = 'writing'")
                _follow(db, version)

    def reset(self, rows: Iterable[Row], version: str | None) -> None:
        """Replace every row (and any table of the former layout), under the current key rules and following the
        index's commit ``version``, in one transaction."""
        with self._lock, _storage(self.path.parent):
            db = self._connect(create=True)
            assert db is not None
            with db:
                db.execute("DROP TABLE IF EXISTS members")
                db.execute("DELETE FROM entries")
                db.executemany(_INSERT, rows)
                db.execute("DELETE FROM meta WHERE key = 'writing'")
                _stamp(db)
                _follow(db, version)

    def replace_with(self, fresh: Path) -> None:
        """Put a store built beside this one in its place (readers reopen it on their next look-up)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
            os.replace(fresh, self.path)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


@contextmanager
def _storage(where: Path) -> Iterator[None]:
    """The member store or the spool refused a write (a full disk, a file-size limit): the index's own clear error."""
    try:
        yield
    except OSError as exc:
        raise IndexWriteFailed(_os_reason(exc), where) from None
    except sqlite3.Error as exc:
        raise IndexWriteFailed(str(exc), where) from None


def _os_reason(exc: OSError) -> str:
    """The OS's words for ``exc``, to follow a path in one line."""
    text = os.strerror(exc.errno) if exc.errno else str(exc)
    return text[:1].lower() + text[1:]


_GC_LOCK = threading.Lock()
_GC_DEPTH = 0
_GC_SAVED: tuple[int, int, int] = (0, 0, 0)
_GC_FIRST = 100_000  # allocations between young-generation collections while placing (Python's default: 700)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely meanwhile: placing allocates many small acyclic objects (features,
    rows, copies) while the caller holds many live records, and every full collection walks all of them (a
    quarter of the placing time at 20,000 records). Garbage is still collected, later and in fewer passes."""
    global _GC_DEPTH, _GC_SAVED
    with _GC_LOCK:
        if _GC_DEPTH == 0:
            _GC_SAVED = gc.get_threshold()
            gc.set_threshold(max(_GC_SAVED[0], _GC_FIRST), *_GC_SAVED[1:])
        _GC_DEPTH += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_DEPTH -= 1
            if _GC_DEPTH == 0:
                gc.set_threshold(*_GC_SAVED)


def _open(path: Path) -> sqlite3.Connection:
    """The store, created with the current key rules' fingerprint when new."""
    db = sqlite3.connect(path, check_same_thread=False, timeout=30)
    fresh = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
    db.execute(
        "CREATE TABLE IF NOT EXISTS entries"
        " (id TEXT PRIMARY KEY, job TEXT NOT NULL, bucket TEXT, record TEXT, features TEXT, link TEXT)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS entries_job ON entries (job)")
    db.execute("CREATE INDEX IF NOT EXISTS entries_bucket ON entries (bucket)")
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    if fresh:
        _stamp(db)
    db.commit()
    return db


def _stamp(db: sqlite3.Connection) -> None:
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('keys', ?)", (keys_fingerprint(),))


def _follow(db: sqlite3.Connection, version: str | None) -> None:
    """Note the index commit the rows describe (None: the backend has none to give, the document count is checked)."""
    if version is None:
        db.execute("DELETE FROM meta WHERE key = 'version'")
    else:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('version', ?)", (version,))


class DedupIndex:
    """A ``SearchIndex`` that stores one document per job (see the module's docstring)."""

    def __init__(self, inner: SearchIndex, members: MemberStore) -> None:
        self.inner = inner
        self.store = members

    # ------------------------------------------------------------ reads: the inner index's, plus member ids

    def get(self, posting_id: str) -> Posting | None:
        found = self.inner.get(posting_id)
        if found is not None:
            return found
        job = self.store.job_of(posting_id)
        return None if job is None or job == posting_id else self.inner.get(job)

    def search(self, query: SearchQuery) -> SearchResult:
        return self.inner.search(query)

    def facets(self, query: SearchQuery) -> dict[str, list[FacetValue]]:
        return self.inner.facets(query)

    def count(self, query: SearchQuery | None = None) -> int:
        return self.inner.count(query)

    def version(self) -> str | None:
        return self.inner.version()

    def close(self) -> None:
        self.store.close()
        self.inner.close()

    # ------------------------------------------------------------ writes

    def upsert(self, records: Iterable[Posting]) -> int:
        self._in_step()
        count = 0
        chunk: list[Posting] = []
        for record in records:
            chunk.append(record)
            count += 1
            if len(chunk) >= CHUNK:
                self._write(self._placed(chunk))
                chunk = []
        if chunk:
            self._write(self._placed(chunk))
        return count

    def _placed(self, chunk: list[Posting]) -> _Placement:
        with _fewer_collections():
            return _Placement(self).place(chunk)

    def delete(self, ids: Iterable[str]) -> int:
        self._in_step()
        placement = _Placement(self)
        found = placement.remove(list(dict.fromkeys(ids)))
        self._write(placement)
        return found

    def _write(self, placement: _Placement) -> None:
        """The index first, then the store, which notes the index commit it follows: a writer stopped between the
        two leaves a store that follows an older commit, remade by the next writer. A backend without commit
        versions gets a mark in the store before its write instead (one more store transaction)."""
        docs = [doc for doc in placement.docs.values() if doc is not None]
        gone = [doc_id for doc_id, doc in placement.docs.items() if doc is None]
        before = self.inner.version()
        if not (placement.regrouped or placement.dropped):  # nothing changes (``docs`` only holds regrouped jobs)
            if before is None:
                self.inner.upsert([])  # like the bare backend, a first write creates the index
            return
        if before is None:
            self.store.writing()
        self.inner.upsert(docs)
        if gone:
            self.inner.delete(gone)
        with _fewer_collections():
            rows = [row for job in placement.regrouped.values() for row in job_rows(*job)]
        self.store.write(rows, placement.stored_jobs({*placement.regrouped, *placement.dropped}), self.inner.version())

    def _documents(self) -> int:
        try:
            return self.inner.count(SearchQuery(include_archived=True))
        except IndexUnavailable:
            return 0

    def _in_step(self) -> None:
        """Remake the member store from the inner index's documents when it does not describe them (see the
        module's docstring); the member records it holds are kept for the jobs that still list them all."""
        if self.store.in_step(self.inner.version(), self._documents):
            return
        kept = self.store.kept_records()
        rows: list[Row] = []
        for doc in self._stored_documents():
            feature = features(doc)
            key = bucket_text(feature.bucket)
            ids = [doc.id, *(ref.id for ref in doc.sources if ref.id != doc.id)]
            if len(ids) > 1 and all(kept.get(i, ("", ""))[0] == doc.id for i in ids):
                rows += [(i, doc.id, key, kept[i][1], None, None) for i in ids]
            else:  # its members' records are not all known: the document stands for them
                rows += job_rows(doc, [doc], key, [feature])
        self.store.reset(rows, self.inner.version())

    def _stored_documents(self) -> Iterator[Posting]:
        """Every document of the inner index, once."""
        seen: set[str] = set()
        walk = SearchQuery(include_archived=True, sort="date", size=MAX_PAGE_SIZE, facet_size=0)
        try:
            while True:
                page = self.inner.search(walk)
                for hit in page.items:
                    if hit.record.id not in seen:
                        seen.add(hit.record.id)
                        yield hit.record
                if not page.next_cursor:
                    return
                walk = walk.model_copy(update={"cursor": page.next_cursor})
        except IndexUnavailable:
            return

    def rebuild(self, records: Iterable[Posting]) -> int:
        """Group every record into jobs, then rebuild the inner index with one document per job and swap in a fresh
        member store. The records are spooled to a temporary file, so only their features stay in memory; a
        failure at any step leaves the index and the member store as they were."""
        where = self.store.path.parent
        fresh = self.store.path.with_name(self.store.path.name + ".new")
        try:
            # Closing the spool flushes it, and on a full disk fails again: that failure is the storage's too.
            with _storage(where), tempfile.TemporaryFile(prefix="jobboard-dedup-") as spool:
                offsets: list[int] = []
                items: list[Features] = []
                with _storage(where), _fewer_collections():
                    for record in records:
                        offsets.append(spool.tell())
                        spool.write(record.model_dump_json().encode() + b"\n")
                        items.append(features(record))
                    spool.flush()
                with _fewer_collections():
                    jobs = sorted((min(members), members) for members in group_features(items))
                    merged: list[Features] = []
                    for _, members in jobs:
                        doc = merge(_read(spool, offsets, i) for i in members) if len(members) > 1 else None
                        merged.append(features(doc) if doc is not None else items[members[0]])
                    links = repost_links(merged)
                with _storage(where):
                    fresh.parent.mkdir(parents=True, exist_ok=True)
                    fresh.unlink(missing_ok=True)
                    db = _open(fresh)
                try:
                    self.inner.rebuild(self._rebuilt(spool, offsets, items, jobs, merged, links, db))
                    with _storage(where):
                        _follow(db, self.inner.version())
                        db.commit()
                finally:
                    db.close()
            with _storage(where):
                self.store.replace_with(fresh)
        except BaseException:
            # The error in flight says what failed; a fresh store that cannot be removed is replaced by the next
            # rebuild, and its own error (an OSError outside ``_storage``) would only hide that one.
            with suppress(OSError):
                fresh.unlink(missing_ok=True)
            raise
        return len(offsets)  # records taken, as ``upsert`` counts them

    def _rebuilt(
        self,
        spool: IO[bytes],
        offsets: list[int],
        items: list[Features],
        jobs: list[tuple[int, list[int]]],
        merged: list[Features],
        links: dict[str, str],
        db: sqlite3.Connection,
    ) -> Iterator[Posting]:
        rows: list[Row] = []
        for (_, members), feature in zip(jobs, merged, strict=True):
            if len(members) == 1:
                record = _read(spool, offsets, members[0])
                group, kept = [record], [items[members[0]]]
                doc = merge(group) if record.sources else record  # one record of one source is its own document
            else:
                latest = {r.id: (r, items[i]) for r, i in ((_read(spool, offsets, i), i) for i in members)}
                group, kept = [r for r, _ in latest.values()], [f for _, f in latest.values()]
                doc = merge(group)
            link = links.get(doc.id, doc.reposted_from)  # as an upsert decides it
            if link != doc.reposted_from:
                doc = doc.model_copy(update={"reposted_from": link})
            rows += job_rows(doc, group, bucket_text(feature.bucket), kept)
            if len(rows) >= CHUNK:
                self._insert(db, rows)
                rows = []
            yield doc
        self._insert(db, rows)

    def _insert(self, db: sqlite3.Connection, rows: list[Row]) -> None:
        with _storage(self.store.path.parent):
            db.executemany(_INSERT, rows)


def _stand_in(doc: Posting, ref: SourceRef) -> Posting:
    """A source of a merged record whose own record is not known (the merged record came from a dump), when the
    canonical one changes or goes: the merged record's copy under the source's id, page, date and state, until
    that source's own record comes."""
    update = {"id": ref.id, "url": ref.url, "posted_at": ref.posted_at, "archived": ref.archived}
    return doc.model_copy(update={**update, "source": Source(kind=ref.kind, host=ref.host), "sources": [], "reposted_from": None})


class _Node(NamedTuple):
    """One document's features and its members', with the span of their dates (None: one is undated)."""

    features: list[Features]
    first: datetime | None
    last: datetime | None

    @classmethod
    def of(cls, features: list[Features]) -> _Node:
        dates = [f.posted_at for f in features]
        if any(d is None for d in dates):
            return cls(features, None, None)
        return cls(features, min(dates), max(dates))  # type: ignore[type-var]

    def unrelated(self, feature: Features) -> bool:
        """Whether ``feature`` relates to none of them (posted further than any relation reaches: no comparing)."""
        posted = feature.posted_at
        if posted is not None and self.first is not None and self.last is not None:
            if posted < self.first - _REACH or posted > self.last + _REACH:
                return True
        return all(relation(feature, other) is None for other in self.features)


def _read(spool: IO[bytes], offsets: list[int], position: int) -> Posting:
    here = spool.tell()
    spool.seek(offsets[position])
    line = spool.readline()
    spool.seek(here)
    return Posting.model_validate_json(line)


class _Placement:
    """The documents and member sets one batch of writes leaves behind, decided before anything is written.

    ``docs``: document id -> its new record, or None to delete it. ``regrouped``: job id -> its document, members,
    job key and members' features, for every job this batch regrouped (its member rows are written again);
    ``dropped``: jobs whose rows go. ``jobs`` and ``gone_jobs``: the jobs of several members as this batch left them, and the others.
    """

    def __init__(self, owner: DedupIndex) -> None:
        self.inner = owner.inner
        self.store = owner.store
        self.docs: dict[str, Posting | None] = {}
        self.regrouped: dict[str, tuple[Posting, list[Posting], str | None, list[Features]]] = {}
        self.dropped: set[str] = set()
        self.jobs: dict[str, list[Posting]] = {}
        self.gone_jobs: set[str] = set()
        self._job_of: dict[str, str | None] = {}  # member id -> job id, as this batch left it
        self._by_bucket: dict[object, set[str]] = {}  # documents this batch wrote, by job key
        self.empty = False  # no index yet
        self._stored_job: dict[str, str | None] = {}  # member id -> its job in the store, as the batch found it
        self._key_jobs: dict[str, dict[str, list[Features] | None]] = {}  # job key -> stored jobs' member features
        self._nodes: dict[str, dict[str, _Node] | None] = {}  # the same, with each job's own features
        self._fetched: dict[str, Posting | None] = {}  # stored documents read back
        self._seen: dict[int, tuple[Posting, Features]] = {}  # features by record object (kept alive here)
        self._written_link: dict[str, str | None] = {}  # member id -> the reposted_from this batch wrote it with
        self._alone: dict[str, Features] = {}  # stored job of one member -> that member's kept features

    # what is stored, as this batch has changed it

    def _features(self, record: Posting) -> Features:
        known = self._seen.get(id(record))
        if known is None:
            known = (record, features(record))
            self._seen[id(record)] = known
        return known[1]

    def _ask_jobs(self, ids: Sequence[str]) -> None:
        wanted = [i for i in ids if i not in self._stored_job]
        if wanted:
            found = self.store.jobs_of(wanted)
            self._stored_job.update((i, found.get(i)) for i in wanted)

    def _ask_keys(self, keys: Sequence[str]) -> None:
        wanted = [k for k in keys if k not in self._key_jobs]
        if wanted:
            found = self.store.jobs_with(wanted)
            for key in wanted:
                jobs = self._key_jobs[key] = found.get(key, {})
                self._stored_job.update((job, job) for job in jobs)  # a job is a stored document
                for members in jobs.values():
                    if members is not None and len(members) == 1:
                        self._alone[members[0].id] = members[0]

    def stored_jobs(self, jobs: set[str]) -> set[str]:
        """Those of ``jobs`` that may have rows in the store: not the new records this batch found none for (a
        job's rows all go with its document's own)."""
        return {job for job in jobs if self._stored_job.get(job, job) is not None}

    def _stored_job_of(self, member_id: str) -> str | None:
        if member_id not in self._stored_job:
            self._ask_jobs([member_id])
        return self._stored_job[member_id]

    def _doc(self, doc_id: str) -> Posting | None:
        if doc_id in self.docs:
            return self.docs[doc_id]
        if self.empty or self._stored_job_of(doc_id) != doc_id:
            return None  # the store, in step with the index, lists every stored document
        if doc_id not in self._fetched:
            try:
                doc = self._fetched[doc_id] = self.inner.get(doc_id)
            except IndexUnavailable:  # nothing written yet: the first upsert creates the index
                self.empty = True
                self._fetched[doc_id] = None
            else:
                kept = self._alone.get(doc_id)
                if doc is not None and kept is not None and not doc.sources:
                    self._seen[id(doc)] = (doc, kept)  # the features its row keeps are the record's: not made again
        return self._fetched[doc_id]

    def _members(self, doc: Posting, without: str) -> list[Posting]:
        """The records a document stands for, but ``without``: its members' own records when known, else the
        document itself (a merged record loaded from a dump, say) less ``without``'s source, or, when ``without``
        is its canonical one, a stand-in for each other source."""
        if doc.id in self.jobs:
            return [m for m in self.jobs[doc.id] if m.id != without]
        if doc.sources and doc.id not in self.gone_jobs:
            stored = self.store.members(doc.id)
            if stored:
                return [m for m in stored if m.id != without]
        if doc.id == without:
            return [_stand_in(doc, ref) for ref in doc.sources if ref.id != without]
        refs = [ref for ref in doc.sources if ref.id != without]
        if len(refs) != len(doc.sources):
            return [doc.model_copy(update={"sources": refs if len(refs) > 1 else []})]
        if doc.reposted_from and not doc.sources:  # the link may be one decided since: the record as written
            own = self._written_link[doc.id] if doc.id in self._written_link else self.store.written_link(doc.id)
            if own != doc.reposted_from:
                return [doc.model_copy(update={"reposted_from": own})]
        return [doc]

    def _job(self, member_id: str) -> str | None:
        if member_id in self._job_of:
            return self._job_of[member_id]
        return self._stored_job_of(member_id)

    def _previous(self, record: Posting, own: dict[str, Posting]) -> Posting | None:
        """The record as it was stored last time (its own document, or its row of its job's members)."""
        doc = own.get(record.id)
        if doc is not None and not doc.sources:
            return doc
        for job in own.values():
            for member in self._members(job, without=""):
                if member.id == record.id:
                    return member
        return None

    def _candidates(self, record: Posting, feature: Features) -> dict[str, Posting] | None:
        """Stored documents that may hold the same job: the record's own and its job's, then those of its job key;
        None when the record is stored exactly as it is (nothing to do)."""
        found: dict[str, Posting] = {}
        for doc_id in (record.id, self._job(record.id)):
            doc = self._doc(doc_id) if doc_id else None
            if doc is not None:
                found[doc.id] = doc
        previous = self._previous(record, found) if found else None
        if previous is not None:
            if record.model_copy(update={"reposted_from": previous.reposted_from}) == previous:
                return None
            before = self._features(previous)
            # What relations read (archived too: an archived earlier posting is what a repost follows).
            unchanged = (before.bucket, before.cities, before.countries, before.remote, before.posted_at, before.archived)
            if unchanged == (
                feature.bucket,
                feature.cities,
                feature.countries,
                feature.remote,
                feature.posted_at,
                feature.archived,
            ):
                return found  # the copies it may have were found when it was stored, or find it when they come
            if before.bucket != feature.bucket:  # it leaves its job key: what was linked to it there is decided again
                found.update(self._bucket_docs(previous, before))
        if found:
            found.update(self._bucket_docs(record, feature))
            return found
        return self._related_docs(record, feature)

    def _related_docs(self, record: Posting, feature: Features) -> dict[str, Posting]:
        """The documents of a new record's job key that placing it can change, judged by the features the store
        keeps, so that only those are read back.

        None relates to the record (same job or repost): it is its own document and changes no other. Else the
        jobs it reaches through relations, taken whole, then again from each of their members, with ``archived``
        either way (a merged document is archived only when all its members are): grouping joins related members
        only, and a repost link only related documents, so the documents outside are left as they are. A job
        whose features are not all kept (a merged record loaded from a dump) makes it the whole job key.
        """
        key = bucket_text(feature.bucket)
        if key is None or not record.company.name:
            return {}
        stored = self._stored_nodes(key)
        if stored is None:
            return self._bucket_docs(record, feature)
        nodes = {job: node for job, node in stored.items() if job not in self.docs}  # the batch's: below
        for doc_id in self._by_bucket.get(feature.bucket, ()):
            pending = self.docs.get(doc_id)
            if pending is None:
                continue
            if doc_id in self.jobs:
                nodes[doc_id] = _Node.of([*(self._features(m) for m in self.jobs[doc_id]), self._features(pending)])
            elif pending.sources:
                return self._bucket_docs(record, feature)
            else:
                nodes[doc_id] = _Node.of([self._features(pending)])
        if all(node.unrelated(feature) for node in nodes.values()):
            return {}
        chosen: set[str] = set()
        frontier = [feature]
        while frontier:
            near = frontier.pop()
            either = (near, replace(near, archived=not near.archived))
            for job, node in nodes.items():
                if job not in chosen and not all(node.unrelated(one) for one in either):
                    chosen.add(job)
                    frontier += node.features
        found: dict[str, Posting] = {}
        for job in chosen:
            doc = self.docs[job] if job in self.docs else self._doc(job)
            if doc is not None and self._features(doc).bucket == feature.bucket:
                found[job] = doc
        return found

    def _stored_nodes(self, key: str) -> dict[str, _Node] | None:
        """Each stored job of a job key with its members' features and its own; None when one is not known."""
        if key not in self._nodes:
            self._ask_keys([key])
            nodes: dict[str, _Node] = {}
            for job, members in self._key_jobs[key].items():
                merged = job_features(job, members) if members else None
                if members is None or merged is None:
                    self._nodes[key] = None
                    return None
                nodes[job] = _Node.of([*members, merged])
            self._nodes[key] = nodes
        return self._nodes[key]

    def _bucket_docs(self, record: Posting, feature: Features) -> dict[str, Posting]:
        """The stored documents (as this batch left them) with the record's job key."""
        found: dict[str, Posting] = {}
        key = bucket_text(feature.bucket)
        if key is None or not record.company.name:
            return found
        self._ask_keys([key])
        for doc_id in self._key_jobs[key]:
            if doc_id not in self.docs:
                doc = self._doc(doc_id)
                if doc is not None and self._features(doc).bucket == feature.bucket:
                    found[doc_id] = doc
        for doc_id in self._by_bucket.get(feature.bucket, ()):
            pending = self.docs.get(doc_id)
            if pending is not None:
                found[doc_id] = pending
        return found

    # decisions

    def place(self, records: list[Posting]) -> _Placement:
        latest: dict[str, Posting] = {}
        for record in records:
            latest[record.id] = record  # the same posting twice in a batch: the last one wins
        # Two questions to the store for the whole batch: which ids it holds, which job keys the new ones have.
        self._ask_jobs(list(latest))
        new = [r for r in latest.values() if r.company.name and self._stored_job[r.id] is None]
        keys = {bucket_text(self._features(r).bucket) for r in new}  # a stored record's, when it changed: below
        self._ask_keys([k for k in keys if k is not None])
        for record in latest.values():
            self._place(record)
        return self

    def _place(self, record: Posting) -> None:
        """Regroup the record with every stored document of its job key, as ``rebuild`` would group them."""
        feature = self._features(record)
        candidates = self._candidates(record, feature)
        if candidates is None:
            return
        if not candidates and not record.sources:
            self._keep(record, [record], {})  # alone with its job key: its own document, as a regroup would leave it
            return
        members = self._gather(candidates, without=record.id)
        members[record.id] = record
        self._regroup(list(members.values()), candidates)

    def _gather(self, docs: dict[str, Posting], without: str) -> dict[str, Posting]:
        members: dict[str, Posting] = {}
        for doc in docs.values():
            members.update((u.id, u) for u in self._members(doc, without=without))
        return members

    def remove(self, ids: list[str]) -> int:
        self._ask_jobs(ids)
        found = 0
        for posting_id in ids:
            job = self._job(posting_id)
            doc = self._doc(job) if job else self._doc(posting_id)
            if doc is None:
                continue
            if doc.id != posting_id and job is None and not any(ref.id == posting_id for ref in doc.sources):
                continue
            found += 1
            docs = {doc.id: doc, **self._bucket_docs(doc, self._features(doc))}
            self._regroup(list(self._gather(docs, without=posting_id).values()), docs)
            self._job_of[posting_id] = None
        return found

    def _regroup(self, members: list[Posting], affected: dict[str, Posting]) -> None:
        """Write ``members`` as the jobs they form, in place of the ``affected`` documents; unchanged ones are not
        written again."""
        groups = group_features([self._features(m) for m in members])
        new_docs = [(merge(group), group) for group in ([members[i] for i in positions] for positions in groups)]
        links = repost_links([self._features(doc) for doc, _ in new_docs])
        written: set[str] = set()
        for doc, group in new_docs:
            link = links.get(doc.id, doc.reposted_from)
            if link != doc.reposted_from:
                doc = doc.model_copy(update={"reposted_from": link})
            written.add(doc.id)
            self._keep(doc, group, affected)
        for doc_id in affected:
            if doc_id not in written:
                self.docs[doc_id] = None
                self.jobs.pop(doc_id, None)
                self.gone_jobs.add(doc_id)
                self.regrouped.pop(doc_id, None)
                self.dropped.add(doc_id)

    def _keep(self, doc: Posting, group: list[Posting], affected: dict[str, Posting]) -> None:
        """Record ``doc`` as the document of the job ``group`` forms (written when it differs from the stored one)."""
        for member in group:
            self._job_of[member.id] = doc.id if len(group) > 1 else None
            self._written_link[member.id] = member.reposted_from
        if len(group) > 1:
            self.jobs[doc.id] = group
            self.gone_jobs.discard(doc.id)
        else:
            self.jobs.pop(doc.id, None)
            self.gone_jobs.add(doc.id)
        bucket = self._features(doc).bucket
        if bucket is not None:
            self._by_bucket.setdefault(bucket, set()).add(doc.id)
        self.regrouped[doc.id] = (doc, group, bucket_text(bucket), [self._features(m) for m in group])
        self.dropped.discard(doc.id)
        current = self.docs[doc.id] if doc.id in self.docs else affected.get(doc.id)
        if current != doc or doc.id in self.docs:
            self.docs[doc.id] = doc
