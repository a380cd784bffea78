"""The answer cache and the cheap health check: what they keep, for how long, and that answers stay the same.

These tests build their own small index (the session index is read-only for the API tests) and
move the cache's clock by hand; nothing here measures time.
"""

from __future__ import annotations

import asyncio
import gzip
import pickle
from collections.abc import Callable, Coroutine, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient

from api.cache import Answer, AnswerCache
from api.main import create_app
from index import FacetValue, IndexUnavailable, SearchQuery, SearchResult
from index.tantivy_backend import TantivyIndex
from parsers.record import Company, Posting, Role, Source
from tests.api.conftest import settings_for

T = TypeVar("T")


def ask(cache: AnswerCache, key: str, make: Callable[[], bytes]) -> Answer | None:
    """One request's way through the cache: the kept answer, or ``make()``'s body, kept if the cache may."""

    async def compute() -> Answer:
        return Answer(make())

    return asyncio.run(cache.answer(key, compute))[0]


def wait(step: Coroutine[Any, Any, T]) -> T:
    """The cache is used from the event loop; here, one step of it at a time."""
    return asyncio.run(step)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def posting(n: int) -> Posting:
    return Posting(
        id=f"wombat-{n}",
        title=f"Wombat Groomer {n}",
        company=Company(name="Burrow Ltd"),
        role=Role(family="other"),
        description=f"Brush the wombats, round {n}. " * 20,
        posted_at=datetime(2026, 10, n, tzinfo=UTC),
        source=Source(kind="frontmatter", host="burrow.test"),
    )


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[tuple[TestClient, TantivyIndex, Clock]]:
    """An app over its own index (which the test may change), with the answer cache on a hand-moved clock."""
    root = tmp_path / "index"
    index = TantivyIndex(root)
    index.rebuild([posting(1)])
    app = create_app(settings_for(root), index=index)
    clock = Clock()
    app.state.searches.answers.clock = clock
    with TestClient(app) as client:
        yield client, index, clock


def test_an_upsert_shows_as_soon_as_the_cache_checks_the_index_version(
    writable: tuple[TestClient, TantivyIndex, Clock],
) -> None:
    client, index, clock = writable
    answers = client.app.state.searches.answers  # type: ignore[attr-defined]
    first = client.get("/jobs", params={"q": "wombat"})
    assert first.json()["total"] == 1 and first.headers["x-cache"] == "miss"
    clock.now += 60  # far beyond the TTL, but the index has not changed: still the same answer
    again = client.get("/jobs", params={"q": "wombat"})
    assert again.headers["x-cache"] == "hit" and again.headers["etag"] == first.headers["etag"]
    index.upsert([posting(2)])
    clock.now += answers.check_every / 2  # the version was asked less than check_every ago
    assert client.get("/jobs", params={"q": "wombat"}).headers["x-cache"] == "hit"
    clock.now += answers.check_every
    fresh = client.get("/jobs", params={"q": "wombat"})
    assert fresh.headers["x-cache"] == "miss"
    assert fresh.json()["total"] == 2
    assert fresh.headers["etag"] != first.headers["etag"]
    index.rebuild([posting(3)])  # a rebuild swaps the version folder
    clock.now += answers.check_every
    rebuilt = client.get("/jobs", params={"q": "wombat"})
    assert rebuilt.headers["x-cache"] == "miss" and [i["id"] for i in rebuilt.json()["items"]] == ["wombat-3"]
    clock.now += answers.max_age  # the cap holds even for an index that never changes
    assert client.get("/jobs", params={"q": "wombat"}).headers["x-cache"] == "miss"


def test_an_index_that_cannot_tell_its_version_gets_the_short_ttl() -> None:
    clock = Clock()
    said: list[str | None] = [None]

    async def version() -> str | None:
        if said[0] == "broken":
            raise OSError("gone")
        return said[0]

    cache = AnswerCache(ttl=10, clock=clock, version=version)
    ask(cache, "a", lambda: b"1")
    clock.now += 9
    assert wait(cache.lookup("a")) is not None
    clock.now += 1
    assert wait(cache.lookup("a")) is None  # no version: the TTL decides
    said[0] = "v1"
    clock.now += cache.check_every
    ask(cache, "a", lambda: b"2")
    clock.now += 100
    assert wait(cache.lookup("a")) is not None  # a version that has not changed: kept past the TTL
    said[0] = "broken"
    clock.now += cache.check_every
    assert wait(cache.lookup("a")) is None  # an index that cannot answer any more: back to the TTL


def test_a_repeated_request_gets_the_same_answer_gzip_or_not(writable: tuple[TestClient, TantivyIndex, Clock]) -> None:
    client, _, _ = writable
    url = "/jobs?q=wombat&size=5"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.headers["x-cache"] == "miss" and "content-encoding" not in plain.headers
    for _ in range(2):  # the second request's exact target is now known: answered before routing
        packed = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert packed.headers["x-cache"] == "hit"
        assert packed.headers["content-encoding"] == "gzip"
        assert packed.content == plain.content  # the client undid the gzip
        assert packed.headers["etag"] == plain.headers["etag"]
        assert packed.headers["content-type"] == "application/json"
        assert packed.headers["cache-control"] == plain.headers["cache-control"]
    identity = client.get(url, headers={"Accept-Encoding": "identity"})
    assert identity.headers["x-cache"] == "hit" and "content-encoding" not in identity.headers
    assert identity.content == plain.content and identity.headers["vary"] == "Accept-Encoding"
    not_modified = client.get(url, headers={"If-None-Match": plain.headers["etag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""
    # The same query spelled differently is parsed again, and gets the same cached answer.
    other = client.get("/jobs?size=5&q=wombat")
    assert other.headers["x-cache"] == "hit" and other.content == plain.content
    metrics = client.get("/metrics").text
    assert "jobboard_answer_cache_hits_total 5.0" in metrics
    assert "jobboard_answer_cache_misses_total 1.0" in metrics
    # Answers from the cache are counted like any other (five 200s, one 304).
    assert 'http_requests_total{handler="/jobs",method="GET",status="2xx"} 5.0' in metrics
    assert 'http_requests_total{handler="/jobs",method="GET",status="3xx"} 1.0' in metrics


def test_invalid_requests_are_never_answered_from_the_cache(writable: tuple[TestClient, TantivyIndex, Clock]) -> None:
    client, _, _ = writable
    for _ in range(2):
        response = client.get("/jobs?size=100000")
        assert response.status_code == 422
        assert "size" in response.json()["detail"][0]["msg"]
    assert client.get("/jobs?cursor=nonsense").status_code == 400
    assert client.get("/jobs?cursor=nonsense").status_code == 400


def test_answer_cache_is_bounded_and_can_be_turned_off() -> None:
    clock = Clock()
    cache = AnswerCache(ttl=10, max_bytes=1300, clock=clock)  # room for two 600-byte answers
    made: list[str] = []

    def maker(key: str) -> bytes:
        made.append(key)
        return key.encode() * 600  # under the gzip threshold: kept as it is

    for key in ("a", "b", "a", "c", "a", "b"):
        ask(cache, key, lambda key=key: maker(key))  # type: ignore[misc]
    assert made == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
    assert len(cache) == 2 and cache.held == 1200
    ask(cache, "huge", lambda: b"h" * 900)  # more than half the room: answered, never kept
    assert len(cache) == 2 and wait(cache.lookup("huge")) is None
    cache.remember_url(b"/jobs?q=a", "a")
    assert wait(cache.lookup_url(b"/jobs?q=a")) is not None
    clock.now += 10
    assert wait(cache.lookup_url(b"/jobs?q=a")) is None  # the alias lives no longer than its answer
    cache.clear()
    assert len(cache) == 0
    off = AnswerCache(ttl=0)
    ask(off, "a", lambda: b"1")
    off.remember_url(b"/jobs?q=a", "a")
    assert len(off) == 0 and wait(off.lookup_url(b"/jobs?q=a")) is None


def test_answer_is_compressed_once_and_only_when_worth_it() -> None:
    big = Answer(b'{"items": []}' * 200)
    packed = big.gzipped()
    assert packed is not None and gzip.decompress(packed) == big.body
    assert big.gzipped() is packed
    assert Answer(b"{}").gzipped() is None
    assert big.etag.startswith('W/"') and big.etag == Answer(big.body).etag
    assert big.size == len(packed) < len(big.body)  # only the compressed form is kept
    copy = pickle.loads(pickle.dumps(big))  # as a search process sends it back
    assert copy.etag == big.etag and copy.body == big.body and copy.gzipped() == packed


class CountingIndex:
    """A stand-in index that counts how often it is asked to count, and can fail."""

    def __init__(self) -> None:
        self.counts = 0
        self.broken = False

    def count(self, query: SearchQuery | None = None) -> int:
        self.counts += 1
        if self.broken:
            raise IndexUnavailable("the index went away")
        return 7

    def search(self, query: SearchQuery) -> SearchResult:
        return SearchResult(total=0, items=[])

    def facets(self, query: SearchQuery) -> dict[str, list[FacetValue]]:
        return {}

    def get(self, posting_id: str) -> Posting | None:
        return None

    def upsert(self, records: Iterable[Posting]) -> int:
        return 0

    def delete(self, ids: Iterable[str]) -> int:
        return 0

    def rebuild(self, records: Iterable[Posting]) -> int:
        return 0

    def version(self) -> str | None:
        return None

    def close(self) -> None:
        pass


def test_healthz_asks_the_index_at_most_once_a_second(tmp_path: Path) -> None:
    index = CountingIndex()
    app = create_app(settings_for(tmp_path / "unused"), index=index)
    with TestClient(app, raise_server_exceptions=False) as client:
        for _ in range(5):
            assert client.get("/healthz").json() == {"status": "ok", "postings": 7}
        assert index.counts == 1
        client.app.state.searches.postings.every = 0.0  # type: ignore[attr-defined]  # every probe asks now
        index.broken = True
        for _ in range(2):
            failed = client.get("/healthz")
            assert failed.status_code == 503
            assert failed.json()["detail"] == "the index went away"
        assert index.counts == 3
        index.broken = False
        assert client.get("/healthz").status_code == 200


def test_concurrent_misses_for_one_query_search_once() -> None:
    import threading

    cache = AnswerCache(ttl=10)
    release = threading.Event()
    calls: list[int] = []

    def slow() -> Answer:
        calls.append(1)
        release.wait(30)
        return Answer(b'{"total": 1}')

    async def scenario() -> tuple[tuple[Answer | None, bool], tuple[Answer | None, bool]]:
        first = asyncio.create_task(cache.answer("k", lambda: asyncio.to_thread(slow)))
        while "k" not in cache._pending:
            await asyncio.sleep(0)
        second = asyncio.create_task(cache.answer("k", lambda: asyncio.to_thread(slow)))
        for _ in range(5):
            await asyncio.sleep(0)  # let the second request find the search under way
        release.set()
        return await first, await second

    (one, one_hit), (two, two_hit) = asyncio.run(scenario())
    assert calls == [1]
    assert one is two and (one_hit, two_hit) == (False, True)

    async def broken() -> Answer:
        raise IndexUnavailable("gone")

    async def failing() -> list[BaseException | tuple[Answer | None, bool]]:
        return list(await asyncio.gather(cache.answer("bad", broken), cache.answer("bad", broken), return_exceptions=True))

    outcomes = asyncio.run(failing())
    assert all(isinstance(o, IndexUnavailable) for o in outcomes)
    assert wait(cache.lookup("bad")) is None  # failures are not kept
