"""Turn postings in any supported shape into normalized ``Posting`` records.

The format is detected from the content, never from the file name:
frontmatter Markdown, Recruitee offers JSON, schema.org JSON-LD (HTML or
JSON) and plain text/Markdown.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from parsers.decode import decode
from parsers.draft import Draft
from parsers.errors import ParseError
from parsers.formats import frontmatter as fm_format
from parsers.formats import jsonld as jsonld_format
from parsers.formats import recruitee as recruitee_format
from parsers.formats import text as text_format
from parsers.normalizer import normalize
from parsers.record import SCHEMA_VERSION, Posting

__all__ = [
    "SCHEMA_VERSION",
    "ParseError",
    "Posting",
    "iter_posting_files",
    "parse_bytes",
    "parse_file",
    "parse_recruitee_offer",
    "parse_text",
]

POSTING_SUFFIXES = {".md", ".markdown", ".txt", ".json", ".jsonld", ".html", ".htm"}
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


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
        if recruitee_format.looks_like(data):
            return recruitee_format.parse_data(data)
        if jsonld_format.looks_like(data):
            return jsonld_format.parse_data(data)
        if isinstance(data, dict) and isinstance(data.get("title"), str):
            return fm_format.parse(stripped)  # JSON frontmatter with no body
        raise ParseError("JSON is neither a Recruitee offers response/offer nor a schema.org JobPosting")
    if first == "<":
        return jsonld_format.parse_html(stripped)
    return text_format.parse(stripped)


def parse_text(text: str) -> list[Posting]:
    """Every posting in ``text``; raises ``ParseError`` (and only that) when there is none."""
    try:
        return [normalize(draft) for draft in _drafts(text)]
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


def parse_bytes(data: bytes) -> list[Posting]:
    return parse_text(decode(data))


def parse_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Posting]:
    target = Path(path)
    try:
        size = target.stat().st_size
        if size > max_bytes:
            raise ParseError(f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit")
        data = target.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from None
    return parse_bytes(data)


def iter_posting_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named directly, and posting-like files under named folders (sorted, hidden ones skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith(".") for part in relative) or not child.is_file():
                    continue
                name = child.name
                if child.suffix.lower() in POSTING_SUFFIXES and not name.endswith((".expected.json", ".schema.json")):
                    yield child
        else:
            yield path
