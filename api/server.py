"""``jobboard serve``: the app under uvicorn.

Workers: one by default; ``WEB_CONCURRENCY`` (read by uvicorn) sets more, each with its own index reader.
On SIGTERM/SIGINT the crawls this process started (by ``POST /crawls`` in the app's lifespan, by the
scheduler here) are stopped and waited for before it exits.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType


def run(host: str, port: int, with_scheduler: bool = False) -> int:
    import uvicorn

    from api.ratelimit import parse_rate
    from core.settings import get_settings

    settings = get_settings()
    scheduler = None
    if with_scheduler:
        from core.logs import setup_logging
        from jobboard.scheduler import build_scheduler, describe

        setup_logging("INFO", fmt=settings.log_format)
        scheduler = build_scheduler(settings)  # in this (parent) process, once, whatever the number of workers
        for job in describe(scheduler):
            print(f"jobboard: scheduled {job['id']} ({job['trigger']}), next run {job['next_run']}", file=sys.stderr)
    if settings.rate_limit:
        parse_rate(settings.rate_limit)  # a bad limit stops here with a message, not in every worker
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
        if scheduler is not None:
            from jobboard.scheduler import shutdown

            shutdown(scheduler, settings)  # its running crawls get SIGTERM and time to record their end; none is orphaned
    return 0


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
