"""Scrapy spiders that fetch Recruitee career sites and yield raw offers (see crawlers/settings.py)."""
