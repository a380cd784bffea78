"""``jobboard serve``: the app under uvicorn.

Workers: one by default; ``WEB_CONCURRENCY`` (read by uvicorn) sets more, each with its own index reader.
"""

from __future__ import annotations

import sys


def run(host: str, port: int, with_scheduler: bool = False) -> int:
    import uvicorn

    from api.ratelimit import parse_rate
    from jobboard.settings import get_settings

    if with_scheduler:
        print("jobboard serve: --with-scheduler arrives with the crawl scheduler (issue 6); not started", file=sys.stderr)
        return 2
    settings = get_settings()
    if settings.rate_limit:
        parse_rate(settings.rate_limit)  # a bad limit stops here with a message, not in every worker
    shown = f"[{host}]" if ":" in host else host
    print(f"jobboard: page http://{shown}:{port}/  API docs http://{shown}:{port}/docs", file=sys.stderr, flush=True)
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
    return 0
