"""A bounded cache of finished search answers, shared by the requests of one server process.

Job-board traffic repeats itself (the landing search, popular hashtags, feed readers polling), so
the same query is answered once and then served from here until the index changes. The index says
when it changed through ``SearchIndex.version()`` (checked at most once a ``check_every`` seconds,
so a commit shows within that time); an index that cannot tell (``None``) gets the short ``ttl``
instead. ``max_age`` caps an answer's life either way. Entries are bounded by their total size
(least recently used go first), so memory stays bounded whatever clients ask.

An entry is the finished answer: its ETag and its body, kept gzip-compressed when it is big enough
(clients nearly always accept gzip; the rare one that does not gets it decompressed), so a repeated
query costs neither a search, nor a hash, nor a compression. Concurrent requests for one missing
key wait for a single computation instead of all searching at once.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Generic, TypeVar

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

DEFAULT_TTL = 10.0  # seconds, when the index cannot say whether it changed
DEFAULT_MAX_AGE = 600.0  # seconds, when it can: until it changes, and never longer than this
DEFAULT_CHECK_EVERY = 1.0  # seconds between two questions to the index about its version
DEFAULT_BYTES = 64 * 1024 * 1024
GZIP_MINIMUM = 1000  # smaller bodies are sent as they are (the GZip middleware's own threshold)
GZIP_LEVEL = 3  # also the middleware's: 20 KB answers shrink 5x at half the CPU of level 5 (0.2 ms, not 0.4)
JSON = "application/json"  # what answers are unless they say otherwise (feeds)

T = TypeVar("T")


def etag_of(body: bytes) -> str:
    """A weak ETag naming the content (gzip or not, the same answer has the same tag)."""
    return 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


class Answer:
    """A finished answer; made where the search ran (possibly another process) and sent as it is."""

    __slots__ = ("_packed", "_plain", "etag", "media_type")

    def __init__(self, body: bytes, media_type: str = JSON) -> None:
        self.etag = etag_of(body)
        self.media_type = media_type
        self._packed: bytes | None = None
        self._plain: bytes | None = body
        if len(body) >= GZIP_MINIMUM:
            self._packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            self._plain = None

    def __getstate__(self) -> tuple[str, str, bytes | None, bytes | None]:
        return self.etag, self.media_type, self._packed, self._plain

    def __setstate__(self, state: tuple[str, str, bytes | None, bytes | None]) -> None:
        self.etag, self.media_type, self._packed, self._plain = state

    @property
    def body(self) -> bytes:
        if self._plain is not None:
            return self._plain
        assert self._packed is not None
        return gzip.decompress(self._packed)

    def gzipped(self) -> bytes | None:
        """The body compressed, or None when it is too small to be worth it."""
        return self._packed

    @property
    def size(self) -> int:
        return len(self._packed if self._packed is not None else self._plain or b"")


class Every(Generic[T]):
    """The answer to a question about the index, asked again only once it is ``every`` seconds old.

    One caller at a time asks; the others meanwhile take the last answer (or error), so a burst of
    requests costs one question. The health check's count and the answer cache's version come from here.
    """

    def __init__(self, ask: Callable[[], Awaitable[T]], every: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ask = ask
        self.every = every
        self.clock = clock
        self._last: tuple[float, T | None, Exception | None] | None = None  # (when asked, answer, error)
        self._asking = False

    async def get(self) -> T:
        now = self.clock()
        last = self._last
        if last is None or (now - last[0] >= self.every and not self._asking):
            self._asking = True
            try:
                last = (now, await self.ask(), None)
            except Exception as exc:
                last = (now, None, exc)
            finally:
                self._asking = False
            self._last = last
        if last[2] is not None:
            raise last[2].with_traceback(None)  # raised afresh each time, so its traceback does not grow
        return last[1]  # type: ignore[return-value]  # None only with an error, raised above


class AnswerCache:
    def __init__(
        self,
        ttl: float = DEFAULT_TTL,
        max_bytes: int = DEFAULT_BYTES,
        clock: Callable[[], float] = time.monotonic,
        version: Callable[[], Awaitable[str | None]] | None = None,
        max_age: float = DEFAULT_MAX_AGE,
        check_every: float = DEFAULT_CHECK_EVERY,
    ) -> None:
        """``ttl`` <= 0 turns the cache off. Used from the event loop only, so it needs no lock."""
        self.ttl = ttl
        self.max_bytes = max_bytes
        self.clock = clock
        self.max_age = max_age
        self.check_every = check_every
        self._version = Every(version, check_every, lambda: self.clock()) if version is not None else None
        self._data: OrderedDict[str, tuple[float, str | None, Answer]] = OrderedDict()
        self._bytes = 0
        self._pending: dict[str, asyncio.Future[Answer | None]] = {}
        self._urls: OrderedDict[bytes, str] = OrderedDict()  # raw request target -> key of its answer
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    @property
    def held(self) -> int:
        return self._bytes

    def clear(self) -> None:
        """Forget every answer (for example after this process changed the index)."""
        self._data.clear()
        self._urls.clear()
        self._bytes = 0

    async def current_version(self) -> str | None:
        """The index's version as last asked (at most ``check_every`` seconds ago); None if it cannot tell."""
        if self._version is None:
            return None
        try:
            return await self._version.get()
        except Exception:
            return None  # an index that cannot answer now: the short TTL applies

    def _fresh(self, made_at: float, version: str | None, current: str | None, now: float) -> bool:
        if current is None or version is None:
            return now - made_at < self.ttl
        return version == current and now - made_at < self.max_age

    def remember_url(self, url: bytes, key: str) -> None:
        """Note that the request target ``url`` (path and raw query string) was answered with ``key``'s answer."""
        if self.ttl <= 0:
            return
        self._urls[url] = key
        self._urls.move_to_end(url)
        while len(self._urls) > 4 * max(len(self._data), 1024):
            self._urls.popitem(last=False)

    async def lookup_url(self, url: bytes) -> Answer | None:
        """The fresh answer a request with exactly this target got, without parsing it again."""
        key = self._urls.get(url) if self.ttl > 0 else None
        return await self.lookup(key) if key is not None else None

    async def lookup(self, key: str) -> Answer | None:
        """The fresh answer for ``key``, or None; a stale one is dropped."""
        if self.ttl <= 0 or key not in self._data:
            return None
        current = await self.current_version()
        found = self._data.get(key)
        if found is None:
            return None
        if not self._fresh(found[0], found[1], current, self.clock()):
            del self._data[key]
            self._bytes -= found[2].size
            return None
        self._data.move_to_end(key)
        self.hits += 1
        return found[2]

    def store(self, key: str, answer: Answer, made_at: float, version: str | None) -> None:
        """Keep ``answer``, computed from ``made_at`` on under index ``version`` (both taken before the search)."""
        if self.ttl <= 0 or answer.size > self.max_bytes // 2:
            return
        old = self._data.pop(key, None)
        if old is not None:
            self._bytes -= old[2].size
        self._data[key] = (made_at, version, answer)
        self._bytes += answer.size
        while self._bytes > self.max_bytes and self._data:
            _, (_, _, dropped) = self._data.popitem(last=False)
            self._bytes -= dropped.size

    async def answer(self, key: str, compute: Callable[[], Awaitable[Answer | None]]) -> tuple[Answer | None, bool]:
        """(answer, whether it came from the cache); None, never kept, when there is nothing to answer (a 404).

        A miss awaits ``compute()`` (a search in a worker thread or process); requests for the same key
        that arrive meanwhile wait for that one result rather than searching again.
        """
        found = await self.lookup(key)
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
        made_at, version = self.clock(), await self.current_version()
        future: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        if self.ttl > 0:
            self._pending[key] = future
        try:
            answer = await compute()
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
        if answer is not None:
            self.store(key, answer, made_at, version)
        return answer, False


class CacheCollector:
    """The answer cache's hits, misses and size, and the index reads run, for ``/metrics`` (read when scraped)."""

    def __init__(self, cache: AnswerCache, reads: Mapping[str, int]) -> None:
        self.cache = cache
        self.reads = reads

    def describe(self) -> list[Metric]:
        return []  # no fixed description: the registry then takes the metrics from collect()

    def collect(self) -> Iterator[Metric]:
        hits = CounterMetricFamily("jobboard_answer_cache_hits", "Search answers served from the answer cache.")
        hits.add_metric([], self.cache.hits)
        misses = CounterMetricFamily("jobboard_answer_cache_misses", "Search answers that needed a search.")
        misses.add_metric([], self.cache.misses)
        size = GaugeMetricFamily("jobboard_answer_cache_entries", "Answers the cache holds now.")
        size.add_metric([], len(self.cache))
        held = GaugeMetricFamily("jobboard_answer_cache_bytes", "Bytes of answers the cache holds now.")
        held.add_metric([], self.cache.held)
        reads = CounterMetricFamily("jobboard_index_reads", "Reads of the index run, by kind.", labels=["read"])
        for name, count in sorted(dict(self.reads).items()):  # a copy in one step: requests may add kinds meanwhile
            reads.add_metric([name], count)
        yield from (hits, misses, size, held, reads)
