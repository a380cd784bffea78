"""Atom and RSS feeds of a search, newest first, so a saved search can be followed in a feed reader.

Links and ids are absolute, on ``JOBBOARD_PUBLIC_BASE_URL`` (see ``api.deps.get_public_base``), never on
the request's ``Host``. Entry texts are plain text: feed readers render an RSS ``<description>`` as
HTML, and posting descriptions are other people's HTML. A feed is built where the search runs (a
search worker, see ``api.deps.Searches``): its entries' texts cost more than the search.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

import nh3
from fastapi import APIRouter, Query, Request, Response
from feedgen.feed import FeedGenerator
from pydantic import Field

from api import render
from api.cache import Answer
from api.deps import PublicBaseDep, SearchesDep
from api.errors import SEARCH_ERRORS
from api.models import JobFilters, filter_params
from api.search import cut
from index import SearchIndex
from index.filters import FILTER_NAMES, Match, marker
from parsers.record import Posting

router = APIRouter(tags=["feeds"])

# Characters XML 1.0 cannot carry at all; lxml refuses them, so they are dropped from untrusted text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class FeedParams(JobFilters):
    size: int = Field(default=50, ge=1, le=100, description="Entries in the feed (the newest ones).")


def _x(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def _title(filters: JobFilters) -> str:
    """The search in a few words: its text, its tags and every value a filter matches (a new filter included)."""
    parts = []
    if filters.q:
        parts.append(f'"{filters.q}"')
    parts.extend("#" + tag for tag in filters.hashtags)
    parts.extend(str(value) for name in FILTER_NAMES if isinstance(marker(name), Match) and (value := getattr(filters, name)))
    return "Jobs" + (": " + ", ".join(parts) if parts else "")


def _text(markup: str) -> str:
    """Only the text of ``markup``: every tag dropped (scripts and styles with their content), entities decoded."""
    return " ".join(html.unescape(nh3.clean(markup, tags=set())).split())


def _entry_text(record: Posting) -> str:
    where = "; ".join(", ".join(x for x in (p.city, p.country_code) if x) for p in record.location.places) or record.location.raw
    head = _text(" · ".join(x for x in (record.company.name, where, "/".join(record.location.workplace)) if x))
    # The description rendered and sanitized as on the page first, so Markdown syntax does not show either.
    body = _text(record.summary) if record.summary else _text(render.description_html(record.description[:4000]))
    body = cut(body, 600)[0]
    return f"{head}\n\n{body}" if head else body


def feed(index: SearchIndex, params: FeedParams, base: str, self_url: str, kind: Literal["atom", "rss"]) -> Answer:
    """The feed at ``self_url``: the newest postings matching ``params``, linked under ``base``."""
    query = params.model_copy(update={"sort": "date"}).to_query(size=params.size)
    result = index.search(query)
    search_qs = urlencode(filter_params(params))
    page_url = f"{base}/" + (f"?{search_qs}" if search_qs else "")
    feed = FeedGenerator()
    feed.id(_x(self_url))
    feed.title(_x(_title(params)[:300]))
    feed.link(href=_x(page_url), rel="alternate")
    feed.link(href=_x(self_url), rel="self")
    feed.description(_x(f"{result.total} postings match this search on jobboard."))
    feed.generator("jobboard")
    newest = max((hit.record.posted_at for hit in result.items if hit.record.posted_at), default=_EPOCH)
    feed.updated(newest)
    feed.lastBuildDate(newest)
    for hit in result.items:
        record = hit.record
        link = f"{base}/postings/{record.id}"
        entry = feed.add_entry(order="append")
        entry.id(link)
        entry.guid(link, permalink=True)
        entry.title(_x(record.title) or "(untitled)")
        entry.link(href=link)
        text = _x(_entry_text(record))
        if kind == "rss":
            entry.description(html.escape(text, quote=False))  # readers decode it as HTML: it must stay text
        else:
            entry.content(text, type="text")
        when = record.posted_at or _EPOCH
        entry.published(when)
        entry.updated(when)
        for tag in record.hashtags:
            entry.category(term=_x(tag))
        if record.company.name:
            entry.author(name=_x(record.company.name))
    if kind == "rss":
        return Answer(feed.rss_str(pretty=False), "application/rss+xml; charset=utf-8")
    return Answer(feed.atom_str(pretty=False), "application/atom+xml; charset=utf-8")


_FEED_RESPONSES = {**SEARCH_ERRORS}


def _responses(kind: Literal["atom", "rss"]) -> dict[int | str, dict[str, object]]:
    media = "application/atom+xml" if kind == "atom" else "application/rss+xml"
    return {200: {"content": {media: {}}, "description": f"An {kind.upper()} feed."}, **_FEED_RESPONSES}


async def _respond(
    request: Request, params: FeedParams, searches: SearchesDep, base: str, kind: Literal["atom", "rss"]
) -> Response:
    self_url = base + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return await searches.respond(request, feed, params, base, self_url, kind, by_target=False)


@router.get("/feeds/jobs.atom", response_class=Response, responses=_responses("atom"))
async def atom(request: Request, params: Annotated[FeedParams, Query()], searches: SearchesDep, base: PublicBaseDep) -> Response:
    """Atom feed of the newest postings matching the filters of `/jobs`."""
    return await _respond(request, params, searches, base, "atom")


@router.get("/feeds/jobs.rss", response_class=Response, responses=_responses("rss"))
async def rss(request: Request, params: Annotated[FeedParams, Query()], searches: SearchesDep, base: PublicBaseDep) -> Response:
    """RSS 2.0 feed of the newest postings matching the filters of `/jobs`."""
    return await _respond(request, params, searches, base, "rss")
