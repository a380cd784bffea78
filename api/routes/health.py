"""Liveness that means something: the index answers a count.

Probes and load balancers may call this many times a second; the count is asked of the index at most
once per ``api.deps.LIVENESS_S`` (where every read runs: a search worker, or a thread here) and reused
between, so a health check costs about as little as any HTTP answer.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SearchesDep
from api.models import Health, Problem

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health, responses={503: {"model": Problem, "description": "The index does not answer."}})
async def healthz(searches: SearchesDep) -> Health:
    """200 when the index answers, 503 (with the reason) when it does not (checked at most once a second)."""
    return Health(status="ok", postings=await searches.postings.get())
