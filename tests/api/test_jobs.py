"""GET /jobs, /jobs/{id} and /jobs.ndjson through the real app over a real tantivy index."""

from __future__ import annotations

import gzip
import json

from fastapi.testclient import TestClient

from parsers.record import Posting
from tests.api.conftest import HOSTILE_ID

FACET_KEYS = {"hashtags", "locations", "roles", "seniorities", "workplaces", "companies", "employment_types", "sources"}


def test_search_answers_total_items_facets_and_cursor(client: TestClient) -> None:
    response = client.get("/jobs", params={"q": "quokka", "size": 5})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"total", "items", "facets", "next_cursor", "interpretation", "suggestions"}
    assert body["total"] == 24  # 25 in the series, one archived
    assert len(body["items"]) == 5
    assert all("Quokka" in item["title"] for item in body["items"])
    assert set(body["facets"]) == FACET_KEYS
    assert body["facets"]["companies"] == [{"value": "Quokka Zoo", "count": 24}]
    assert {"value": "zoology", "count": 24} in body["facets"]["hashtags"]
    assert body["next_cursor"]


def test_locations_facet_lists_countries_with_names_then_cities(client: TestClient) -> None:
    body = client.get("/jobs", params={"company": "Quokka Zoo"}).json()
    assert body["facets"]["locations"] == [
        {"value": "PT", "count": 24, "label": "Portugal", "kind": "country"},
        {"value": "Lisbon", "count": 24, "label": "Lisbon", "kind": "city"},
    ]
    # Either value filters by location.
    assert client.get("/jobs", params={"location": "PT", "company": "Quokka Zoo"}).json()["total"] == 24
    assert client.get("/jobs", params={"location": "Lisbon", "company": "Quokka Zoo"}).json()["total"] == 24
    assert client.get("/jobs", params={"location": "Portugal", "company": "Quokka Zoo"}).json()["total"] == 24


def test_cursor_paging_walks_every_result_once(client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(20):
        params: dict[str, str | int] = {"company": "Quokka Zoo", "size": 7}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/jobs", params=params).json()
        seen.extend(item["id"] for item in body["items"])
        if cursor:  # later pages carry empty facet lists, but all the keys
            assert set(body["facets"]) == FACET_KEYS and not any(body["facets"].values())
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 24
    # Without q the newest come first.
    numbers = [int(i.split("-")[1]) for i in seen]
    assert numbers == sorted(numbers, reverse=True)


def test_foreign_or_garbage_cursor_is_400(client: TestClient) -> None:
    first = client.get("/jobs", params={"company": "Quokka Zoo", "size": 2}).json()
    other = client.get("/jobs", params={"q": "python", "cursor": first["next_cursor"]})
    assert other.status_code == 400
    assert "different search" in other.json()["detail"]
    garbage = client.get("/jobs", params={"cursor": "not-a-cursor!!"})
    assert garbage.status_code == 400
    assert set(garbage.json()) == {"detail"}


def test_filters(client: TestClient) -> None:
    def total(**params: object) -> int:
        response = client.get("/jobs", params=params)  # type: ignore[arg-type]
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    assert total(company="Quokka Zoo", hashtag=["zoology", "python"]) == 8  # n % 3 == 0, none archived
    assert total(company="Quokka Zoo", hashtag=["python", "nosuchtag"], hashtag_mode="any") == 8
    assert total(company="Quokka Zoo", employment_type="part_time") == 12  # odd n, minus archived 13
    assert total(company="Quokka Zoo", seniority="junior") == 12
    assert total(company="Quokka Zoo", salary_min=40000) == 6  # n % 4 == 0; top of range 3,400..5,400 a month
    assert total(company="Quokka Zoo", posted_after="2026-09-20") == 7  # days 20..26
    assert total(company="Quokka Zoo", posted_after="2026-09-20T00:00:00Z") == 7
    assert total(company="Quokka Zoo", include_archived="true") == 25
    assert total(company="Quokka Zoo", language="EN") == 24
    assert total(company="Quokka Zoo", workplace="remote") == 0
    assert total(role="backend", workplace="remote", location="Berlin") >= 1


def test_items_carry_highlights_and_a_cut_description(client: TestClient, records: list[Posting]) -> None:
    body = client.get("/jobs", params={"q": "quokkas shift", "size": 1}).json()
    item = body["items"][0]
    whole = next(r for r in records if r.id == item["id"])
    assert item["description_truncated"] is True
    assert len(item["description"]) < len(whole.description)
    assert whole.description.startswith(item["description"].rstrip("…"))
    assert item["highlight"] and "<mark>" in item["highlight"][0]
    assert item["score"] is not None


def test_one_job_whole_and_404(client: TestClient, records: list[Posting]) -> None:
    record = next(r for r in records if r.id == "series-05")
    response = client.get("/jobs/series-05")
    assert response.status_code == 200
    assert response.json() == json.loads(record.model_dump_json())
    missing = client.get("/jobs/no-such-id")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no job with id 'no-such-id'"}


def test_etag_gives_304_when_unchanged(client: TestClient) -> None:
    for url in ("/jobs?q=quokka", f"/jobs/{HOSTILE_ID}"):
        first = client.get(url)
        etag = first.headers["etag"]
        assert etag.startswith('W/"')
        assert "max-age" in first.headers["cache-control"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert client.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200
    # Another search is another body, so another tag.
    assert client.get("/jobs?q=python").headers["etag"] != client.get("/jobs?q=quokka").headers["etag"]


def test_responses_are_compressed_for_clients_that_accept_it(client: TestClient) -> None:
    response = client.get("/jobs", params={"size": 50}, headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    raw = client.get("/jobs", params={"size": 50}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert len(gzip.compress(raw.content)) < len(raw.content)


def test_ndjson_export_streams_every_matching_record(client: TestClient, records: list[Posting]) -> None:
    response = client.get("/jobs.ndjson", params={"company": "Quokka Zoo", "include_archived": "true"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = response.text.splitlines()
    assert len(lines) == 25
    exported = [Posting.model_validate_json(line) for line in lines]
    by_id = {r.id: r for r in records}
    assert all(record == by_id[record.id] for record in exported)  # whole records, not cut ones
    everything = client.get("/jobs.ndjson").text.splitlines()
    assert len(everything) == len({r.id for r in records if not r.archived})


def test_multi_select_facets_count_each_without_its_own_filter(client: TestClient) -> None:
    params = {"company": "Quokka Zoo", "employment_type": "full_time", "facet_size": 100}
    plain = client.get("/jobs", params=params).json()
    assert plain["facets"]["employment_types"] == [{"value": "full_time", "count": 12}]  # drill-down stays the default
    multi = client.get("/jobs", params={**params, "facet_mode": "multi_select"}).json()
    assert (multi["total"], multi["items"]) == (plain["total"], plain["items"])  # the same hits
    # Each facet as if its own filter were not set: the part-timers of the zoo (odd n, one archived) show up ...
    assert multi["facets"]["employment_types"] == [{"value": "full_time", "count": 12}, {"value": "part_time", "count": 12}]
    # ... and every company with full-time postings, as a search without the company filter counts them.
    without_company = client.get("/jobs", params={"employment_type": "full_time", "facet_size": 100}).json()
    assert multi["facets"]["companies"] == without_company["facets"]["companies"]
    assert multi["facets"]["seniorities"] == plain["facets"]["seniorities"]  # no filter of its own: both apply


def test_the_page_pickers_offer_the_other_choices(client: TestClient) -> None:
    in_portugal = client.get("/", params={"location": "PT"}).text
    assert 'value="DE"' in in_portugal  # another country, though the search is in Portugal
    assert 'name="hashtag"' not in in_portugal  # no hidden tags when none is chosen
    assert 'value="backend"' in client.get("/", params={"role": "other"}).text  # another role
    tagged = client.get("/", params={"hashtag": "zoology", "language": "en", "salary_min": "1"}).text
    for hidden in ('name="hashtag" value="zoology"', 'name="language" value="en"', 'name="salary_min" value="1.0"'):
        assert hidden in tagged  # the form keeps what it has no input for
