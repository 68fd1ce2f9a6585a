"""/queries: the catalogue, one typed operation per query, JSON or CSV, 422 for bad values."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from api_release import EX
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.api.deps import get_store
from aspen_graph.store import SandboxStore


def detail(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text
    text: str = response.json()["detail"]
    return text


def test_list(client: TestClient) -> None:
    document = client.get("/queries").json()
    assert document["count"] == 2
    by_name = {q["name"]: q for q in document["data"]}
    assert set(by_name) == {"things-by-kind", "things-ranked"}
    kind = by_name["things-by-kind"]
    assert kind["summary"] == "Things of one kind, by rank."
    assert kind["tags"] == ["things"]
    assert kind["href"] == "/queries/things-by-kind"
    assert kind["parameters"][0] == {
        "name": "kind",
        "type": "iri",
        "required": True,
        "default": None,
        "classes": ["skos:Concept"],
        "doc": "the kind (full IRI)",
    }
    assert kind["parameters"][1]["default"] == "en"


def test_run_answers_what_the_fixture_holds(client: TestClient) -> None:
    response = client.get("/queries/things-by-kind", params={"kind": f"{EX}kind1"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document = response.json()
    assert document["query"] == "things-by-kind"
    assert document["columns"] == ["kind", "lang", "thing", "label", "rank"]  # as in the .rq
    # api_release gives thing i the kind i % 3: kind1 has things 1, 4, 7 and 10, by rank.
    assert [row["thing"]["value"] for row in document["rows"]] == [
        f"{EX}thing{i}" for i in (1, 4, 7, 10)
    ]
    assert document["count"] == 4
    first = document["rows"][0]
    assert first["thing"] == {"type": "uri", "value": f"{EX}thing1"}
    assert first["label"] == {"type": "literal", "value": "Thing 1", "lang": "en"}
    assert first["rank"] == {
        "type": "literal",
        "value": "1",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }


def test_defaults_and_other_values(client: TestClient) -> None:
    vi = client.get("/queries/things-by-kind", params={"kind": f"{EX}kind0", "lang": "vi"}).json()
    assert [r["label"]["value"] for r in vi["rows"]] == ["Vật 0", "Vật 3"]
    ranked = client.get("/queries/things-ranked", params={"min_rank": "10"}).json()
    assert [r["rank"]["value"] for r in ranked["rows"]] == ["10", "11"]
    everything = client.get("/queries/things-ranked").json()
    assert everything["count"] == 12
    note = everything["rows"][0]["note"]
    assert note["value"] == 'a note, with "quotes"\nand a new line'
    assert "note" not in everything["rows"][1]  # unbound values are left out


def test_csv(client: TestClient) -> None:
    response = client.get(
        "/queries/things-ranked", params={"min_rank": "9"}, headers={"Accept": "text/csv"}
    )
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "Accept" in response.headers["vary"]
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert rows[0] == ["min_rank", "thing", "rank", "note"]
    assert rows[1] == ["9", f"{EX}thing9", "9", ""]
    assert len(rows) == 4


def test_unacceptable(client: TestClient) -> None:
    response = client.get("/queries/things-ranked", headers={"Accept": "text/turtle"})
    assert response.status_code == 406


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "needs parameter 'kind'"),
        ({"kind": "kind:x"}, "not a CURIE of a known kind"),
        ({"kind": f"{EX}nothing"}, "names nothing in the graph"),
        ({"kind": f"{EX}thing1"}, "is not a skos:Concept"),
        ({"kind": f"{EX}kind1", "lang": "english!"}, "not a language tag"),
        ({"kind": f"{EX}kind1", "colour": "red"}, "has no parameter colour"),
    ],
)
def test_bad_values_are_422(client: TestClient, params: dict[str, str], fragment: str) -> None:
    assert fragment in detail(client.get("/queries/things-by-kind", params=params), 422)


def test_bad_integer_and_repeats_are_422(client: TestClient) -> None:
    response = client.get("/queries/things-ranked", params={"min_rank": "ten"})
    assert "not a whole number" in detail(response, 422)
    repeated = client.get("/queries/things-ranked", params=[("min_rank", "1"), ("min_rank", "2")])
    assert "once" in detail(repeated, 422)
    assert "UTF-8" in detail(client.get("/queries/things-ranked?min_rank=%FF"), 400)


def test_unknown_query_is_404(client: TestClient) -> None:
    assert "no query named 'nope'" in detail(client.get("/queries/nope"), 404)
    assert client.get("/queries/system/resource-types").status_code == 404


def untitled(schema: dict[str, object]) -> dict[str, object]:
    """A parameter's schema without the title FastAPI gives every one (from its name)."""
    return {key: value for key, value in schema.items() if key != "title"}


def test_one_documented_operation_per_query(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/queries", "/queries/things-by-kind", "/queries/things-ranked"} <= set(paths)
    assert "/queries/{name}" not in paths
    kind = paths["/queries/things-by-kind"]["get"]
    assert kind["summary"] == "Things of one kind, by rank."
    assert kind["operationId"] == "query_things_by_kind"
    params = {p["name"]: p for p in kind["parameters"]}
    assert params["kind"]["required"] is True
    assert untitled(params["kind"]["schema"]) == {"type": "string"}
    assert "skos:Concept" in params["kind"]["description"]
    assert params["lang"]["schema"]["default"] == "en"
    ranked = paths["/queries/things-ranked"]["get"]["parameters"][0]
    assert untitled(ranked["schema"]) == {"type": "integer", "default": 0}
    content = paths["/queries/things-ranked"]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"]["$ref"].endswith("/QueryResult")
    assert "text/csv" in content
    assert "QueryResult" in spec["components"]["schemas"]


class RecordingStore:
    """Passes selects on to the real store, and records what it was asked."""

    def __init__(self, inner: SandboxStore) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def select(self, query: str, *, bindings: object = None) -> object:
        self.calls.append(query)
        return self.inner.select(query, bindings=bindings)  # type: ignore[arg-type]


def test_dependency_override(settings: object, sandbox: SandboxStore) -> None:
    app = create_app(settings, sandbox)  # type: ignore[arg-type]
    recording = RecordingStore(sandbox)
    app.dependency_overrides[get_store] = lambda: recording
    with TestClient(app) as client:
        response = client.get("/queries/things-by-kind", params={"kind": f"{EX}kind2"})
        assert response.status_code == 200
    assert len(recording.calls) == 2  # the iri's types are checked first, then the query runs
    assert "?resource a ?type" in recording.calls[0]
