"""``?format=`` overrides Accept on /sparql (links and the editor's plain HTML form use it)."""

from __future__ import annotations

from fastapi.testclient import TestClient

QUERY = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2"


def test_format_short_name_and_media_type(client: TestClient) -> None:
    csv = client.get("/sparql", params={"query": QUERY, "format": "csv"})
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    xml = client.get(
        "/sparql",
        params={"query": QUERY, "format": "application/sparql-results+xml"},
        headers={"Accept": "text/csv"},
    )
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    graph = client.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "nt"}
    )
    assert graph.headers["content-type"].startswith("application/n-triples")


def test_unknown_or_unfit_format_is_406(client: TestClient) -> None:
    assert client.get("/sparql", params={"query": QUERY, "format": "pdf"}).status_code == 406
    assert client.get("/sparql", params={"query": QUERY, "format": "ttl"}).status_code == 406
