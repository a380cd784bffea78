"""A short-lived, bounded cache of serialized search answers, shared by the requests of one worker.

Job-board traffic repeats itself (the landing search, popular hashtags, feed readers polling), and
answers may already be 30 s old in any client's cache (``Cache-Control``), so recomputing the same
facets for the same query within a few seconds buys nothing. Entries expire after ``ttl`` seconds,
so a rebuilt, re-crawled or upserted index shows within that time; at most ``entries`` answers are
kept (least recently used go first), so memory stays bounded whatever clients ask.

An entry is the finished answer: its JSON body, its ETag and, made on first demand, its gzip form,
so a repeated query costs neither a search, nor a hash, nor a compression. Concurrent requests for
one missing key wait for a single computation instead of all searching at once.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from starlette.concurrency import run_in_threadpool

DEFAULT_TTL = 10.0
DEFAULT_ENTRIES = 2048
GZIP_MINIMUM = 1000  # smaller bodies are sent as they are (the GZip middleware's own threshold)
GZIP_LEVEL = 5  # as the middleware: level 9 costs more CPU than it saves


def etag_of(body: bytes) -> str:
    """A weak ETag naming the content (gzip or not, the same answer has the same tag)."""
    return 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


@dataclass
class Answer:
    body: bytes
    etag: str = ""
    _gzipped: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.etag:
            self.etag = etag_of(self.body)

    def gzipped(self) -> bytes | None:
        """The body compressed (made once, then kept), or None when it is too small to be worth it."""
        if len(self.body) < GZIP_MINIMUM:
            return None
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=GZIP_LEVEL, mtime=0)
        return self._gzipped


class AnswerCache:
    def __init__(
        self,
        ttl: float = DEFAULT_TTL,
        entries: int = DEFAULT_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.entries = entries
        self.clock = clock
        self._data: OrderedDict[str, tuple[float, Answer]] = OrderedDict()
        self._pending: dict[str, asyncio.Future[Answer]] = {}
        self._urls: OrderedDict[bytes, str] = OrderedDict()  # raw request target -> key of its answer
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        """Forget every answer (for example after this process changed the index)."""
        with self._lock:
            self._data.clear()
            self._urls.clear()

    def remember_url(self, url: bytes, key: str) -> None:
        """Note that the request target ``url`` (path and raw query string) was answered with ``key``'s answer."""
        if self.ttl <= 0:
            return
        with self._lock:
            self._urls[url] = key
            self._urls.move_to_end(url)
            while len(self._urls) > 2 * self.entries:
                self._urls.popitem(last=False)

    def lookup_url(self, url: bytes) -> Answer | None:
        """The fresh answer a request with exactly this target got, without parsing it again."""
        key = self._urls.get(url) if self.ttl > 0 else None
        return self.lookup(key) if key is not None else None

    def lookup(self, key: str) -> Answer | None:
        """The fresh answer for ``key``, or None; an expired one is dropped."""
        if self.ttl <= 0:
            return None
        now = self.clock()
        with self._lock:
            found = self._data.get(key)
            if found is None:
                return None
            if now - found[0] >= self.ttl:
                del self._data[key]
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return found[1]

    def store(self, key: str, answer: Answer, made_at: float) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            self._data[key] = (made_at, answer)
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)

    def get_or_make(self, key: str, make: Callable[[], bytes]) -> Answer:
        """From a worker thread: the cached answer, or ``make()``'s body, kept for ``ttl`` seconds."""
        found = self.lookup(key)
        if found is not None:
            return found
        made_at = self.clock()  # the answer's age counts from before the search, not after it
        answer = Answer(make())
        self.misses += 1
        self.store(key, answer, made_at)
        return answer

    async def answer(self, key: str, make: Callable[[], bytes]) -> tuple[Answer, bool]:
        """From the event loop: (answer, whether it came from the cache).

        A miss runs ``make`` (blocking: a search) in the thread pool; requests for the same key that
        arrive meanwhile wait for that one result rather than searching again.
        """
        found = self.lookup(key)
        if found is not None:
            return found, True
        pending = self._pending.get(key)
        if pending is not None:
            try:
                shared = await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():
                    raise  # this request itself was cancelled
            else:
                self.hits += 1
                return shared, True
        made_at = self.clock()
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        if self.ttl > 0:
            self._pending[key] = future
        try:
            answer = await run_in_threadpool(lambda: Answer(make()))
        except BaseException as exc:
            if isinstance(exc, Exception):
                future.set_exception(exc)
                future.exception()  # marked as retrieved: the waiters, if any, re-raise it
            else:
                future.cancel()  # the waiters compute it themselves
            raise
        finally:
            if self._pending.get(key) is future:
                del self._pending[key]
        future.set_result(answer)
        self.misses += 1
        self.store(key, answer, made_at)
        return answer, False


class CacheCollector:
    """The answer cache's hits, misses and size for ``/metrics`` (read when scraped; nothing per request)."""

    def __init__(self, cache: AnswerCache) -> None:
        self.cache = cache

    def describe(self) -> list[Metric]:
        return []  # no fixed description: the registry then takes the metrics from collect()

    def collect(self) -> Iterator[Metric]:
        hits = CounterMetricFamily("jobboard_answer_cache_hits", "Search answers served from the answer cache.")
        hits.add_metric([], self.cache.hits)
        misses = CounterMetricFamily("jobboard_answer_cache_misses", "Search answers that needed a search.")
        misses.add_metric([], self.cache.misses)
        size = GaugeMetricFamily("jobboard_answer_cache_entries", "Answers the cache holds now.")
        size.add_metric([], len(self.cache))
        yield from (hits, misses, size)
