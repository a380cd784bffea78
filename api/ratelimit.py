"""A per-client fixed-window rate limit, as plain ASGI middleware (no extra dependency).

One counter per client address and window; when it is used up the client gets 429 with
``Retry-After`` (seconds until its window ends). Counters live in this process, so with several
workers each enforces the limit on its own share of the traffic.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from jobboard.errors import JobboardError

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_SPEC = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(\d*)\s*(second|minute|hour|day)s?\s*$", re.IGNORECASE)
EXEMPT = ("/healthz", "/metrics", "/static/")


def parse_rate(spec: str) -> tuple[int, float]:
    """'120/minute' -> (120, 60.0); also '10/second', '1000/hour', '5/10 minutes'."""
    match = _SPEC.match(spec)
    if not match or int(match.group(1)) < 1:
        raise JobboardError(f"JOBBOARD_RATE_LIMIT {spec!r} is not like '120/minute' (per second, minute, hour or day)")
    count, multiple, unit = int(match.group(1)), int(match.group(2) or 1), match.group(3).lower()
    return count, float(max(multiple, 1) * _UNITS[unit])


class RateLimit:
    def __init__(self, app: ASGIApp, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.limit = limit
        self.window = window
        self.clock = clock
        self._counts: dict[str, int] = {}
        self._window_start = clock()

    def _take(self, client: str) -> float | None:
        """None when the request may pass, else the seconds until the client's window ends."""
        now = self.clock()
        if now - self._window_start >= self.window:
            self._counts.clear()  # a new window for everyone: memory stays bounded by one window's clients
            self._window_start = now - (now - self._window_start) % self.window
        used = self._counts.get(client, 0)
        if used >= self.limit:
            return self._window_start + self.window - now
        self._counts[client] = used + 1
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self._take(client[0] if client else "unknown")
        if wait is None:
            await self.app(scope, receive, send)
            return
        retry = str(max(1, math.ceil(wait)))
        body = json.dumps({"detail": f"rate limit exceeded: at most {self.limit} requests per {self.window:g} s"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", retry.encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
