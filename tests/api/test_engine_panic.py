"""pyoxigraph's ORDER BY panic (docs/oxigraph-order-by-panic.md): the engine aborts the process
that runs the query; the sandbox survives it and says what failed and why, in one line."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aspen_graph.errors import QueryEngineError
from aspen_graph.store import SandboxStore

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "oxigraph-order-by-panic.nq"
"""168 quads cut from a release: ORDER BY ?o over them panics pyoxigraph 0.5.13 every time."""
FIXTURE_QUERY = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
VALUES = '"-71" "-35" -3 -4 0 0 -6 "-52" "-38" "-32" "-76" -6 "-2" -6 -7 "-52" -1 "-84" -9 -8 -1'
VALUES_QUERY = f"SELECT ?o WHERE {{ VALUES ?o {{ {VALUES} }} }} ORDER BY ?o"
"""The same bug without data: integers and strings that look like integers (any store)."""
STILL_PANICS = "ORDER BY COALESCE(?o)"
"""An ORDER BY on an expression, which the rewrite (store/order_by.py) leaves as written: the
engine still panics on it, so the error path stays tested."""
PANIC = 'Rust panic "user-provided comparison function does not correctly implement a total order"'
DOC = "docs/oxigraph-order-by-panic.md"


def in_process(query: str, data: Path | None) -> subprocess.CompletedProcess[str]:
    """Run ``query`` with pyoxigraph in a fresh interpreter, as the CLI used to."""
    code = (
        "import sys, pyoxigraph as ox\n"
        "store = ox.Store()\n"
        "if sys.argv[2]: store.load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)\n"
        "list(store.query(sys.argv[1], use_default_graph_as_union=True))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, query, str(data or "")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(("query", "data"), [(FIXTURE_QUERY, FIXTURE), (VALUES_QUERY, None)])
def test_the_engine_aborts_its_process(query: str, data: Path | None) -> None:
    """The upstream bug itself: when this fails, pyoxigraph was fixed (update the doc)."""
    result = in_process(query, data)
    assert result.returncode == -6  # SIGABRT: no Python exception to catch
    assert "does not correctly implement a total order" in result.stderr


def test_sandbox_rewrites_order_by_and_answers() -> None:
    with SandboxStore(FIXTURE, workers=1, timeout=30.0) as store:
        rows = store.select(FIXTURE_QUERY).rows
        assert len(rows) == 168 and store.stats.crashes == 0


def test_sandbox_names_the_panic_and_lives_on() -> None:
    with SandboxStore(FIXTURE, workers=1, timeout=30.0) as store:
        with pytest.raises(QueryEngineError) as caught:
            store.select(FIXTURE_QUERY.replace("ORDER BY ?o", STILL_PANICS))
        message = str(caught.value)
        assert PANIC in message and DOC in message and "\n" not in message
        assert store.stats.crashes == 1
        # the replacement worker answers, and the same data ordered by STR does not panic
        rows = store.select("SELECT ?o WHERE { ?s ?p ?o } ORDER BY STR(?o)").rows
        assert len(rows) == 168


def test_server_answers_the_reason_in_one_line(client: TestClient) -> None:
    query = VALUES_QUERY.replace("ORDER BY ?o", STILL_PANICS)
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 500, response.text
    assert "Retry-After" not in response.headers  # the same query fails again
    document = response.json()
    assert document["error"] == "QueryEngineError"
    assert PANIC in document["detail"] and DOC in document["detail"]
    assert "\n" not in document["detail"] and "worker stopped" not in document["detail"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the pool replaces the worker in the background
        answer = client.get("/sparql", params={"query": "ASK { }"})
        if answer.status_code == 200:
            break
        time.sleep(0.05)
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_server_answers_the_rewritten_order(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": VALUES_QUERY}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    values = response.text.split()[1:]
    # non-numbers first (their order among themselves), then the numbers by value
    strings = sorted(v for v in VALUES.split() if v.startswith('"'))
    numbers = sorted((v for v in VALUES.split() if not v.startswith('"')), key=int)
    assert values == [v.strip('"') for v in strings] + numbers
