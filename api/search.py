"""What the routes and the page ask of the index, in the API's shapes: the reads ``api.deps.Searches`` runs.

Each read is a module-level function of the index and plain arguments, so a search worker can be sent
it by name (``api.pool``); it returns plain data or a finished ``Answer``. Only the ``SearchIndex``
interface is used. The index names its facets after its fields (countries, cities, ...); the API shows
``locations`` instead: countries (ISO code as value, name as label) then cities, because the
``location`` filter takes either and a picker wants both.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from api.cache import Answer
from api.models import LIST_DESCRIPTION_CHARS, FacetCount, Facets, JobFilters, JobHit, JobsPage, ValueCounts
from index import FacetValue, SearchIndex, SearchQuery
from index.base import check_paging_depth, explained
from parsers.record import Posting


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _counts(values: list[FacetValue]) -> list[FacetCount]:
    return [FacetCount(value=v.value, count=v.count, approximate=v.approximate) for v in values]


def locations(facets: dict[str, list[FacetValue]]) -> list[FacetCount]:
    countries = [
        FacetCount(value=v.value, count=v.count, label=country_name(v.value), kind="country", approximate=v.approximate)
        for v in facets.get("countries", [])
    ]
    cities = [
        FacetCount(value=v.value, count=v.count, label=v.value, kind="city", approximate=v.approximate)
        for v in facets.get("cities", [])
    ]
    return countries + cities


def to_facets(raw: dict[str, list[FacetValue]]) -> Facets:
    if not raw:
        return Facets()
    same = {name: _counts(values) for name, values in raw.items() if name in Facets.model_fields}  # all but locations
    return Facets(locations=locations(raw), **same)


def cut(text: str, limit: int = LIST_DESCRIPTION_CHARS) -> tuple[str, bool]:
    """The start of a description, cut at a word boundary."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip() + "…", True


def search(index: SearchIndex, query: SearchQuery, suggest: bool = True) -> JobsPage:
    """A page a client asked for (``/jobs``, the web page): never one past ``MAX_PAGING_DEPTH`` results; with what
    to relax when it is empty, unless not ``suggest``."""
    check_paging_depth(query)
    result = explained(index, query, suggest)
    items = []
    for hit in result.items:
        # The record was validated when the index read it; building the hit from its fields needs no second check.
        fields = dict(hit.record)
        fields["description"], truncated = cut(hit.record.description)
        items.append(JobHit.model_construct(**fields, score=hit.score, highlight=hit.highlight, description_truncated=truncated))
    return JobsPage(
        total=result.total,
        items=items,
        facets=to_facets(result.facets),
        next_cursor=result.next_cursor,
        interpretation=result.interpretation,
        suggestions=result.suggestions,
    )


@dataclass(frozen=True)
class Listing:
    """What the web page shows for a search: a page of results, and the facets its pickers and chips offer,
    each counted without its own filter (multi-select), so a picker offers every other choice too."""

    page: JobsPage
    facets: Facets


def listing(index: SearchIndex, filters: JobFilters, cursor: str | None, size: int, facet_size: int) -> Listing:
    """Everything the web page needs from the index, in one call (so one trip to a search worker), one search."""
    page = search(index, filters.to_query(cursor=cursor, size=size, facet_size=facet_size, facet_mode="multi_select"))
    facets = page.facets
    if cursor is not None:  # later pages carry no facets: the pickers need them all the same
        facets = to_facets(index.facets(filters.to_query(facet_size=facet_size, facet_mode="multi_select")))
    return Listing(page=page, facets=facets)


def answer(index: SearchIndex, query: SearchQuery) -> Answer:
    """``search``'s page as a finished answer (JSON, ETag, gzip), made wherever the search runs."""
    return Answer(search(index, query).model_dump_json().encode())


def warm_up(index: SearchIndex) -> None:
    """One small search that touches every lazily loaded table a search uses (the query analysis and reading, the
    skills vocabulary, the gazetteer behind ``location``, the country names of the facets).

    Run once at startup: left to the first requests, each of 20 concurrent ones would build its own
    copy of the same tables at the same time (``lru_cache`` does not make the others wait), costing
    seconds of CPU and hundreds of MB.
    """
    # "münchen" builds the gazetteer's other spellings, "pyhton" the near-miss tables of the query reader.
    query = SearchQuery(q="engineer python münchen pyhton", hashtags=["python"], location="Berlin", size=1, facet_size=1)
    search(index, query, suggest=False)
    country_name("DE")


def job(index: SearchIndex, posting_id: str) -> Answer | None:
    """One whole record as an answer (``/jobs/{id}``); None when there is no such posting."""
    record = index.get(posting_id)
    return Answer(record.model_dump_json().encode()) if record is not None else None


def record(index: SearchIndex, posting_id: str) -> Posting | None:
    return index.get(posting_id)


def count(index: SearchIndex) -> int:
    return index.count()


def version(index: SearchIndex) -> str | None:
    return index.version()


def export_page(index: SearchIndex, query: SearchQuery) -> tuple[str, str | None]:
    """One page of an export as JSON lines, and the cursor of the next (as deep as the results go)."""
    result = index.search(query)
    return "".join(hit.record.model_dump_json() + "\n" for hit in result.items), result.next_cursor


def fold(text: str) -> str:
    """Case- and accent-insensitive form for prefix matching ('mün' finds 'München')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Taxonomies:
    """Value lists for pickers, over all searchable postings; kept briefly (and while the index is the same),
    since every prefix an autocompletion sends filters the same lists."""

    TTL = 30.0
    SIZE = 100  # the most an index facet returns

    def __init__(self) -> None:
        self._cached: tuple[float, tuple[int, str | None], dict[str, list[FacetValue]]] | None = None

    def _all(self, index: SearchIndex) -> dict[str, list[FacetValue]]:
        now = time.monotonic()
        which = (id(index), index.version())
        cached = self._cached
        if cached is not None and now - cached[0] < self.TTL and cached[1] == which:
            return cached[2]
        facets = index.facets(SearchQuery(facet_size=self.SIZE))
        self._cached = (now, which, facets)
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


_TAXONOMIES = Taxonomies()  # one per process that reads: the server's threads, or each search worker


def values(index: SearchIndex, kind: str, prefix: str | None, size: int) -> Answer:
    """A picker's values (``/hashtags``, ``/locations``, ...) as an answer."""
    return Answer(ValueCounts(items=_TAXONOMIES.values(index, kind, prefix, size)).model_dump_json().encode())
