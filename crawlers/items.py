"""What the spider hands to the pipeline: one raw board per company, exactly as fetched.

The spider decides only what the HTTP exchange says (answered, empty,
unknown, moved away, failed); turning offers into records is the
pipeline's job, through ``parsers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal


class CompanyState(StrEnum):
    """How a company's crawl ended: the one list of states, for the spider, the pipeline and the run report.

    The spider says every state but ``sandbox`` (the pipeline's, after reading the offers) and ``invalid``
    (the companies list's). Only ``ok`` and ``empty`` are complete answers that may archive postings.
    """

    ok = "ok"  # offers endpoint (or careers pages) answered with postings
    empty = "empty"  # the board answered and has no open offers
    not_modified = "not_modified"  # 304 to a conditional request: nothing changed since the last crawl
    unknown = "unknown"  # no such tenant (404, host not found)
    not_hosted = "not_hosted"  # redirected away from the careers site (tenant no longer hosted)
    sandbox = "sandbox"  # every offer is a sample: a sandbox tenant, nothing stored
    robots = "robots"  # robots.txt forbids fetching the board
    blocked = "blocked"  # refused: an internal address, or a redirect off the company's site; nothing fetched there
    failed = "failed"  # timeout, 5xx/429 after retries, invalid JSON, truncated or oversized body, ...
    invalid = "invalid"  # the companies list names it in a form that is neither a slug nor a careers-site URL

    @property
    def complete(self) -> bool:
        """A full, successful answer: postings missing from it are gone from the board."""
        return self in (CompanyState.ok, CompanyState.empty)

    @property
    def settled(self) -> bool:
        """Nothing for a person to look at: answered, or unchanged since the last crawl."""
        return self.complete or self is CompanyState.not_modified


@dataclass(slots=True)
class Board:
    company: str
    base_url: str
    status: CompanyState
    reason: str | None = None
    source: Literal["api", "html"] = "api"
    kind: str = "recruitee"  # the ATS whose jobs ``offers`` holds (crawlers.sources.ATS): which parser reads them
    http_status: int | None = None
    # repr=False: Scrapy logs every item it passes on; a whole board does not belong in a log line.
    body: bytes | None = field(default=None, repr=False)  # the board's answer as kept for ``reparse`` (api)
    offers: list[Any] = field(default_factory=list, repr=False)  # its jobs as received, untouched
    context: dict[str, Any] = field(default_factory=dict, repr=False)  # what the answer says besides its jobs
    pages: dict[str, str] = field(default_factory=dict, repr=False)  # offer page URL -> HTML (html fallback)
    etag: str | None = None
    last_modified: str | None = None

    @property
    def complete(self) -> bool:
        return self.status.complete
