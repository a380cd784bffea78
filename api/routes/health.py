"""Liveness that means something: the index answers a count."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import IndexDep
from api.models import Health, Problem

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health, responses={503: {"model": Problem, "description": "The index does not answer."}})
def healthz(index: IndexDep) -> Health:
    """200 when the index answers, 503 (with the reason) when it does not."""
    return Health(status="ok", postings=index.count())
