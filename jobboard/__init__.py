"""jobboard: crawl Recruitee career sites, normalize postings, search them."""

__version__ = "0.1.0"
