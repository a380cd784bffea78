"""HTML fragments to clean Markdown (scripts, styles and event handlers dropped)."""

from __future__ import annotations

import re

import html_to_markdown

_BLANKS = re.compile(r"\n{3,}")
_UNSAFE_LINK = re.compile(r"\[([^\]]*)\]\(\s*(?:javascript|vbscript|data):(?:[^()]|\([^()]*\))*\)", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def markdown_from_html(fragment: str | None) -> str:
    """Markdown for a posting's HTML description; text that is not HTML passes through trimmed."""
    if not fragment:
        return ""
    if not _LOOKS_LIKE_HTML.search(fragment):
        return fragment.strip()
    try:
        # Default options (ATX headings, no wrapping): passing an options object costs a conversion per call.
        result = html_to_markdown.convert(fragment)
    except Exception:  # the converter's own errors: fall back to tag stripping rather than lose the text
        result = None
    content = getattr(result, "content", None) if result is not None else None
    if not isinstance(content, str):
        content = _LOOKS_LIKE_HTML.sub(" ", fragment)
    # Each substitution only where its literal marks occur: a link's "](", three line ends in a row.
    if "](" in content:
        content = _UNSAFE_LINK.sub(r"\1", content)
    if "\n\n\n" in content:
        content = _BLANKS.sub("\n\n", content)
    return content.strip()
