"""Cacheable JSON answers: a weak ETag from the body, 304 when the client already has it.

Weak, because GZip may re-encode the same body; the ETag names the content, not the bytes on the wire.
"""

from __future__ import annotations

import hashlib

from fastapi import Request, Response

CACHE_CONTROL = "public, max-age=30"  # the index changes with crawls, so keep client copies short-lived


def etag_of(body: bytes) -> str:
    return 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def cached(request: Request, body: bytes, media_type: str = "application/json") -> Response:
    etag = etag_of(body)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type=media_type, headers=headers)
