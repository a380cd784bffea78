"""The FastAPI app: ``create_app()`` builds it from settings (``jobboard serve`` and the tests call it).

Routes read the index only through ``api.deps.Searches``: in search worker processes when there are any,
else on threads over the app's one index, and always through the ``SearchIndex`` interface.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector
from prometheus_fastapi_instrumentator import Instrumentator
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors
from api.cache import DEFAULT_TTL, GZIP_LEVEL, GZIP_MINIMUM, CacheCollector
from api.deps import Searches
from api.pool import auto_processes
from api.ratelimit import RateLimit, parse_rate
from api.responses import RepeatedQueries
from api.routes import admin, feeds, health, jobs, pages, taxonomies
from core.settings import Settings, get_settings
from crawlers.launch import CrawlChildren
from index import SearchIndex

STATIC = Path(__file__).resolve().parent / "static"
# Swagger UI and ReDoc come from an installed package and are served here, not from a CDN: the docs work
# offline and run no third-party script.
DOCS_ASSETS = "/static/docs"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)

DESCRIPTION = """
Search job postings normalized from companies' career sites.

* `GET /jobs`: free text (`q`) and filters, facet counts, cursor paging; `GET /jobs/{id}`: one record.
* Pickers and autocompletion: `/hashtags`, `/locations`, `/roles`, `/companies` (`?prefix=`).
* Follow a search: `/feeds/jobs.atom`, `/feeds/jobs.rss`; export it: `/jobs.ndjson`.
* The web page for people is at `/`.

Errors are JSON `{"detail": ...}`: 422 names the parameter, 400 for a cursor this service did not issue,
503 when the index is unavailable, 429 (with `Retry-After`) when a client exceeds the rate limit.
"""


class SecurityHeaders:
    """Adds ``X-Content-Type-Options: nosniff`` to every answer, so no browser reads a body as another type."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class JobboardAPI(FastAPI):
    """FastAPI with ``SecurityHeaders`` outside everything, even the error middleware that answers 500s."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def _csp(script_src: str) -> str:
    # Styles: Swagger UI sets style attributes and ReDoc injects <style> elements at run time, neither hashable.
    return (
        f"default-src 'none'; script-src {script_src}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; worker-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def _with_csp(page: HTMLResponse) -> HTMLResponse:
    """The page with a CSP allowing our own scripts and, by hash, exactly the inline ones it carries."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(bytes(page.body).decode())
    ]
    page.headers["Content-Security-Policy"] = _csp(" ".join(["'self'", *hashes]))
    page.headers["Referrer-Policy"] = "same-origin"
    return page


def install_docs(app: FastAPI) -> None:
    """``/docs`` (Swagger UI) and ``/redoc`` on the assets ``fastapi_offline`` ships, each with a CSP."""
    openapi_url = app.openapi_url or "/openapi.json"
    swagger = _with_csp(
        get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - API documentation",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
            oauth2_redirect_url=None,
        )
    )
    redoc = _with_csp(
        get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} - API reference",
            redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{DOCS_ASSETS}/favicon.png",
            with_google_fonts=False,
        )
    )

    # The pages never change for an app, so they are built once (and their hashes with them).
    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return HTMLResponse(swagger.body, headers=dict(swagger.headers))

    @app.get("/redoc", include_in_schema=False)
    async def redoc_page() -> HTMLResponse:
        return HTMLResponse(redoc.body, headers=dict(redoc.headers))

    # Before /static, which would otherwise take these paths.
    app.mount(DOCS_ASSETS, StaticFiles(packages=[("fastapi_offline", "static")]), name="docs-assets")


def create_app(settings: Settings | None = None, index: SearchIndex | None = None, cache_ttl: float = DEFAULT_TTL) -> FastAPI:
    """The app over ``index`` (default: the one settings configure, opened on startup).

    ``cache_ttl``: seconds a search answer is reused for the same query when the index cannot say
    whether it changed (0 turns the cache off). Every read of the index runs in ``settings.search_processes``
    worker processes (see ``api.deps.Searches``) unless ``index`` is given, which only this process can use.
    """
    settings = settings or get_settings()
    searches = Searches(settings, index, auto_processes(settings) if index is None else 0, cache_ttl)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await searches.start()  # the index opened and warmed up now, so the first request does not pay for it
        app.state.crawls = CrawlChildren()  # crawls POST /crawls starts: stopped and waited for below, never orphaned
        yield
        await run_in_threadpool(app.state.crawls.stop, settings.crawl_stop_timeout_s)
        await searches.close()

    app = JobboardAPI(
        title="jobboard",
        version="1",
        summary="Job postings from companies' career sites, searchable.",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's own pages load their scripts from a CDN; install_docs serves them locally
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.searches = searches

    errors.install(app)
    for module in (jobs, taxonomies, feeds, health, admin, pages):
        app.include_router(module.router)
    install_docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # Middleware: the last added runs first. Metrics see every answer, including 429s and compressed ones.
    app.add_middleware(RepeatedQueries, cache=searches.answers)  # innermost: after rate limit, CORS and metrics
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
        app.add_middleware(RateLimit, limit=limit, window=window, trusted_proxies=settings.trusted_proxies)
    # One registry per app: the process-wide default would tie the metrics to whichever app was built first.
    registry = CollectorRegistry(auto_describe=True)
    for collector in (ProcessCollector, PlatformCollector, GCCollector):
        collector(registry=registry)
    registry.register(CacheCollector(searches.answers, searches.reads))
    Instrumentator(excluded_handlers=["/metrics", "/static/.*"], registry=registry).instrument(app).expose(
        app, include_in_schema=False
    )
    return app
