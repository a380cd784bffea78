"""JSON dumps of the index: a portable backup and hand-over format, and its loader.

A dump holds whole records (``Posting.model_dump_json()``), one per line, after a header line naming the
record schema version. Records come newest first, then by id, and the header has no timestamp, so
dumping, loading into an empty index and dumping again gives the same bytes (gzip output too: no
name and mtime 0 in its header). The loader skips and reports damaged lines instead of giving up,
since a dump is most needed exactly when something went wrong.
"""

from __future__ import annotations

import calendar
import gzip
import io
import json
import os
import re
import shutil
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, BinaryIO, Literal, Protocol

from pydantic import ValidationError
from pydantic_core import from_json

from core.errors import JobboardError
from core.files import atomic_file, os_reason, remove_stale_temporaries, swap_symlink
from core.settings import Settings
from index.base import MAX_PAGE_SIZE, SearchIndex, SearchQuery
from index.filters import FILTER_NAMES
from parsers.record import SCHEMA_VERSION, Posting

DumpFormat = Literal["ndjson", "json"]
FORMATS: tuple[DumpFormat, ...] = ("ndjson", "json")
DUMP_FORMAT = "jobboard-dump"  # the header's "format" value
LOAD_BATCH = 1000  # records per upsert: one commit each, memory bounded
MAX_LINE_BYTES = 64 * 1024 * 1024  # a record is at most a posting file (16 MB by default); anything far larger is damage
SCHEDULED_PREFIX = "jobboard-"
SCHEDULED_SUFFIX = ".ndjson.gz"
LATEST_NAME = "latest" + SCHEDULED_SUFFIX
_SCHEDULED_NAME = re.compile(r"^jobboard-\d{8}T\d{6}Z\.ndjson\.gz$")
_STALE_TEMP_S = 6 * 3600  # temp files of a dump that crashed are removed after this long
_GZIP_MAGIC = b"\x1f\x8b"
_JSON_AT = re.compile(r" at line (\d+) column (\d+)$")  # where pydantic-core's JSON errors say they are
_UNDATED = -(1 << 62)  # sorts after every real date
_OVERLONG = b"\x00overlong"  # stands in for a line too long to keep


class _Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


class DumpError(JobboardError):
    """A dump cannot be written or read at all (as opposed to a damaged line, which is skipped)."""


class DumpWriteFailed(DumpError):
    """The storage refused the dump (disk full, a size limit): nothing was saved, and the CLI exits 1 as for other
    write failures rather than 2 (a usage error)."""

    exit_status = 1


class DamagedDump(DumpError):
    """A rebuild refused because lines of the dump were damaged: swapping in what survived would silently shrink
    the board, so the previous index stays unless the user forces it. Exit 1, like any load with damaged lines."""

    exit_status = 1


# ------------------------------------------------------------------ writing


def format_for(name: str | os.PathLike[str] | None) -> DumpFormat:
    """The format a file name asks for: ``.json``/``.json.gz`` is json, anything else ndjson."""
    text = str(name or "").lower().removesuffix(".gz")
    return "json" if text.endswith(".json") else "ndjson"


def dump_query(**filters: object) -> SearchQuery:
    """A query for a dump: archived postings are included unless asked otherwise (a dump is a backup)."""
    filters.setdefault("include_archived", True)
    return SearchQuery.model_validate(filters)


def header(query: SearchQuery | None = None, fmt: DumpFormat = "ndjson") -> bytes:
    """The first line: format marker, record schema version and the filters the dump was made with."""
    head: dict[str, object] = {"format": DUMP_FORMAT, "schema_version": SCHEMA_VERSION}
    if query is not None:
        used = query.model_dump(mode="json", include=set(FILTER_NAMES), exclude_defaults=True)
        used["include_archived"] = query.include_archived  # always said: it decides what "everything" means
        head["filters"] = {key: used[key] for key in FILTER_NAMES if key in used}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    if fmt == "json":
        return (text[:-1] + ',"records":[\n').encode()
    return (text + "\n").encode()


def _date_key(record: Posting) -> int:
    """Seconds of ``posted_at`` as the record serializes it (wall clock, whole seconds), so the order survives a load."""
    if record.posted_at is None:
        return _UNDATED
    return calendar.timegm(record.posted_at.timetuple())


def ordered_ids(index: SearchIndex, query: SearchQuery) -> list[str]:
    """Ids of every match, newest first, then by id; undated last.

    Engines do not order ties on the date deterministically, so the pages are walked once for
    ``(posted_at, id)`` keys only and sorted here: memory grows with the number of ids, not records.
    """
    walk = query.model_copy(update={"sort": "date", "size": MAX_PAGE_SIZE, "facet_size": 0, "cursor": None})
    keys: dict[str, int] = {}
    while True:
        page = index.search(walk)
        for hit in page.items:
            keys[hit.record.id] = _date_key(hit.record)
        if not page.next_cursor:
            break
        walk = walk.model_copy(update={"cursor": page.next_cursor})
    by_id = sorted(keys.items(), key=lambda item: item[0])
    by_id.sort(key=lambda item: item[1], reverse=True)  # stable: equal dates stay in id order; undated last
    return [posting_id for posting_id, _ in by_id]


def iter_records(index: SearchIndex, query: SearchQuery) -> Iterator[Posting]:
    """Every record matching ``query`` in dump order, fetched one at a time; one deleted meanwhile is left out."""
    return _fetch(index, ordered_ids(index, query))


def _fetch(index: SearchIndex, ids: list[str]) -> Iterator[Posting]:
    for posting_id in ids:
        record = index.get(posting_id)
        if record is not None:
            yield record


def _write_body(records: Iterable[Posting], out: _Writable, query: SearchQuery, fmt: DumpFormat) -> int:
    out.write(header(query, fmt))
    count = 0
    for record in records:
        line = record.model_dump_json().encode()
        if fmt == "json" and count:
            out.write(b",\n")
        out.write(line)
        if fmt == "ndjson":
            out.write(b"\n")
        count += 1
    if fmt == "json":
        out.write(b"\n]}\n" if count else b"]}\n")
    return count


def _gzip_writer(raw: IO[bytes]) -> gzip.GzipFile:
    """No file name and mtime 0 in the gzip header, so equal dumps are equal files."""
    return gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0)


def write_dump(
    index: SearchIndex,
    query: SearchQuery,
    out: BinaryIO | IO[bytes] | str | os.PathLike[str],
    fmt: DumpFormat | None = None,
    *,
    compress: bool | None = None,
) -> int:
    """Stream every record matching ``query`` to ``out``; returns how many were written.

    ``query.include_archived`` is honoured as given (``dump_query`` defaults it to True). ``out`` is a
    path (``-`` for stdout), written through a temporary file and a rename so a failed dump leaves no
    half file, or a binary stream. The format defaults to the one the name asks for; a name ending in
    ``.gz`` is gzip-compressed (``compress`` overrides, e.g. for streams).
    """
    fmt = fmt or (format_for(out) if isinstance(out, str | os.PathLike) and str(out) != "-" else "ndjson")
    if fmt not in FORMATS:
        raise DumpError(f"unknown dump format {fmt!r}; use one of {', '.join(FORMATS)}")
    records = iter_records(index, query)  # the ids are collected here, so a missing index fails before any output
    if isinstance(out, str | os.PathLike) and str(out) != "-":
        target = Path(out)
        gz = target.name.endswith(".gz") if compress is None else compress
        return _write_file(target, lambda handle: _write_stream(records, query, handle, fmt, gz))
    stream: IO[bytes] = sys.stdout.buffer if isinstance(out, str | os.PathLike) else out
    try:
        count = _write_stream(records, query, stream, fmt, bool(compress))
        stream.flush()
    except BrokenPipeError:
        raise  # the reader went away: not a failure to write
    except OSError as exc:
        name = "stdout" if stream is sys.stdout.buffer else getattr(stream, "name", "the output stream")
        raise DumpWriteFailed(f"cannot write the dump to {name}: {exc.strerror or exc}") from None
    return count


def _write_stream(records: Iterable[Posting], query: SearchQuery, raw: IO[bytes], fmt: DumpFormat, gz: bool) -> int:
    if not gz:
        return _write_body(records, raw, query, fmt)
    with _gzip_writer(raw) as compressed:
        return _write_body(records, compressed, query, fmt)


def _write_file(target: Path, write: Callable[[IO[bytes]], int]) -> int:
    """Run ``write`` on a temporary file beside ``target`` and rename it into place only when it succeeded."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DumpError(f"cannot create {target.parent}: {exc.strerror or exc}") from None
    try:
        with atomic_file(target) as handle:
            count = write(handle)
    except OSError as exc:
        raise DumpWriteFailed(f"cannot write {target}: {os_reason(exc)}; nothing was saved under that name") from None
    return count


# ------------------------------------------------------------------ reading


@dataclass
class LoadResult:
    """What a load did: records upserted, damaged lines skipped, and one message per problem."""

    path: str
    loaded: int = 0
    bad: int = 0
    problems: list[str] = field(default_factory=list)
    schema_version: str | None = None  # None for a dump without header (e.g. `jobboard parse` output)


class _Lines:
    """Numbered lines of a plain or gzip file, decompressed as they are read.

    A gzip stream that ends early (a truncated download) or is corrupt stops the iteration and
    sets ``problem``: every line before that point is still yielded, which ``gzip.open`` would not
    guarantee for the lines in its last buffer.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.problem: str | None = None
        self.problem_line = 0
        self.last_line = 0
        self.compressed = raw.peek(2)[:2] == _GZIP_MAGIC if isinstance(raw, io.BufferedReader) else False

    def _chunks(self) -> Iterator[bytes]:
        if not self.compressed:
            while chunk := self._raw.read(1 << 16):
                yield chunk
            return
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while chunk := self._raw.read(1 << 16):
            while chunk:
                if inflater.eof:  # one gzip member ended and more bytes follow: concatenated gzip files
                    if not chunk.strip(b"\x00"):
                        break  # zero padding after the last member
                    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                try:
                    out = inflater.decompress(chunk)
                except zlib.error as exc:
                    self.problem = f"corrupt gzip data ({exc}); the rest of the file is unreadable"
                    return
                if out:
                    yield out
                chunk = inflater.unused_data if inflater.eof else b""
        if not inflater.eof:
            if out := inflater.flush():
                yield out
            self.problem = "gzip data ends early (truncated file); the rest of the dump is missing"

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        number = 0
        rest = b""
        overlong = False  # the line being read has already passed MAX_LINE_BYTES and was dropped
        for chunk in self._chunks():
            parts = (rest + chunk).split(b"\n")
            rest = parts.pop()
            for line in parts:
                number += 1
                yield number, _OVERLONG if overlong else line
                overlong = False
            if len(rest) > MAX_LINE_BYTES:
                overlong, rest = True, b""
        self.last_line = number
        if self.problem:
            self.problem_line = number + 1  # a partial last line is part of the damage, not a record to try
            return
        if rest or overlong:
            self.last_line = number + 1
            yield number + 1, _OVERLONG if overlong else rest


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    if errors and errors[0].get("type") == "json_invalid":
        return f"bad JSON: {errors[0].get('ctx', {}).get('error') or errors[0]['msg']}"
    if not errors:
        return "invalid record"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "record"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"invalid record: {where}: {first['msg']}{more}"


def _check_header(head: dict[str, object], path: str) -> str:
    if head.get("format") != DUMP_FORMAT:
        raise DumpError(f"{path}: not a jobboard dump (header format {str(head.get('format'))[:40]!r})")
    version = str(head.get("schema_version") or "")
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise DumpError(
            f"{path}: the dump holds records of schema version {version[:20] or '(none)'!r}, "
            f"this jobboard reads version {SCHEMA_VERSION}; load it with a matching jobboard version"
        )
    return version


def _parse_header(line: bytes) -> tuple[dict[str, object] | None, DumpFormat]:
    """The header of an ndjson or json dump on the first line, or (None, ndjson) when the line is a record."""
    text = line.strip()
    try:
        parsed = from_json(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and "format" in parsed and "id" not in parsed:
        return parsed, "ndjson"
    if text.endswith(b"["):
        try:
            opened = from_json(text + b"]}")
        except ValueError:
            opened = None
        if isinstance(opened, dict) and opened.get("records") == []:
            return opened, "json"
    return None, "ndjson"


class _Loader:
    """Turns numbered lines into valid records, collecting a ``FILE:LINE: reason`` message per damaged one."""

    def __init__(self, path: str, result: LoadResult, on_problem: Callable[[str], None] | None) -> None:
        self.path = path
        self.result = result
        self.on_problem = on_problem

    def problem(self, where: int | str, reason: str) -> None:
        message = f"{self.path}:{where}: {reason}"
        self.result.bad += 1
        self.result.problems.append(message)
        if self.on_problem:
            self.on_problem(message)

    def record(self, number: int, line: bytes) -> Posting | None:
        if line == _OVERLONG:
            self.problem(number, f"line longer than {MAX_LINE_BYTES // 1048576} MB; skipped")
            return None
        try:
            return Posting.model_validate_json(line)
        except ValidationError as exc:
            self.problem(number, _first_error(exc))
            return None

    def records(self, lines: _Lines) -> Iterator[Posting]:
        """Records of the line layout both formats share: a header line, then one record per line.

        The json format's commas and closing ``]}`` are taken off each line, so even when its header line
        is damaged the records after it still load.
        """
        first = True
        in_json = closed = False
        for number, line in lines:
            stripped = line.strip()
            if not stripped:
                continue
            if first:
                first = False
                stripped = stripped.removeprefix(b"\xef\xbb\xbf").strip()  # a BOM from an editor
                head, fmt = _parse_header(stripped)
                if head is not None:
                    self.result.schema_version = _check_header(head, self.path)
                    in_json = fmt == "json"
                    continue
            if stripped in (b"]}", b"]"):
                closed = True
                continue
            if closed:
                self.problem(number, "text after the end of the records")
                continue
            record = self.record(number, stripped.removesuffix(b","))
            if record is not None:
                yield record
        if lines.problem:
            self.problem(lines.problem_line, lines.problem)
        elif in_json and not closed:
            self.problem(lines.last_line + 1, "the records list is not closed (truncated file?)")


def _open_for_reading(path: Path) -> BinaryIO:
    try:
        if path.is_dir():
            raise DumpError(f"{path}: is a directory, not a dump")
        return open(path, "rb")  # closed by the caller
    except FileNotFoundError:
        raise DumpError(f"{path}: no such file") from None
    except OSError as exc:
        raise DumpError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _whole_json(path: Path, raw: BinaryIO, loader: _Loader) -> Iterator[Posting]:
    """A dump reformatted by some tool (pretty-printed, or all on one line): read whole, problems named by record number."""
    lines = _Lines(raw)
    data = b"\n".join(line for _, line in lines)
    if lines.problem:
        raise DumpError(f"{path}: {lines.problem}")
    try:
        document = from_json(data)
    except ValueError as exc:
        raise _unreadable(path, exc) from None
    items: object = document
    if isinstance(document, dict):
        loader.result.schema_version = _check_header(document, str(path))
        items = document.get("records")
    if not isinstance(items, list):
        raise DumpError(f"{path}: not a jobboard dump (no list of records)")
    for number, item in enumerate(items, 1):
        try:
            record = Posting.model_validate(item)
        except ValidationError as exc:
            loader.problem(f"record {number}", _first_error(exc))
            continue
        yield record


def _unreadable(path: Path, exc: ValueError) -> DumpError:
    """``FILE:LINE: reason`` for a whole-document dump that is not JSON (too deeply nested, say)."""
    reason = str(exc)
    where = _JSON_AT.search(reason)
    if where is None:
        return DumpError(f"{path}: not a readable dump: {reason}")
    return DumpError(f"{path}:{where[1]}: not a readable dump: bad JSON: {reason[: where.start()]} (column {where[2]})")


def _is_document(raw: BinaryIO) -> bool:
    """True for JSON not in the line layout this module writes: a list, a pretty-printed object, or a whole dump on one line."""
    first = next((line.strip() for _, line in _Lines(raw) if line.strip()), b"")
    if first.startswith(b"[") or first == b"{":
        return True
    try:
        parsed = from_json(first)
    except ValueError:
        return False
    return isinstance(parsed, dict) and "records" in parsed


def iter_dump(
    path: str | os.PathLike[str], result: LoadResult | None = None, on_problem: Callable[[str], None] | None = None
) -> Iterator[Posting]:
    """Valid records of a dump (ndjson or json, gzip or not, header or not), damaged lines reported and skipped.

    Raises ``DumpError`` before yielding anything when the file is unreadable, not a dump, or of another
    major schema version.
    """
    target = Path(path)
    result = result if result is not None else LoadResult(path=str(target))
    loader = _Loader(str(target), result, on_problem)
    with _open_for_reading(target) as probe:
        document = _is_document(probe)
    with _open_for_reading(target) as raw:
        if document:
            yield from _whole_json(target, raw, loader)
        else:
            yield from loader.records(_Lines(raw))


def _batches(records: Iterable[Posting], size: int) -> Iterator[list[Posting]]:
    batch: list[Posting] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_dump(
    index: SearchIndex,
    path: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    force: bool = False,
    on_problem: Callable[[str], None] | None = None,
    batch_size: int = LOAD_BATCH,
) -> LoadResult:
    """Upsert a dump's records into ``index`` in batches; damaged lines are reported and skipped.

    With ``rebuild`` the index is rebuilt from the dump alone and swapped in when complete; a dump
    with no valid record at all leaves the old index in place instead of emptying it, and so does one
    with any damaged line (``DamagedDump``) unless ``force``.
    """
    result = LoadResult(path=str(path))
    records = iter_dump(path, result, on_problem)
    first = next(records, None)  # the header is checked here, before the index is touched
    if first is None:
        if rebuild:
            raise DumpError(f"{path}: no valid record in the dump; the index was left as it was")
        return result

    def everything() -> Iterator[Posting]:
        yield first
        yield from records

    if rebuild:
        result.loaded = index.rebuild(everything() if force else _refusing_damage(everything(), result))
        return result
    for batch in _batches(everything(), batch_size):
        result.loaded += index.upsert(batch)
    return result


def _refusing_damage(records: Iterator[Posting], result: LoadResult) -> Iterator[Posting]:
    """A rebuild's records that end in ``DamagedDump`` instead of ending, when any line was damaged.

    A rebuild swaps its new version in only after taking the last record, so raising here refuses the swap
    once the whole dump has been read, and read once. After the first damage the records are only counted:
    building the index any further would be wasted.
    """
    good = 0
    for record in records:
        good += 1
        if not result.bad:
            yield record
    if result.bad:
        lines = "line was" if result.bad == 1 else "lines were"
        raise DamagedDump(
            f"{result.path}: {result.bad} damaged {lines} found, so the index was not rebuilt and the previous one keeps "
            f"serving; `jobboard load --rebuild --force` swaps in the {good} good records anyway"
        )


# ------------------------------------------------------------------ scheduled dumps


def _symlink_latest(folder: Path, name: str) -> None:
    """Point ``latest.ndjson.gz`` at ``name``: a new symlink renamed over the old one, or a copy where links fail."""
    latest = folder / LATEST_NAME
    try:
        swap_symlink(latest, name)
    except OSError:
        with open(folder / name, "rb") as source, atomic_file(latest) as copy:
            shutil.copyfileobj(source, copy)


def scheduled_dumps(folder: Path) -> list[Path]:
    """The scheduled dumps in ``folder``, oldest first (their names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _SCHEDULED_NAME.match(p.name) and p.is_file() and not p.is_symlink())


def _prune(folder: Path, keep: int, newest: Path) -> None:
    for old in scheduled_dumps(folder)[:-keep]:
        if old != newest:
            old.unlink(missing_ok=True)
    remove_stale_temporaries(folder, older_than_s=_STALE_TEMP_S)


def scheduled_dump(settings: Settings, keep: int, *, now: datetime | None = None, index: SearchIndex | None = None) -> Path:
    """Write ``<data_dir>/dumps/jobboard-YYYYMMDDTHHMMSSZ.ndjson.gz`` of every posting (archived too).

    The file appears only when complete, ``latest.ndjson.gz`` then points at it, and dumps beyond the
    newest ``keep`` are deleted, so an unattended board keeps a bounded history of restorable backups.
    """
    from index import open_index

    if keep < 1:
        raise DumpError("keep must be at least 1")
    folder = settings.dumps_dir
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{SCHEDULED_PREFIX}{stamp}{SCHEDULED_SUFFIX}"
    own = index is None
    opened = open_index(settings) if index is None else index
    try:
        write_dump(opened, dump_query(), target, "ndjson", compress=True)
    finally:
        if own:
            opened.close()
    try:
        _symlink_latest(folder, target.name)
    except OSError as exc:
        raise DumpError(f"wrote {target} but cannot update {folder / LATEST_NAME}: {exc.strerror or exc}") from None
    _prune(folder, keep, target)
    return target


__all__ = [
    "DUMP_FORMAT",
    "FORMATS",
    "LATEST_NAME",
    "DamagedDump",
    "DumpError",
    "DumpFormat",
    "DumpWriteFailed",
    "LoadResult",
    "dump_query",
    "format_for",
    "iter_dump",
    "load_dump",
    "ordered_ids",
    "scheduled_dump",
    "scheduled_dumps",
    "write_dump",
]
