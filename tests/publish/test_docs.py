"""The vocabulary's documentation: pyLODE offline, with our head links; our own template when
pyLODE fails, with English and Vietnamese labels."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from rdflib import Graph

from aspen_graph.publish import docs

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "https://w3id.org/aspen/ont/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a network connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_pylode_renders_offline(ontology: Graph, offline: None) -> None:
    page = docs.render_pylode(ontology, NAMESPACE)
    assert page.startswith("<!DOCTYPE html>") or '<html lang="en">' in page
    assert '<html lang="en">' in page
    assert '<link rel="alternate" type="text/turtle" href="/.well-known/void"' in page
    assert 'href="/ont/index.jsonld"' in page
    assert 'id="Alignment"' in page
    assert "vi: Liên kết" in page  # Vietnamese labels as notes
    assert "Thang đo tương tác" not in page  # concept schemes stay out of the header


def test_pylode_view_keeps_our_terms_only(ontology: Graph) -> None:
    view = docs.pylode_view(ontology, NAMESPACE)
    subjects = {str(s) for s in view.subjects() if not isinstance(s, type(None))}
    assert NAMESPACE in subjects and f"{NAMESPACE}Alignment" in subjects
    assert not any(s.startswith("http://metadata.un.org/") for s in subjects)
    assert all(o.language in (None, "en", "vi") for o in view.objects() if hasattr(o, "language"))


def test_fallback_template_has_both_languages(ontology: Graph) -> None:
    page = docs.render_ontology_html(ontology, NAMESPACE, engines=("template",))
    assert '<html lang="en">' in page
    assert '<dd lang="vi">Liên kết</dd>' in page
    assert 'id="Alignment"' in page and 'id="contributesTo"' in page
    doc = docs.ontology_doc(ontology, NAMESPACE)
    alignment = next(t for t in doc.classes if t.name == "Alignment")
    assert alignment.labels == {"en": "Alignment", "vi": "Liên kết"}
    assert alignment.definition.startswith("A qualified statement")
    assert "prov:Entity" in alignment.parents


def test_a_failing_pylode_falls_back(ontology: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(graph: Graph, namespace: str) -> str:
        raise FileNotFoundError("pyproject.toml")

    monkeypatch.setattr(docs, "render_pylode", broken)
    page = docs.render_ontology_html(ontology, NAMESPACE)
    assert "pyLODE failed (FileNotFoundError: pyproject.toml)" in page
    assert '<dd lang="vi">Liên kết</dd>' in page
