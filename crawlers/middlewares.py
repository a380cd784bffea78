"""Downloader middleware: retries that wait before asking again.

Scrapy's own retry middleware re-queues at once; a career site answering 429
or 503 is better served by waiting: ``Retry-After`` when the server says how
long, else an exponential backoff (2, 4, 8 s by default).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if absent or unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Retry 429/5xx and network errors after a pause; give up when the server asks for a longer one than we allow."""

    def __init__(self, settings: object) -> None:
        super().__init__(settings)  # type: ignore[arg-type]
        get = settings.getfloat  # type: ignore[attr-defined]
        self.base_delay = get("RETRY_BACKOFF_BASE", 2.0)
        self.max_delay = get("RETRY_BACKOFF_MAX", 300.0)
        if self.base_delay < 0 or self.max_delay < 0:
            raise NotConfigured("negative retry delays")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    def backoff(self, request: Request) -> float:
        attempt = int(request.meta.get("retry_times", 0))
        return float(min(self.max_delay, self.base_delay * (2**attempt)))

    async def process_response(self, request: Request, response: Response, spider: object = None) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        attempts = int(request.meta.get("retry_times", 0))
        if attempts >= int(request.meta.get("max_retry_times", self.max_retry_times)):
            return self._retry(request, f"HTTP {response.status}") or response  # counts the give-up in the stats
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.max_delay:
            request.meta["retry_gave_up"] = (
                f"the server asked to wait {wait:.0f} s (Retry-After), longer than {self.max_delay:.0f} s"
            )
            return response
        delay = self.backoff(request) if wait is None else wait
        logger.info("HTTP %s from %s; retrying in %.1f s", response.status, request.url, delay)
        await asyncio.sleep(delay)
        return self._retry(request, f"HTTP {response.status}") or response

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: object = None
    ) -> Request | Response | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        attempts = int(request.meta.get("retry_times", 0))
        if attempts < int(request.meta.get("max_retry_times", self.max_retry_times)):
            await asyncio.sleep(self.backoff(request))
        return self._retry(request, exception)
