"""Property tests: on any text or bytes, the parsers either return records or raise ParseError."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import ParseError, Posting, parse_bytes, parse_text

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ok_or_parse_error(call: object, value: object) -> None:
    try:
        records = call(value)  # type: ignore[operator]
    except ParseError:
        return
    assert records and all(isinstance(r, Posting) for r in records)


@FAST
@given(st.binary(max_size=4000))
def test_any_bytes(data: bytes) -> None:
    _ok_or_parse_error(parse_bytes, data)


@FAST
@given(st.text(max_size=4000))
def test_any_text(text: str) -> None:
    _ok_or_parse_error(parse_text, text)


_prefixes = st.sampled_from(["---\n", "{", "[", "<", "# ", '<html><script type="application/ld+json">', "---\ntitle: "])


@FAST
@given(_prefixes, st.text(max_size=2000))
def test_text_that_starts_like_a_known_format(prefix: str, rest: str) -> None:
    _ok_or_parse_error(parse_text, prefix + rest)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
_offer_keys = st.sampled_from(
    [
        "title",
        "description",
        "requirements",
        "location",
        "city",
        "country_code",
        "remote",
        "hybrid",
        "on_site",
        "careers_url",
        "salary",
        "tags",
        "published_at",
        "translations",
        "locations",
        "employment_type_code",
        "slug",
        "company_name",
    ]
)


@FAST
@given(st.dictionaries(_offer_keys, _json_values, min_size=2, max_size=12))
def test_recruitee_shaped_json_with_arbitrary_values(offer: dict[str, object]) -> None:
    _ok_or_parse_error(parse_text, json.dumps({"offers": [offer]}))


_ld_keys = st.sampled_from(
    [
        "title",
        "description",
        "datePosted",
        "employmentType",
        "hiringOrganization",
        "jobLocation",
        "baseSalary",
        "jobLocationType",
        "applicantLocationRequirements",
        "skills",
        "url",
        "experienceRequirements",
        "inLanguage",
    ]
)


@FAST
@given(st.dictionaries(_ld_keys, _json_values, max_size=10))
def test_jsonld_shaped_json_with_arbitrary_values(fields: dict[str, object]) -> None:
    _ok_or_parse_error(parse_text, json.dumps({"@type": "JobPosting", **fields}))


_fm_values = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=10), max_size=3),
)
_fm_keys = st.sampled_from(
    ["title", "location", "timestamp", "hashtags", "featured", "archived", "salary", "url", "company", "tags", "language"]
)


@FAST
@given(st.dictionaries(_fm_keys, _fm_values, max_size=8), st.text(max_size=500))
def test_frontmatter_with_arbitrary_values(meta: dict[str, object], body: str) -> None:
    _ok_or_parse_error(parse_text, "---\n" + json.dumps(meta) + "\n---\n" + body)
