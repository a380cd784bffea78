"""Admin auth, CORS, rate limiting, metrics, taxonomies and feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from api.ratelimit import parse_rate
from tests.api.conftest import settings_for

ATOM = "{http://www.w3.org/2005/Atom}"


def test_admin_is_off_without_a_key(client: TestClient) -> None:
    for method in ("GET", "POST"):
        response = client.request(method, "/crawls", headers={"Authorization": "Bearer anything"})
        assert response.status_code == 403
        assert "JOBBOARD_API_KEY" in response.json()["detail"]


def test_admin_needs_the_right_key(index_dir: Path) -> None:
    app = create_app(settings_for(index_dir, api_key="s3cret"))
    with TestClient(app) as admin:
        assert admin.post("/crawls").status_code == 401
        assert admin.post("/crawls").headers["www-authenticate"] == "Bearer"
        assert admin.post("/crawls", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert admin.post("/crawls", headers={"Authorization": "Basic czNjcmV0"}).status_code == 401
        assert admin.get("/crawls", headers={"Authorization": "Bearer s3cre"}).status_code == 401
        assert admin.get("/crawls", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_cors_only_for_configured_origins(client: TestClient, index_dir: Path) -> None:
    assert "access-control-allow-origin" not in client.get("/jobs", headers={"Origin": "https://a.test"}).headers
    app = create_app(settings_for(index_dir, cors_origins=["https://board.test"]))
    with TestClient(app) as cors:
        allowed = cors.get("/jobs", headers={"Origin": "https://board.test"})
        assert allowed.headers["access-control-allow-origin"] == "https://board.test"
        assert "etag" in allowed.headers["access-control-expose-headers"].lower()
        other = cors.get("/jobs", headers={"Origin": "https://evil.test"})
        assert "access-control-allow-origin" not in other.headers
        preflight = cors.options("/jobs", headers={"Origin": "https://board.test", "Access-Control-Request-Method": "GET"})
        assert preflight.status_code == 200


def test_rate_limit_answers_429_with_retry_after(index_dir: Path) -> None:
    assert parse_rate("120/minute") == (120, 60.0)
    assert parse_rate("5 per 10 seconds") == (5, 10.0)
    app = create_app(settings_for(index_dir, rate_limit="3/minute"))
    with TestClient(app) as limited:
        statuses = [limited.get("/jobs", params={"size": 1}).status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        blocked = limited.get("/roles")
        assert blocked.status_code == 429
        assert 1 <= int(blocked.headers["retry-after"]) <= 60
        assert "rate limit" in blocked.json()["detail"]
        assert limited.get("/healthz").status_code == 200  # probes are not limited


def test_bad_rate_limit_setting_is_refused(index_dir: Path) -> None:
    import pytest

    from core.errors import JobboardError

    with pytest.raises(JobboardError, match="like '120/minute'"):
        create_app(settings_for(index_dir, rate_limit="lots"))


def test_healthz_and_metrics(client: TestClient) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["postings"] > 30
    client.get("/jobs?q=python")
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert 'http_requests_total{handler="/jobs"' in metrics.text
    assert "http_request_duration_seconds" in metrics.text


def test_taxonomies_with_prefix(client: TestClient) -> None:
    tags = client.get("/hashtags", params={"prefix": "PY"}).json()["items"]
    assert tags and all(t["value"].startswith("py") for t in tags)
    assert tags[0]["value"] == "python"
    counts = [t["count"] for t in tags]
    assert counts == sorted(counts, reverse=True)
    assert client.get("/hashtags", params={"size": 3}).json()["items"].__len__() == 3
    places = client.get("/locations", params={"prefix": "germ"}).json()["items"]
    assert places[0] == {"value": "DE", "count": places[0]["count"], "label": "Germany", "kind": "country"}
    assert client.get("/locations", params={"prefix": "lisb"}).json()["items"][0]["kind"] == "city"
    assert {r["value"] for r in client.get("/roles").json()["items"]} >= {"backend", "other"}
    assert client.get("/companies", params={"prefix": "quokka"}).json()["items"] == [{"value": "Quokka Zoo", "count": 24}]
    assert client.get("/companies", params={"prefix": "zzzz-none"}).json()["items"] == []


def test_atom_feed_follows_a_search_newest_first(client: TestClient) -> None:
    response = client.get("/feeds/jobs.atom", params={"company": "Quokka Zoo", "q": "quokka", "size": 5})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [f"Quokka Keeper {n}" for n in (25, 24, 23, 22, 21)]  # by date even with q
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith("/postings/series-25")
    assert 'Jobs: "quokka"' in (root.findtext(f"{ATOM}title") or "")


def test_rss_feed_survives_control_characters(client: TestClient) -> None:
    response = client.get("/feeds/jobs.rss", params={"q": "Zyxwv"})
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Zyxwv Hostile <b>Engineer</b>"]
    assert "\x0b" not in (items[0].findtext("description") or "")
