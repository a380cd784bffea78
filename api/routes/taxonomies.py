"""Value lists with counts, for pickers and autocompletion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api import search
from api.deps import SearchesDep
from api.errors import SEARCH_ERRORS
from api.models import ValueCounts

router = APIRouter(tags=["taxonomies"])

Prefix = Annotated[
    str | None, Query(max_length=100, description="Only values starting with this (any case, accents ignored).", examples=["py"])
]
Size = Annotated[int, Query(ge=1, le=100, description="At most this many values, most frequent first.")]


async def _values(request: Request, searches: SearchesDep, kind: str, prefix: str | None, size: int) -> Response:
    return await searches.respond(request, search.values, kind, prefix, size)


@router.get("/hashtags", response_model=ValueCounts, responses=SEARCH_ERRORS)
async def hashtags(request: Request, searches: SearchesDep, prefix: Prefix = None, size: Size = 20) -> Response:
    """Skill hashtags of searchable postings."""
    return await _values(request, searches, "hashtags", prefix, size)


@router.get("/locations", response_model=ValueCounts, responses=SEARCH_ERRORS)
async def locations(request: Request, searches: SearchesDep, prefix: Prefix = None, size: Size = 20) -> Response:
    """Countries (ISO code as value, name as label) then cities; any value works as `location=`."""
    return await _values(request, searches, "locations", prefix, size)


@router.get("/roles", response_model=ValueCounts, responses=SEARCH_ERRORS)
async def roles(request: Request, searches: SearchesDep, prefix: Prefix = None, size: Size = 20) -> Response:
    """Role families."""
    return await _values(request, searches, "roles", prefix, size)


@router.get("/companies", response_model=ValueCounts, responses=SEARCH_ERRORS)
async def companies(request: Request, searches: SearchesDep, prefix: Prefix = None, size: Size = 20) -> Response:
    """Companies; with `prefix`, also rarer ones beyond the most frequent hundred."""
    return await _values(request, searches, "companies", prefix, size)
