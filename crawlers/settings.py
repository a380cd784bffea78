"""Scrapy settings: polite defaults for crawling career sites that are not ours.

Values a user tunes come from ``JOBBOARD_*`` variables (``core.settings``),
so ``scrapy crawl recruitee`` and ``jobboard crawl`` behave the same.
"""

from importlib.metadata import PackageNotFoundError, version

from core.settings import get_settings

_settings = get_settings()
try:
    _version = version("jobboard")
except PackageNotFoundError:  # running from a checkout that was not installed
    _version = "0"

BOT_NAME = "jobboard"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Who we are and how we behave on other people's servers.
USER_AGENT = f"jobboard/{_version} (+{_settings.contact_url})"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = _settings.crawl_concurrency_per_host
DOWNLOAD_DELAY = 1.0 if _settings.crawl_polite else 0.0
AUTOTHROTTLE_ENABLED = _settings.crawl_polite
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Faults: every request times out, bodies are capped, 429/5xx are retried after a pause.
DOWNLOAD_TIMEOUT = _settings.crawl_timeout_s
DOWNLOAD_MAXSIZE = int(_settings.crawl_max_body_mb * 1024 * 1024)
DOWNLOAD_WARNSIZE = DOWNLOAD_MAXSIZE // 2
RETRY_ENABLED = True
RETRY_TIMES = _settings.crawl_retries
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = _settings.crawl_backoff_s
RETRY_BACKOFF_MAX = _settings.crawl_max_wait_s
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

# The HTML fallback holds a company's offer pages until the last one answers: bounded in number and size.
FALLBACK_MAX_PAGES = _settings.crawl_max_pages
FALLBACK_MAX_BYTES = int(_settings.crawl_max_pages_mb * 1024 * 1024)

# Development: replay responses from disk instead of asking again.
HTTPCACHE_ENABLED = _settings.crawl_http_cache
HTTPCACHE_DIR = str((_settings.data_dir / "httpcache").resolve())
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
