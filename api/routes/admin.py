"""Admin endpoints: crawl runs. Off (403) unless JOBBOARD_API_KEY is set; never open, never given a URL."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SettingsDep
from api.models import CrawlRunOut, Problem
from core.errors import JobboardError
from crawlers.launch import CrawlChildren
from crawlers.runs import CrawlBusy, RunStore

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <JOBBOARD_API_KEY>")


def require_admin(settings: SettingsDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """403 when no key is configured (the endpoints are off), 401 for a missing or wrong key."""
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    if not key:
        raise HTTPException(403, "admin endpoints are off: JOBBOARD_API_KEY is not set")
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode("utf-8", "surrogatepass"), key.encode("utf-8", "surrogatepass")):
        raise HTTPException(
            401, "a valid API key is required (Authorization: Bearer ...)", headers={"WWW-Authenticate": "Bearer"}
        )


_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Missing or wrong key."},
    403: {"model": Problem, "description": "Admin endpoints are off (no key configured)."},
}
router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)], responses=_ERRORS)


@router.post(
    "/crawls",
    status_code=202,
    response_model=CrawlRunOut,
    responses={
        409: {
            "model": Problem,
            "description": "A crawl of these companies is running (started here, by the scheduler or by hand).",
        },
        503: {"model": Problem, "description": "No companies file to crawl, or the crawl could not start."},
    },
)
def start_crawl(request: Request, settings: SettingsDep) -> CrawlRunOut:
    """Start a crawl of the configured companies file (``JOBBOARD_COMPANIES_FILE``) now; it takes no URL or list.

    Answers once the crawl process holds the companies' lock, so a 202 means this crawl runs and a
    409 that another one does.
    """
    companies = settings.companies_path
    if not companies.is_file():
        raise HTTPException(503, f"no companies file at {companies}")
    # The app's own crawls, stopped at shutdown by its lifespan (an app run without one cannot stop them).
    crawls: CrawlChildren | None = getattr(request.app.state, "crawls", None)
    if crawls is None:
        crawls = request.app.state.crawls = CrawlChildren()
    try:
        run = crawls.launch(settings, str(companies), "api")
    except CrawlBusy:
        raise HTTPException(409, "a crawl of these companies is already running") from None
    except JobboardError as exc:
        raise HTTPException(503, f"could not start the crawl: {exc}") from None
    return CrawlRunOut.from_run(run)


@router.get("/crawls", response_model=list[CrawlRunOut])
def list_crawls(settings: SettingsDep, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[CrawlRunOut]:
    """Recent crawl runs, newest first, with their status and stats."""
    return [CrawlRunOut.from_run(run) for run in RunStore.of(settings).recent(limit)]
