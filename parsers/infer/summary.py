"""A short plain-text summary for list views, when the source gives none."""

from __future__ import annotations

import re
from collections.abc import Iterator

_MD_NOISE = re.compile(r"[*_`>#]+|\[([^\]]*)\]\([^)]*\)")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")


def _blocks(text: str) -> Iterator[str]:
    """``re.split`` on blank lines, one block at a time: the first paragraph is usually near the top."""
    position = 0
    for blank in _BLANK_LINES.finditer(text):
        yield text[position : blank.start()]
        position = blank.end()
    yield text[position:]


def summary_from(description: str) -> str | None:
    """The first real paragraph of the description, cut on a word boundary."""
    for block in _blocks(description):
        line = "\n".join(row for row in block.strip().splitlines() if not row.lstrip().startswith("#")).strip()
        if len(line) < 60:
            continue
        # A link keeps its text (group 1); marks go (the group is unmatched, so the template gives "").
        plain = _MD_NOISE.sub(r"\1", line)
        plain = _SPACES.sub(" ", plain).strip()
        if len(plain) < 60:
            continue
        if len(plain) <= 280:
            return plain
        cut = plain[:280].rsplit(" ", 1)[0]
        return cut.rstrip(",;:") + "…"
    return None
