"""``jobboard serve``: the app under uvicorn.

Workers: one by default; ``WEB_CONCURRENCY`` (read by uvicorn) sets more, each with its own index reader.
On SIGTERM/SIGINT the crawls this process started (by ``POST /crawls`` in the app's lifespan, by whatever
runs ``alongside``, such as the CLI's scheduler) are stopped and waited for before it exits.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType

from core.settings import Settings, get_settings

Stop = Callable[[], None]


def run(host: str, port: int, alongside: Callable[[Settings], Stop] | None = None) -> int:
    """Serve until stopped. ``alongside`` starts something in this (parent) process, once whatever the number of
    workers, once the settings are known good; the function it returns is called after the server stopped."""
    import uvicorn

    from api.ratelimit import parse_rate

    settings = get_settings()
    if settings.rate_limit:
        parse_rate(settings.rate_limit)  # a bad limit stops here with a message, not in every worker
    stop = alongside(settings) if alongside is not None else None
    shown = f"[{host}]" if ":" in host else host
    print(f"jobboard: page http://{shown}:{port}/  API docs http://{shown}:{port}/docs", file=sys.stderr, flush=True)
    # uvicorn re-raises SIGTERM after its graceful shutdown; turning it into SystemExit lets the finally below run.
    signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        uvicorn.run(
            "api.main:create_app",
            factory=True,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            server_header=False,
            proxy_headers=False,
        )
    finally:
        if stop is not None:
            stop()
    return 0


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
