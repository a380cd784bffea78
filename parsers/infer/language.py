"""The posting's language, detected rather than taken from a field, which sources rarely fill in."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pycld2

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def language(texts: Iterable[str | None]) -> str | None:
    """ISO 639-1 code of the posting text, from CLD2 on its first 800 characters."""
    sample = " ".join(t for t in texts if t)[:800]
    if len(sample.strip()) < 20:
        return None
    try:
        reliable, _, details = pycld2.detect(sample)
    except pycld2.error:
        # CLD2 refuses control characters and unpaired surrogates; drop them and try once more.
        cleaned = _UNPRINTABLE.sub(" ", sample.encode("utf-8", "ignore").decode("utf-8"))
        try:
            reliable, _, details = pycld2.detect(cleaned)
        except pycld2.error:
            return None
    code = details[0][1] if details else "un"
    if not reliable or code in ("un", "xxx") or len(code) != 2:
        return None
    return code
