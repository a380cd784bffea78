"""What the spider hands to the pipeline: one raw board per company, exactly as fetched.

The spider decides only what the HTTP exchange says (answered, empty,
unknown, moved away, failed); turning offers into records is the
pipeline's job, through ``parsers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# How a company's fetch ended. Only "ok" and "empty" are complete answers that may archive postings.
FetchStatus = Literal[
    "ok",  # offers endpoint (or careers pages) answered with postings
    "empty",  # the board answered and has no open offers
    "not_modified",  # 304 to a conditional request: nothing changed since the last crawl
    "unknown",  # no such tenant (404, host not found)
    "not_hosted",  # redirected away from the careers site (tenant no longer hosted)
    "robots",  # robots.txt forbids fetching the board
    "blocked",  # refused: an internal address, or a redirect off the company's site; nothing fetched there, nothing stored
    "failed",  # timeout, 5xx/429 after retries, invalid JSON, truncated or oversized body, ...
]


@dataclass(slots=True)
class Board:
    company: str
    base_url: str
    status: FetchStatus
    reason: str | None = None
    source: Literal["api", "html"] = "api"
    http_status: int | None = None
    # repr=False: Scrapy logs every item it passes on; a whole board does not belong in a log line.
    body: bytes | None = field(default=None, repr=False)  # the offers response as received (api)
    offers: list[Any] = field(default_factory=list, repr=False)  # decoded offers, untouched
    pages: dict[str, str] = field(default_factory=dict, repr=False)  # offer page URL -> HTML (html fallback)
    etag: str | None = None
    last_modified: str | None = None

    @property
    def complete(self) -> bool:
        """A full, successful answer: postings missing from it are gone from the board."""
        return self.status in ("ok", "empty")
