"""The job-board page: server-rendered, the whole search state in the URL so any view can be shared.

Bad parameters on a page are dropped with a note instead of a JSON 422, a cursor this service did not
issue (or one too deep) is a readable page with status 400, and index trouble one with status 503:
people, not programs, read these answers. Reads run where every read does (``api.deps.Searches``), so
a search that brings the engine down takes a worker with it, not the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, get_origin
from urllib.parse import urlencode

from anyio import from_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from api import render, search
from api.deps import SearchesDep
from api.errors import public_detail
from api.models import JobFilters, filter_params
from index import BadCursor, SearchIndexError
from index.base import MAX_PAGING_DEPTH, Relaxation, claimed_depth
from index.filters import parameter
from index.understand import Interpretation, without
from parsers.currency import amount_prefix
from parsers.record import Posting

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")

PAGE_SIZE = 20
FACET_SIZE = 15
_FORM_INPUTS = ("q", "location", "role", "workplace")  # what search.html's form asks itself
# Only our own files: untrusted posting HTML is sanitized, and this makes anything that slips through inert.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_LABELS = {
    "full_time": "Full-time",
    "part_time": "Part-time",
    "contract": "Contract",
    "internship": "Internship",
    "temporary": "Temporary",
    "remote": "Remote",
    "hybrid": "Hybrid",
    "onsite": "On-site",
    "devops": "DevOps",
    "ml": "Machine learning",
    "qa": "QA",
}


def label(value: str | None) -> str:
    if not value:
        return ""
    return _LABELS.get(value, value.replace("_", " ").capitalize())


def read_filters(request: Request) -> tuple[JobFilters, str | None, list[str]]:
    """The page's filters from its URL; invalid ones are dropped and named with the reason, so a bad link still
    shows a page."""
    params = request.query_params
    raw: dict[str, Any] = {}
    for name, info in JobFilters.model_fields.items():
        param = parameter(name)
        if get_origin(info.annotation) is list:
            raw[param] = [v for v in params.getlist(param) if v.strip()]
        else:
            value = params.get(param)
            if value is not None and value.strip():
                raw[param] = value
    dropped: list[str] = []
    while True:
        try:
            filters = JobFilters.model_validate(raw)
            break
        except ValidationError as exc:
            why: dict[str, str] = {}
            for error in exc.errors(include_url=False):
                if error.get("loc") and str(error["loc"][0]) in raw:
                    why.setdefault(str(error["loc"][0]), str(error["msg"]))
            if not why:
                filters = JobFilters()
                break
            for name in sorted(why):
                raw.pop(name)
                dropped.append(f"{name} ({why[name]})")  # what was wrong, as the API's 422 says it
    cursor = params.get("cursor")
    if cursor is not None and not cursor.strip():
        cursor = None
    return filters, cursor, dropped


def page_url(filters: JobFilters, cursor: str | None = None, **changes: Any) -> str:
    """A link to the page with the current search changed: the state travels in the query string."""
    changed = filters.model_copy(update=changes) if changes else filters
    pairs = filter_params(changed)
    if cursor:
        pairs.append(("cursor", cursor))
    return "/" + ("?" + urlencode(pairs) if pairs else "")


def salary_text(record: Posting) -> str | None:
    salary = record.salary
    if salary is None or (salary.min is None and salary.max is None):
        return None
    symbol = amount_prefix(salary.currency)
    amounts = [f"{symbol}{value:,.0f}" for value in (salary.min, salary.max) if value is not None]
    if len(amounts) == 2 and amounts[0] == amounts[1]:
        amounts = amounts[:1]
    return "–".join(amounts) + f" / {salary.period}"


def where(record: Posting) -> str:
    places = [", ".join(x for x in (p.city, p.country_code) if x) for p in record.location.places]
    return "; ".join(p for p in places if p) or record.location.raw or ""


def posted(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


def teaser(record: Posting, limit: int = 220) -> str:
    """Plain text for a card: the summary, else the start of the description with its markup removed."""
    if record.summary:
        return search.cut(record.summary, limit)[0]
    html = render.description_html(record.description[:2000])
    text = " ".join(render.nh3.clean(html, tags=set()).split())
    return search.cut(text, limit)[0]


# What each kind of reading is called on the page.
_FIELD_NAMES = {
    "hashtags": "skill",
    "location": "place",
    "region": "region",
    "workplace": "workplace",
    "role": "role",
    "seniority": "seniority",
    "employment_type": "employment",
    "language": "language",
    "title": "job title",
    "salary": "salary",
}


@dataclass(frozen=True)
class Chip:
    """One part of the search's text and how it was read, with links that change the reading."""

    text: str
    kind: str
    meaning: str | None = None  # "skill: rails"
    filter_url: str | None = None  # the words as a real filter instead
    text_url: str | None = None  # the words as plain text only
    read_url: str | None = None  # plain-text words read again


@dataclass(frozen=True)
class Relax:
    """A filter of a search that found nothing, and what the search finds without it."""

    what: str
    total: int
    url: str


def _as_filter(filters: JobFilters, field: str, value: str) -> dict[str, Any]:
    """The change to ``filters`` that sets the filter a reading names."""
    if field == "hashtags":
        return {"hashtags": [*filters.hashtags, value] if value not in filters.hashtags else filters.hashtags}
    if field == "salary":  # a salary wish ranks; as the filter, only postings paying at least that are left
        return {"salary_min": float(value)}
    return {field: value}


def _shown(field: str, value: str) -> str:
    """A reading's value as people read it: #tag, a country's name, a label."""
    if field == "hashtags":
        return "#" + value
    if field == "location" and len(value) == 2 and value.isupper():
        return search.country_name(value)
    if field == "salary":
        return f"at least {float(value):,.0f} a year"
    if field in ("location", "region", "language", "title"):
        return value
    return label(value)


def chips(filters: JobFilters, interpretation: Interpretation | None) -> list[Chip]:
    """The interpretation of ``q`` as chips: a reading offers to become a filter (its words leave q) or to stay
    text (the ``literal`` parameter); a word kept as text offers to be read again; a #tag to become a word."""
    if interpretation is None or not filters.q:
        return []
    q = filters.q
    out: list[Chip] = []
    for term in interpretation.terms:
        if term.kind == "field" and term.field and term.value:
            meaning = f"{_FIELD_NAMES.get(term.field, term.field)}: {_shown(term.field, term.value)}"
            if term.near:
                meaning += " (spelling)"
            filter_url = None
            if term.filterable:
                filter_url = page_url(filters, q=without(q, term.text) or None, **_as_filter(filters, term.field, term.value))
            literal = [*filters.literal, *(w for w in term.text.split() if w.lower() not in {x.lower() for x in filters.literal})]
            out.append(Chip(term.text, term.kind, meaning, filter_url, page_url(filters, literal=literal)))
        elif term.kind == "literal":
            kept = [w for w in filters.literal if w.lower() != term.text.lower()]
            out.append(Chip(term.text, term.kind, "as text", read_url=page_url(filters, literal=kept)))
        elif term.kind == "tag" and term.value:
            as_word = " ".join(q.replace(term.text, term.text.lstrip("#"), 1).split())
            out.append(Chip(term.text, term.kind, "required skill", text_url=page_url(filters, q=as_word)))
        else:
            out.append(Chip(term.text, term.kind, "phrase" if term.kind == "phrase" else None))
    return out


def relaxations(filters: JobFilters, suggestions: list[Relaxation]) -> list[Relax]:
    """Links that each drop one filter of a search that found nothing, with what each would find."""
    fields = {parameter(name): name for name in JobFilters.model_fields}
    out: list[Relax] = []
    for relaxed in suggestions:
        if relaxed.total <= 0:
            continue
        name = fields.get(relaxed.parameter)
        if relaxed.parameter == "q" and filters.q:
            rest = (
                filters.q.replace(relaxed.value, " ", 1) if relaxed.value.startswith('"') else without(filters.q, relaxed.value)
            )
            url, what = page_url(filters, q=" ".join(rest.split()) or None), f"without “{relaxed.value}”"
        elif name == "include_archived":
            url, what = page_url(filters, include_archived=True), "with archived jobs"
        elif name == "hashtags":
            url = page_url(filters, hashtags=[t for t in filters.hashtags if t != relaxed.value])
            what = f"without #{relaxed.value}"
        elif name is not None:
            url, what = page_url(filters, **{name: None}), f"without {name.replace('_', ' ')} {label(relaxed.value)}"
        else:
            continue
        out.append(Relax(what, relaxed.total, url))
    return out


def hidden_params(filters: JobFilters) -> list[tuple[str, str]]:
    """The search's parameters the form has no input for, so a search from the form keeps them (a new filter too)."""
    return [(name, value) for name, value in filter_params(filters) if name not in _FORM_INPUTS]


templates.env.globals.update(
    page_url=page_url,
    hidden_params=hidden_params,
    label=label,
    salary_text=salary_text,
    where=where,
    posted=posted,
    teaser=teaser,
    snippet_html=render.snippet_html,
    safe_url=render.safe_url,
    description_html=render.description_html,
    country_name=search.country_name,
)


def _html(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, template, context, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _unavailable(request: Request, exc: SearchIndexError, filters: JobFilters | None = None) -> HTMLResponse:
    context = {"title": "Search is unavailable", "message": public_detail(exc), "filters": filters or JobFilters()}
    return _html(request, "error.html", context, status=503)


def _bad_cursor(request: Request, exc: BadCursor, filters: JobFilters) -> HTMLResponse:
    """A link to a page of results that this service did not make (or one too deep to show): say so, and
    link to the first page of the same search rather than quietly showing another page."""
    message = str(exc).splitlines()[0][:300].removeprefix("cursor: ")
    message = f"The link's {message}" if message.startswith("cursor ") else message[:1].upper() + message[1:]
    context = {
        "title": "This page of results cannot be shown",
        "message": message + ".",
        "filters": filters,
    }
    return _html(request, "error.html", context, status=400)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, searches: SearchesDep) -> Response:
    filters, cursor, dropped = read_filters(request)
    try:
        if cursor is not None and len(cursor) > 500:
            raise BadCursor("cursor is not one this service issued")
        found = from_thread.run(searches.call, search.listing, filters, cursor, PAGE_SIZE, FACET_SIZE)
    except BadCursor as exc:
        return _bad_cursor(request, exc, filters)
    except SearchIndexError as exc:
        return _unavailable(request, exc, filters)
    next_cursor = found.page.next_cursor
    too_deep = next_cursor is not None and claimed_depth(next_cursor) >= MAX_PAGING_DEPTH
    search_qs = urlencode(filter_params(filters))
    context = {
        "filters": filters,
        "page": found.page,
        "chips": chips(filters, found.page.interpretation),
        "relaxations": relaxations(filters, found.page.suggestions),
        "facets": found.facets,
        "dropped": dropped,
        "cursor": cursor,
        "next_cursor": None if too_deep else next_cursor,
        "too_deep": too_deep,
        "max_depth": f"{MAX_PAGING_DEPTH:,}",
        "search_qs": search_qs,
        "feed_qs": ("?" + search_qs) if search_qs else "",
        "title": "Jobs" + (f" – {filters.q}" if filters.q else ""),
    }
    return _html(request, "search.html", context)


@router.get("/postings/{posting_id}", response_class=HTMLResponse)
def posting(request: Request, posting_id: str, searches: SearchesDep) -> Response:
    filters, _, _ = read_filters(request)
    search_qs = urlencode(filter_params(filters))
    try:
        record = from_thread.run(searches.call, search.record, posting_id[:200])
    except SearchIndexError as exc:
        return _unavailable(request, exc, filters)
    if record is None:
        context = {"title": "Posting not found", "message": "This posting does not exist or was removed.", "filters": filters}
        return _html(request, "error.html", context, status=404)
    context = {
        "record": record,
        "filters": filters,
        "back_url": "/" + (f"?{search_qs}" if search_qs else ""),
        "apply_url": render.safe_url(record.apply_url) or render.safe_url(record.url),
        "title": record.title,
    }
    return _html(request, "posting.html", context)
