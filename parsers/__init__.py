"""Turn postings in any supported shape into normalized ``Posting`` records.

The format is detected from the content, never from the file name:
frontmatter Markdown, the applicant-tracking systems' answers (Recruitee,
Greenhouse, Lever, Ashby, Workable, SmartRecruiters JSON; Personio and
Teamtailor XML; ``parsers.formats.ATS_FORMATS``), a crawled board's jobs as
kept (``{"kind", "context", "jobs"}``), schema.org JSON-LD (HTML or JSON) and
plain text/Markdown.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape

from parsers.decode import decode, newlines
from parsers.draft import Draft
from parsers.errors import ParseError
from parsers.formats import ATS_FORMATS
from parsers.formats import frontmatter as fm_format
from parsers.formats import jsonld as jsonld_format
from parsers.formats import recruitee as recruitee_format
from parsers.formats import text as text_format
from parsers.normalizer import normalize
from parsers.record import SCHEMA_VERSION, Posting

__all__ = [
    "ATS_KINDS",
    "SCHEMA_VERSION",
    "ParseError",
    "Posting",
    "board_document",
    "iter_posting_files",
    "parse_bytes",
    "parse_file",
    "parse_jobs",
    "parse_recruitee_offer",
    "parse_text",
    "path_problem",
]

POSTING_SUFFIXES = {".md", ".markdown", ".txt", ".json", ".jsonld", ".html", ".htm", ".xml"}
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
BROKEN_LINK = "broken symbolic link (its target is missing or the links loop)"
NOT_REGULAR = "not a regular file or folder (a pipe, socket or device)"

FORMAT_OF_KIND: dict[str, ModuleType] = {
    getattr(module, "KIND", module.__name__.rsplit(".", 1)[-1]): module for module in ATS_FORMATS
}
ATS_KINDS = tuple(FORMAT_OF_KIND)


def board_document(kind: str, jobs: list[Any], context: Mapping[str, Any] | None = None) -> object:
    """Jobs of one board (all of them, or one job's rows) as a document of the ATS's own shape, the one its
    ``parse_data`` reads; ``context`` holds what the board's answer said besides its jobs (the Personio origin,
    Teamtailor's feed form and related resources, the Workable account's name)."""
    given = dict(context or {})
    if kind == "recruitee":
        return {"offers": jobs}
    if kind == "greenhouse":
        return {"jobs": jobs, "meta": {"total": len(jobs)}}
    if kind == "lever":
        return jobs
    if kind == "ashby":
        return {"apiVersion": str(given.get("apiVersion") or "1"), "jobs": jobs}
    if kind == "workable":
        return {"name": given.get("name"), "description": None, "jobs": jobs}
    if kind == "smartrecruiters":
        return {"content": jobs, "totalFound": len(jobs), "offset": 0, "limit": len(jobs)}
    if kind == "personio":
        return "<workzag-jobs>" + "".join(str(job) for job in jobs) + "</workzag-jobs>"
    if kind == "teamtailor":
        form = given.get("form")
        if form == "rss":
            title = escape(str(given.get("title") or ""))
            return f'<rss version="2.0"><channel><title>{title}</title>' + "".join(str(job) for job in jobs) + "</channel></rss>"
        if form == "jsonfeed":
            return {"version": given.get("version"), "title": given.get("title"), "items": jobs}
        return {"data": jobs, "included": given.get("included") or []}
    raise ParseError(f"no parser for {kind!r} jobs")


def _ats_drafts(kind: str, jobs: list[Any], context: Mapping[str, Any] | None) -> list[Draft]:
    module = FORMAT_OF_KIND.get(kind)
    if module is None:
        raise ParseError(f"no parser for {kind!r} jobs")
    document = board_document(kind, jobs, context)
    # The board's token: the company's name when the ATS gives none (Recruitee offers always name theirs).
    board = (context or {}).get("token") if kind != "recruitee" else None
    if kind == "personio":
        drafts: list[Draft] = module.parse_data(document, (context or {}).get("origin"), board=board)
        return drafts
    found: list[Draft] = module.parse_data(document, board=board) if board else module.parse_data(document)
    return found


def _kept_board(data: object) -> bool:
    """A crawled board's jobs as the crawler keeps them: ``{"kind": ATS, "context": {...}, "jobs": [...]}``."""
    return (
        isinstance(data, dict)
        and data.get("kind") in FORMAT_OF_KIND
        and isinstance(data.get("jobs"), list)
        and isinstance(data.get("context", {}), dict)
    )


def _drafts(text: str) -> list[Draft]:
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise ParseError("empty file")
    first = stripped[0]
    if stripped.startswith(("---", "+++")):
        meta, body = fm_format.split(stripped)
        if meta:
            return fm_format.from_parts(meta, body)
        return text_format.parse(stripped)
    if first in "{[":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            if first == "{" and exc.msg == "Extra data":
                return fm_format.parse(stripped)  # JSON frontmatter followed by Markdown, as Hugo writes it
            raise ParseError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
        except RecursionError:
            raise ParseError("JSON nested too deeply") from None
        if _kept_board(data):
            return _ats_drafts(data["kind"], data["jobs"], data.get("context"))
        for module in ATS_FORMATS:
            if module.looks_like(data):
                drafts: list[Draft] = module.parse_data(data)
                return drafts
        if jsonld_format.looks_like(data):
            return jsonld_format.parse_data(data)
        if isinstance(data, dict) and isinstance(data.get("title"), str):
            return fm_format.parse(stripped)  # JSON frontmatter with no body
        raise ParseError("JSON is neither an ATS's jobs (Recruitee, Greenhouse, Lever, ...) nor a schema.org JobPosting")
    if first == "<":
        for module in ATS_FORMATS:
            if module in (FORMAT_OF_KIND.get("personio"), FORMAT_OF_KIND.get("teamtailor")) and module.looks_like(stripped):
                feed: list[Draft] = module.parse_data(stripped)
                return feed
        return jsonld_format.parse_html(stripped)
    return text_format.parse(stripped)


def parse_text(text: str) -> list[Posting]:
    """Every posting in ``text``; raises ``ParseError`` (and only that) when there is none."""
    try:
        return [normalize(draft) for draft in _drafts(newlines(text))]
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("input nested too deeply") from None
    except Exception as exc:  # a bug or a library surprise must still not take the batch down
        raise ParseError(f"could not parse ({type(exc).__name__}: {exc})"[:300]) from exc


def parse_recruitee_offer(offer: object) -> Posting:
    """One offer object from a Recruitee ``/api/offers/`` response, as the crawler receives it."""
    if not isinstance(offer, dict):
        raise ParseError(f"offer is a JSON {type(offer).__name__}, not an object")
    try:
        return normalize(recruitee_format.parse_offer(offer))
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("offer nested too deeply") from None
    except Exception as exc:  # as in parse_text: one odd offer must not take its board down
        raise ParseError(f"could not parse offer ({type(exc).__name__}: {exc})"[:300]) from exc


def parse_jobs(kind: str, jobs: list[Any], context: Mapping[str, Any] | None = None) -> list[Posting]:
    """Jobs from an ATS board as the crawler receives them (``jobs``: one job's rows, or more); one posting each."""
    try:
        return [normalize(draft) for draft in _ats_drafts(kind, jobs, context)]
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("job nested too deeply") from None
    except Exception as exc:  # as in parse_text: one odd job must not take its board down
        raise ParseError(f"could not parse job ({type(exc).__name__}: {exc})"[:300]) from exc


def parse_bytes(data: bytes) -> list[Posting]:
    return parse_text(decode(data))


def parse_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Posting]:
    """The postings in one file. A FIFO, socket or device is refused unread: opening without blocking and
    checking what was opened leaves no gap between the check and the read."""
    try:
        # One open, its kind and size from the open file, one read: no path lookup per step.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ParseError(path_problem(path) or f"cannot read file: {exc.strerror or exc}") from None
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ParseError("a folder, not a posting file")
        if not stat.S_ISREG(info.st_mode):
            raise ParseError(NOT_REGULAR)
        if info.st_size > max_bytes:
            raise ParseError(f"file is {info.st_size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit")
        try:
            data = handle.read()
        except OSError as exc:
            raise ParseError(f"cannot read file: {exc.strerror or exc}") from None
    return parse_bytes(data)


def path_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as a posting file or a folder of them, or None. A FIFO or device would block
    the read or never end, and a dangling or looping link is not "no such file"."""
    if os.path.islink(path) and not os.path.exists(path):
        return BROKEN_LINK
    if not os.path.exists(path):
        return "no such file or directory"
    if not (os.path.isfile(path) or os.path.isdir(path)):
        return NOT_REGULAR
    return None


def iter_posting_files(
    paths: Iterable[str | os.PathLike[str]], on_problem: Callable[[Path, str], None] | None = None
) -> Iterator[Path]:
    """Files named directly, and posting-like files under named folders (sorted, hidden ones skipped).

    A linked folder is walked like any other, once however many links lead to it (a link back up is where the
    walk stops, not a loop). What cannot be read -- a dangling or looping link, a FIFO, socket or device, a
    folder that cannot be listed -- goes to ``on_problem`` with why, so that nothing is lost without a word; a
    FIFO is never opened. Without ``on_problem`` such a path is yielded, and ``parse_file`` says why it refuses it.
    """
    for raw in paths:
        root = Path(raw)
        why = path_problem(root)
        found: Iterable[tuple[Path, str | None]] = [(root, why)]
        if why is None and root.is_dir():
            found = _walk(root)
        for path, problem in found:
            if problem is None or on_problem is None:
                yield path
            else:
                on_problem(path, problem)


def _walk(root: Path) -> Iterator[tuple[Path, str | None]]:
    """Posting files under ``root``, each with None, and what cannot be read, each with why. Depth first, each
    folder's entries by name (the order of sorting the whole paths), with no recursion, so no depth is too deep."""
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []
    folder: Path | None = root
    while True:
        if folder is not None:
            try:
                info = folder.stat()
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as exc:
                yield folder, f"cannot read folder: {exc.strerror or exc}"
            else:
                # Reached again through a link: walked already, or an ancestor (a loop).
                if (info.st_dev, info.st_ino) not in seen:
                    seen.add((info.st_dev, info.st_ino))
                    stack.append(iter(entries))
            folder = None
        if not stack:
            return
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:  # a link that loops raises here, where a dangling one is neither
            is_dir = is_file = False
        if is_dir:
            folder = Path(entry.path)
        elif Path(name).suffix.lower() in POSTING_SUFFIXES and not name.endswith((".expected.json", ".schema.json")):
            path = Path(entry.path)
            yield path, None if is_file else path_problem(path) or NOT_REGULAR
