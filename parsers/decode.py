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
_SAMPLE = 8192
# Every byte but the control characters above: deleting them leaves the control bytes, which in UTF-8 are
# those characters (a multi-byte sequence never holds a byte under 0x80).
_NOT_CONTROL = bytes(b for b in range(256) if not (b <= 0x08 or b == 0x0B or 0x0E <= b <= 0x1F))


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
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # The sample's characters lie within its first 4 bytes each: at most 2 control bytes there passes.
        if len(data[: 4 * _SAMPLE].translate(None, _NOT_CONTROL)) <= 2:
            return text
        return _checked(text)
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
    sample = text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise ParseError("binary file (too many control characters), not a text posting")
    return text
