"""What routes depend on: the app's settings, the one way they read the index, and the base of absolute links.

Every route that reads the index does it through ``Searches`` (``SearchesDep``): a read is a
module-level function of the index and plain arguments (most in ``api.search``), run in a search
worker process when the app has them (``api.pool``), else on a thread of this process over the
app's one index; a read whose answer can be kept goes through the answer cache first. With workers,
the server process never opens the index at all: its memory and its GIL stay with the event loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from api import search
from api.cache import DEFAULT_TTL, Answer, AnswerCache, Every
from api.errors import index_failures
from api.pool import IndexHolder, SearchPool, call_key
from api.responses import answer_response, request_target
from core.settings import Settings
from index import SearchIndex

T = TypeVar("T")
LIVENESS_S = 1.0  # /healthz asks the index for its count at most this often; probes may call it many times a second


class Searches:
    """Where the app's index reads run: ``call`` for any read, ``respond`` for one whose answer the cache may keep."""

    def __init__(
        self, settings: Settings, index: SearchIndex | None = None, processes: int = 0, cache_ttl: float = DEFAULT_TTL
    ) -> None:
        """``processes`` search workers (0: reads on threads here); ``index`` given is one only this process can use."""
        if index is not None and processes:
            raise ValueError("an index object given to the app cannot be shared with search processes")
        self.pool = SearchPool(settings, processes) if processes else None
        self.holder = IndexHolder(settings, index) if self.pool is None else None
        self.answers = AnswerCache(ttl=cache_ttl, version=lambda: self.call(search.version))
        self.postings = Every(lambda: self.call(search.count), LIVENESS_S)
        self.reads: Counter[str] = Counter()  # reads run, by function (for /metrics)

    async def start(self) -> None:
        """Start the workers (each opens and warms up its own reader), or open and warm up the index here."""
        if self.pool is not None:
            await self.pool.start()
            return
        try:
            await self.call(search.warm_up)
        except Exception:
            pass  # an index missing now may exist later; /healthz and every read report it meanwhile

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
        if self.holder is not None:
            self.holder.close()

    async def call(self, func: Callable[..., T], *args: Any) -> T:
        """``func(index, *args)`` wherever reads run; ``func`` is module-level (a worker gets it by name)."""
        self.reads[func.__name__] += 1
        if self.pool is not None:
            return await self.pool.call(func, *args)
        holder = self.holder
        assert holder is not None

        def run() -> T:
            with index_failures():
                return func(holder.get(), *args)

        return await run_in_threadpool(run)

    async def respond(
        self, request: Request, func: Callable[..., Answer | None], *args: Any, by_target: bool = True, missing: str = "not found"
    ) -> Response:
        """``func``'s answer through the answer cache, as a response (ETag, 304, gzip); a 404 saying ``missing``
        when it has none.

        ``by_target``: the answer follows from the request's path and query string alone, so the same
        target is answered before routing next time. Not so for a feed, whose links name the address
        the server was reached on.
        """
        key = call_key(func, args)
        answer, hit = await self.answers.answer(key, lambda: self.call(func, *args))
        if answer is None:
            raise HTTPException(404, missing)
        if by_target:
            self.answers.remember_url(request_target(request.scope), key)
        return answer_response(request, answer, hit)


# All three are async so FastAPI calls them on the event loop rather than through the thread pool (a hop per request).


async def request_settings(request: Request) -> Settings:
    """The settings of the app serving this request (not necessarily the process-wide ones)."""
    settings: Settings = request.app.state.settings
    return settings


async def request_searches(request: Request) -> Searches:
    searches: Searches = request.app.state.searches
    return searches


async def get_public_base(request: Request) -> str:
    """The base of absolute links: ``JOBBOARD_PUBLIC_BASE_URL``, else the address the server was reached on.

    Never the request's ``Host`` header: a client could make the service hand out links to anywhere (and
    a cached answer would pass them on to others). The server address comes from the listening socket.
    """
    settings: Settings = request.app.state.settings
    if settings.public_base_url is not None:
        return str(settings.public_base_url).rstrip("/")
    scheme = request.scope.get("scheme", "http")
    server = request.scope.get("server")
    if not server:
        return f"{scheme}://localhost"  # a Unix socket: no address of its own to name
    host, port = str(server[0]), server[1]
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + ("" if port in (None, default) else f":{port}")


SettingsDep = Annotated[Settings, Depends(request_settings)]
SearchesDep = Annotated[Searches, Depends(request_searches)]
PublicBaseDep = Annotated[str, Depends(get_public_base)]
