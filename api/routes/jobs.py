"""Search, one posting, and the export of everything a search matches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from api import search
from api.cache import AnswerCache
from api.deps import IndexDep
from api.errors import SEARCH_ERRORS, index_failures
from api.models import Job, JobFilters, JobsPage, JobsParams, Problem
from api.pool import Searches
from api.responses import answer_response, cached, request_target

router = APIRouter(tags=["jobs"])

_NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the client's copy (If-None-Match) is current."}
}


@router.get("/jobs", response_model=JobsPage, responses={**SEARCH_ERRORS, **_NOT_MODIFIED})
async def list_jobs(request: Request, params: Annotated[JobsParams, Query()]) -> Response:
    """Search postings: free text and filters, facet counts over the whole result set, cursor paging.

    Sorted by relevance when `q` is given, else newest first. Descriptions are cut short here
    (`description_truncated`); `GET /jobs/{id}` has the whole record.
    """
    # Async, so an answer from the cache costs no thread hop; a search runs in a worker process or thread.
    query = params.to_query(cursor=params.cursor, size=params.size, facet_size=params.facet_size)
    answers: AnswerCache = request.app.state.answers
    searches: Searches = request.app.state.searches
    key = "jobs:" + query.model_dump_json()
    answer, hit = await answers.answer(key, lambda: searches.call(search.answer, query))
    answers.remember_url(request_target(request.scope), key)  # the same request again skips the parsing above
    return answer_response(request, answer, hit)


@router.get(
    "/jobs.ndjson",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "One record per line."}, **SEARCH_ERRORS},
)
def export_jobs(params: Annotated[JobFilters, Query()], index: IndexDep) -> StreamingResponse:
    """Every posting matching the filters, one JSON record per line (newest first without `q`)."""
    lines = search.walk(index, params)
    first = next(lines, None)  # the first page runs here, so a bad index answers with a status, not a cut stream

    def body() -> Iterator[str]:
        if first is not None:
            yield first
            yield from lines

    return StreamingResponse(body(), media_type="application/x-ndjson")


@router.get("/jobs/{job_id}", response_model=Job, responses={404: {"model": Problem}, **SEARCH_ERRORS, **_NOT_MODIFIED})
def get_job(
    request: Request, job_id: Annotated[str, Path(max_length=200, description="The posting's id.")], index: IndexDep
) -> Response:
    """One whole record, description included."""
    with index_failures():
        record = index.get(job_id)
    if record is None:
        raise HTTPException(404, f"no job with id {job_id[:80]!r}")
    return cached(request, record.model_dump_json().encode())
