"""A one-line progress display for crawls run on a terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class Progress:
    """``crawled 12/200 companies`` on stderr, rewritten in place; off unless ``JOBBOARD_PROGRESS`` is set."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.done = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("JOBBOARD_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def total(self) -> int:
        return len(getattr(self.crawler.spider, "targets", []))

    def item_scraped(self, item: Any, response: Any = None, spider: Any = None) -> None:
        self.done += 1
        company = getattr(item, "company", "")
        print(f"\r\033[Kcrawled {self.done}/{self.total()} companies  {company}", end="", file=sys.stderr, flush=True)

    def spider_closed(self, spider: Any = None) -> None:
        if self.done:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
