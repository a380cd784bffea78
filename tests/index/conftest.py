"""Backends for the conformance suite.

tantivy always. Elasticsearch against a real cluster when ``JOBBOARD_ELASTICSEARCH_URL`` is set,
else against ``osmem-server``, an in-memory OpenSearch-compatible stand-in started on a free
loopback port (the test-only node class in elastic_support.py makes the 9.x client speak plain JSON to it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index.base import SearchIndex
from index.tantivy_backend import TantivyIndex
from parsers.record import Posting
from tests.index.corpus import corpus


@pytest.fixture(scope="session")
def elastic_url() -> Iterator[tuple[str, str]]:
    """(url, kind): a real cluster if configured, else a fresh osmem-server."""
    from tests.index.elastic_support import real_cluster_url, start_osmem

    real = real_cluster_url()
    if real:
        yield real, "elasticsearch"
        return
    try:
        url, stop = start_osmem()
    except Exception as exc:  # no way to run the Elasticsearch backend here
        pytest.skip(f"no Elasticsearch and osmem-server could not start: {exc}")
    try:
        yield url, "osmem"
    finally:
        stop()


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def backend_kind(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "tantivy":
        yield "tantivy"
    else:
        yield request.getfixturevalue("elastic_url")[1]


@pytest.fixture(scope="module")
def make_index(
    backend_kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[list[Posting]], SearchIndex]]:
    created: list[SearchIndex] = []

    def build(records: list[Posting]) -> SearchIndex:
        index: SearchIndex
        if backend_kind == "tantivy":
            index = TantivyIndex(Path(tmp_path_factory.mktemp("tantivy")))
        else:
            from index.elastic import ElasticIndex
            from tests.index.elastic_support import fresh_alias, make_client

            url = request.getfixturevalue("elastic_url")[0]
            index = ElasticIndex(make_client(url), alias=fresh_alias())
        index.rebuild(records)
        created.append(index)
        return index

    yield build
    for index in created:
        if backend_kind != "tantivy":
            from tests.index.elastic_support import drop_test_indices

            drop_test_indices(index.client, index.alias)  # type: ignore[attr-defined]
        index.close()


@pytest.fixture(scope="module")
def loaded(make_index: Callable[[list[Posting]], SearchIndex]) -> SearchIndex:
    return make_index(corpus())
