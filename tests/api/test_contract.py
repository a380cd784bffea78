"""Contract test: requests generated from the app's own OpenAPI schema never get a server error.

Schemathesis reads /openapi.json and generates valid and invalid parameters for every operation.
Besides "no 5xx", answers must use documented status codes and match the documented schemas.
The schema is loaded when the module is imported, so the app is made then over a folder that the
module fixture fills with the test index before any case runs (the app opens its index lazily).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from api.main import create_app
from index.tantivy_backend import TantivyIndex
from parsers.record import Posting
from tests.api.conftest import settings_for

_ROOT = Path(tempfile.mkdtemp(prefix="jobboard-contract-"))
app = create_app(settings_for(_ROOT / "index"))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def _filled_index(records: list[Posting]) -> Iterator[None]:
    TantivyIndex(_ROOT / "index").rebuild(records)
    yield
    shutil.rmtree(_ROOT, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
