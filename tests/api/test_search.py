"""``GET /search`` (page and JSON), ``/search/suggest`` and ``/resource?iri=<CURIE>``.

Expectations come from the data files (``data/graph/sdg.ttl``, ``gbf.ttl``,
``aspen-2026-2035.ttl``) and the Vietnamese catalogue, not from the search index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from rdflib import RDFS, SKOS, Graph, Literal, URIRef

from aspen_graph.analysis.search import code_key, fold
from aspen_graph.api import create_app
from aspen_graph.config import Settings
from data_files import parsed

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GRAPH = ROOT / "data" / "graph"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
VI_PO = ROOT / "src" / "aspen_graph" / "locale" / "vi" / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module")
def client(built: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(built)) as test_client:
        yield test_client


def _with_notation(path: Path, notation: str) -> str:
    graph = parsed(path)
    found = {str(s) for s in graph.subjects(SKOS.notation, Literal(notation))}
    assert len(found) == 1, found
    return found.pop()


def _iris(client: TestClient, q: str, lang: str = "en") -> list[str]:
    response = client.get("/search", params={"q": q, "lang": lang})
    assert response.status_code == 200
    body = response.json()
    return [r["iri"] for g in body["groups"] for r in sorted(g["results"], key=lambda r: 0)]


def _first(client: TestClient, q: str) -> str:
    """The best result: the first of the first group (groups are ordered by their best)."""
    body = client.get("/search", params={"q": q}).json()
    return str(body["groups"][0]["results"][0]["iri"])


def test_fold_and_code_key() -> None:
    assert fold("Ô nhiễm ĐẤT đai") == "o nhiem dat dai"
    assert code_key("GBF-TARGET-07") == code_key("GBF 7") == code_key("gbf-target:7")
    assert code_key("14.1") != code_key("14.1.1")


def test_sdg_code_first(client: TestClient) -> None:
    assert _first(client, "14.1") == _with_notation(GRAPH / "sdg.ttl", "14.1")


def test_gbf_code_first(client: TestClient) -> None:
    assert _first(client, "GBF 7") == _with_notation(GRAPH / "gbf.ttl", "GBF-TARGET-07")


def test_vietnamese_without_diacritics(client: TestClient) -> None:
    graph = Graph().parse(GRAPH / "aspen-2026-2035.ttl")
    wanted = {
        str(s)
        for s, label in graph.subject_objects(RDFS.label)
        if isinstance(label, Literal) and label.language == "vi" and "ô nhiễm" in str(label)
    }
    assert wanted  # the data has such an element
    assert wanted <= set(_iris(client, "o nhiem"))
    assert wanted <= set(_iris(client, "Ô NHIỄM"))


def test_english_words_find_the_target(client: TestClient) -> None:
    target = _with_notation(GRAPH / "sdg.ttl", "14.1")
    label = parsed(GRAPH / "sdg.ttl").value(URIRef(target), SKOS.prefLabel, any=True)
    assert "marine pollution" in str(label)
    assert target in _iris(client, "marine pollution")


def test_vietnamese_phrase_returns_results(client: TestClient) -> None:
    assert _iris(client, "ô nhiễm biển", "vi")


def test_page_groups_results_with_links(client: TestClient) -> None:
    response = client.get("/search", params={"q": "14.1"}, headers={"accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    main = html[html.index('<main id="main">') :]
    assert '<label for="search-q">' in main
    assert "<h3>" in main
    target = quote(_with_notation(GRAPH / "sdg.ttl", "14.1"), safe="")
    links = re.findall(r'<li><a href="([^"]+)"', main)
    assert links[0] == f"/resource?iri={target}"
    json_iris = _iris(client, "14.1")
    assert len(links) == len(json_iris)


def test_vietnamese_page_speaks_vietnamese(client: TestClient) -> None:
    with VI_PO.open("rb") as handle:
        catalogue = read_po(handle)
    response = client.get(
        "/search", params={"q": "o nhiem", "lang": "vi"}, headers={"accept": BROWSER}
    )
    html = unescape(response.text)
    assert '<html lang="vi">' in response.text
    for message in ("Search", "Words or a code (for example 14.1, GBF 7, ô nhiễm)"):
        translated = catalogue[message].string
        assert translated and translated != message
        assert translated in html
    # links carry the language
    assert re.search(r'<li><a href="/id/[^"]+\?lang=vi"', response.text)


def test_empty_query_is_the_form(client: TestClient) -> None:
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/search", params=params, headers={"accept": BROWSER})
        assert response.status_code == 200
        assert 'id="search-q"' in response.text
        assert 'id="results"' not in response.text
    assert client.get("/search").json()["groups"] == []


def test_unknown_parameter_is_400(client: TestClient) -> None:
    assert client.get("/search", params={"query": "x"}).status_code == 400


def test_header_box_on_every_page(client: TestClient) -> None:
    for path in ("/", "/suggest", "/id/plan/aspen-2026-2035", "/no-such-page"):
        html = client.get(path, headers={"accept": BROWSER}).text
        assert 'action="/search"' in html, path
        assert '<label for="site-search-q">' in html, path


def test_suggest_lists_the_code_first(client: TestClient) -> None:
    body = client.get("/search/suggest", params={"q": "GBF 7"}).json()
    assert body[0]["curie"] == "gbf-target:7"
    assert client.get("/search/suggest", params={"q": ""}).json() == []


def test_resource_accepts_curies(client: TestClient) -> None:
    target = _with_notation(GRAPH / "sdg.ttl", "14.1")
    response = client.get(
        "/resource", params={"iri": "sdg:14.1"}, headers={"accept": "text/turtle"}
    )
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(target), SKOS.notation, Literal("14.1")) in graph
    assert (
        client.get("/resource", params={"iri": "sdg:14.1"}, headers={"accept": BROWSER}).status_code
        == 200
    )


def test_autocomplete_script_is_a_file(client: TestClient) -> None:
    html = client.get("/", headers={"accept": BROWSER}).text
    assert '<script src="/static/search.js" defer></script>' in html
    assert "<script>" not in html  # no inline script (the CSP forbids it)
    script = client.get("/static/search.js")
    assert script.status_code == 200
    assert "/search/suggest" in html or "data-suggest" in script.text


def test_odd_queries_answer(client: TestClient) -> None:
    for q in ("0" * 5000, "²³ ¹⁴", '"*:^()', "NEAR(a b)", "a OR b AND NOT c"):
        response = client.get("/search", params={"q": q})
        assert response.status_code == 200, q
