"""A real `jobboard serve` process on a loopback port, talked to over TCP like any client would."""

from __future__ import annotations

import httpx


def test_served_app_answers_over_http(served: str) -> None:
    with httpx.Client(base_url=served, timeout=10) as http:
        health = http.get("/healthz")
        assert health.status_code == 200 and health.json()["postings"] > 30
        found = http.get("/jobs", params={"q": "quokka", "hashtag": "python", "size": 3})
        assert found.status_code == 200
        body = found.json()
        assert body["total"] == 8 and len(body["items"]) == 3
        assert found.headers["content-encoding"] == "gzip"  # httpx asks for it; the wire carried it compressed
        assert (
            http.get("/jobs", headers={"If-None-Match": found.headers["etag"]}, params=found.request.url.params).status_code
            == 304
        )
        assert http.get("/jobs", params={"size": 0}).status_code == 422
        assert http.get("/jobs/nope").status_code == 404
        page = http.get("/", params={"q": "quokka"})
        assert page.status_code == 200 and "Quokka Keeper" in page.text
        assert http.get("/static/style.css").status_code == 200
        docs = http.get("/openapi.json").json()
        assert "/jobs" in docs["paths"]
        metrics = http.get("/metrics")
        assert 'handler="/jobs"' in metrics.text
