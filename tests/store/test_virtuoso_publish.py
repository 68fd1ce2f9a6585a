"""A staged Virtuoso publish cut off by the store itself: ``virtuoso-t`` killed (``SIGKILL``)
while it runs the one request that switches a staged graph into place (``DROP``, copy from the
staging graph, ``DROP`` staging: sparql/system/switch-staged-graph.ru).

tests/cli/test_publish.py kills the store between graphs and the publish process mid-publish,
and fails a switch with a store error; this kills the store *inside* the switch's transaction,
which only a real crash can do. After the restart the graph is whole (its old content, or its
new one if the commit was reached), the publication record still names the old release, the
staging graph left behind is outside what queries see, and the next publish completes.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from aspen_graph.errors import StoreUnavailableError
from aspen_graph.publish import to_store
from aspen_graph.publish.to_store import publish_remote
from aspen_graph.store import RemoteStore
from aspen_graph.store.remote_updates import STAGING_GRAPHS
from virtuoso_server import VirtuosoServer

EX = "http://example.org/"
GRAPH = "https://w3id.org/aspen/graph/big"
TRIPLES = 12_000
"""Triples in the staged graph: the switch copies them in seconds, so the kill lands inside."""


def write_release(root: Path, version: str, triples: int) -> Path:
    """A release of one graph whose every object names ``version``."""
    dist = root / f"dist-{version}"
    dist.mkdir(parents=True)
    lines = (f'<{EX}s{j}> <{EX}p> "{version}-{j}" <{GRAPH}> .\n' for j in range(triples))
    (dist / "aspen.nq").write_text("".join(lines), encoding="utf-8")
    manifest = {"version": version, "graphs": {GRAPH: triples}, "triples": triples}
    (dist / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return dist


def versions(store: RemoteStore) -> dict[str, int]:
    """How many triples of the graph come from each release."""
    table = store.select(
        f"""SELECT ?version (COUNT(*) AS ?n) WHERE {{
          GRAPH <{GRAPH}> {{ ?s <{EX}p> ?o }} BIND (STRBEFORE(STR(?o), "-") AS ?version)
        }} GROUP BY ?version"""
    )
    return {str(version): int(str(count)) for version, count in table.rows}


def all_graphs(server: VirtuosoServer) -> set[str]:
    """Every graph Virtuoso holds, asked in SQL (so also those no query's dataset names)."""
    output = server.sql("SPARQL SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {word for line in output.splitlines() for word in line.split() if "://" in word}


@pytest.mark.slow
def test_the_store_killed_inside_a_staged_switch_leaves_the_graph_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(to_store, "VIRTUOSO_REQUEST_BYTES", 100_000)  # staged: ~15 requests
    server = VirtuosoServer(tmp_path / "virtuoso").start()
    try:
        publish_remote(server.store(), write_release(tmp_path, "v1", TRIPLES))
        second = write_release(tmp_path, "v2", TRIPLES + 1)
        store = server.store(probe=False)
        send = store.update
        switches: list[str] = []
        answered: list[str] = []
        killer = threading.Timer(0.3, server.kill)

        def kill_inside_the_switch(text: str, *, timeout: float | None = None) -> None:
            if f"WHERE {{ GRAPH <{STAGING_GRAPHS}" in text:
                switches.append(text)
                killer.start()
            send(text, timeout=timeout)
            answered.append(text)

        store.update = kill_inside_the_switch  # type: ignore[method-assign]
        with pytest.raises(StoreUnavailableError) as cut:
            publish_remote(store, second)
        assert "cannot be reached" in str(cut.value)
        store.close()
        killer.join()  # the kill is over (the old process reaped) before the restart
        assert len(switches) == 1, "the publish did not reach the switch"
        assert switches[0] not in answered, "the switch was done before the store was killed"
        server.start()
        with server.store() as after:
            found = versions(after)
            assert found in ({"v1": TRIPLES}, {"v2": TRIPLES + 1}), found  # whole: old or new
            print(f"after the kill: {found}")
            record = after.publication()
            assert record is not None and record["version"] == "v1"
            assert not any(name.startswith(STAGING_GRAPHS) for name in after.graph_sizes())
        publish_remote(server.store(), second)
        with server.store() as after:
            assert versions(after) == {"v2": TRIPLES + 1}
            assert after.publication()["version"] == "v2"  # type: ignore[index]
        assert not any(name.startswith(STAGING_GRAPHS) for name in all_graphs(server))
    finally:
        server.stop()
