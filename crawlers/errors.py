"""Errors of the crawling half: one family under ``JobboardError``."""

from __future__ import annotations

from core.errors import JobboardError


class CrawlError(JobboardError):
    """The crawl run itself could not go on (not one company's trouble, which is only reported)."""


class CompanyListError(CrawlError):
    """The companies file is missing or unreadable, or names no company."""


class InvalidCompany(CrawlError):
    """One entry of a companies list is neither a Recruitee slug nor a careers-site URL."""

    def __init__(self, spec: str, reason: str) -> None:
        super().__init__(f"{spec!r}: {reason}")
        self.spec = spec
        self.reason = reason


class StoreError(CrawlError):
    """Posting files or raw responses could not be written."""
