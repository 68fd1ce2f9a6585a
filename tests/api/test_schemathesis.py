"""Property-based tests of the whole HTTP API against its own OpenAPI document (schemathesis).

Every operation the document lists (the SPARQL endpoint, each catalogue query, the analytics
routes, health and version) gets up to ``MAX_EXAMPLES`` generated requests, sent through the
ASGI app to the shipped release served by a real worker pool. Each response must not be a 5xx
and must conform to the document: a documented status code, the documented media type, headers
and body schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, BaseSchema, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def shipped_app(built: Settings) -> Iterator[FastAPI]:
    """The API over the shipped release, with its own pool and a generous time limit."""
    with SandboxStore(built.dist / "aspen.nq", workers=2, timeout=30.0) as store:
        yield create_app(built, store)


@pytest.fixture
def api_schema(shipped_app: FastAPI) -> BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", shipped_app)


def fuzz(operation: APIOperation[Any, Any, Any, Any]) -> int:
    """Up to MAX_EXAMPLES valid and invalid requests to one operation, each response checked;
    returns how many were sent."""
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    sent = 0

    @given(case=cases)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Case[Any]) -> None:
        nonlocal sent
        sent += 1
        case.call_and_validate(checks=CHECKS)

    run()
    return sent


def test_api_conforms_to_its_openapi_document(api_schema: BaseSchema) -> None:
    # schemathesis.pytest.from_fixture relies on a pytest internal that pytest 9 removed
    # (Function._nodeid), so the operations are driven here; every failing operation is
    # reported, with the request that reproduces it.
    sent: dict[str, int] = {}
    failures: dict[str, str] = {}
    for result in api_schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()
        try:
            sent[operation.label] = fuzz(operation)
        except Exception as error:  # a FailureGroup, or the error of one case
            failures[operation.label] = f"{type(error).__name__}: {error}"
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    for label in ("GET /alignments", "GET /coverage", "GET /gaps", "GET /explain", "GET /report"):
        assert sent[label] == MAX_EXAMPLES, label
    assert sent["GET /sparql"] == MAX_EXAMPLES
