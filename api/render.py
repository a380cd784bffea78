"""Untrusted posting text to safe HTML: Markdown rendered, then sanitized with nh3.

Descriptions come from other people's career sites and may hold raw HTML. Sanitizing after
rendering means nothing the Markdown step lets through (raw HTML, odd link schemes) reaches the page:
no scripts, no event handlers, no ``javascript:`` links, no images (tracking pixels), no styles.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}
_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Raw HTML is allowed through Markdown on purpose: postings often are HTML; nh3 decides what stays.
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def description_html(markdown: str) -> str:
    """The description as sanitized HTML, headings demoted below the page's own h1."""
    html = _markdown().render(markdown or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return _cleaner().clean(html)


def snippet_html(snippet: str) -> str:
    """A search snippet: the index escapes text and adds <mark>; keep only <mark>, whatever a backend sends."""
    return nh3.clean(snippet, tags={"mark"}, attributes={})


def safe_url(url: str | None) -> str | None:
    """A link target from a posting only if it is plain http(s); anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    candidate = url.strip()
    lowered = candidate.lower()
    if lowered.startswith(("http://", "https://")) and not any(c in candidate for c in "\x00\r\n\t "):
        return candidate
    return None
