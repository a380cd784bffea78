"""Paging cursors a client sends back: only the service's own, for the same search, not too deep.

Cursors used to be unsigned base64 JSON with the page's offset in them: a client could write its own,
and an offset of 10^9 made tantivy size its collector for a billion hits (the process aborted), 2^64 gave
a 500. Now they carry an HMAC; the position inside is checked even when the signature is good; and a page
may not start past ``MAX_PAGING_DEPTH`` results. These tests send such cursors to the shared pooled app
(searches in two worker processes), to a real `jobboard serve`, and straight to the search pool.
"""

from __future__ import annotations

import asyncio
import base64
import json
import multiprocessing
import os
import signal
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.deps import Searches
from api.main import create_app
from api.pool import SearchPool
from api.search import answer
from index import BackendFailure, BadCursor, SearchIndex, SearchQuery
from index.base import CURSOR_KEY_FILE, MAX_PAGING_DEPTH, CursorSigner
from index.tantivy_backend import TantivyIndex
from parsers.record import Company, Location, Posting, Role, Source
from tests.api.conftest import settings_for, start_server, stop_server

EVERYTHING = SearchQuery()  # the search of /jobs and / without parameters
DEEP_TOTAL = MAX_PAGING_DEPTH + 50


def unsigned(payload: object) -> str:
    """A cursor in the shape the service used to issue: base64 of JSON, no signature."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def service_signer(index_dir: Path) -> CursorSigner:
    """The signer of the apps over ``index_dir``: the key the service keeps in its data folder."""
    return CursorSigner(key_file=index_dir.parent / CURSOR_KEY_FILE)


def retouched(cursor: str, **changes: object) -> str:
    """A real cursor with fields of its payload changed and its signature kept."""
    body, _, signature = cursor.partition(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(changes)
    return unsigned(payload) + "." + signature


def forged_cursors(client: TestClient, index_dir: Path) -> dict[str, str]:
    """Cursors a client can make for the parameterless search: none of them is one the service issued for it."""
    fingerprint = EVERYTHING.fingerprint()
    real = client.get("/jobs", params={"size": 2}).json()["next_cursor"]
    other_search = client.get("/jobs", params={"company": "Quokka Zoo", "size": 2}).json()["next_cursor"]
    mine = service_signer(index_dir)
    return {
        "huge offset": unsigned({"f": fingerprint, "p": 1_000_000_000}),
        "offset 2**64": unsigned({"f": fingerprint, "p": 2**64}),
        "negative offset": unsigned({"f": fingerprint, "p": -5}),
        "text offset": unsigned({"f": fingerprint, "p": "20"}),
        "float offset": unsigned({"f": fingerprint, "p": 1.5}),
        "bool offset": unsigned({"f": fingerprint, "p": True}),
        "new shape, made-up signature": unsigned({"f": fingerprint, "d": 40, "p": None}) + "." + "A" * 22,
        "signed with another key": CursorSigner(secret=b"not the service's key at all").encode(EVERYTHING, 2),
        "real one, depth changed": retouched(real, d=40),
        "real one, fingerprint changed": retouched(real, f="0" * 12),
        "real one, signature cut": real[:-3],
        "another search's": other_search,
        "signed, negative depth": mine.encode(EVERYTHING, -1),
        "signed, text depth": mine.encode(EVERYTHING, "20"),  # type: ignore[arg-type]
        "signed, bool depth": mine.encode(EVERYTHING, True),
        "signed, depth 2**64": mine.encode(EVERYTHING, 2**64),
        "signed, depth at the limit": mine.encode(EVERYTHING, MAX_PAGING_DEPTH),
        "signed, depth 10**9": mine.encode(EVERYTHING, 1_000_000_000),
        "garbage": "not-a-cursor!!",
        "empty signature": unsigned({"f": fingerprint, "d": 2, "p": None}) + ".",
    }


def _pids(client: TestClient) -> list[int]:
    pool = client.app.state.searches.pool  # type: ignore[attr-defined]
    assert isinstance(pool, SearchPool)
    return sorted(pool.pids)


# ------------------------------------------------------------------ /jobs and / of the shared pooled app


def test_forged_cursors_on_jobs_are_400_and_the_workers_survive(client: TestClient, index_dir: Path) -> None:
    workers = _pids(client)
    assert len(workers) == 2
    for name, cursor in forged_cursors(client, index_dir).items():
        response = client.get("/jobs", params={"cursor": cursor})
        assert response.status_code == 400, (name, response.status_code, response.text[:300])
        detail = response.json()["detail"]
        assert isinstance(detail, str) and "cursor" in detail and len(detail) < 300, name
    assert _pids(client) == workers  # no worker died (and so none was replaced)
    normal = client.get("/jobs", params={"q": "quokka", "size": 3})
    assert normal.status_code == 200 and normal.json()["total"] > 0


def test_cursor_errors_say_what_is_wrong(client: TestClient, index_dir: Path) -> None:
    forged = forged_cursors(client, index_dir)

    def detail(name: str) -> str:
        return str(client.get("/jobs", params={"cursor": forged[name]}).json()["detail"])

    assert detail("huge offset") == "cursor is not one this service issued"
    assert detail("real one, depth changed") == "cursor is not one this service issued"
    assert detail("another search's") == "cursor belongs to a different search"
    deep = detail("signed, depth at the limit")
    assert f"first {MAX_PAGING_DEPTH:,} results" in deep and "narrow the search" in deep
    # One short of the limit is still a page: here past the end of this small index, so empty, not an error.
    under = client.get("/jobs", params={"cursor": service_signer(index_dir).encode(EVERYTHING, MAX_PAGING_DEPTH - 1)})
    assert under.status_code == 200, under.text
    assert under.json()["items"] == [] and under.json()["next_cursor"] is None and under.json()["total"] > 30


def test_forged_cursors_on_the_page_are_a_400_page_and_the_workers_survive(client: TestClient, index_dir: Path) -> None:
    workers = _pids(client)
    for name, cursor in forged_cursors(client, index_dir).items():
        page = client.get("/", params={"cursor": cursor})
        assert page.status_code == 400, (name, page.status_code)
        assert page.headers["content-type"].startswith("text/html")
        assert "This page of results cannot be shown" in page.text, name
        assert 'href="/"' in page.text  # back to the first page of the same (empty) search
    narrowed = client.get("/", params={"q": "quokka", "cursor": forged_cursors(client, index_dir)["huge offset"]})
    assert narrowed.status_code == 400 and 'href="/?q=quokka"' in narrowed.text
    assert "not one this service issued" in narrowed.text
    assert _pids(client) == workers
    # The page's own links still lead on.
    first = client.get("/", params={"company": "Quokka Zoo"})
    assert first.status_code == 200 and "Quokka Keeper" in first.text
    link = first.text.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    second = client.get(link)
    assert second.status_code == 200 and "Quokka Keeper" in second.text and "First page" in second.text


def test_cursors_of_the_workers_and_of_the_server_process_are_interchangeable(client: TestClient, index_dir: Path) -> None:
    """Workers and server process (and any other server on the same data folder) sign with one key."""
    cursor = client.get("/jobs", params={"size": 2}).json()["next_cursor"]
    local = create_app(settings_for(index_dir, search_processes=0))
    with TestClient(local) as here:
        assert here.get("/jobs", params={"size": 2, "cursor": cursor}).json() == (
            client.get("/jobs", params={"size": 2, "cursor": cursor}).json()
        )
        assert here.get("/", params={"cursor": cursor}).status_code == 200
    key_file = index_dir.parent / CURSOR_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


_FINGERPRINT = EVERYTHING.fingerprint()
_VALUES = st.one_of(
    st.integers(),
    st.integers(min_value=2**62),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_PAYLOADS = st.fixed_dictionaries(
    {"f": st.one_of(st.just(_FINGERPRINT), st.text(max_size=14))},
    optional={"d": _VALUES, "p": _VALUES},
)
_TAMPERED = st.one_of(
    st.text(max_size=600),
    st.binary(max_size=300).map(lambda raw: base64.urlsafe_b64encode(raw).decode()),
    _PAYLOADS.map(unsigned),
    st.tuples(_PAYLOADS, st.binary(min_size=16, max_size=16)).map(
        lambda pair: unsigned(pair[0]) + "." + base64.urlsafe_b64encode(pair[1]).decode().rstrip("=")
    ),
)


def test_fuzzed_cursors_never_give_a_5xx_and_the_workers_survive(client: TestClient) -> None:
    workers = _pids(client)
    assert len(workers) == 2

    @settings(max_examples=150, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cursor=_TAMPERED)
    def one(cursor: str) -> None:
        api = client.get("/jobs", params={"cursor": cursor})
        assert api.status_code in (200, 400, 422), (cursor, api.status_code, api.text[:300])
        if cursor.strip() and len(cursor) <= 500:
            assert api.status_code == 400, cursor  # nothing made here carries the service's signature
        page = client.get("/", params={"cursor": cursor})
        assert page.status_code in (200, 400), (cursor, page.status_code)
        assert "Traceback" not in page.text

    one()
    assert _pids(client) == workers
    assert client.get("/jobs", params={"q": "python"}).status_code == 200


# ------------------------------------------------------------------ paging depth, on an index with more hits than that


def deep_records() -> list[Posting]:
    start = datetime(2026, 6, 1, tzinfo=UTC)
    return [
        Posting(
            id=f"deep-{n:05}",
            title=f"Wombat Keeper {n}",
            company=Company(name="Wombat Zoo"),
            location=Location(),
            role=Role(family="other"),
            description="Brush the wombats.",
            posted_at=start - timedelta(minutes=n),
            source=Source(kind="frontmatter", host="zoo.test"),
        )
        for n in range(DEEP_TOTAL)
    ]


@pytest.fixture(scope="module")
def deep_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deep") / "deep-index"
    TantivyIndex(root).rebuild(deep_records())
    return root


@pytest.fixture(scope="module")
def deep(deep_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(deep_dir)), raise_server_exceptions=False) as client:
        yield client


def test_paging_stops_with_a_clear_400_at_the_depth_limit(deep: TestClient) -> None:
    seen: list[str] = []
    params: dict[str, str | int] = {"size": 100, "facet_size": 0}
    while True:
        response = deep.get("/jobs", params=params)
        if response.status_code != 200:
            break
        body = response.json()
        assert body["total"] == DEEP_TOTAL
        seen.extend(item["id"] for item in body["items"])
        assert body["next_cursor"], len(seen)  # there are more results: the cursor says so, even past the limit
        params["cursor"] = body["next_cursor"]
    assert response.status_code == 400
    assert "narrow the search" in response.json()["detail"]
    assert len(seen) == len(set(seen)) == MAX_PAGING_DEPTH
    # The export is a walk over everything, not a page a person reads: it goes past the limit.
    exported = deep.get("/jobs.ndjson")
    assert exported.status_code == 200 and len(exported.text.splitlines()) == DEEP_TOTAL


def test_the_page_offers_no_next_link_past_the_limit(deep: TestClient, deep_dir: Path) -> None:
    signer = service_signer(deep_dir)
    last = deep.get("/", params={"cursor": signer.encode(EVERYTHING, MAX_PAGING_DEPTH - 20)})
    assert last.status_code == 200 and "Wombat Keeper" in last.text
    assert 'rel="next"' not in last.text
    assert f"Only the first {MAX_PAGING_DEPTH:,} jobs of a search can be paged through" in last.text
    past = deep.get("/", params={"cursor": signer.encode(EVERYTHING, MAX_PAGING_DEPTH)})
    assert past.status_code == 400 and "narrow the search" in past.text


def test_the_index_bounds_a_signed_position_by_its_size(deep_dir: Path) -> None:
    """Even a genuinely signed cursor (a leaked key) cannot make tantivy size a collector past the index."""
    signer = CursorSigner(secret=b"a key the test holds, as if leaked")
    index = TantivyIndex(deep_dir, cursors=signer)
    for depth in (DEEP_TOTAL, 10**9, 2**64):
        page = index.search(EVERYTHING.model_copy(update={"cursor": signer.encode(EVERYTHING, depth), "facet_size": 0}))
        assert page.items == [] and page.total == DEEP_TOTAL and page.next_cursor is None
    for bad in (-1, "7", 2.5, None):
        with pytest.raises(BadCursor):
            index.search(EVERYTHING.model_copy(update={"cursor": signer.encode(EVERYTHING, bad)}))  # type: ignore[arg-type]


# ------------------------------------------------------------------ the key


def _key_of(folder: str) -> bytes:
    return CursorSigner(key_file=Path(folder) / CURSOR_KEY_FILE).key()


def test_processes_racing_for_the_key_agree_on_one(tmp_path: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        keys = pool.map(_key_of, [str(tmp_path / "data")] * 8)
    assert len(set(keys)) == 1 and len(keys[0]) == 32
    assert stat.S_IMODE((tmp_path / "data" / CURSOR_KEY_FILE).stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "data").iterdir()] == [CURSOR_KEY_FILE]  # no temporary files left


def test_a_configured_secret_signs_instead_of_the_key_file(index_dir: Path) -> None:
    secret = "a secret of the whole deployment"
    one = create_app(settings_for(index_dir, cursor_secret=secret))
    two = create_app(settings_for(index_dir, cursor_secret=secret))
    keyfile = create_app(settings_for(index_dir))
    with TestClient(one) as a, TestClient(two) as b, TestClient(keyfile, raise_server_exceptions=False) as c:
        cursor = a.get("/jobs", params={"size": 2}).json()["next_cursor"]
        assert b.get("/jobs", params={"size": 2, "cursor": cursor}).status_code == 200
        assert c.get("/jobs", params={"size": 2, "cursor": cursor}).status_code == 400
    with pytest.raises(ValueError, match="at least 16"):
        settings_for(index_dir, cursor_secret="short")


def test_elasticsearch_cursors_are_signed_too(tmp_path: Path) -> None:
    from index.elastic import ElasticIndex
    from tests.index.elastic_support import drop_test_indices, fresh_alias, make_client, real_cluster_url, start_osmem

    stop = None
    url = real_cluster_url()
    if url is None:
        try:
            url, stop = start_osmem()
        except Exception as exc:
            pytest.skip(f"no Elasticsearch and osmem-server could not start: {exc}")
    signer = CursorSigner(key_file=tmp_path / CURSOR_KEY_FILE)
    index = ElasticIndex(make_client(url), alias=fresh_alias(), cursors=signer)
    try:
        index.rebuild(deep_records()[:7])
        query = SearchQuery(size=3, facet_size=0)
        first = index.search(query)
        assert first.next_cursor
        second = index.search(query.model_copy(update={"cursor": first.next_cursor}))
        assert len(second.items) == 3 and not {h.record.id for h in second.items} & {h.record.id for h in first.items}
        again = ElasticIndex(index.client, alias=index.alias, cursors=CursorSigner(key_file=tmp_path / CURSOR_KEY_FILE))
        assert again.search(query.model_copy(update={"cursor": first.next_cursor})).items == second.items
        forged = [
            unsigned({"f": query.fingerprint(), "p": {"after": [0, "x"], "seen": 3}}),
            retouched(first.next_cursor, p=["zzz"]),
            retouched(first.next_cursor, d=1),
            signer.encode(query, 3, after="not a list"),
        ]
        for cursor in forged:
            with pytest.raises(BadCursor):
                index.search(query.model_copy(update={"cursor": cursor}))
    finally:
        drop_test_indices(index.client, index.alias)
        index.close()
        if stop is not None:
            stop()


# ------------------------------------------------------------------ a real `jobboard serve`


def test_a_served_process_survives_forged_cursors_and_keeps_its_cursors_across_a_restart(
    client: TestClient, index_dir: Path
) -> None:
    forged = {
        name: cursor
        for name, cursor in forged_cursors(client, index_dir).items()
        if name in ("huge offset", "offset 2**64", "negative offset", "real one, depth changed", "signed, depth 10**9")
    }
    one_worker = {"JOBBOARD_SEARCH_PROCESSES": "1"}
    process, base = start_server(index_dir, one_worker)
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            first = http.get("/jobs", params={"size": 4}).json()
            second = http.get("/jobs", params={"size": 4, "cursor": first["next_cursor"]})
            assert second.status_code == 200
            page_two = http.get("/", params={"cursor": first["next_cursor"]})
            assert page_two.status_code == 200
            for name, cursor in forged.items():
                for path in ("/", "/jobs"):
                    response = http.get(path, params={"cursor": cursor})
                    assert response.status_code == 400, (name, path, response.status_code)
            assert process.poll() is None
            assert http.get("/healthz").status_code == 200
            assert http.get("/jobs", params={"q": "quokka"}).json()["total"] > 0
    finally:
        stop_server(process)
    # The key lives in the data folder, so the next start accepts the cursors the last one handed out.
    process, base = start_server(index_dir, one_worker)
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            again = http.get("/jobs", params={"size": 4, "cursor": first["next_cursor"]})
            assert again.status_code == 200 and again.json() == second.json()
            assert http.get("/", params={"cursor": first["next_cursor"]}).status_code == 200
    finally:
        stop_server(process)


# ------------------------------------------------------------------ a search that kills its worker


def _die(index: SearchIndex) -> None:
    """A call that takes its worker down the way an engine abort would."""
    os.kill(os.getpid(), signal.SIGKILL)


def _overflow(index: SearchIndex) -> None:
    raise OverflowError("int too big to convert")


def test_a_call_that_kills_its_worker_is_not_retried_and_is_refused_once_it_did_so_twice(index_dir: Path) -> None:
    async def scenario() -> None:
        pool = SearchPool(settings_for(index_dir, search_processes=2), 2)
        await pool.start()
        try:
            before = set(pool.pids)
            with pytest.raises(BackendFailure, match="stopped a search worker; it was not retried"):
                await pool.call(_die)
            await asyncio.sleep(0.5)  # long enough for a retry to have reached (and killed) the other worker
            assert len(before & set(pool.pids)) == 1  # the other worker was never sent the call
            with pytest.raises(BackendFailure, match="it was not retried"):
                await pool.call(_die)  # a second worker, but still only one per request
            with pytest.raises(BackendFailure, match="not run again"):
                await pool.call(_die)
            for _ in range(1200):  # both dead ones are replaced
                if len(pool.pids) == 2:
                    break
                await asyncio.sleep(0.05)
            survivors = set(pool.pids)
            assert len(survivors) == 2
            with pytest.raises(BackendFailure, match="not run again"):
                await pool.call(_die)
            assert set(pool.pids) == survivors
            page = await pool.call(answer, SearchQuery(q="quokka", size=1))
            assert json.loads(page.body)["total"] > 0
        finally:
            await pool.close()

    asyncio.run(scenario())


def test_calls_queued_behind_a_killing_call_are_retried(index_dir: Path) -> None:
    async def scenario() -> None:
        pool = SearchPool(settings_for(index_dir, search_processes=1), 1)
        await pool.start()
        try:
            results = await asyncio.gather(
                pool.call(_die), pool.call(answer, SearchQuery(q="quokka", size=1)), return_exceptions=True
            )
            assert isinstance(results[0], BackendFailure)
            assert not isinstance(results[1], BaseException) and json.loads(results[1].body)["total"] > 0
        finally:
            await pool.close()

    asyncio.run(scenario())


def test_unexpected_errors_of_a_search_become_backend_failures(index_dir: Path) -> None:
    async def scenario() -> None:
        pool = SearchPool(settings_for(index_dir, search_processes=1), 1)
        await pool.start()
        try:
            with pytest.raises(BackendFailure, match="OverflowError"):
                await pool.call(_overflow)
        finally:
            await pool.close()
        in_process = create_app(settings_for(index_dir, search_processes=0))
        searches: Searches = in_process.state.searches
        with pytest.raises(BackendFailure, match="OverflowError"):
            await searches.call(_overflow)

    asyncio.run(scenario())
