"""The one search interface the API and CLI use, and the query/result types it speaks.

Backends (tantivy, Elasticsearch) implement ``SearchIndex``; nothing outside
``index/`` imports a backend module directly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal, NamedTuple, Protocol, TypeGuard, runtime_checkable

from pydantic import BaseModel, Field

from index.errors import BadCursor, IndexUnavailable
from index.filters import FILTER_NAMES, FacetMode, Filters, parameter
from index.understand import Interpretation, understand, without
from parsers.record import Posting

MAX_PAGE_SIZE = 100
Sort = Literal["relevance", "date"]

# What a search asks besides its filters, declared once for the index query and the API's parameters.
SortParam = Annotated[Sort | None, Field(description="Default: relevance with q, else date.")]
CursorParam = Annotated[str | None, Field(max_length=500, description="next_cursor of the previous page.")]
PageSizeParam = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE, description="Postings per page.")]
FacetSizeParam = Annotated[
    int, Field(ge=0, le=100, description="Top values per facet; 0 for none. Only the first page has facets.")
]
FacetModeParam = Annotated[
    FacetMode,
    Field(
        description="drill_down: every facet counts the matching postings. multi_select: each facet is counted "
        "with every filter but its own, so it also offers the other choices of a filter that is set."
    ),
]


LiteralParam = Annotated[
    list[Annotated[str, Field(max_length=100)]],
    Field(
        max_length=20,
        description="Words of q to read as plain text only, not as the skill, place, role... they name (see interpretation).",
    ),
]


class SearchQuery(Filters):
    """A search the index answers: the filters, the order, a page of it and its facets."""

    literal: LiteralParam = Field(default_factory=list)
    sort: SortParam = None
    cursor: CursorParam = None
    size: PageSizeParam = 20
    facet_size: FacetSizeParam = 10
    facet_mode: FacetModeParam = "drill_down"

    @property
    def effective_sort(self) -> Sort:
        return self.sort or ("relevance" if self.q else "date")

    def fingerprint(self) -> str:
        """Identifies the result set (not the page), so a cursor cannot be replayed on another query."""
        basis = self.model_dump(mode="json", exclude={"cursor", "size", "facet_size", "facet_mode"})
        return hashlib.sha1(json.dumps(basis, sort_keys=True).encode()).hexdigest()[:12]


class FacetValue(BaseModel):
    value: str
    count: int
    approximate: bool = Field(
        default=False, description="The count is estimated from a sample of a large result set (index.facets says how closely)."
    )


class Hit(BaseModel):
    record: Posting
    score: float | None = None
    highlight: list[str] = Field(default_factory=list, description="Snippets of the description around matches of q, <mark>ed.")


class Relaxation(BaseModel):
    """A filter of a search that found nothing, and how many postings the search finds without it."""

    parameter: str = Field(description="The query-string parameter (q for a #tag or a phrase of q).")
    value: str = Field(description="The value to take away: a tag, a phrase, a filter's value; 'false' for include_archived.")
    total: int = Field(description="Postings the search finds without it.")


class SearchResult(BaseModel):
    total: int
    items: list[Hit]
    facets: dict[str, list[FacetValue]] = Field(default_factory=dict)
    next_cursor: str | None = None
    interpretation: Interpretation | None = Field(default=None, description="How q was read; null without q.")
    suggestions: list[Relaxation] = Field(
        default_factory=list, description="When nothing matched: each filter, and what the search finds without it."
    )


@runtime_checkable
class SearchIndex(Protocol):
    """Every backend offers exactly this; the posting files stay the source of truth."""

    def upsert(self, records: Iterable[Posting]) -> int: ...

    def delete(self, ids: Iterable[str]) -> int: ...

    def get(self, posting_id: str) -> Posting | None: ...

    def search(self, query: SearchQuery) -> SearchResult:
        """A page of the hits; the first page carries the facets too (``facets`` explains how they count)."""
        ...

    def facets(self, query: SearchQuery) -> dict[str, list[FacetValue]]:
        """The facets of ``search`` alone, counted as ``query.facet_mode`` says; a large result set's counts may be
        estimates, each marked ``approximate``."""
        ...

    def count(self, query: SearchQuery | None = None) -> int: ...

    def rebuild(self, records: Iterable[Posting]) -> int: ...

    def version(self) -> str | None:
        """A token that changes whenever what searches see changes (a commit, a rebuild), or None if the
        backend cannot tell cheaply; lets callers keep answers exactly as long as they are true."""
        ...

    def close(self) -> None: ...


CURSOR_KEY_FILE = ".cursor-key"  # under the data folder, when no secret is configured
# No page starts past this many results: deeper than that a person should narrow the search, and a
# program that needs everything has the export. The API refuses such pages (``check_paging_depth``).
MAX_PAGING_DEPTH = 10_000
_MAC_BYTES = 16
_NOT_OURS = "cursor is not one this service issued"


class PageStart(NamedTuple):
    """Where a cursor's page starts: how many results came before it, and the backend's own resume point."""

    depth: int
    after: object


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CursorSigner:
    """Hands out paging cursors and takes back only its own: HMAC-SHA256 over the search's fingerprint and
    the page's start, so a client can neither invent a position nor replay a cursor on another search.

    The key is ``secret`` when given; else the one kept in ``key_file`` (made on first use, atomically,
    so every process of a deployment, and the next start, signs with the same key); else a random key
    that lives as long as this object.
    """

    def __init__(self, secret: bytes | None = None, key_file: Path | None = None) -> None:
        self._key = secret
        self._key_file = key_file
        self._lock = threading.Lock()

    def key(self) -> bytes:
        if self._key is None:
            with self._lock:
                if self._key is None:
                    self._key = _load_key(self._key_file) if self._key_file else secrets.token_bytes(32)
        return self._key

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self.key(), payload, hashlib.sha256).digest()[:_MAC_BYTES]

    def encode(self, query: SearchQuery, depth: int, after: object = None) -> str:
        """A cursor for the page of ``query`` that starts after ``depth`` results (``after``: the backend's resume point)."""
        payload = json.dumps({"f": query.fingerprint(), "d": depth, "p": after}, separators=(",", ":")).encode()
        return f"{_b64(payload)}.{_b64(self._mac(payload))}"

    def decode(self, query: SearchQuery) -> PageStart | None:
        """The start of the page the query's cursor asks for, or None for the first page; ``BadCursor`` for
        anything this signer did not issue for this very search."""
        if not query.cursor:
            return None
        body, dot, signature = query.cursor.partition(".")
        try:
            payload, mac = _unb64(body), _unb64(signature)
        except ValueError:  # binascii.Error included
            raise BadCursor(_NOT_OURS) from None
        if not dot or not hmac.compare_digest(mac, self._mac(payload)):
            raise BadCursor(_NOT_OURS)
        try:
            data = json.loads(payload)
        except ValueError:
            raise BadCursor(_NOT_OURS) from None
        if not isinstance(data, dict) or not _is_count(data.get("d")):
            raise BadCursor(_NOT_OURS)
        if data.get("f") != query.fingerprint():
            raise BadCursor("cursor belongs to a different search")
        return PageStart(depth=data["d"], after=data.get("p"))


def _load_key(path: Path) -> bytes:
    """The key in ``path``, written there first if there is none. Two processes racing both end up with the
    one that was linked into place first: the file appears whole or not at all, and is never replaced."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)  # mode 0600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32) + "\n")
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(temp, path)
            except FileExistsError:
                pass  # another process was first: its key is the one
        finally:
            os.unlink(temp)
        return _read_key(path)
    except OSError as exc:
        raise IndexUnavailable(
            f"cannot keep the cursor key in {path} ({exc.strerror or exc}); make the folder writable or set JOBBOARD_CURSOR_SECRET"
        ) from None


def _read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 32:
        raise IndexUnavailable(f"{path} does not hold a cursor key; delete it and a new one is made")
    return key


def claimed_depth(cursor: str | None) -> int:
    """How many results come before the page ``cursor`` asks for, as the cursor says; 0 when it does not say.

    Unchecked (no key is needed): it only lets a caller refuse a deep page early. Whether the cursor is
    genuine is the index's to check when it decodes it.
    """
    if not cursor:
        return 0
    try:
        data = json.loads(_unb64(cursor.partition(".")[0]))
    except (ValueError, RecursionError):
        return 0
    depth = data.get("d") if isinstance(data, dict) else None
    return depth if _is_count(depth) else 0


def check_paging_depth(query: SearchQuery) -> None:
    """Refuse a page that starts past ``MAX_PAGING_DEPTH`` results, with a message that says what to do.

    The API calls this for every page a client asks for; walks over a whole result set for a dump or an
    export do not (they page through the index's own cursors, whose depth the index bounds by its size).
    """
    if claimed_depth(query.cursor) >= MAX_PAGING_DEPTH:
        raise BadCursor(
            f"cursor: only the first {MAX_PAGING_DEPTH:,} results of a search can be paged through; "
            "narrow the search (more words or filters)"
        )


def explained(index: SearchIndex, query: SearchQuery, suggest: bool = True) -> SearchResult:
    """``index.search(query)`` with how its text was read and, when it found nothing on its first page (and
    ``suggest``), what each filter costs (``relaxations``): what the API, the page and the command line show."""
    result = index.search(query)
    if query.q:
        result.interpretation = understand(query.q, query.literal).interpretation()
    if suggest and result.total == 0 and not query.cursor:
        result.suggestions = relaxations(index, query)
    return result


def relaxations(index: SearchIndex, query: SearchQuery) -> list[Relaxation]:
    """For every filter of ``query`` (each hashtag, each #tag and quoted phrase of q, hiding archived postings), how
    many postings the search finds without it; most first."""
    found: list[Relaxation] = []
    defaults = Filters()
    for name in FILTER_NAMES:
        value = getattr(query, name)
        if name in ("q", "hashtag_mode") or (value == getattr(defaults, name) and name != "include_archived"):
            continue  # hiding archived postings is a filter too, set by default
        if name == "include_archived" and value:
            continue
        if name == "hashtags":
            for tag in value:
                relaxed = query.model_copy(update={"hashtags": [t for t in value if t != tag], "cursor": None})
                found.append(Relaxation(parameter=parameter(name), value=tag, total=index.count(relaxed)))
            continue
        relaxed = query.model_copy(update={name: getattr(defaults, name) if name != "include_archived" else True, "cursor": None})
        shown = "false" if name == "include_archived" else str(query.model_dump(mode="json", include={name})[name])
        found.append(Relaxation(parameter=parameter(name), value=shown, total=index.count(relaxed)))
    if query.q:
        read = understand(query.q, query.literal)
        for piece in [*(typed for typed, _ in read.tags), *(f'"{p}"' for p in read.phrases)]:
            rest = _without_piece(query.q, piece)
            relaxed = query.model_copy(update={"q": rest or None, "cursor": None})
            found.append(Relaxation(parameter="q", value=piece, total=index.count(relaxed)))
    return sorted(found, key=lambda r: -r.total)


def _without_piece(q: str, piece: str) -> str:
    """``q`` without a #tag or a quoted phrase of it."""
    if piece.startswith('"'):
        return " ".join(re.sub(r'"\s*' + re.escape(piece[1:-1]) + r'\s*"', " ", q, count=1).split())
    return without(q, piece)
