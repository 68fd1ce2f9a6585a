"""``aspen serve --store URL``: the app starts while the store is down and recovers by itself, and
it picks up a new publication (new version, new ETags, no stale cached answers)."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.api.main import refresh_release
from aspen_graph.config import Settings
from oxigraph_server import OxigraphServer, free_port, publish_with_cli

ROOT = Path(__file__).resolve().parents[2]
EX = "http://example.org/"
GRAPH = "https://w3id.org/aspen/graph/"
QUERY = {"query": f"SELECT ?o WHERE {{ <{EX}s> <{EX}p> ?o }}"}


def write_dist(root: Path, version: str) -> Path:
    dist = root / f"dist-{version}"
    dist.mkdir()
    (dist / "aspen.nq").write_text(f'<{EX}s> <{EX}p> "{version}" <{GRAPH}things> .\n')
    manifest = {"version": version, "graphs": {f"{GRAPH}things": 1}}
    (dist / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return dist


def test_the_app_starts_while_the_store_is_down_and_follows_publications(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "store", port=free_port())
    settings = Settings(root=ROOT, dist_dir=tmp_path / "no-dist", store=server.url)
    try:
        with TestClient(create_app(settings)) as client:
            state = client.app.state.aspen  # type: ignore[attr-defined]
            down = client.get("/sparql", params=QUERY)
            assert down.status_code == 503 and "cannot be reached" in down.json()["detail"]
            assert client.get("/health").status_code == 503
            assert client.get("/version").json()["version"] == "unknown"

            server.start()
            publish_with_cli(server.url, write_dist(tmp_path, "v1"))
            assert refresh_release(state)  # what the app does every few seconds
            first = client.get("/sparql", params=QUERY, headers={"Accept": "text/csv"})
            assert (first.status_code, first.text) == (200, "o\r\nv1\r\n")
            assert client.get("/version").json()["version"] == "v1"
            assert client.get("/health").json()["status"] == "ok"

            publish_with_cli(server.url, write_dist(tmp_path, "v2"))
            assert refresh_release(state)
            assert not refresh_release(state)  # nothing new
            second = client.get("/sparql", params=QUERY, headers={"Accept": "text/csv"})
            assert second.text == "o\r\nv2\r\n"  # not the cached answer of v1
            assert second.headers["etag"] != first.headers["etag"]
            assert client.get("/version").json()["version"] == "v2"
    finally:
        server.stop()
