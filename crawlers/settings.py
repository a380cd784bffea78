"""Scrapy settings: polite defaults for crawling career sites that are not ours.

Values a user tunes come from ``JOBBOARD_*`` variables (``jobboard.settings``),
so ``scrapy crawl recruitee`` and ``jobboard crawl`` behave the same.
"""

from importlib.metadata import PackageNotFoundError, version

from jobboard.settings import get_settings

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
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.BackoffRetryMiddleware": 550,
}

# Development: replay responses from disk instead of asking again.
HTTPCACHE_ENABLED = _settings.crawl_http_cache
HTTPCACHE_DIR = str((_settings.data_dir / "httpcache").resolve())
HTTPCACHE_IGNORE_HTTP_CODES = [304, 408, 429, 500, 502, 503, 504]

ITEM_PIPELINES = {"crawlers.pipelines.BoardPipeline": 300}
EXTENSIONS = {"crawlers.extensions.Progress": 500, "scrapy.extensions.telnet.TelnetConsole": None}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
