"""Scrapy settings: polite defaults for crawling career sites that are not ours."""

BOT_NAME = "jobboard"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 1
AUTOTHROTTLE_ENABLED = True
DOWNLOAD_TIMEOUT = 30
USER_AGENT = "jobboard (+https://github.com/jobboard/jobboard)"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
