"""Cacheable answers: a weak ETag from the body, 304 when the client already has it.

Weak, because the same answer goes out gzip-compressed or not; the ETag names the content, not the
bytes on the wire. Answers from the answer cache are compressed once and then sent as they are (the
GZip middleware leaves a response that already has a ``Content-Encoding`` alone).

``RepeatedQueries`` answers a request whose exact target (path and query string) was answered from
a cache entry that is still fresh straight from that entry, before routing: parsing and validating
the same sixteen query parameters again is most of the cost of a repeated search. Requests with a
target not seen yet, or whose answer expired, go through the route as usual.
"""

from __future__ import annotations

from fastapi import Request, Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.cache import GZIP_MINIMUM, Answer, AnswerCache

CACHE_CONTROL = "public, max-age=30"  # the index changes with crawls, so keep client copies short-lived

__all__ = ["CACHE_CONTROL", "RepeatedQueries", "answer_response", "request_target"]


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def accepts_gzip(header: str | None) -> bool:
    """Whether to send gzip: the GZip middleware's own rule, so cached and fresh answers are encoded alike."""
    return "gzip" in (header or "").lower()


def answer_parts(
    answer: Answer, accept_encoding: str | None, if_none_match: str | None, hit: bool
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a cached answer for a client with these request headers."""
    headers = {
        "ETag": answer.etag,
        "Cache-Control": CACHE_CONTROL,
        "Vary": "Accept-Encoding",
        "X-Cache": "hit" if hit else "miss",
    }
    if _matches(if_none_match, answer.etag):
        return 304, headers, b""
    if accepts_gzip(accept_encoding):
        compressed = answer.gzipped()
        if compressed is not None:
            headers["Content-Encoding"] = "gzip"  # the GZip middleware passes it through as it is
            return 200, headers, compressed
    if len(answer.body) >= GZIP_MINIMUM:
        del headers["Vary"]  # the GZip middleware adds it to a body this size it leaves uncompressed
    return 200, headers, answer.body


def answer_response(request: Request, answer: Answer, hit: bool) -> Response:
    status, headers, body = answer_parts(
        answer, request.headers.get("accept-encoding"), request.headers.get("if-none-match"), hit
    )
    if status == 304:
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type=answer.media_type, headers=headers)


def request_target(scope: Scope) -> bytes:
    return str(scope.get("path", "")).encode() + b"?" + bytes(scope.get("query_string", b""))


class RepeatedQueries:
    """Pure ASGI middleware: a GET whose exact target has a fresh cached answer gets it at once."""

    def __init__(self, app: ASGIApp, cache: AnswerCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET":
            answer = await self.cache.lookup_url(request_target(scope))
            if answer is not None:
                request_headers = Headers(scope=scope)
                status, headers, body = answer_parts(
                    answer, request_headers.get("accept-encoding"), request_headers.get("if-none-match"), hit=True
                )
                raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
                if status == 200:
                    raw += [(b"content-type", answer.media_type.encode()), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": status, "headers": raw})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
