"""Dependencies routes declare: the app's settings, its one index and the base of its absolute links.

The index is opened once per app (at startup, or lazily if opening failed then) and shared by all
requests; opening per request would pay the engine's open cost every time.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from core.settings import Settings
from index import IndexUnavailable, SearchIndex, SearchIndexError, open_index


class IndexHolder:
    """The app's index: given by the caller, or opened from settings on first use."""

    def __init__(self, settings: Settings, index: SearchIndex | None = None) -> None:
        self._settings = settings
        self._index = index
        self._owned = index is None
        self._lock = threading.Lock()

    @property
    def opened(self) -> SearchIndex | None:
        """The index if it is already open (no I/O), else None."""
        return self._index

    def get(self) -> SearchIndex:
        if self._index is not None:
            return self._index
        with self._lock:
            if self._index is None:
                try:
                    self._index = open_index(self._settings)
                except SearchIndexError as exc:
                    raise IndexUnavailable(str(exc)) from None
            return self._index

    def close(self) -> None:
        if self._index is not None and self._owned:
            self._index.close()
            self._index = None


# Both are async so FastAPI calls them on the event loop rather than through the thread pool (a hop per
# request); only opening the index, which may block, goes to a thread, and only until it is open.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_index(request: Request) -> SearchIndex:
    holder: IndexHolder = request.app.state.index_holder
    opened = holder.opened
    if opened is not None:
        return opened
    return await run_in_threadpool(holder.get)


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


SettingsDep = Annotated[Settings, Depends(get_settings)]
IndexDep = Annotated[SearchIndex, Depends(get_index)]
PublicBaseDep = Annotated[str, Depends(get_public_base)]
