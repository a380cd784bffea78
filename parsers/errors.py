"""Errors raised by the parsers: one family, so callers catch one type."""

from core.errors import JobboardError


class ParseError(JobboardError):
    """A file or payload could not be turned into posting records.

    The message says what was wrong in words a user can act on.
    """
