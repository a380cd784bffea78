"""Test-only helpers for running the Elasticsearch backend against osmem-server or a real cluster.

osmem-server (an in-memory OpenSearch stand-in) answers the 9.x client's
``application/vnd.elasticsearch+json; compatible-with=9`` content type with
406, so tests talk to it through ``PlainJsonNode``, which sends plain
``application/json``. That workaround lives here only; the product code uses
the stock client. Test indices/aliases must start with ``test-``.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from elastic_transport import HttpHeaders, Urllib3HttpNode
from elastic_transport._node import NodeApiResponse
from elastic_transport.client_utils import DEFAULT, DefaultType
from elasticsearch import Elasticsearch

ENV_URL = "JOBBOARD_ELASTICSEARCH_URL"
TEST_PREFIX = "test-"

_COMPAT = re.compile(r"application/vnd\.elasticsearch\+([\w.-]+)\s*;\s*compatible-with=\d+")


class PlainJsonNode(Urllib3HttpNode):
    """Rewrites the compatibility media types to the plain ones (``application/json``, ``application/x-ndjson``)."""

    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        request_timeout: DefaultType | float | None = DEFAULT,
    ) -> NodeApiResponse:
        if headers is not None:
            headers = headers.copy()
            for name in ("content-type", "accept"):
                value = headers.get(name)
                if value:
                    headers[name] = _COMPAT.sub(r"application/\1", value)
        return super().perform_request(method, target, body=body, headers=headers, request_timeout=request_timeout)


def make_client(url: str, **kwargs: Any) -> Elasticsearch:
    """A client for osmem: stock ``Elasticsearch`` except for the node class above."""
    kwargs.setdefault("request_timeout", 30)
    return Elasticsearch(url, node_class=PlainJsonNode, **kwargs)


def real_cluster_url() -> str | None:
    """The cluster named by JOBBOARD_ELASTICSEARCH_URL, for running the suite against real Elasticsearch."""
    return os.environ.get(ENV_URL) or None


def fresh_alias() -> str:
    """A fresh alias name (``test-`` prefixed) so concurrent runs and leftovers never collide."""
    return f"{TEST_PREFIX}jobboard-{uuid.uuid4().hex[:10]}"


def drop_test_indices(client: Elasticsearch, alias: str) -> None:
    """Delete the alias' physical indices and any leftover ``{alias}-v*`` index (only ``test-`` names)."""
    if not alias.startswith(TEST_PREFIX):
        raise ValueError(f"refusing to delete indices of non-test alias {alias!r}")
    names: set[str] = set()
    try:
        names.update(client.indices.get_alias(name=alias).body)
    except Exception:
        pass
    try:
        names.update(client.indices.get(index=f"{alias}-v*", expand_wildcards="open,closed").body)
    except Exception:
        pass
    for name in sorted(names):
        if name.startswith(TEST_PREFIX):
            try:
                client.indices.delete(index=name, ignore_unavailable=True)
            except Exception:
                pass


def start_osmem(startup_timeout: float = 30.0) -> tuple[str, Callable[[], None]]:
    """Start osmem-server on a free loopback port; returns (base_url, stop). Raises if it does not come up."""
    from osmem_server import OsmemServer  # imported lazily: only the osmem-backed tests need it

    # addr 127.0.0.1:0 makes the server pick a free port and report its URL once it listens.
    server = OsmemServer.start(freeze=False, japanese=False, addr="127.0.0.1:0", startup_timeout=startup_timeout)
    url = server.url
    client = make_client(url, request_timeout=5)
    deadline = time.monotonic() + startup_timeout
    try:
        while True:
            try:
                if client.ping():
                    break
            except Exception:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"osmem-server at {url} did not answer within {startup_timeout} s")
            time.sleep(0.05)
    except BaseException:
        server.close()
        raise
    finally:
        client.close()

    def stop() -> None:
        server.close()

    return url, stop
