"""The FastAPI app: ``create_app()`` builds it from settings (``jobboard serve`` and the tests call it).

Routes talk to the search backend only through the ``SearchIndex`` interface, opened once per app.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector
from prometheus_fastapi_instrumentator import Instrumentator
from starlette.concurrency import run_in_threadpool

from api import errors, search
from api.cache import DEFAULT_TTL, GZIP_LEVEL, GZIP_MINIMUM, AnswerCache, CacheCollector
from api.deps import IndexHolder
from api.pool import Searches, SearchPool, auto_processes
from api.ratelimit import RateLimit, parse_rate
from api.responses import RepeatedQueries
from api.routes import admin, feeds, health, jobs, pages, taxonomies
from api.search import Taxonomies
from index import SearchIndex
from jobboard.settings import Settings, get_settings

STATIC = Path(__file__).resolve().parent / "static"

DESCRIPTION = """
Search job postings normalized from companies' career sites.

* `GET /jobs`: free text (`q`) and filters, facet counts, cursor paging; `GET /jobs/{id}`: one record.
* Pickers and autocompletion: `/hashtags`, `/locations`, `/roles`, `/companies` (`?prefix=`).
* Follow a search: `/feeds/jobs.atom`, `/feeds/jobs.rss`; export it: `/jobs.ndjson`.
* The web page for people is at `/`.

Errors are JSON `{"detail": ...}`: 422 names the parameter, 400 for a cursor this service did not issue,
503 when the index is unavailable, 429 (with `Retry-After`) when a client exceeds the rate limit.
"""


def create_app(settings: Settings | None = None, index: SearchIndex | None = None, cache_ttl: float = DEFAULT_TTL) -> FastAPI:
    """The app over ``index`` (default: the one settings configure, opened on startup).

    ``cache_ttl``: seconds a search answer is reused for the same query when the index cannot say
    whether it changed (0 turns the cache off). Searches run in ``settings.search_processes`` worker
    processes (see ``api.pool``) unless ``index`` is given, which only this process can use.
    """
    settings = settings or get_settings()
    holder = IndexHolder(settings, index)
    processes = auto_processes(settings) if index is None else 0
    pool = SearchPool(settings, processes) if processes else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            holder.get()  # open now so the first request does not pay for it; failures answer 503 per request
            await run_in_threadpool(search.warm_up, holder.get())
        except Exception:
            pass  # reported by /healthz and every search instead
        if pool is not None:
            await pool.start()
        yield
        if pool is not None:
            await pool.close()
        holder.close()

    app = FastAPI(
        title="jobboard",
        version="1",
        summary="Job postings from companies' career sites, searchable.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.index_holder = holder
    app.state.taxonomies = Taxonomies()
    app.state.searches = Searches(holder, pool)
    app.state.answers = AnswerCache(ttl=cache_ttl, version=lambda: holder.get().version())
    app.state.liveness = health.Liveness()

    errors.install(app)
    for module in (jobs, taxonomies, feeds, health, admin, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # Middleware: the last added runs first. Metrics see every answer, including 429s and compressed ones.
    app.add_middleware(RepeatedQueries, cache=app.state.answers)  # innermost: after rate limit, CORS and metrics
    # The same level as the answer cache (see api.cache.GZIP_LEVEL).
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=GZIP_LEVEL)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
            expose_headers=["ETag", "Retry-After"],
            max_age=600,
        )
    if settings.rate_limit:
        limit, window = parse_rate(settings.rate_limit)
        app.add_middleware(RateLimit, limit=limit, window=window)
    # One registry per app: the process-wide default would tie the metrics to whichever app was built first.
    registry = CollectorRegistry(auto_describe=True)
    for collector in (ProcessCollector, PlatformCollector, GCCollector):
        collector(registry=registry)
    registry.register(CacheCollector(app.state.answers))
    Instrumentator(excluded_handlers=["/metrics", "/static/.*"], registry=registry).instrument(app).expose(
        app, include_in_schema=False
    )
    return app
