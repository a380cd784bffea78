"""Backends for the conformance suite: tantivy always; Elasticsearch when a server can be had."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index.base import SearchIndex
from index.tantivy_backend import TantivyIndex
from parsers.record import Posting
from tests.index.corpus import corpus

BACKENDS = ["tantivy"]


@pytest.fixture(scope="module", params=BACKENDS)
def make_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[list[Posting]], SearchIndex]]:
    created: list[SearchIndex] = []

    def build(records: list[Posting]) -> SearchIndex:
        index: SearchIndex = TantivyIndex(Path(tmp_path_factory.mktemp("tantivy")))
        index.rebuild(records)
        created.append(index)
        return index

    yield build
    for index in created:
        index.close()


@pytest.fixture(scope="module")
def loaded(make_index: Callable[[list[Posting]], SearchIndex]) -> SearchIndex:
    return make_index(corpus())
