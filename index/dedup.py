"""One card per job: a ``SearchIndex`` wrapper that stores one document per job, whichever sources it came from.

``DedupIndex`` takes the records every writer hands to the index (crawls, ``jobboard index``, dump loads) and,
by ``parsers.dedup``'s rules, merges the copies of one job read from several sources into one document under
the canonical member's id, listing every source; a repost gets ``reposted_from``. Searches, facets and counts
are the inner index's own, so they see one document per job.

The stored documents are all it asks of the inner index (through the ``SearchIndex`` interface only): a record's
company is looked up once per batch (the spellings of its name in the companies facet, then a company filter
per spelling, no free text), and every stored document with the record's job key is regrouped with it exactly
as ``rebuild`` groups them, so the order in which records arrive does not change the result. What the documents cannot hold lives in a small SQLite file beside the index, the *member store*:
each member record of a job read from several sources and the job it belongs to. It lets ``get`` answer for
any member's id (the merged record), and lets a job be merged again exactly when one of its sources changes,
archives or goes away: a job stays live while any source lists it.

The posting files stay the source of truth: ``rebuild`` regroups everything and writes a fresh member store.
With Elasticsearch, the member store is local to the machine that writes the index; readers elsewhere answer
``get`` for canonical ids only.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from index.base import FacetValue, SearchIndex, SearchQuery, SearchResult
from index.errors import IndexUnavailable, IndexWriteFailed
from parsers.dedup import Features, company_key, features, group_features, merge, repost_links
from parsers.record import Posting

CHUNK = 1000  # records placed, then written to the inner index, at a time
COMPANY_DOCS = 5000  # stored documents of one company looked at for the copies of its jobs


class MemberStore:
    """Member id -> its job's id and its own record, for jobs read from more than one source.

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
        except (OSError, sqlite3.Error) as exc:
            raise IndexUnavailable(f"cannot open the job member store {self.path}: {exc}") from None
        self._inode = os.stat(self.path).st_ino
        return self._db

    def job_of(self, member_id: str) -> str | None:
        with self._lock:
            db = self._connect(create=False)
            if db is None:
                return None
            row = db.execute("SELECT job FROM members WHERE id = ?", (member_id,)).fetchone()
        return None if row is None else str(row[0])

    def members(self, job_id: str) -> list[Posting]:
        with self._lock:
            db = self._connect(create=False)
            if db is None:
                return []
            rows = db.execute("SELECT record FROM members WHERE job = ? ORDER BY id", (job_id,)).fetchall()
        return [Posting.model_validate_json(row[0]) for row in rows]

    def write(self, jobs: dict[str, list[Posting]], gone: Iterable[str]) -> None:
        """Set the members of ``jobs`` (a job of one member is not kept) and forget the jobs in ``gone``, in one transaction."""
        keeps = any(len(members) > 1 for members in jobs.values())
        with self._lock, _storage(self.path.parent):
            db = self._connect(create=keeps)
            if db is None:
                return  # no store yet and nothing to keep in it
            with db:
                for job_id in {*gone, *jobs}:
                    db.execute("DELETE FROM members WHERE job = ?", (job_id,))
                for job_id, members in jobs.items():
                    if len(members) < 2:
                        continue
                    db.executemany("DELETE FROM members WHERE id = ?", [(m.id,) for m in members])
                    db.executemany(
                        "INSERT INTO members (id, job, record) VALUES (?, ?, ?)",
                        [(m.id, job_id, m.model_dump_json()) for m in members],
                    )

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
        text = os.strerror(exc.errno) if exc.errno else str(exc)
        raise IndexWriteFailed(text[:1].lower() + text[1:], where) from None
    except sqlite3.Error as exc:
        raise IndexWriteFailed(str(exc), where) from None


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, timeout=30)
    db.execute("CREATE TABLE IF NOT EXISTS members (id TEXT PRIMARY KEY, job TEXT NOT NULL, record TEXT NOT NULL)")
    db.execute("CREATE INDEX IF NOT EXISTS members_job ON members (job)")
    db.commit()
    return db


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
        count = 0
        chunk: list[Posting] = []
        for record in records:
            chunk.append(record)
            count += 1
            if len(chunk) >= CHUNK:
                self._write(_Placement(self).place(chunk))
                chunk = []
        if chunk:
            self._write(_Placement(self).place(chunk))
        return count

    def delete(self, ids: Iterable[str]) -> int:
        placement = _Placement(self)
        found = placement.remove(list(dict.fromkeys(ids)))
        self._write(placement)
        return found

    def _write(self, placement: _Placement) -> None:
        docs = [doc for doc in placement.docs.values() if doc is not None]
        gone = [doc_id for doc_id, doc in placement.docs.items() if doc is None]
        self.inner.upsert(docs)  # even none: like the bare backend, a first write creates the index
        if gone:
            self.inner.delete(gone)
        if placement.jobs or placement.gone_jobs:
            self.store.write(placement.jobs, placement.gone_jobs)

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
                with _storage(where):
                    for record in records:
                        offsets.append(spool.tell())
                        spool.write(record.model_dump_json().encode() + b"\n")
                        items.append(features(record))
                    spool.flush()
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
                    self.inner.rebuild(self._rebuilt(spool, offsets, jobs, links, db))
                    with _storage(where):
                        db.commit()
                finally:
                    db.close()
            with _storage(where):
                self.store.replace_with(fresh)
        except BaseException:
            fresh.unlink(missing_ok=True)
            raise
        return len(offsets)  # records taken, as ``upsert`` counts them

    def _rebuilt(
        self,
        spool: IO[bytes],
        offsets: list[int],
        jobs: list[tuple[int, list[int]]],
        links: dict[str, str],
        db: sqlite3.Connection,
    ) -> Iterator[Posting]:
        for _, members in jobs:
            records = [_read(spool, offsets, i) for i in members]
            doc = merge(records)
            link = links.get(doc.id, doc.reposted_from)  # as an upsert decides it
            if link != doc.reposted_from:
                doc = doc.model_copy(update={"reposted_from": link})
            if len(records) > 1:
                unique = {r.id: r for r in records}
                with _storage(self.store.path.parent):
                    db.executemany(
                        "INSERT OR REPLACE INTO members (id, job, record) VALUES (?, ?, ?)",
                        [(r.id, doc.id, r.model_dump_json()) for r in unique.values()],
                    )
            yield doc


def _read(spool: IO[bytes], offsets: list[int], position: int) -> Posting:
    here = spool.tell()
    spool.seek(offsets[position])
    line = spool.readline()
    spool.seek(here)
    return Posting.model_validate_json(line)


class _Placement:
    """The documents and member sets one batch of writes leaves behind, decided before anything is written.

    ``docs``: document id -> its new record, or None to delete it. ``jobs``: job id -> its members (for the
    member store); ``gone_jobs``: jobs whose member rows go.
    """

    def __init__(self, owner: DedupIndex) -> None:
        self.inner = owner.inner
        self.store = owner.store
        self.docs: dict[str, Posting | None] = {}
        self.jobs: dict[str, list[Posting]] = {}
        self.gone_jobs: set[str] = set()
        self._job_of: dict[str, str | None] = {}  # member id -> job id, as this batch left it
        self._by_bucket: dict[object, set[str]] = {}  # documents this batch wrote, by job key
        self.empty = False  # no index yet
        self._companies: dict[str | None, dict[object, dict[str, Posting]]] = {}  # company key -> job key -> documents
        self._seen: dict[str, tuple[Posting, Features]] = {}

    # what is stored, as this batch has changed it

    def _doc(self, doc_id: str) -> Posting | None:
        if doc_id in self.docs:
            return self.docs[doc_id]
        if self.empty:
            return None
        try:
            return self.inner.get(doc_id)
        except IndexUnavailable:  # nothing written yet: the first upsert creates the index
            self.empty = True
            return None

    def _members(self, doc: Posting, without: str) -> list[Posting]:
        """The records a document stands for, but ``without``: its members' own records when known, else the
        document itself (a merged record loaded from a dump, say), less ``without``'s source."""
        if doc.id in self.jobs:
            return [m for m in self.jobs[doc.id] if m.id != without]
        if doc.sources and doc.id not in self.gone_jobs:
            stored = self.store.members(doc.id)
            if stored:
                return [m for m in stored if m.id != without]
        if doc.id == without:
            return []
        refs = [ref for ref in doc.sources if ref.id != without]
        if len(refs) != len(doc.sources):
            return [doc.model_copy(update={"sources": refs if len(refs) > 1 else []})]
        return [doc]

    def _job(self, member_id: str) -> str | None:
        if member_id in self._job_of:
            return self._job_of[member_id]
        return self.store.job_of(member_id)

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
        """Stored documents that may hold the same job: the record's own and its job's, then those a search finds;
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
            before = features(previous)
            unchanged = (before.bucket, before.cities, before.countries, before.remote, before.posted_at)
            if unchanged == (feature.bucket, feature.cities, feature.countries, feature.remote, feature.posted_at):
                return found  # the copies it may have were found when it was stored, or find it when they come
        found.update(self._bucket_docs(record, feature))
        return found

    def _bucket_docs(self, record: Posting, feature: Features) -> dict[str, Posting]:
        """The stored documents (as this batch left them) with the record's job key: its company's, same title words."""
        found: dict[str, Posting] = {}
        if feature.bucket is None or not record.company.name:
            return found
        for doc_id, doc in self._company_docs(record).get(feature.bucket, {}).items():
            if doc_id not in self.docs:
                found[doc_id] = doc
        for doc_id in self._by_bucket.get(feature.bucket, ()):
            pending = self.docs.get(doc_id)
            if pending is not None:
                found[doc_id] = pending
        return found

    def _features(self, doc: Posting) -> Features:
        known = self._seen.get(doc.id)
        if known is None or known[0] is not doc:
            known = (doc, features(doc))
            self._seen[doc.id] = known
        return known[1]

    def _company_docs(self, record: Posting) -> dict[object, dict[str, Posting]]:
        """Every stored document of the record's company, whatever its spelling there, fetched once per batch.

        The spellings are the values of the companies facet over the documents that mention the name's first word
        and share its key ("ACME" finds "Acme GmbH"); then a company filter per spelling, without free text (no
        scoring, no highlights), newest first, at most ``COMPANY_DOCS`` of them. Grouped by job key.
        """
        name = record.company.name or ""
        key = company_key(name)
        if key in self._companies:
            return self._companies[key]
        by_bucket: dict[object, dict[str, Posting]] = {}
        self._companies[key] = by_bucket
        if self.empty:
            return by_bucket
        docs: dict[str, Posting] = {}
        words = [w for w in name.replace('"', " ").split() if w.lower() != "the"] or name.split()
        spellings = {name}
        try:
            counted = self.inner.facets(SearchQuery(q=f'"{words[0]}"', include_archived=True, facet_size=100))
            spellings |= {v.value for v in counted.get("companies", []) if company_key(v.value) == key}
            for spelling in sorted(spellings):
                cursor: str | None = None
                while len(docs) < COMPANY_DOCS:
                    query = SearchQuery(
                        company=spelling, include_archived=True, sort="date", size=100, facet_size=0, cursor=cursor
                    )
                    page = self.inner.search(query)
                    docs.update((hit.record.id, hit.record) for hit in page.items)
                    cursor = page.next_cursor
                    if not cursor:
                        break
        except IndexUnavailable:
            self.empty = True
        for doc_id, doc in docs.items():
            by_bucket.setdefault(features(doc).bucket, {})[doc_id] = doc
        return by_bucket

    # decisions

    def place(self, records: list[Posting]) -> _Placement:
        latest: dict[str, Posting] = {}
        for record in records:
            latest[record.id] = record  # the same posting twice in a batch: the last one wins
        for record in latest.values():
            self._place(record)
        return self

    def _place(self, record: Posting) -> None:
        """Regroup the record with every stored document of its job key, as ``rebuild`` would group them."""
        candidates = self._candidates(record, features(record))
        if candidates is None:
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
        groups = group_features([features(m) for m in members])
        new_docs = [(merge(group), group) for group in ([members[i] for i in positions] for positions in groups)]
        links = repost_links([features(doc) for doc, _ in new_docs])
        written: set[str] = set()
        for doc, group in new_docs:
            link = links.get(doc.id, doc.reposted_from)
            if link != doc.reposted_from:
                doc = doc.model_copy(update={"reposted_from": link})
            written.add(doc.id)
            for member in group:
                self._job_of[member.id] = doc.id if len(group) > 1 else None
            if len(group) > 1:
                self.jobs[doc.id] = group
                self.gone_jobs.discard(doc.id)
            else:
                self.jobs.pop(doc.id, None)
                self.gone_jobs.add(doc.id)
            bucket = self._features(doc).bucket
            if bucket is not None:
                self._by_bucket.setdefault(bucket, set()).add(doc.id)
            current = self.docs[doc.id] if doc.id in self.docs else affected.get(doc.id)
            if current != doc or doc.id in self.docs:
                self.docs[doc.id] = doc
        for doc_id in affected:
            if doc_id not in written:
                self.docs[doc_id] = None
                self.jobs.pop(doc_id, None)
                self.gone_jobs.add(doc_id)
