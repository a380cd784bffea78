"""Pure translation between jobboard's search types and Elasticsearch request bodies.

Nothing here talks to a cluster, so every request the Elasticsearch backend
sends can be unit-tested as a plain dict. User text only ever appears as a
*value* of ``match``/``multi_match``/``term`` clauses, never as query syntax
(no ``query_string``), so quotes, ``*``, ``AND``, ``:`` or brackets in ``q``
cannot change the shape of the query or make it fail to parse.
"""

from __future__ import annotations

from typing import Any

from index import terms
from index.base import FACET_FIELDS, TEXT_BOOSTS, SearchQuery
from parsers.record import Posting
from parsers.skills import vocabulary

TEXT_ANALYZER = "jobboard_text"
STEM_ANALYZER = "jobboard_stem"

# Text fields and their boosts; each also has a ``.stem`` subfield searched with the same boost.
SKILL_BOOST = 2.0
MARK_PRE = "<mark>"
MARK_POST = "</mark>"


def sort_clause(sort: str) -> list[dict[str, Any]]:
    """Relevance or date order, always ending in the unique ``id`` so ``search_after`` paging is stable."""
    by_date: list[dict[str, Any]] = [{"posted_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    return [{"_score": "desc"}, *by_date] if sort == "relevance" else by_date


def _boosted(field: str, boost: float) -> str:
    return field if boost == 1 else f"{field}^{boost:g}"


# Search-as-you-type completes names (title, company), not body words: as in the tantivy backend.
PREFIX_FIELDS = ["title^3", "company_text^2"]


def text_fields(stem: bool = True) -> list[str]:
    """``multi_match`` field list: every text field (and, with ``stem``, its stemmed subfield) with its boost."""
    fields: list[str] = []
    for name, boost in TEXT_BOOSTS:
        fields.append(_boosted(name, boost))
        if stem:
            fields.append(_boosted(f"{name}.stem", boost))
    return fields


def index_body() -> dict[str, Any]:
    """Settings and mappings of every physical index (the only place the schema is written down)."""
    text = {
        "type": "text",
        "analyzer": TEXT_ANALYZER,
        "fields": {"stem": {"type": "text", "analyzer": STEM_ANALYZER}},
    }
    keyword = {"type": "keyword"}
    return {
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                "filter": {"jobboard_english_stemmer": {"type": "stemmer", "language": "english"}},
                "analyzer": {
                    TEXT_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                    STEM_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "jobboard_english_stemmer"],
                    },
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": keyword,
                "record": {"type": "object", "enabled": False},
                "hashtags": keyword,
                "role": keyword,
                "seniority": keyword,
                "workplace": keyword,
                "country": keyword,
                "city": keyword,
                "location_keys": keyword,
                "company": keyword,
                "employment_type": keyword,
                "language": keyword,
                "source_kind": keyword,
                "archived": {"type": "boolean"},
                "posted_at": {"type": "date"},
                "salary_top": {"type": "float"},
                "featured": {"type": "integer"},
                "title": text,
                "summary": text,
                "description": text,
                "company_text": text,
            },
        },
    }


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def salary_top(record: Posting) -> float | None:
    if record.salary is None:
        return None
    if record.salary.yearly_max is not None:
        return record.salary.yearly_max
    return record.salary.yearly_min


def document(record: Posting) -> dict[str, Any]:
    """The indexed form of a record; empty and unknown values are left out, not stored as null."""
    places = record.location.places
    doc: dict[str, Any] = {
        "id": record.id,
        "record": record.model_dump(mode="json"),
        "hashtags": _unique(list(record.hashtags)),
        "role": record.role.family,
        "seniority": record.role.seniority,
        "workplace": _unique(list(record.location.workplace)),
        "country": _unique([p.country_code.upper() for p in places if p.country_code]),
        "city": _unique([p.city for p in places if p.city]),
        "location_keys": terms.location_keys(record),
        "company": record.company.name,
        "employment_type": record.employment_type,
        "language": record.language,
        "source_kind": record.source.kind,
        "archived": record.archived,
        "posted_at": record.posted_at.strftime("%Y-%m-%dT%H:%M:%SZ") if record.posted_at else None,
        "salary_top": salary_top(record),
        "featured": record.featured,
        "title": record.title,
        "summary": record.summary,
        "description": record.description,
        "company_text": record.company.name,
    }
    return {key: value for key, value in doc.items() if value is not None and value != [] and value != ""}


def _multi_match(text: str, **extra: Any) -> dict[str, Any]:
    return {"multi_match": {"query": text, "fields": text_fields(), "type": "best_fields", "operator": "and", **extra}}


def _word_clause(word: str, is_prefix: bool) -> dict[str, Any]:
    """One required clause per word: the text, or (last word) a prefix of it, or the skill tag it is an alias of."""
    options: list[dict[str, Any]] = [_multi_match(word)]
    if is_prefix:
        options.append({"multi_match": {"query": word, "fields": PREFIX_FIELDS, "type": "phrase_prefix"}})
    tag = vocabulary().known(word)
    if tag:
        options.append({"term": {"hashtags": {"value": tag}}})
    if len(options) == 1:
        return options[0]
    return {"bool": {"should": options, "minimum_should_match": 1}}


def text_clauses(q: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(must, should) clauses for free text: every word and phrase required, named skills boosting."""
    parsed = terms.TextQuery.parse(q)
    must: list[dict[str, Any]] = []
    last = len(parsed.words) - 1
    for i, word in enumerate(parsed.words):
        must.append(_word_clause(word, is_prefix=i == last and word == parsed.prefix))
    for phrase in parsed.phrases:
        must.append({"multi_match": {"query": phrase, "fields": text_fields(stem=False), "type": "phrase"}})
    should = [{"term": {"hashtags": {"value": tag, "boost": SKILL_BOOST}}} for tag in parsed.skills]
    return must, should


def filter_clauses(query: SearchQuery) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    tags = terms.canonical_hashtags(query.hashtags)
    if tags:
        if query.hashtag_mode == "any":
            filters.append({"terms": {"hashtags": tags}})
        else:
            filters.extend({"term": {"hashtags": tag}} for tag in tags)
    if query.location:
        filters.append({"term": {"location_keys": terms.location_key(query.location)}})
    if query.workplace:
        filters.append({"term": {"workplace": query.workplace}})
    if query.role:
        filters.append({"term": {"role": query.role}})
    if query.seniority:
        filters.append({"term": {"seniority": query.seniority}})
    if query.company:
        filters.append({"term": {"company": query.company}})
    if query.employment_type:
        filters.append({"term": {"employment_type": query.employment_type}})
    if query.language:
        filters.append({"term": {"language": query.language.lower()}})
    if query.posted_after:
        filters.append({"range": {"posted_at": {"gte": query.posted_after.strftime("%Y-%m-%dT%H:%M:%SZ")}}})
    if query.salary_min is not None:
        filters.append({"range": {"salary_top": {"gte": query.salary_min}}})
    if not query.include_archived:
        filters.append({"term": {"archived": False}})
    return filters


def query_clause(query: SearchQuery) -> dict[str, Any]:
    """The ``query`` part of the request: text clauses (with a small boost for featured postings) and filters.

    There is deliberately no recency decay on the score: a decay relative to "now" changes every
    score between two page requests, and ``search_after`` paging on ``_score`` then skips or repeats
    hits. Recency already breaks ties through the sort.
    """
    must, should = text_clauses(query.q)
    boolean: dict[str, Any] = {}
    if must:
        boolean["must"] = must
    if should:
        boolean["should"] = should
    boolean["filter"] = filter_clauses(query)
    clause: dict[str, Any] = {"bool": boolean}
    if not must:
        return clause
    return {
        "function_score": {
            "query": clause,
            "functions": [
                {
                    "filter": {"exists": {"field": "featured"}},
                    "field_value_factor": {"field": "featured", "modifier": "log1p", "missing": 0},
                    "weight": 0.5,
                },
            ],
            "score_mode": "sum",
            "boost_mode": "sum",
        }
    }


def aggregations(facet_size: int) -> dict[str, Any]:
    return {
        name: {"terms": {"field": field, "size": facet_size, "order": [{"_count": "desc"}, {"_key": "asc"}]}}
        for name, field in FACET_FIELDS.items()
    }


def highlight() -> dict[str, Any]:
    return {
        "pre_tags": [MARK_PRE],
        "post_tags": [MARK_POST],
        "encoder": "html",
        "fields": {
            "description": {"number_of_fragments": 2, "fragment_size": 160},
            "title": {"number_of_fragments": 0},
        },
    }


def build_search_body(query: SearchQuery, search_after: list[Any] | None) -> dict[str, Any]:
    """The whole ``_search`` request body for one page of ``query``."""
    body: dict[str, Any] = {
        "query": query_clause(query),
        "sort": sort_clause(query.effective_sort),
        "size": query.size,
        "track_total_hits": True,
        "_source": ["record"],
    }
    if search_after is not None:
        body["search_after"] = list(search_after)
    if query.facet_size > 0:
        body["aggs"] = aggregations(query.facet_size)
    if query.q:
        body["highlight"] = highlight()
    return body
