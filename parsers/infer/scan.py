"""What the inference passes share: a cached lower-casing, trigger-word windows and the label splitter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache


@lru_cache(maxsize=8)
def lower_cached(text: str) -> str:
    """``text.lower()``, computed once for the several inference passes over the same description."""
    return text.lower()


def around(text: str, words: tuple[str, ...], before: int, after: int, lowered: str | None = None) -> Iterator[tuple[int, str]]:
    """Windows of ``text`` around each occurrence of trigger words (matched in lower case).

    The inference regexes are too costly to run over every position of a long
    description; they run only where a cheap substring search says they could match.
    """
    low = lower_cached(text) if lowered is None else lowered
    if len(low) != len(text):
        yield 0, text
        return
    for word in words:
        position = low.find(word)
        while position != -1:
            start = max(0, position - before)
            yield start, text[start : position + len(word) + after]
            position = low.find(word, position + len(word))


# Where a labelled value runs into the next label on the same line ("Title: X Location: Y").
LABEL_SPLIT = re.compile(
    r"\s+(?:location|job\s+type|employment\s+type|company|salary|department|about\s+the\s+(?:role|job|company))\s*:",
    re.IGNORECASE,
)
