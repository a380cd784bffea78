"""Admin endpoints: crawl runs. Off (403) unless JOBBOARD_API_KEY is set; never open, never given a URL."""

from __future__ import annotations

import secrets
from typing import Annotated, NoReturn

from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SettingsDep
from api.models import Problem

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
    501: {"model": Problem, "description": "Not wired yet: crawl scheduling arrives with the scheduler."},
}
router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)], responses=_ERRORS)
_NOT_YET = "crawl scheduling arrives with the scheduler"


@router.post("/crawls", status_code=202, response_model=None)
def start_crawl() -> NoReturn:
    """Start a crawl of the configured companies (the list in settings; this endpoint takes no URL)."""
    raise HTTPException(501, _NOT_YET)


@router.get("/crawls", response_model=None)
def list_crawls() -> NoReturn:
    """Crawl runs with their stats."""
    raise HTTPException(501, _NOT_YET)
