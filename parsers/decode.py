"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, UTF-16 without one, else the detected legacy
encoding; line ends become "\n" whatever they were ("\r\n", or a lone "\r" as old Mac editors wrote).

Binary data is rejected here, so format parsers only ever see text with one kind of line end.
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
_UTF16_SAMPLE = 1024  # bytes looked at to tell UTF-16 without a byte-order mark from binary data
# Every byte but the control characters above: deleting them leaves the control bytes, which in UTF-8 are
# those characters (a multi-byte sequence never holds a byte under 0x80).
_NOT_CONTROL = bytes(b for b in range(256) if not (b <= 0x08 or b == 0x0B or 0x0E <= b <= 0x1F))


def decode(data: bytes) -> str:
    return newlines(_text(data))


def newlines(text: str) -> str:
    """``text`` with every line end as "\n": the format parsers (frontmatter fences, paragraphs) look for that only."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text(data: bytes) -> str:
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
        utf16 = _utf16_without_bom(data)
        if utf16:
            try:
                return _checked(data.decode(utf16))
            except UnicodeDecodeError:
                pass  # unpaired surrogates: binary after all
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


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec, "utf-16-le" or "utf-16-be", when ``data`` looks like UTF-16 with no byte-order mark, else None.

    Text in UTF-16 has an even length, and its ASCII (markup, frontmatter keys, spaces, line ends) is a NUL byte
    beside each character: NULs in many odd positions of the first KB and nearly none in the even ones is
    little-endian, the other way round big-endian. Binary data rarely has that shape, and the control-character
    check on the decoded text catches what does (16-bit numbers)."""
    if len(data) % 2:
        return None
    head = data[:_UTF16_SAMPLE]
    pairs = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for nuls, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls * 10 >= pairs * 3 and others * 20 <= pairs:
            return encoding
    return None


def _checked(text: str) -> str:
    sample = text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise ParseError("binary file (too many control characters), not a text posting")
    return text
