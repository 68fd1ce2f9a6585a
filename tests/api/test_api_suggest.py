"""``GET /suggest`` on the shipped release: the JSON of the ranking, and 400 for bad input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib.namespace import SKOS

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.store import ServingStore
from data_files import parsed

pytestmark = pytest.mark.slow


@pytest.fixture
def client(built: Settings, shipped_serving_store: ServingStore) -> Iterator[TestClient]:
    with TestClient(create_app(built, shipped_serving_store)) as test_client:
        yield test_client


def targets_saying(word: str, root: Settings) -> set[str]:
    """The SDG targets whose own text (or an indicator's) has ``word``, read from sdg.ttl."""
    graph = parsed(root.root / "data" / "graph" / "sdg.ttl")
    found = set()
    for subject, text in graph.subject_objects(SKOS.prefLabel):
        if getattr(text, "language", None) == "en" and word in str(text).lower():
            notation = str(graph.value(subject, SKOS.notation))
            found.add("sdg:" + ".".join(notation.split(".")[:2]))
    return found


def test_the_one_target_that_says_debris_comes_first(client: TestClient, built: Settings) -> None:
    assert targets_saying("debris", built) == {"sdg:14.1"}
    response = client.get("/suggest", params={"text": "marine debris", "top": "3"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["lang"], body["top"], len(body["suggestions"])) == ("en", 3, 3)
    first = body["suggestions"][0]
    assert first["target"] == "sdg:14.1" and first["rank"] == 1
    assert "debris" in first["evidence_source"] and "debris" in first["evidence_target"]
    assert first["proposed_by"] == "machine" and not first["existing"]
    assert first["interaction"] in (1, 2) and 0 < first["confidence"] <= 0.6
    assert first["sources"]


def test_vietnamese_text_is_read_through_the_bilingual_labels(client: TestClient) -> None:
    """'ô nhiễm' is the Vietnamese label of the challenge 'pollution' (challenges.ttl)."""
    response = client.get("/suggest", params={"text": "ô nhiễm", "lang": "vi"})
    assert response.status_code == 200, response.text
    first = response.json()["suggestions"][0]
    assert "pollution" in [w.lower() for w in first["evidence_target"]]
    assert any(link.endswith("→ pollution") for link in first["bridge"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "parameter 'text' is required"),
        ({"text": "  "}, "the text is empty"),
        ({"text": "forests", "lang": "fr"}, "'fr' is not supported"),
        ({"text": "forests", "top": "0"}, "parameter 'top'"),
        ({"text": "forests", "top": "many"}, "parameter 'top'"),
        ({"text": "forests", "colour": "red"}, "unknown parameter 'colour'"),
    ],
)
def test_bad_input_is_400(client: TestClient, params: dict[str, str], message: str) -> None:
    response = client.get("/suggest", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "ProtocolError" and message in body["detail"]
