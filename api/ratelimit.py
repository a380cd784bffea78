"""A per-client fixed-window rate limit, as plain ASGI middleware (no extra dependency).

One counter per client address and window; when it is used up the client gets 429 with
``Retry-After`` (seconds until its window ends). Counters live in this process, so with several
workers each enforces the limit on its own share of the traffic.

The client address is the peer's, unless the peer is one of ``JOBBOARD_TRUSTED_PROXIES``: then
``X-Forwarded-For`` is read from the right (each proxy appends the address it saw) and the first address
that is not a trusted proxy is the client. Anything left of it was written by the client itself, so a
forged header cannot move a client to another bucket.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
import time
from collections.abc import Callable, Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from core.errors import JobboardError

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_SPEC = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(\d*)\s*(second|minute|hour|day)s?\s*$", re.IGNORECASE)
EXEMPT = ("/healthz", "/metrics", "/static/")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_rate(spec: str) -> tuple[int, float]:
    """'120/minute' -> (120, 60.0); also '10/second', '1000/hour', '5/10 minutes'."""
    match = _SPEC.match(spec)
    if not match or int(match.group(1)) < 1:
        raise JobboardError(f"JOBBOARD_RATE_LIMIT {spec!r} is not like '120/minute' (per second, minute, hour or day)")
    count, multiple, unit = int(match.group(1)), int(match.group(2) or 1), match.group(3).lower()
    return count, float(max(multiple, 1) * _UNITS[unit])


def _address(text: str) -> IPAddress | None:
    """An address from a peer or a forwarded hop ('1.2.3.4', '1.2.3.4:5678', '[::1]:80'); None if it is none."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]  # IPv4 with a port; a bare IPv6 address has several colons
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # a dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d
    return address


def client_address(scope: Scope, trusted: Sequence[IPNetwork]) -> str:
    """The address a request is counted under: the peer, or what trusted proxies say the client was."""
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    nearest = _address(peer)
    if not trusted or nearest is None or not any(nearest in network for network in trusted):
        return peer
    hops = [
        hop
        for name, value in scope.get("headers", ())
        if name == b"x-forwarded-for"
        for hop in value.decode("latin-1").split(",")
    ]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a trusted proxy writes addresses; this came from elsewhere, so the last trusted hop is all we know
        nearest = address
        if not any(address in network for network in trusted):
            break
    return str(nearest)


class RateLimit:
    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        trusted_proxies: Sequence[IPNetwork] = (),
    ) -> None:
        self.app = app
        self.limit = limit
        self.window = window
        self.clock = clock
        self.trusted_proxies = tuple(trusted_proxies)
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
        wait = self._take(client_address(scope, self.trusted_proxies))
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
