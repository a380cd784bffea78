"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, else the detected legacy encoding.

Binary data is rejected here, so format parsers only ever see text.
"""

from __future__ import annotations

import codecs
import re

from parsers.errors import ParseError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode(data: bytes) -> str:
    if not data.strip():
        raise ParseError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError:
                raise ParseError(f"text starts with a {encoding} byte-order mark but does not decode as {encoding}") from None
    head = data[:8192]
    if b"\x00" in head:
        raise ParseError("binary file (contains NUL bytes), not a text posting")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return _checked(data.decode(encoding))
    except (UnicodeDecodeError, LookupError):
        try:
            return _checked(data.decode("cp1252"))
        except UnicodeDecodeError:
            raise ParseError("not valid text in UTF-8 or any common legacy encoding") from None


def _checked(text: str) -> str:
    sample = text[:8192]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise ParseError("binary file (too many control characters), not a text posting")
    return text
