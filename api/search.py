"""What the routes and the page ask of the index, in the API's shapes.

Only the ``SearchIndex`` interface is used. The index names its facets after its fields
(countries, cities, ...); the API shows ``locations`` instead: countries (ISO code as value,
name as label) then cities, because the ``location`` filter takes either and a picker wants both.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from api.cache import Answer
from api.errors import index_failures
from api.models import LIST_DESCRIPTION_CHARS, FacetCount, Facets, JobFilters, JobHit, JobsPage
from index import FacetValue, SearchIndex, SearchQuery
from index.base import MAX_PAGE_SIZE, check_paging_depth

# API facet name -> the index's facet name (locations is built from two).
_DIRECT = {
    "hashtags": "hashtags",
    "roles": "roles",
    "seniorities": "seniorities",
    "workplaces": "workplaces",
    "companies": "companies",
    "employment_types": "employment_types",
}


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _counts(values: list[FacetValue]) -> list[FacetCount]:
    return [FacetCount(value=v.value, count=v.count) for v in values]


def locations(facets: dict[str, list[FacetValue]]) -> list[FacetCount]:
    countries = [
        FacetCount(value=v.value, count=v.count, label=country_name(v.value), kind="country") for v in facets.get("countries", [])
    ]
    cities = [FacetCount(value=v.value, count=v.count, label=v.value, kind="city") for v in facets.get("cities", [])]
    return countries + cities


def to_facets(raw: dict[str, list[FacetValue]]) -> Facets:
    if not raw:
        return Facets()
    mapped = {name: _counts(raw.get(source, [])) for name, source in _DIRECT.items()}
    return Facets(locations=locations(raw), **mapped)


def cut(text: str, limit: int = LIST_DESCRIPTION_CHARS) -> tuple[str, bool]:
    """The start of a description, cut at a word boundary."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip() + "…", True


def search(index: SearchIndex, query: SearchQuery) -> JobsPage:
    """A page a client asked for (``/jobs``, the web page): never one past ``MAX_PAGING_DEPTH`` results."""
    check_paging_depth(query)
    result = index.search(query)
    items = []
    for hit in result.items:
        # The record was validated when the index read it; building the hit from its fields needs no second check.
        fields = dict(hit.record)
        fields["description"], truncated = cut(hit.record.description)
        items.append(JobHit.model_construct(**fields, score=hit.score, highlight=hit.highlight, description_truncated=truncated))
    return JobsPage(total=result.total, items=items, facets=to_facets(result.facets), next_cursor=result.next_cursor)


@dataclass(frozen=True)
class Listing:
    """What the web page shows for a search: a page of results, the facets of the whole result set, and the
    values of the location and role pickers (each counted as if its own filter were not set)."""

    page: JobsPage
    facets: Facets
    location_values: list[FacetCount]
    role_values: list[FacetCount]


def listing(index: SearchIndex, filters: JobFilters, cursor: str | None, size: int, facet_size: int) -> Listing:
    """Everything the web page needs from the index, in one call (so one trip to a search worker)."""
    page = search(index, filters.to_query(cursor=cursor, size=size, facet_size=facet_size))
    facets = page.facets
    if cursor is not None:  # later pages carry no facets: the pickers need them all the same
        facets = to_facets(index.facets(filters.to_query(facet_size=facet_size)))
    wide_locations = _facets_without(index, filters, "location", facet_size)
    wide_roles = _facets_without(index, filters, "role", facet_size)
    return Listing(
        page=page,
        facets=facets,
        location_values=locations(wide_locations) if wide_locations else facets.locations,
        role_values=to_facets(wide_roles).roles if wide_roles else facets.roles,
    )


def _facets_without(index: SearchIndex, filters: JobFilters, field: str, facet_size: int) -> dict[str, list[FacetValue]]:
    """Counts for a picker as if its own filter were not set, so the picker offers every other choice too."""
    if getattr(filters, field) is None:
        return {}
    return index.facets(filters.model_copy(update={field: None}).to_query(facet_size=facet_size))


def answer(index: SearchIndex, query: SearchQuery) -> Answer:
    """``search``'s page as a finished answer (JSON, ETag, gzip), made wherever the search runs."""
    return Answer(search(index, query).model_dump_json().encode())


def warm_up(index: SearchIndex) -> None:
    """One small search that touches every lazily loaded table a search uses (the query analysis, the
    skills vocabulary, the gazetteer behind ``location``, the country names of the facets).

    Run once at startup: left to the first requests, each of 20 concurrent ones would build its own
    copy of the same tables at the same time (``lru_cache`` does not make the others wait), costing
    seconds of CPU and hundreds of MB.
    """
    search(index, SearchQuery(q="engineer python", hashtags=["python"], location="Berlin", size=1, facet_size=1))
    country_name("DE")


def walk(index: SearchIndex, filters: JobFilters, page_size: int = MAX_PAGE_SIZE) -> Iterator[str]:
    """Every matching record as a JSON line, following the cursors page by page (as deep as the results go)."""
    cursor: str | None = None
    while True:
        with index_failures():
            result = index.search(filters.to_query(cursor=cursor, size=page_size, facet_size=0))
        for hit in result.items:
            yield hit.record.model_dump_json() + "\n"
        cursor = result.next_cursor
        if not cursor:
            return


def fold(text: str) -> str:
    """Case- and accent-insensitive form for prefix matching ('mün' finds 'München')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Taxonomies:
    """Value lists for pickers, over all searchable postings; cached briefly since they move only with crawls."""

    TTL = 30.0
    SIZE = 100  # the most an index facet returns

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: tuple[float, int, dict[str, list[FacetValue]]] | None = None

    def _all(self, index: SearchIndex) -> dict[str, list[FacetValue]]:
        now = time.monotonic()
        cached = self._cached
        if cached is not None and now - cached[0] < self.TTL and cached[1] == id(index):
            return cached[2]
        facets = index.facets(SearchQuery(facet_size=self.SIZE))
        with self._lock:
            self._cached = (now, id(index), facets)
        return facets

    def values(self, index: SearchIndex, kind: str, prefix: str | None, size: int) -> list[FacetCount]:
        facets = self._all(index)
        if kind == "locations":
            values = locations(facets)
        else:
            values = _counts(facets.get(kind, []))
        if prefix:
            wanted = fold(prefix.strip())
            if kind == "companies":
                values = self._merge(values, self._companies_like(index, prefix))
            values = [v for v in values if _starts(wanted, v)]
            values.sort(key=lambda v: (-v.count, v.value))
        return values[:size]

    def _companies_like(self, index: SearchIndex, prefix: str) -> list[FacetCount]:
        """Rarer companies beyond the top 100: the companies facet of a search for the prefix (it prefix-matches names)."""
        raw = index.facets(SearchQuery(q=prefix, facet_size=self.SIZE))
        return _counts(raw.get("companies", []))

    @staticmethod
    def _merge(first: list[FacetCount], second: list[FacetCount]) -> list[FacetCount]:
        seen = {v.value for v in first}
        return first + [v for v in second if v.value not in seen]


def _starts(wanted: str, value: FacetCount) -> bool:
    candidates = [value.value]
    if value.label:
        candidates.append(value.label)
    return any(fold(c).startswith(wanted) or any(fold(w).startswith(wanted) for w in c.split()[1:]) for c in candidates)
