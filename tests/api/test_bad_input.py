"""Nothing a client sends gives a 500 or a traceback; bad parameters are 422s that name the parameter."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.conftest import settings_for

SQL = "1' OR '1'='1'; DROP TABLE jobs; --"
ENDPOINTS = (
    "/jobs",
    "/jobs.ndjson",
    "/feeds/jobs.atom",
    "/feeds/jobs.rss",
    "/hashtags",
    "/locations",
    "/companies",
    "/roles",
    "/",
)
PARAMS = (
    "q", "hashtag", "hashtag_mode", "location", "workplace", "role", "seniority", "company", "employment_type",
    "posted_after", "salary_min", "language", "include_archived", "sort", "cursor", "size", "facet_size", "prefix",
)  # fmt: skip


def _no_crash(response_status: int, text: str) -> None:
    assert response_status < 500, text[:500]
    assert "Traceback" not in text


@pytest.mark.parametrize(
    "q",
    [
        'title:"python AND (django* OR',
        "python~2 OR NOT java^5 +rust -go",
        "*",
        "?",
        '"unclosed phrase',
        "\\",
        "a" * 500,
        "München Zürich 東京 عربى 🚀👩‍💻",
        "\u0000nul\u0007",
        "<script>alert(1)</script>",
        SQL,
        '{"query": {"match_all": {}}}',
    ],
)
def test_engine_syntax_and_odd_text_are_just_text(client: TestClient, q: str) -> None:
    response = client.get("/jobs", params={"q": q})
    assert response.status_code == 200, response.text
    assert response.json()["total"] >= 0


def test_overlong_q_is_422_naming_q(client: TestClient) -> None:
    response = client.get("/jobs", params={"q": "x" * 10_000})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("q: ")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("size", "100000"),
        ("size", "0"),
        ("size", "ten"),
        ("facet_size", "-1"),
        ("role", "astronaut"),
        ("workplace", "moon"),
        ("seniority", "god"),
        ("employment_type", "slave"),
        ("sort", "random"),
        ("posted_after", "yesterday"),
        ("salary_min", "-5"),
        ("salary_min", "nan"),
        ("language", "english"),
        ("include_archived", "maybe"),
        ("hashtag_mode", "none"),
        ("location", "x" * 201),
    ],
)
def test_invalid_parameters_are_422_naming_them(client: TestClient, name: str, value: str) -> None:
    response = client.get("/jobs", params={name: value})
    assert response.status_code == 422, response.text
    messages = [error["msg"] for error in response.json()["detail"]]
    assert any(m.startswith(f"{name}: ") for m in messages), messages


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_sql_in_every_parameter_never_crashes(client: TestClient, endpoint: str) -> None:
    response = client.get(endpoint, params={name: SQL for name in PARAMS})
    _no_crash(response.status_code, response.text)
    one_by_one = [client.get(endpoint, params={name: SQL}) for name in PARAMS]
    for answer in one_by_one:
        _no_crash(answer.status_code, answer.text)


def test_repeated_and_unknown_parameters(client: TestClient) -> None:
    response = client.get("/jobs?q=python&q=quokka&size=1&size=2&role=backend&role=other&utm_source=x")
    assert response.status_code == 200
    many_tags = client.get("/jobs?" + "&".join(f"hashtag=t{i}" for i in range(21)))
    assert many_tags.status_code == 422
    assert "hashtag" in many_tags.json()["detail"][0]["msg"]


def test_raw_bytes_in_the_query_string(client: TestClient) -> None:
    for raw in ("q=%FF%FE", "q=%00", "q=%ED%A0%80", "location=%C0%AF", "hashtag=%E2%80%AE", "q=%"):
        response = client.get(f"/jobs?{raw}")
        _no_crash(response.status_code, response.text)
        page = client.get(f"/?{raw}")
        _no_crash(page.status_code, page.text)
    assert client.get("/jobs/%00%FF").status_code == 404


def test_no_index_means_503_not_500(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path / "no-index"))
    with TestClient(app, raise_server_exceptions=False) as fresh:
        for url in ("/jobs", "/jobs/abc", "/healthz", "/hashtags", "/feeds/jobs.atom", "/jobs.ndjson"):
            response = fresh.get(url)
            assert response.status_code == 503, url
            assert "run `jobboard index` first" in response.json()["detail"]
        page = fresh.get("/")
        assert page.status_code == 503
        assert "run `jobboard index` first" in page.text
