"""Error answers: short JSON ``detail``s, the right status, never a traceback.

Index errors map to statuses here once, so routes just call the index and let them rise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.models import Problem
from index import BackendFailure, BadCursor, IndexLocked, IndexUnavailable, SearchIndexError
from index.base import MAX_PAGING_DEPTH

log = logging.getLogger("api")

# Responses documented on every search-like operation (FastAPI's ``responses=``).
SEARCH_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "description": f"A cursor this service did not issue, one of another search, or one past the first {MAX_PAGING_DEPTH:,} results.",
        "model": Problem,
    },
    503: {"description": "The search index is not available (not built yet, or its backend is down).", "model": Problem},
}


@contextmanager
def index_failures() -> Iterator[None]:
    """Whatever an index call raises that is not one of the index's own errors (a bug or an engine panic on odd
    input) becomes ``BackendFailure``: the client gets a 503 with a short detail, the log gets the traceback."""
    try:
        yield
    except SearchIndexError:
        raise
    except BaseException as exc:
        # Rust panics arrive as pyo3's PanicException, a BaseException; exits and cancellations must pass.
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        log.exception("search failed")
        raise BackendFailure(f"search failed ({type(exc).__name__})") from None


def _status_of(exc: SearchIndexError) -> int:
    if isinstance(exc, BadCursor):
        return 400
    if isinstance(exc, IndexUnavailable | BackendFailure | IndexLocked):
        return 503
    return 503


def _short(message: str) -> str:
    return message.splitlines()[0][:300] if message else "error"


def _loc_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """'query.size' -> 'size': the name the client sent."""
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"


async def index_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SearchIndexError)
    status = _status_of(exc)
    if status >= 500:
        log.warning("index error on %s: %s", request.url.path, exc)
    headers = {"Retry-After": "30"} if status == 503 else None
    return JSONResponse({"detail": public_detail(exc)}, status_code=status, headers=headers)


def public_detail(exc: SearchIndexError) -> str:
    """The detail a client gets. A backend failure says what failed, not the engine's own words after it (file
    names, a snippet of a damaged index file, a cluster's reason): those are for the server's log only."""
    message = _short(str(exc))
    return message.split(": ", 1)[0] if isinstance(exc, BackendFailure) else message


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """422 whose messages name the parameter ('size: Input should be ...'), in FastAPI's usual list shape."""
    assert isinstance(exc, RequestValidationError)
    errors = []
    for error in exc.errors():
        name = _loc_name(error.get("loc", ()))
        errors.append(
            {"loc": list(error.get("loc", ())), "msg": f"{name}: {error.get('msg', 'invalid')}", "type": error.get("type")}
        )
    return JSONResponse({"detail": errors}, status_code=422)


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))


async def unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """The last net: log the traceback on the server, tell the client only that it failed."""
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse({"detail": "internal error"}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(SearchIndexError, index_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(Exception, unexpected_error_handler)
