"""Value lists with counts, for pickers and autocompletion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import IndexDep
from api.errors import SEARCH_ERRORS
from api.models import ValueCounts
from api.search import Taxonomies

router = APIRouter(tags=["taxonomies"])

Prefix = Annotated[
    str | None, Query(max_length=100, description="Only values starting with this (any case, accents ignored).", examples=["py"])
]
Size = Annotated[int, Query(ge=1, le=100, description="At most this many values, most frequent first.")]


def _values(request: Request, index: IndexDep, kind: str, prefix: str | None, size: int) -> ValueCounts:
    taxonomies: Taxonomies = request.app.state.taxonomies
    return ValueCounts(items=taxonomies.values(index, kind, prefix, size))


@router.get("/hashtags", response_model=ValueCounts, responses=SEARCH_ERRORS)
def hashtags(request: Request, index: IndexDep, prefix: Prefix = None, size: Size = 20) -> ValueCounts:
    """Skill hashtags of searchable postings."""
    return _values(request, index, "hashtags", prefix, size)


@router.get("/locations", response_model=ValueCounts, responses=SEARCH_ERRORS)
def locations(request: Request, index: IndexDep, prefix: Prefix = None, size: Size = 20) -> ValueCounts:
    """Countries (ISO code as value, name as label) then cities; any value works as `location=`."""
    return _values(request, index, "locations", prefix, size)


@router.get("/roles", response_model=ValueCounts, responses=SEARCH_ERRORS)
def roles(request: Request, index: IndexDep, prefix: Prefix = None, size: Size = 20) -> ValueCounts:
    """Role families."""
    return _values(request, index, "roles", prefix, size)


@router.get("/companies", response_model=ValueCounts, responses=SEARCH_ERRORS)
def companies(request: Request, index: IndexDep, prefix: Prefix = None, size: Size = 20) -> ValueCounts:
    """Companies; with `prefix`, also rarer ones beyond the most frequent hundred."""
    return _values(request, index, "companies", prefix, size)
