"""Liveness that means something: the index answers a count.

Probes and load balancers may call this many times a second; the count is asked of the index at most
once per ``Liveness.TTL`` seconds (in the thread pool, since a backend may block) and reused between,
so a health check costs about as little as any HTTP answer.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from api.deps import IndexHolder
from api.models import Health, Problem
from index import SearchIndexError

router = APIRouter(tags=["operations"])


class Liveness:
    """The index's last answer to a count (or its error), refreshed when older than ``TTL`` seconds."""

    TTL = 1.0

    def __init__(self) -> None:
        self._checked = -float("inf")
        self._postings = 0
        self._error: SearchIndexError | None = None
        self._refreshing = False

    async def postings(self, holder: IndexHolder) -> int:
        stale = time.monotonic() - self._checked >= self.TTL
        # One refresh at a time: meanwhile the others answer with the last result (at most a moment older).
        if stale and not (self._refreshing and self._checked > -float("inf")):
            self._refreshing = True
            try:
                self._postings = await run_in_threadpool(lambda: holder.get().count())
                self._error = None
            except SearchIndexError as exc:
                self._error = exc
            finally:
                self._refreshing = False
            self._checked = time.monotonic()
        if self._error is not None:
            raise type(self._error)(str(self._error))  # a fresh exception: re-raising one would grow its traceback
        return self._postings


@router.get("/healthz", response_model=Health, responses={503: {"model": Problem, "description": "The index does not answer."}})
async def healthz(request: Request) -> Health:
    """200 when the index answers, 503 (with the reason) when it does not (checked at most once a second)."""
    liveness: Liveness = request.app.state.liveness
    return Health(status="ok", postings=await liveness.postings(request.app.state.index_holder))
