"""Where crawls land on disk: posting files, raw responses, the index journal and small per-board state.

Every write goes to a temporary file in the target folder and is renamed over
the target, so a crash leaves the old file or the new one, never half a file.
Before a board's files are renamed into place they are listed in the index
journal, so a crash between the files and the index is repaired by the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gzip
import hashlib
import json
import os
import re
import secrets
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.files import Batch, atomic_write, os_reason, sync_folder
from crawlers.errors import StoreError
from parsers import ParseError, parse_file
from parsers import record as record_module
from parsers.record import Posting
from parsers.writer import posting_markdown

if TYPE_CHECKING:
    from index.base import SearchIndex

_UNSAFE = re.compile(r"[^a-z0-9._-]+")
RAW_GZIP_LEVEL = 1  # raw answers are written on every changed fetch and read back rarely (reparse): speed over size
_ARCHIVED_LINE = "\narchived: 'true'\n"


def write_file(path: Path, data: bytes) -> None:
    """``core.files.atomic_write``, failing as a ``StoreError`` that names the file."""
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {os_reason(exc)}") from None


def safe_name(value: str, fallback: str) -> str:
    """A file name from a slug: lower-case letters, digits, '.', '-' and '_' only."""
    name = _UNSAFE.sub("-", value.lower()).strip("-.")[:120]
    return name or fallback


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path``, waited for; the OS frees it if the holder dies."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "ab")  # closed below, which frees the lock
    except OSError as exc:
        raise StoreError(f"cannot open the lock file {path}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        handle.close()


@dataclass
class Changes:
    """What applying one board did to a company's posting files."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    unarchived: int = 0
    held: int = 0  # missing postings not archived because the board shrank sharply
    problems: list[str] = field(default_factory=list)
    records: list[Posting] = field(default_factory=list)  # new, updated and archived records, for the index
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # board slug -> (file name, digest of its text)
    journal: list[str] = field(default_factory=list)  # index journal entries of the files written

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "archived": self.archived,
            "unarchived": self.unarchived,
        }


class PostingStore:
    """``{root}/{company}/{name}.md``, one posting per file, in the samples' frontmatter shape."""

    SHRINK_MIN_ACTIVE = 10  # boards smaller than this may lose any share of their postings at once

    def __init__(self, root: Path, max_bytes: int = 16 * 1024 * 1024, journal: IndexJournal | None = None) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.journal = journal

    def folder(self, company: str) -> Path:
        return self.root / company

    def apply(
        self,
        company: str,
        postings: dict[str, Posting],
        complete: bool,
        shrinks: ShrinkMemory | None = None,
        kept: dict[str, tuple[str, str]] | None = None,
    ) -> Changes:
        """Write new and changed postings (keyed by their slug on the board); when the board was ``complete``,
        archive the ones it no longer lists.

        ``kept`` are the board's postings known unchanged without parsing them (slug -> file name and digest,
        see ``OfferHashes``): counted unchanged and listed, never rewritten.

        A sharp shrink (at least ``SHRINK_MIN_ACTIVE`` active postings, more than half of them missing, the
        board not empty) archives nothing until ``shrinks`` confirms that the previous crawl saw the same:
        a board answering half its offers by mistake must not archive a company. Without ``shrinks`` every
        sharp shrink is held.
        """
        changes = Changes()
        folder = self.folder(company)
        existing = {path.stem: path for path in folder.glob("*.md")} if folder.is_dir() else {}
        kept = kept or {}
        names = self._file_names(postings, existing, changes, {key: name for key, (name, _) in kept.items()})
        batch = Batch(folder)
        active = len(kept)
        changes.unchanged = len(kept)
        changes.files.update(kept)
        for key, name in names.items():
            if key in kept:
                continue
            record = postings[key]
            path = folder / f"{name}.md"
            text = posting_markdown(record)
            changes.files[key] = (name, file_digest(text.encode("utf-8")))
            old = _read(path) if name in existing else None
            if old and _ARCHIVED_LINE not in old:
                active += 1
            if old == text:
                changes.unchanged += 1
                continue
            batch.add(path, text.encode("utf-8"))
            changes.records.append(record)
            if old is None:
                changes.new += 1
            else:
                changes.updated += 1
                if _ARCHIVED_LINE in old and not record.archived:
                    changes.unarchived += 1
        if complete:
            listed = set(names.values())
            vanished = [(existing[name], self._archived(existing[name], changes)) for name in sorted(existing.keys() - listed)]
            missing = [(path, record) for path, record in vanished if record is not None]
            active += len(missing)
            sharp = bool(postings) and active >= self.SHRINK_MIN_ACTIVE and 2 * len(missing) > active
            if sharp and (shrinks is None or not shrinks.confirms(company, [path.stem for path, _ in missing])):
                changes.held = len(missing)
                changes.problems.append(
                    f"the board shrank from {active} to {active - len(missing)} active postings at once: the "
                    f"{len(missing)} missing ones are archived only when the next crawl finds them missing too"
                )
                missing = []
            elif shrinks is not None and not sharp:
                shrinks.forget(company)
            for path, record in missing:
                batch.add(path, posting_markdown(record).encode("utf-8"))
                changes.archived += 1
                changes.records.append(record)
        try:
            changes.journal = batch.commit(self.journal.recording if self.journal else _unrecorded) or []
        except OSError as exc:
            raise StoreError(f"cannot write postings under {folder}: {os_reason(exc)}") from None
        return changes

    def _file_names(
        self, postings: dict[str, Posting], existing: dict[str, Path], changes: Changes, kept: dict[str, str]
    ) -> dict[str, str]:
        """A file name per board slug, never the same for two slugs, and the same on every crawl.

        A slug that is already a safe name is its own name (what every crawl wrote). Another one (``A/B``,
        ``CamelCase``) gets its safe form plus a hash of the slug, so ``a/b``, ``A/B`` and ``a-b`` keep
        apart; a file an older crawl wrote under the bare safe form for the same posting keeps its name.
        """
        names = {**{key: key for key in postings if safe_name(key, "") == key}, **kept}
        taken = set(names.values())
        for key in sorted(postings.keys() - names.keys()):
            plain = safe_name(key, postings[key].id)
            digest = _digest(key)
            hashed = f"{plain[:111]}-{digest[:8]}"
            if (
                hashed not in existing
                and plain not in taken
                and plain in existing
                and self._holds(existing[plain], postings[key])
            ):
                name = plain
            else:
                name = next((n for n in (hashed, f"{plain[:79]}-{digest}") if n not in taken), "")
            if not name:
                changes.problems.append(f"offer {key!r}: no file name left for it; not stored")
                continue
            names[key] = name
            taken.add(name)
        return names

    def _holds(self, path: Path, record: Posting) -> bool:
        """Whether ``path`` is a file of this same posting."""
        try:
            return [old.id for old in parse_file(path, max_bytes=self.max_bytes)] == [record.id]
        except ParseError:
            return False

    def _archived(self, path: Path, changes: Changes) -> Posting | None:
        """The archived version of a posting file, or None when it is archived already or cannot be read."""
        text = _read(path)
        if text and _ARCHIVED_LINE in text:
            return None  # archived already: no need to parse it on every crawl
        try:
            records = parse_file(path, max_bytes=self.max_bytes)
        except ParseError as exc:
            changes.problems.append(f"{path}: not archived, cannot read it back ({exc})")
            return None
        if len(records) != 1:
            changes.problems.append(f"{path}: not archived, holds {len(records)} postings")
            return None
        if records[0].archived:
            return None
        return records[0].model_copy(update={"archived": True})


@contextlib.contextmanager
def _unrecorded(paths: list[Path]) -> Iterator[list[str]]:
    yield []


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""  # unreadable: differs from any record, so it is rewritten


class RawStore:
    """``{root}/{company}/{date}.json.gz``: each company's response as fetched, for ``jobboard reparse``.

    Offer pages of the HTML fallback are kept as ``{date}.pages.json.gz`` (URL -> HTML).
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def save_api(self, company: str, body: bytes, when: datetime) -> Path:
        path = self.root / company / f"{when.astimezone(UTC):%Y-%m-%d}.json.gz"
        previous = self._latest_api(company)
        kept = self._same_body(previous, body) if previous is not None else None
        if kept is not None and previous == path:
            return path  # the same answer again today: already kept
        write_file(path, kept if kept is not None else gzip.compress(body, compresslevel=RAW_GZIP_LEVEL, mtime=0))
        return path

    def _latest_api(self, company: str) -> Path | None:
        folder = self.root / company
        files = [p for p in folder.glob("*.json.gz") if not p.name.endswith(".pages.json.gz")] if folder.is_dir() else []
        return max(files, key=lambda p: p.name) if files else None

    @staticmethod
    def _same_body(path: Path, body: bytes) -> bytes | None:
        """The kept compressed bytes of ``path`` when they hold exactly ``body``: an unchanged board's answer
        is kept again without compressing it again (most of a recrawl's own work otherwise)."""
        try:
            data = path.read_bytes()
            return data if gzip.decompress(data) == body else None
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
            return None

    def save_pages(self, company: str, pages: dict[str, str], when: datetime) -> Path:
        path = self.root / company / f"{when.astimezone(UTC):%Y-%m-%d}.pages.json.gz"
        body = json.dumps(pages, ensure_ascii=False, sort_keys=True).encode("utf-8")
        write_file(path, gzip.compress(body, compresslevel=RAW_GZIP_LEVEL, mtime=0))
        return path

    def companies(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() else []

    def latest(self, company: str) -> Path | None:
        """The newest raw file of a company (by date; the API response wins over pages of the same day)."""
        folder = self.root / company
        files = [p for p in folder.glob("*.json.gz")] if folder.is_dir() else []
        if not files:
            return None
        return max(files, key=lambda p: (p.name.split(".", 1)[0], not p.name.endswith(".pages.json.gz")))


class _BoardState:
    """A small JSON map of company -> entry under ``data/crawls/``, replaced atomically when saved."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, dict[str, Any]] = {}
        self.dirty = False
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.data = {k: v for k, v in loaded.items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass  # no state yet, or a damaged one: start afresh (the safe side for every user of this)

    def forget(self, company: str) -> None:
        if self.data.pop(company, None) is not None:
            self.dirty = True

    def save(self) -> None:
        write_file(self.path, json.dumps(self.data, indent=1, sort_keys=True).encode("utf-8"))
        self.dirty = False


class ValidatorStore(_BoardState):
    """ETag and Last-Modified of each company's last good fetch, for conditional requests."""

    FILE = "validators.json"

    @classmethod
    def of(cls, crawls_dir: Path) -> ValidatorStore:
        """The validators kept beside the run reports."""
        return cls(crawls_dir / cls.FILE)

    def headers(self, company: str) -> dict[str, str]:
        entry = self.data.get(company, {})
        headers = {}
        if isinstance(entry.get("etag"), str):
            headers["If-None-Match"] = entry["etag"]
        if isinstance(entry.get("last_modified"), str):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def remember(self, company: str, etag: str | None, last_modified: str | None) -> None:
        if etag or last_modified:
            self.data[company] = {"etag": etag, "last_modified": last_modified}
            self.dirty = True
        else:
            self.forget(company)


class ShrinkMemory(_BoardState):
    """Each board's sharp shrink that is waiting for a second crawl to confirm it (which postings went missing)."""

    def confirms(self, company: str, missing: list[str]) -> bool:
        """True when the last crawl saw the same postings missing (the entry is then done); else remember them."""
        digest = _digest("\n".join(sorted(missing)))
        if self.data.get(company, {}).get("missing_digest") == digest:
            self.forget(company)
            return True
        self.data[company] = {"missing_digest": digest, "missing": len(missing), "seen_at": datetime.now(UTC).isoformat()}
        self.dirty = True
        return False


def file_digest(data: bytes) -> str:
    """What a posting file held when it was written, to tell it from any later version of it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# Libraries whose output ends up in a posting file: upgrading one may change a record, so it counts as a new parser.
_PARSING_LIBRARIES = (
    "pydantic",
    "pydantic_core",
    "html-to-markdown",
    "PyYAML",
    "python-frontmatter",
    "price-parser",
    "pycld2",
    "extruct",
)


@functools.cache
def _parsers_digest() -> str:
    """A digest of the parsers' sources and data files and of the parsing libraries' versions: changing any
    of them changes every offer's hash."""
    from importlib import metadata

    root = Path(record_module.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for library in _PARSING_LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none\n".encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".yaml", ".yml", ".json", ".txt", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            with contextlib.suppress(OSError):
                digest.update(path.read_bytes())
    return digest.hexdigest()


def parser_stamp() -> str:
    """The parser version an offer hash is made under: ``PARSER_VERSION`` plus the parsers' own digest."""
    return f"{record_module.PARSER_VERSION}:{record_module.SCHEMA_VERSION}:{_parsers_digest()}"


def offer_hash(offer: dict[str, Any] | str, stamp: str) -> str:
    """A stable hash of a raw offer as it is kept (less ``mailbox_email``, never stored), under ``stamp``."""
    kept = {key: value for key, value in offer.items() if key != "mailbox_email"} if isinstance(offer, dict) else offer
    # ASCII escapes: a third faster to make than UTF-8 text, and every hash is made the same way.
    canonical = json.dumps(kept, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(f"{stamp}\n{canonical}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@functools.cache
def _spiders_digest() -> str:
    """A digest of the spiders' sources: what turns an answer into the offers its hashes are made of."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted((Path(__file__).parent / "spiders").glob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def answer_digest(kind: str, context: dict[str, Any], body: bytes, stamp: str) -> str:
    """A digest of a board's whole answer as received, under ``stamp`` and the spiders' code: the same digest
    means the same offers, so their hashes are the ones recorded from it (``OfferHashes.known``)."""
    head = f"{stamp}\n{_spiders_digest()}\n{kind}\n{json.dumps(context, sort_keys=True, default=str)}\n"
    return hashlib.blake2b(head.encode("utf-8", "surrogatepass") + body, digest_size=16).hexdigest()


class OfferHashes(_BoardState):
    """Per company, each stored offer's raw hash with the file written from it: ``slug -> [hash, name, digest]``,
    and under ``ANSWER`` the digest of the complete answer they were all recorded from.

    An offer is skipped (not parsed) only when its hash is the same and its file still holds exactly what was
    written from it, so a stale entry (a crash after the files, an archived or edited file, another parser)
    never hides a change: it only costs one parse. Entries are recorded after the files are in place. An answer
    byte for byte the same as the one recorded has the same offers: their hashes are taken from the entries
    instead of made again (most of a recrawl's own work otherwise), and each file is still checked.
    """

    FILE = "offers.json"
    ANSWER = "\0answer"  # no slug holds a NUL (``offer_hashes`` leaves such offers unhashed: always parsed)

    @classmethod
    def of(cls, crawls_dir: Path) -> OfferHashes:
        return cls(crawls_dir / "state" / cls.FILE)

    def known(self, company: str, answer: str | None) -> dict[str, str]:
        """Slug -> hash of the offers recorded from this very answer (``answer_digest``); none for another one."""
        entries = self.data.get(company, {})
        if answer is None or entries.get(self.ANSWER) != answer:
            return {}
        return {slug: str(entry[0]) for slug, entry in entries.items() if isinstance(entry, list) and len(entry) == 3}

    def unchanged(self, company: str, hashes: dict[str, str], folder: Path) -> dict[str, tuple[str, str]]:
        """The offers of ``hashes`` (slug -> hash) whose files are current: slug -> (file name, digest)."""
        entries = self.data.get(company, {})
        found: dict[str, tuple[str, str]] = {}
        for slug, digest in hashes.items():
            entry = entries.get(slug)
            if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == digest):
                continue
            name, written = str(entry[1]), str(entry[2])
            if safe_name(name, "") != name:  # a damaged state never points outside the folder
                continue
            try:
                data = (folder / f"{name}.md").read_bytes()
            except OSError:
                continue
            if file_digest(data) == written:
                found[slug] = (name, written)
        return found

    def record(
        self,
        company: str,
        hashes: dict[str, str],
        files: dict[str, tuple[str, str]],
        complete: bool,
        answer: str | None = None,
    ) -> None:
        """Remember the offers stored now; a ``complete`` board replaces the company's entries and, given the
        digest of its ``answer``, names it as the one they were recorded from."""
        fresh: dict[str, Any] = {slug: [hashes[slug], *files[slug]] for slug in hashes if slug in files}
        old = self.data.get(company, {})
        entries = fresh if complete else {key: value for key, value in {**old, **fresh}.items() if key != self.ANSWER}
        if complete and answer is not None and fresh:
            entries[self.ANSWER] = answer
        if entries != old:
            if entries:
                self.data[company] = entries
            else:
                self.data.pop(company, None)
            self.dirty = True


@dataclass
class Replayed:
    """What replaying the index journal did."""

    indexed: int = 0
    problems: list[str] = field(default_factory=list)


class IndexJournal:
    """Posting files the index may not have taken yet: one line per file, ``{token}\t{company}/{name}.md``.

    A board's files are listed (one append and one fsync per board) before they are renamed into place, and
    their lines removed once the index took their records, so whatever a killed run leaves listed is read
    back from the files and upserted by the next crawl, ``reparse`` or ``jobboard index``. The token tells
    one batch's line from a later batch's line for the same file, so a concurrent run removing its own
    lines never drops another's. Every access holds a lock file beside the journal.
    """

    def __init__(self, path: Path, root: Path, max_bytes: int = 16 * 1024 * 1024) -> None:
        self.path = path
        self.root = root
        self.max_bytes = max_bytes
        self.lock = path.with_name(f"{path.name}.lock")

    @contextlib.contextmanager
    def recording(self, paths: list[Path]) -> Iterator[list[str]]:
        """List ``paths`` durably and hold the journal while the caller renames them into place.

        Holding it keeps a concurrent replay from reading these lines before the files they name are there.
        """
        token = secrets.token_hex(6)
        entries = [f"{token}\t{path.relative_to(self.root).as_posix()}" for path in paths]
        with _locked(self.lock):
            self._append(entries)
            yield entries

    def _append(self, entries: list[str]) -> None:
        try:
            created = not self.path.exists()
            with open(self.path, "ab+") as handle:
                size = handle.seek(0, os.SEEK_END)
                if size:
                    handle.seek(size - 1)
                    if handle.read(1) != b"\n":
                        # A run killed mid-append left half a line; it renamed none of those files: drop it.
                        handle.seek(0)
                        handle.truncate(handle.read().rfind(b"\n") + 1)
                handle.write("".join(f"{entry}\n" for entry in entries).encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            if created:
                sync_folder(self.path.parent)
        except OSError as exc:
            raise StoreError(f"cannot write the index journal {self.path}: {exc.strerror or exc}") from None

    def entries(self) -> list[str]:
        """The whole lines listed now (a half-written last line is not one)."""
        if not self.path.exists():
            return []
        with _locked(self.lock):
            return self._read()

    def _read(self) -> list[str]:
        """Every whole line; bytes that are not UTF-8 read as U+FFFD, so ``_listed`` tells a damaged line."""
        try:
            lines = self.path.read_bytes().decode("utf-8", "replace").split("\n")[:-1]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read the index journal {self.path}: {exc.strerror or exc}") from None
        return [line for line in lines if line]

    def _listed(self, entry: str) -> str | None:
        """The posting file a line names (relative to ``root``), or None for a line this journal never writes:
        no token and tab, bytes that were not UTF-8, a control character, a path that is absolute or climbs out."""
        token, tab, name = entry.partition("\t")
        if not tab or not token or not name or "\ufffd" in entry or not name.isprintable():
            return None
        if not re.fullmatch(r"[0-9a-f]+", token):
            return None
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts or len(parts) < 2:
            return None
        return name

    def remove(self, entries: Iterable[str]) -> None:
        """Drop these lines (the index has their records); lines added since stay."""
        done = Counter(entries)
        if not done:
            return
        with _locked(self.lock):
            left = []
            for line in self._read():
                if done[line] > 0:
                    done[line] -= 1
                else:
                    left.append(line)
            if left:
                write_file(self.path, "".join(f"{line}\n" for line in left).encode("utf-8"))
                return
            try:
                self.path.unlink(missing_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot clear the index journal {self.path}: {exc.strerror or exc}") from None

    def replay(self, index: SearchIndex, entries: list[str] | None = None) -> Replayed:
        """Upsert the records of the files listed (``entries``, or all), then drop their lines.

        The files are the truth: whatever state a crash left them in is what the index gets. If the index
        fails, its error propagates and the lines stay for the next try.
        """
        entries = self.entries() if entries is None else entries
        done = Replayed()
        if not entries:
            return done
        listed = [self._listed(entry) for entry in entries]
        files = dict.fromkeys(name for name in listed if name is not None)
        damaged = listed.count(None)
        if damaged:  # one line for them all: their bytes are nothing to show, and they are dropped below
            done.problems.append(
                f"{self.path}: {damaged} damaged line(s) that name no posting file under {self.root}; skipped and dropped"
            )

        def records() -> Iterator[Posting]:
            for name in files:
                path = self.root / name
                if not path.is_file():
                    done.problems.append(f"{path}: listed in the index journal but not there; skipped")
                    continue
                try:
                    yield from parse_file(path, max_bytes=self.max_bytes)
                except ParseError as exc:
                    done.problems.append(f"{path}: {exc}")

        done.indexed = index.upsert(records())
        self.remove(entries)
        return done
