"""A short-lived, bounded cache of serialized search answers, shared by the requests of one worker.

Job-board traffic repeats itself (the landing search, popular hashtags, feed readers polling), and
answers may already be 30 s old in any client's cache (``Cache-Control``), so recomputing the same
facets for the same query within a few seconds buys nothing. Entries expire after ``ttl`` seconds,
so a rebuilt or re-crawled index shows within that time; the ETag still names the exact body.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

DEFAULT_TTL = 10.0
DEFAULT_ENTRIES = 2048


class AnswerCache:
    def __init__(self, ttl: float = DEFAULT_TTL, entries: int = DEFAULT_ENTRIES) -> None:
        self.ttl = ttl
        self.entries = entries
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_make(self, key: str, make: Callable[[], bytes]) -> bytes:
        if self.ttl <= 0:
            return make()
        now = time.monotonic()
        with self._lock:
            found = self._data.get(key)
            if found is not None and now - found[0] < self.ttl:
                self._data.move_to_end(key)
                self.hits += 1
                return found[1]
        body = make()  # outside the lock: two requests for one new key may both compute it, which is harmless
        with self._lock:
            self.misses += 1
            self._data[key] = (now, body)
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)
        return body
