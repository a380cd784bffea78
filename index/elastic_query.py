"""Pure translation between jobboard's search types and Elasticsearch request bodies.

Nothing here talks to a cluster, so every request the Elasticsearch backend
sends can be unit-tested as a plain dict. User text only ever appears as a
*value* of ``match``/``multi_match``/``term`` clauses, never as query syntax
(no ``query_string``), so quotes, ``*``, ``AND``, ``:`` or brackets in ``q``
cannot change the shape of the query or make it fail to parse.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from index import facets
from index.base import SearchQuery
from index.fields import (
    DATE_FIELD,
    FIELD_BY_NAME,
    FIELDS,
    PREFIX_WEIGHT,
    RANK_FIELD,
    TEXT_BOOSTS,
    FieldKind,
    FieldValue,
)
from index.filters import AnyOf, Clause, FilterPlan, Range, Term, clauses, plan
from index.understand import (
    KNOWN_TEXT_SHARE,
    SALARY_WEIGHT,
    TYPO_WEIGHT,
    Reading,
    SalaryWish,
    reading_weight,
    typo_distance,
    understand,
)
from parsers.record import Posting

TEXT_ANALYZER = "jobboard_text"
STEM_ANALYZER = "jobboard_stem"
MARK_PRE = "<mark>"
MARK_POST = "</mark>"
_TYPES: dict[FieldKind, dict[str, Any]] = {
    "keyword": {"type": "keyword"},
    "text": {"type": "text", "analyzer": TEXT_ANALYZER, "fields": {"stem": {"type": "text", "analyzer": STEM_ANALYZER}}},
    "date": {"type": "date"},
    "number": {"type": "float"},
    "flag": {"type": "boolean"},
    "rank": {"type": "float"},
}


def sort_clause(sort: str) -> list[dict[str, Any]]:
    """Relevance or date order, always ending in the unique ``id`` so ``search_after`` paging is stable."""
    by_date: list[dict[str, Any]] = [{DATE_FIELD: {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    return [{"_score": "desc"}, *by_date] if sort == "relevance" else by_date


def _boosted(field: str, boost: float) -> str:
    return field if boost == 1 else f"{field}^{boost:g}"


# Search-as-you-type completes names (title, company), not body words: as in the tantivy backend.
PREFIX_FIELDS = [_boosted(f.name, f.boost * PREFIX_WEIGHT) for f in FIELDS if f.prefix]


def text_fields(stem: bool = True, boosts: bool = True) -> list[str]:
    """``multi_match`` field list: every text field (and, with ``stem``, its stemmed subfield), with its boost
    unless ``boosts`` is false."""
    fields: list[str] = []
    for name, boost in TEXT_BOOSTS:
        weight = boost if boosts else 1.0
        fields.append(_boosted(name, weight))
        if stem:
            fields.append(_boosted(f"{name}.stem", weight))
    return fields


def index_body() -> dict[str, Any]:
    """Settings and mappings of every physical index, the mapping generated from ``index.fields``."""
    properties: dict[str, Any] = {"id": _TYPES["keyword"], "record": {"type": "object", "enabled": False}}
    properties.update((field.name, _TYPES[field.kind]) for field in FIELDS)
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
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def _value(kind: FieldKind, value: FieldValue) -> str | float | bool:
    """A value as the documents and filters carry it: dates as UTC instants, the rest as they are."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return float(value) if kind in ("number", "rank") else value


def document(record: Posting) -> dict[str, Any]:
    """The indexed form of a record; empty and unknown values are left out, not stored as null."""
    doc: dict[str, Any] = {"id": record.id, "record": record.model_dump(mode="json")}
    for field in FIELDS:
        values = [_value(field.kind, v) for v in field.values(record)]
        if values:
            doc[field.name] = values if field.many else values[0]
    return doc


def _multi_match(text: str, **extra: Any) -> dict[str, Any]:
    return {"multi_match": {"query": text, "fields": text_fields(), "type": "best_fields", "operator": "and", **extra}}


def _any(options: list[dict[str, Any]]) -> dict[str, Any]:
    """At least one of ``options``, scoring the sum of those that match (as tantivy's should clauses)."""
    return options[0] if len(options) == 1 else {"bool": {"should": options, "minimum_should_match": 1}}


def _word_clause(word: str, is_prefix: bool, known: bool) -> dict[str, Any]:
    """A word as text: in every text field, completed (the last word, in names); a share of that when a vocabulary
    knows it (its reading counts the rest), else also one or two edits away (a constant, as on tantivy: a near
    miss never outranks the word itself)."""
    options: list[dict[str, Any]] = [_multi_match(word)]
    if is_prefix:
        options.append({"multi_match": {"query": word, "fields": PREFIX_FIELDS, "type": "phrase_prefix"}})
    if known:
        return {"bool": {"should": options, "boost": KNOWN_TEXT_SHARE}}
    distance = typo_distance(word)
    if distance:
        near = {"multi_match": {"query": word, "fields": text_fields(boosts=False), "fuzziness": distance, "prefix_length": 0}}
        options.append({"constant_score": {"filter": near, "boost": TYPO_WEIGHT}})
    return _any(options)


def reading_clause(reading: Reading) -> dict[str, Any]:
    """What a reading matches, a constant whatever the value's frequency: any of its keys in its keyword field
    (or, for job nouns, a stemmed title word, as tantivy's title field is stemmed)."""
    if FIELD_BY_NAME[reading.index_field].kind == "text":
        matched: dict[str, Any] = {"match": {f"{reading.index_field}.stem": {"query": " ".join(reading.keys)}}}
    elif len(reading.keys) == 1:
        matched = {"term": {reading.index_field: reading.keys[0]}}
    else:
        matched = {"terms": {reading.index_field: list(reading.keys)}}
    return {"constant_score": {"filter": matched, "boost": reading_weight(reading)}}


def text_clauses(q: str | None, literal: Sequence[str] = ()) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(must, should) clauses for free text, as ``index.understand`` reads it: quoted phrases and ``#tags``
    required; the words (as text) and their readings (on their fields) one disjunction that needs a single match,
    so a posting ranks by how much of the query it matches; ``should``: the #tags' names as text and a salary wish,
    which only rank."""
    read = understand(q, literal)
    last = len(read.words) - 1
    units = [_word_clause(word, i == last and word == read.prefix, i in read.known) for i, word in enumerate(read.words)]
    for reading in read.readings:
        options = [reading_clause(reading)]
        if reading.text:  # "k8s" also finds the text "Kubernetes"
            options.append(_named(reading.text))
        units.append(_any(options))
    must: list[dict[str, Any]] = [_any(units)] if units else []
    for phrase in read.phrases:
        must.append({"multi_match": {"query": phrase, "fields": text_fields(stem=False), "type": "phrase"}})
    # A #tag selects, like the hashtag filter; scoring 1 like a search without text, so the rank input orders alone.
    must += [{"constant_score": {"filter": {"term": {"hashtags": tag}}, "boost": 1.0}} for _, tag in read.tags]
    # ... and ranks the postings that name it (in their title first) above those only tagged with it.
    should = [_named(tag) for _, tag in read.tags]
    if read.salary:  # ranks only, never selects: postings that state no salary stay
        should.append(salary_clause(read.salary))
        # Alone, it ranks every posting, each scoring 1 as in a search without text (tantivy's), plus the wish.
        must = must or [{"match_all": {}}]
    return must, should


def salary_clause(wish: SalaryWish) -> dict[str, Any]:
    """A salary wish: the top of the yearly range at least the amount, a constant (as on tantivy)."""
    return {"constant_score": {"filter": {"range": {"salary_top": {"gte": wish.amount}}}, "boost": SALARY_WEIGHT}}


def _named(name: str) -> dict[str, Any]:
    """A skill's name as text (a phrase when it is several words, "machine-learning"), a share of its score."""
    text = name.replace("-", " ")
    kind = "phrase" if len(text.split()) > 1 else "best_fields"
    return {"multi_match": {"query": text, "fields": text_fields(), "type": kind, "boost": KNOWN_TEXT_SHARE}}


def filter_clause(clause: Clause) -> dict[str, Any]:
    if isinstance(clause, Range):
        return {"range": {clause.field: {"gte": _value(FIELD_BY_NAME[clause.field].kind, clause.low)}}}
    if isinstance(clause, AnyOf):
        return {"terms": {clause.field: list(clause.values)}}
    return {"term": {clause.field: clause.value}}


def _all_of(narrowing: tuple[Term | AnyOf, ...]) -> dict[str, Any]:
    return {"bool": {"filter": [filter_clause(c) for c in narrowing]}}


# Relevance is the text score times log2(2 + the rank input), as tantivy's ``weight_by_field`` has it:
# ln(2 + x) / ln 2, the input stored with each document (``index.fields.rank_input``).
RANKING: dict[str, Any] = {
    "field_value_factor": {"field": RANK_FIELD, "modifier": "ln2p", "missing": 0},
    "weight": 1 / math.log(2),
}


def query_clause(query: SearchQuery, filters: list[Clause] | None = None, ranked: bool = False) -> dict[str, Any]:
    """The ``query`` part of the request: text clauses and ``filters`` (default: every filter of ``query``).

    ``ranked``: scored as tantivy scores, the text score (1 without text) times the rank factor. The factor
    was computed when the posting was indexed, so scores stay put between two page requests.
    """
    must, should = text_clauses(query.q, query.literal)
    boolean: dict[str, Any] = {}
    if must:
        boolean["must"] = must
    if should:
        boolean["should"] = should
    boolean["filter"] = [filter_clause(c) for c in (clauses(query) if filters is None else filters)]
    clause: dict[str, Any] = {"bool": boolean}
    if not ranked:
        return clause
    return {"function_score": {"query": clause, "functions": [RANKING], "boost_mode": "multiply" if must else "replace"}}


def aggregations(filters: FilterPlan, facet_size: int) -> dict[str, Any]:
    def counted(field: str, size: int) -> dict[str, Any]:
        return {"terms": {"field": field, "size": size, "order": [{"_count": "desc"}, {"_key": "asc"}]}}

    return facets.aggregations(filters, facet_size, counted, _all_of)


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
    """The whole ``_search`` request body for one page of ``query``, its facets included.

    Multi-select facets come in the same request: the filters of a facet are left out of the query and
    applied as ``post_filter`` (to the hits only), and each facet is a filter aggregation of the others.
    """
    filters = plan(query, query.facet_mode if query.facet_size > 0 else "drill_down")
    body: dict[str, Any] = {
        "query": query_clause(query, filters.base, ranked=query.effective_sort == "relevance"),
        "sort": sort_clause(query.effective_sort),
        "size": query.size,
        "track_total_hits": True,
        "_source": ["record"],
    }
    if filters.hits_only:
        body["post_filter"] = _all_of(tuple(filters.hits_only))
    if search_after is not None:
        body["search_after"] = list(search_after)
    if query.facet_size > 0:
        body["aggs"] = aggregations(filters, query.facet_size)
    if query.q:
        body["highlight"] = highlight()
    return body
