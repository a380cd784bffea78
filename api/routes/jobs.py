"""Search, one posting, and the export of everything a search matches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from api import search
from api.deps import SearchesDep
from api.errors import SEARCH_ERRORS
from api.models import Job, JobFilters, JobsPage, JobsParams, Problem
from index.base import MAX_PAGE_SIZE

router = APIRouter(tags=["jobs"])

_NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the client's copy (If-None-Match) is current."}
}


@router.get("/jobs", response_model=JobsPage, responses={**SEARCH_ERRORS, **_NOT_MODIFIED})
async def list_jobs(request: Request, params: Annotated[JobsParams, Query()], searches: SearchesDep) -> Response:
    """Search postings: free text and filters, facet counts over the whole result set, cursor paging.

    Sorted by relevance when `q` is given, else newest first. Descriptions are cut short here
    (`description_truncated`); `GET /jobs/{id}` has the whole record.
    """
    # Async, so an answer from the cache costs no thread hop; a search runs in a worker process or thread.
    query = params.to_query(cursor=params.cursor, size=params.size, facet_size=params.facet_size)
    return await searches.respond(request, search.answer, query)


@router.get(
    "/jobs.ndjson",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "One record per line."}, **SEARCH_ERRORS},
)
async def export_jobs(params: Annotated[JobFilters, Query()], searches: SearchesDep) -> StreamingResponse:
    """Every posting matching the filters, one JSON record per line (newest first without `q`)."""
    query = params.to_query(size=MAX_PAGE_SIZE)
    # The first page is read here, so a bad index answers with a status, not a cut stream.
    first = await searches.call(search.export_page, query)

    async def body() -> AsyncIterator[str]:
        lines, cursor = first
        yield lines
        while cursor:
            lines, cursor = await searches.call(search.export_page, query.model_copy(update={"cursor": cursor}))
            yield lines

    return StreamingResponse(body(), media_type="application/x-ndjson")


@router.get("/jobs/{job_id}", response_model=Job, responses={404: {"model": Problem}, **SEARCH_ERRORS, **_NOT_MODIFIED})
async def get_job(
    request: Request, job_id: Annotated[str, Path(max_length=200, description="The posting's id.")], searches: SearchesDep
) -> Response:
    """One whole record, description included."""
    return await searches.respond(request, search.job, job_id, missing=f"no job with id {job_id[:80]!r}")
