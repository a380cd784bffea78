"""Scrapy settings: polite defaults for crawling career sites that are not ours.

Values a user tunes come from the project's ``Settings`` (``JOBBOARD_*`` variables), filled in by
``JobboardAddon`` when a crawler is made, never at import: ``jobboard crawl`` hands its own settings
object over (``crawl_settings``, also what in-process tests build a crawler from), ``scrapy crawl
recruitee`` reads the environment then. Both behave the same.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from scrapy.settings import BaseSettings

from core.settings import Settings, get_settings

try:
    _version = version("jobboard")
except PackageNotFoundError:  # running from a checkout that was not installed
    _version = "0"

BOT_NAME = "jobboard"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Who we are and how we behave on other people's servers.
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
CONCURRENT_REQUESTS = 16
# What one answer's callback yields (a board, or a few requests) is handled in order: Scrapy would otherwise start
# CONCURRENT_ITEMS (100) asyncio tasks for every response, most of a crawl's own overhead, for a pipeline that
# never waits.
CONCURRENT_ITEMS = 1
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Faults: every request times out and bodies are capped (``tuned``); 429/5xx are retried after a pause.
RETRY_ENABLED = True
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
REDIRECT_MAX_TIMES = 5
DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.AddressGuardMiddleware": 50,  # before robots.txt is asked for
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawlers.middlewares.OnSiteRedirectMiddleware": 600,
}

# Other people's servers must not turn the crawler against ours: redirects stay on the company's site and
# internal addresses are refused (crawlers.middlewares). A meta refresh would be a redirect nobody checks, and
# the spider never needs one.
ADDRESS_GUARD_ENABLED = True
METAREFRESH_ENABLED = False

# Development (JOBBOARD_CRAWL_HTTP_CACHE): replay responses from disk instead of asking again.
HTTPCACHE_IGNORE_HTTP_CODES = [304, 408, 429, 500, 502, 503, 504]

ITEM_PIPELINES = {"crawlers.pipelines.BoardPipeline": 300}
# Only the extensions a crawl uses: core stats, log counts and stats, close-spider limits, memory usage and
# AutoThrottle. The telnet console and the remote-control server would run code sent to a loopback port during
# every crawl; feed exports, spider state (JOBDIR) and the memory debugger are not used.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "crawlers.extensions.Progress": 500,
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.feedexport.FeedExporter": None,
    "scrapy.extensions.spiderstate.SpiderState": None,
    "scrapy.extensions.memdebug.MemoryDebugger": None,
}

LOG_LEVEL = "INFO"
ADDONS = {"crawlers.settings.JobboardAddon": 0}


def tuned(settings: Settings) -> dict[str, Any]:
    """The Scrapy settings that follow the project's: who we are, politeness, timeouts, caps, retries, the cache.

    ``JOBBOARD_SETTINGS`` carries the settings object itself, for the spider and the pipeline (folders, index).
    """
    max_body = int(settings.crawl_max_body_mb * 1024 * 1024)
    return {
        "JOBBOARD_SETTINGS": settings,
        "USER_AGENT": f"jobboard/{_version} (+{settings.contact_url})",
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.crawl_concurrency_per_host,
        "DOWNLOAD_DELAY": 1.0 if settings.crawl_polite else 0.0,
        "AUTOTHROTTLE_ENABLED": settings.crawl_polite,
        "DOWNLOAD_TIMEOUT": settings.crawl_timeout_s,
        "DOWNLOAD_MAXSIZE": max_body,
        "DOWNLOAD_WARNSIZE": max_body // 2,
        "RETRY_TIMES": settings.crawl_retries,
        "RETRY_BACKOFF_BASE": settings.crawl_backoff_s,
        "RETRY_BACKOFF_MAX": settings.crawl_max_wait_s,
        # The HTML fallback holds a company's offer pages until the last one answers: bounded in number and size.
        "FALLBACK_MAX_PAGES": settings.crawl_max_pages,
        "FALLBACK_MAX_BYTES": int(settings.crawl_max_pages_mb * 1024 * 1024),
        "HTTPCACHE_ENABLED": settings.crawl_http_cache,
        "HTTPCACHE_DIR": str((settings.data_dir / "httpcache").resolve()),
    }


class JobboardAddon:
    """Fills ``tuned`` into a crawler's settings as it is made, from ``JOBBOARD_SETTINGS`` or else the environment.

    At add-on priority: a ``-s NAME=VALUE`` on Scrapy's command line still wins.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        for name, value in tuned(jobboard_settings(settings)).items():
            settings.set(name, value, priority="addon")


def jobboard_settings(settings: BaseSettings) -> Settings:
    """The project's settings a crawler runs with (the environment's for a crawler made without them)."""
    given = settings.get("JOBBOARD_SETTINGS")
    return given if isinstance(given, Settings) else get_settings()


def crawl_settings(settings: Settings, **overrides: Any) -> dict[str, Any]:
    """Scrapy's project settings for a crawl with ``settings``: this module's, then ``overrides``
    (``JOBBOARD_RUN_ID=...``); ``JobboardAddon`` derives the rest when the crawler is made."""
    project = BaseSettings()
    project.setmodule(sys.modules[__name__])
    return {**project, "JOBBOARD_SETTINGS": settings, **overrides}
