"""The Elasticsearch backend over an index an earlier version set up (osmem-server or a real cluster)."""

from __future__ import annotations

import pytest

from index.elastic import ElasticIndex
from index.elastic_query import index_body
from index.errors import BackendFailure
from tests.index.corpus import constructed
from tests.index.elastic_support import drop_test_indices, fresh_alias, make_client


def test_an_index_mapped_by_an_earlier_version_asks_for_a_rebuild(elastic_url: tuple[str, str]) -> None:
    client, alias = make_client(elastic_url[0]), fresh_alias()
    body = index_body()
    earlier = dict(body["mappings"]["properties"])
    del earlier["boost"]  # the field table gained the rank input since
    client.indices.create(
        index=f"{alias}-v1-old", settings=body["settings"], mappings={"dynamic": "strict", "properties": earlier}
    )
    client.indices.update_aliases(actions=[{"add": {"index": f"{alias}-v1-old", "alias": alias}}])
    index = ElasticIndex(client, alias=alias)
    try:
        with pytest.raises(BackendFailure, match=r"run `jobboard index --rebuild`"):
            index.upsert(constructed()[:1])
        assert index.rebuild(constructed()) == len(constructed())  # a fresh index with today's mapping
        index.upsert(constructed()[:1])
    finally:
        drop_test_indices(client, alias)
        index.close()
