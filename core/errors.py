"""Root of the project's exception hierarchy.

Each package (parsers, index, crawlers, api) derives its own errors from
``JobboardError`` so the CLI can turn any of them into one clear line.
"""


class JobboardError(Exception):
    """Base class for every error the project raises on purpose."""
