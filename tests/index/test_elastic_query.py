"""The Elasticsearch request bodies, built without a server and compared with the bodies written out here."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import pytest

from index.base import SearchQuery
from index.elastic_query import build_search_body, document, index_body
from index.fields import rank_input
from index.understand import (
    DEVELOPER_WORDS,
    FIELD_WEIGHTS,
    KNOWN_TEXT_SHARE,
    READING_WEIGHT,
    SALARY_WEIGHT,
    TYPO_WEIGHT,
    reading_weight,
    understand,
)
from parsers.record import Company, Location, Place, Posting, Role, Salary, Source

FIELDS = [
    "title^3",
    "title.stem^3",
    "company_text^2",
    "company_text.stem^2",
    "summary^1.5",
    "summary.stem^1.5",
    "description",
    "description.stem",
]
PLAIN_FIELDS = ["title^3", "company_text^2", "summary^1.5", "description"]
DATE_SORT = [{"posted": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
RELEVANCE_SORT = [{"_score": "desc"}, *DATE_SORT]
NOT_ARCHIVED = {"term": {"archived": False}}
# log2(2 + rank input), the factor tantivy's weight_by_field applies
RANKED = [{"field_value_factor": {"field": "boost", "modifier": "ln2p", "missing": 0}, "weight": 1 / math.log(2)}]
HIGHLIGHT = {
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "encoder": "html",
    "fields": {
        "description": {"number_of_fragments": 2, "fragment_size": 160},
        "title": {"number_of_fragments": 0},
    },
}


FACETS = {
    "hashtags": "hashtags",
    "countries": "country",
    "cities": "city",
    "roles": "role",
    "seniorities": "seniority",
    "workplaces": "workplace",
    "companies": "company",
    "employment_types": "employment_type",
    "sources": "source_kind",
}


def terms(field: str, size: int) -> dict[str, Any]:
    return {"terms": {"field": field, "size": size, "order": [{"_count": "desc"}, {"_key": "asc"}]}}


def aggs(size: int) -> dict[str, Any]:
    return {name: terms(field, size) for name, field in FACETS.items()}


def word(text: str) -> dict[str, Any]:
    return {"multi_match": {"query": text, "fields": FIELDS, "type": "best_fields", "operator": "and"}}


def prefix(text: str) -> dict[str, Any]:
    return {"multi_match": {"query": text, "fields": ["title^1.5", "company_text"], "type": "phrase_prefix"}}


def scored(boolean: dict[str, Any], mode: str = "multiply") -> dict[str, Any]:
    return {"function_score": {"query": {"bool": boolean}, "functions": RANKED, "boost_mode": mode}}


def test_plain_listing_is_date_sorted_and_hides_archived() -> None:
    assert build_search_body(SearchQuery(), None) == {
        "query": {"bool": {"filter": [NOT_ARCHIVED]}},
        "sort": DATE_SORT,
        "size": 20,
        "track_total_hits": True,
        "_source": ["record"],
        "aggs": aggs(10),
    }


def test_include_archived_and_no_facets() -> None:
    body = build_search_body(SearchQuery(include_archived=True, facet_size=0, size=5), None)
    assert body == {
        "query": {"bool": {"filter": []}},
        "sort": DATE_SORT,
        "size": 5,
        "track_total_hits": True,
        "_source": ["record"],
    }


def reading(field: str, value: str, weight: float = READING_WEIGHT) -> dict[str, Any]:
    """A word a vocabulary knows, matched on its keyword field: a constant, whatever the value's frequency."""
    return {"constant_score": {"filter": {"term": {field: value}}, "boost": weight}}


def near(text: str, distance: int) -> dict[str, Any]:
    """A word one or two edits away in any text field: a constant, below the word itself."""
    fuzzy = {"multi_match": {"query": text, "fields": UNWEIGHTED_FIELDS, "fuzziness": distance, "prefix_length": 0}}
    return {"constant_score": {"filter": fuzzy, "boost": TYPO_WEIGHT}}


def some(*options: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"should": list(options), "minimum_should_match": 1}}


def named(tag: str) -> dict[str, Any]:
    """A skill's own name as text, when the words typed are another ("k8s"): a share of its score."""
    text = tag.replace("-", " ")
    kind = "phrase" if " " in text else "best_fields"
    return {"multi_match": {"query": text, "fields": FIELDS, "type": kind, "boost": KNOWN_TEXT_SHARE}}


def known(*options: dict[str, Any]) -> dict[str, Any]:
    """The text of a word a vocabulary knows: a share of its score (its reading counts the rest), no near misses."""
    return {"bool": {"should": list(options), "boost": KNOWN_TEXT_SHARE}}


UNWEIGHTED_FIELDS = [f.split("^")[0] for f in FIELDS]
DEVELOPER = {
    "constant_score": {
        "filter": {"match": {"title.stem": {"query": " ".join(DEVELOPER_WORDS)}}},
        "boost": reading_weight(understand("developer").readings[0]),
    }
}


def test_text_with_hashtag_and_location_filters() -> None:
    query = SearchQuery(q="senior python developer", hashtags=["#Django", "JS"], location="Germany", facet_size=3)
    assert build_search_body(query, None) == {
        "query": scored(
            {
                # Not every word must match: one disjunction of the words (text) and their readings (fields).
                "must": [
                    some(
                        known(word("senior")),
                        known(word("python")),
                        known(word("developer"), prefix("developer")),
                        reading("seniority", "senior", FIELD_WEIGHTS["seniority"]),
                        reading("hashtags", "python"),
                        DEVELOPER,
                        reading("role", "backend"),  # "python developer"
                    )
                ],
                "filter": [
                    {"term": {"hashtags": "django"}},
                    {"term": {"hashtags": "javascript"}},
                    {"term": {"location_keys": "de"}},
                    NOT_ARCHIVED,
                ],
            }
        ),
        "sort": RELEVANCE_SORT,
        "size": 20,
        "track_total_hits": True,
        "_source": ["record"],
        "aggs": aggs(3),
        "highlight": HIGHLIGHT,
    }


def test_rails_remote_reads_a_skill_and_a_workplace() -> None:
    body = build_search_body(SearchQuery(q="rails remote", facet_size=0), None)
    assert body["query"] == scored(
        {
            "must": [
                some(
                    known(word("rails")),
                    known(word("remote"), prefix("remote")),
                    reading("hashtags", "rails"),
                    reading("workplace", "remote"),
                )
            ],
            "filter": [NOT_ARCHIVED],
        }
    )


def test_places_and_regions_match_the_location_keys() -> None:
    body = build_search_body(SearchQuery(q="python berlin", facet_size=0), None)
    assert body["query"]["function_score"]["query"]["bool"]["must"] == [
        some(
            known(word("python")),
            known(word("berlin"), prefix("berlin")),
            reading("hashtags", "python"),
            reading("location_keys", "berlin", FIELD_WEIGHTS["location"]),
        )
    ]
    europe = build_search_body(SearchQuery(q="remote EU", facet_size=0), None)
    region = europe["query"]["function_score"]["query"]["bool"]["must"][0]["bool"]["should"][-1]
    codes = region["constant_score"]["filter"]["terms"]["location_keys"]
    assert {"de", "fr", "pl", "gb"} <= set(codes) and "us" not in codes
    assert region["constant_score"]["boost"] == FIELD_WEIGHTS["region"]


def test_typos_only_on_long_unknown_words() -> None:
    body = build_search_body(SearchQuery(q="custmer warehuose go jaav", facet_size=0), None)
    assert body["query"]["function_score"]["query"]["bool"]["must"] == [
        some(
            some(word("custmer"), near("custmer", 1)),  # 5 to 7 letters: one edit
            some(word("warehuose"), near("warehuose", 2)),  # 8 and more: two
            known(word("go")),
            some(word("jaav"), prefix("jaav")),  # four letters: exact (or completed) only
            reading("hashtags", "go"),
        )
    ]


def test_skills_typed_a_few_edits_away_are_read_as_the_skill() -> None:
    body = build_search_body(SearchQuery(q="pyhton kubernets", facet_size=0), None)
    assert body["query"]["function_score"]["query"]["bool"]["must"] == [
        some(
            some(word("pyhton"), near("pyhton", 1)),  # misspelled: the text may be misspelled too
            some(word("kubernets"), prefix("kubernets"), near("kubernets", 2)),
            some(reading("hashtags", "python"), named("python")),
            some(reading("hashtags", "kubernetes"), named("kubernetes")),
            reading("role", "devops"),  # the role of "kubernetes", spelled right
        )
    ]


def test_hash_tag_is_a_required_hashtag() -> None:
    body = build_search_body(SearchQuery(q="#Django api", facet_size=0), None)
    assert body["query"] == scored(
        {
            "must": [
                some(word("api"), prefix("api")),
                {"constant_score": {"filter": {"term": {"hashtags": "django"}}, "boost": 1.0}},
            ],
            "should": [named("django")],  # ranks the postings that name it
            "filter": [NOT_ARCHIVED],
        }
    )


def test_literal_words_stay_text() -> None:
    body = build_search_body(SearchQuery(q="rails remote", literal=["Remote"], facet_size=0), None)
    expected = some(known(word("rails")), some(word("remote"), prefix("remote"), near("remote", 1)), reading("hashtags", "rails"))
    assert body["query"]["function_score"]["query"]["bool"]["must"] == [expected]


def test_hashtags_any_mode_is_one_terms_clause() -> None:
    body = build_search_body(SearchQuery(hashtags=["python", "k8s", "Python"], hashtag_mode="any", facet_size=0), None)
    assert body["query"] == {"bool": {"filter": [{"terms": {"hashtags": ["python", "kubernetes"]}}, NOT_ARCHIVED]}}


def test_skill_alias_may_be_satisfied_by_the_hashtag() -> None:
    body = build_search_body(SearchQuery(q="k8s", facet_size=0), None)
    assert body["query"] == scored(
        {
            "must": [
                some(
                    known(word("k8s"), prefix("k8s")),
                    some(reading("hashtags", "kubernetes"), named("kubernetes")),
                    reading("role", "devops"),  # what "kubernetes" reads as too
                )
            ],
            "filter": [NOT_ARCHIVED],
        }
    )


def test_phrases_and_finished_last_word() -> None:
    body = build_search_body(SearchQuery(q='backend "design system"', facet_size=0), None)
    assert body["query"]["function_score"]["query"]["bool"]["must"] == [
        some(known(word("backend")), reading("role", "backend")),
        {"multi_match": {"query": "design system", "fields": PLAIN_FIELDS, "type": "phrase"}},
    ]


def test_a_salary_wish_only_ranks() -> None:
    wish = {"constant_score": {"filter": {"range": {"salary_top": {"gte": 80000.0}}}, "boost": SALARY_WEIGHT}}
    body = build_search_body(SearchQuery(q="python 80k+", facet_size=0), None)
    assert body["query"] == scored(
        {
            "must": [some(known(word("python")), reading("hashtags", "python"))],  # "python" is no longer being typed
            "should": [wish],  # the wish is no word: "80k" is no text
            "filter": [NOT_ARCHIVED],
        }
    )
    # Alone, every posting scores 1 and the wish on top, as tantivy scores a search without text.
    alone = build_search_body(SearchQuery(q="€80,000", facet_size=0), None)["query"]
    assert alone == scored({"must": [{"match_all": {}}], "should": [wish], "filter": [NOT_ARCHIVED]})


def test_other_filters() -> None:
    query = SearchQuery(
        workplace="remote",
        role="backend",
        seniority="senior",
        company="Perdoo",
        employment_type="full_time",
        language="EN",
        posted_after=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        salary_min=60000,
        include_archived=True,
        facet_size=0,
    )
    assert build_search_body(query, None)["query"] == {
        "bool": {
            "filter": [
                {"term": {"workplace": "remote"}},
                {"term": {"role": "backend"}},
                {"term": {"seniority": "senior"}},
                {"term": {"company": "Perdoo"}},
                {"term": {"employment_type": "full_time"}},
                {"range": {"posted": {"gte": "2025-01-02T03:04:05Z"}}},
                {"range": {"salary_top": {"gte": 60000.0}}},
                {"term": {"language": "en"}},
            ]
        }
    }


def test_search_after_only_when_paging() -> None:
    query = SearchQuery(q="python", sort="relevance", size=2, facet_size=0)
    assert "search_after" not in build_search_body(query, None)
    body = build_search_body(query, [3.5, 1735689600000, "abc"])
    assert body["search_after"] == [3.5, 1735689600000, "abc"]
    assert body["sort"] == RELEVANCE_SORT
    date_body = build_search_body(SearchQuery(size=2, facet_size=0), [-9223372036854775808, "abc"])
    assert date_body["search_after"] == [-9223372036854775808, "abc"]
    assert date_body["sort"] == DATE_SORT


@pytest.mark.parametrize(
    "q",
    ['"foo AND (bar:*', "title:python OR *", "a) OR (b", '\\"; DROP', "{}[]^~", "NOT -x +y", "*", "((("],
)
def test_hostile_text_is_only_ever_a_value(q: str) -> None:
    body = build_search_body(SearchQuery(q=q, facet_size=0), None)
    text = json.dumps(body)
    assert "query_string" not in text
    assert "simple_query_string" not in text
    values: list[str] = []

    def walk(node: Any, key: str | None = None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                assert k in KNOWN_KEYS or key in ("properties",), f"user text became a key: {k!r}"
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
        elif isinstance(node, str) and key == "query":
            values.append(node)

    walk(body)
    for value in values:
        assert value in q  # every text value is a piece of q, as given


KNOWN_KEYS = {
    "query",
    "constant_score",
    "fuzziness",
    "prefix_length",
    "bool",
    "must",
    "should",
    "filter",
    "minimum_should_match",
    "multi_match",
    "fields",
    "type",
    "operator",
    "term",
    "hashtags",
    "value",
    "boost",
    "archived",
    "function_score",
    "functions",
    "exists",
    "field",
    "field_value_factor",
    "modifier",
    "missing",
    "weight",
    "boost_mode",
    "sort",
    "_score",
    "posted",
    "order",
    "id",
    "size",
    "track_total_hits",
    "_source",
    "highlight",
    "pre_tags",
    "post_tags",
    "encoder",
    "description",
    "title",
    "number_of_fragments",
    "fragment_size",
}


def test_hostile_text_words() -> None:
    body = build_search_body(SearchQuery(q='"foo AND (bar:*', facet_size=0), None)
    assert body["query"] == scored(
        {
            "must": [some(word("foo"), word("AND"), some(word("bar"), prefix("bar")))],
            "filter": [NOT_ARCHIVED],
        }
    )


def test_index_body() -> None:
    text = {"type": "text", "analyzer": "jobboard_text", "fields": {"stem": {"type": "text", "analyzer": "jobboard_stem"}}}
    keyword = {"type": "keyword"}
    assert index_body() == {
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                "filter": {"jobboard_english_stemmer": {"type": "stemmer", "language": "english"}},
                "analyzer": {
                    "jobboard_text": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                    "jobboard_stem": {
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
                "posted": {"type": "date"},
                "salary_top": {"type": "float"},
                "boost": {"type": "float"},
                "title": text,
                "summary": text,
                "description": text,
                "company_text": text,
            },
        },
    }


def test_document_fits_the_mapping() -> None:
    record = Posting(
        id="abc123",
        title="Backend Engineer",
        company=Company(name="Perdoo"),
        location=Location(workplace=["hybrid", "remote"], places=[Place(city="Berlin", region="Berlin", country_code="DE")]),
        role=Role(family="backend", seniority="senior"),
        hashtags=["python", "django"],
        salary=Salary.build(60000, None, "EUR", "year"),
        language="en",
        description="We build things.",
        posted_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
        source=Source(kind="frontmatter"),
    )
    doc = document(record)
    assert doc == {
        "id": "abc123",
        "record": record.model_dump(mode="json"),
        "hashtags": ["python", "django"],
        "role": "backend",
        "seniority": "senior",
        "workplace": ["hybrid", "remote"],
        "country": ["DE"],
        "city": ["Berlin"],
        "location_keys": ["de", "berlin", "remote"],
        "company": "Perdoo",
        "language": "en",
        "source_kind": "frontmatter",
        "archived": False,
        "posted": "2025-03-01T12:00:00Z",
        "salary_top": 60000.0,
        "boost": pytest.approx(rank_input(record)),
        "title": "Backend Engineer",
        "description": "We build things.",
        "company_text": "Perdoo",
    }
    assert set(doc) <= set(index_body()["mappings"]["properties"])


def test_relevance_without_text_ranks_by_the_rank_input_alone() -> None:
    body = build_search_body(SearchQuery(sort="relevance", facet_size=0), None)
    assert body["query"] == scored({"filter": [NOT_ARCHIVED]}, mode="replace")
    assert body["sort"] == RELEVANCE_SORT


def test_multi_select_facets_in_one_request() -> None:
    query = SearchQuery(
        location="DE", role="backend", hashtags=["python"], language="en", facet_mode="multi_select", facet_size=5
    )
    location, role = {"term": {"location_keys": "de"}}, {"term": {"role": "backend"}}
    body = build_search_body(query, None)
    # Filters with a facet of their own narrow the hits only; the rest narrow the facets too.
    assert body["query"] == {"bool": {"filter": [{"term": {"hashtags": "python"}}, {"term": {"language": "en"}}, NOT_ARCHIVED]}}
    assert body["post_filter"] == {"bool": {"filter": [location, role]}}
    # Each facet is counted with every such filter but its own.
    assert body["aggs"] == {
        "_group0": {
            "filter": {"bool": {"filter": [location, role]}},
            "aggs": {
                name: terms(FACETS[name], 5)
                for name in ("hashtags", "seniorities", "workplaces", "companies", "employment_types", "sources")
            },
        },
        "_group1": {
            "filter": {"bool": {"filter": [role]}},
            "aggs": {name: terms(FACETS[name], 5) for name in ("countries", "cities")},
        },
        "_group2": {"filter": {"bool": {"filter": [location]}}, "aggs": {"roles": terms("role", 5)}},
    }


def test_multi_select_hashtags_any_leaves_the_tags_out_of_their_facet() -> None:
    query = SearchQuery(hashtags=["python", "go"], hashtag_mode="any", facet_mode="multi_select", facet_size=3)
    body = build_search_body(query, None)
    tags = {"terms": {"hashtags": ["python", "go"]}}
    assert body["query"] == {"bool": {"filter": [NOT_ARCHIVED]}}
    assert body["post_filter"] == {"bool": {"filter": [tags]}}
    others = {name: terms(field, 3) for name, field in FACETS.items() if name != "hashtags"}
    assert body["aggs"] == {"hashtags": terms("hashtags", 3), "_group1": {"filter": {"bool": {"filter": [tags]}}, "aggs": others}}


def test_multi_select_is_drill_down_when_nothing_is_left_to_choose() -> None:
    plain = SearchQuery(q="python", language="de", salary_min=1)
    assert build_search_body(plain.model_copy(update={"facet_mode": "multi_select"}), None) == build_search_body(plain, None)
    no_facets = SearchQuery(role="data", facet_size=0)
    assert build_search_body(no_facets.model_copy(update={"facet_mode": "multi_select"}), None) == build_search_body(
        no_facets, None
    )
