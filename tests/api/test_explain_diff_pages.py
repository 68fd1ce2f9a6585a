"""``/explain`` and ``/diff`` for browsers and programs, the vocabulary's page, and labels that
fall back to English.

The fast tests run the API's own catalogue over the tiny fixture release (no alignments, no
versions): what a browser and a program get, and the error pages. The slow ones run on the
release built with the example drafts and check each page's answer against what the release
file (``dist/aspen.nt``, read with rdflib, no SPARQL) says.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_release import Release
from fastapi.testclient import TestClient
from journey_truth import (
    ASPEN,
    SDG,
    SDG_14_1,
    diff_truth,
    elements_reaching,
    release_graph,
)
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.errors import QueryTimeoutError

ROOT = Path(__file__).resolve().parents[2]
BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
D1, D2 = "plan-version:example-plan-draft-1", "plan-version:example-plan-draft-2"


@pytest.fixture(scope="module")
def fast(release: Release, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The fixture release served with the project's own catalogue and templates."""
    root = tmp_path_factory.mktemp("catalogue-root")
    for name in ("sparql", "ontology", "shapes"):
        (root / name).symlink_to(ROOT / name)
    settings = Settings(root=root, dist_dir=release.dist)
    with TestClient(create_app(settings)) as client:
        yield client


def html_lang(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page)
    assert found, page[:200]
    return found.group(1)


# -- the split: a browser gets the page, a program the JSON ------------------------------------


@pytest.mark.parametrize("path", ["/explain", "/diff"])
def test_a_browser_gets_the_form_a_program_the_json_error(fast: TestClient, path: str) -> None:
    page = fast.get(path, headers=BROWSER)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Vary" in page.headers and "Accept" in page.headers["Vary"]
    assert html_lang(page.text) == "en"
    assert '<header class="site-header">' in page.text  # the site's frame
    for select in re.findall(r'<select id="([^"]+)"', page.text):
        assert f'<label for="{select}">' in page.text  # every picker is labelled
    program = fast.get(path)
    assert program.status_code == 422
    assert program.json()["error"] == "QueryParameterError"
    # ?format= decides over Accept
    assert fast.get(path, params={"format": "json"}, headers=BROWSER).status_code == 422
    assert fast.get(path, params={"format": "json"}, headers=BROWSER).json()["detail"]
    assert fast.get(path, params={"format": "html"}).headers["content-type"].startswith("text/html")


def test_the_explain_form_offers_pickers_not_curies(fast: TestClient) -> None:
    page = fast.get("/explain", headers=BROWSER).text
    assert '<select id="explain-target" name="target"' in page
    assert '<select id="explain-element" name="element">' in page
    assert 'type="text"' not in page.split("<main", 1)[1]


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/explain", {"format": "xml"}, 406, "use one of json, html"),
        ("/diff", {"format": "csv"}, 406, "use one of json, html"),
        ("/explain", {"target": "sdg:14.1"}, 404, "not in the alignment network"),
        ("/explain", {"target": "no such thing"}, 422, "parameter &#39;target&#39;"),
        ("/explain", {"colour": "green"}, 422, "unknown parameter &#39;colour&#39;"),
        ("/explain", {"lang": "not a tag"}, 400, "not a language tag"),
        ("/diff", {"from": "x", "to": "y"}, 422, "names nothing in the graph"),
        ("/diff", {"from": D1, "to": D2, "to ": "z"}, 422, "unknown parameter"),
    ],
)
def test_a_browser_gets_error_pages(
    fast: TestClient, path: str, params: dict[str, str], status: int, words: str
) -> None:
    page = fast.get(path, params=params, headers=BROWSER)
    assert page.status_code == status, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    assert words in page.text
    assert '<header class="site-header">' in page.text


def test_a_program_gets_the_same_errors_as_json(fast: TestClient) -> None:
    assert fast.get("/explain", params={"format": "xml"}).status_code == 406
    response = fast.get("/explain", params={"element": "sdg:1", "target": "sdg:14.1"})
    assert response.status_code == 404 and response.json()["error"] == "UnknownReferenceError"
    response = fast.get("/diff", params={"from": "x", "to": "y"})
    assert response.status_code == 422 and response.json()["error"] == "QueryParameterError"


def test_error_pages_speak_the_language_asked(fast: TestClient) -> None:
    page = fast.get("/explain", params={"target": "sdg:14.1", "lang": "vi"}, headers=BROWSER)
    assert page.status_code == 404 and html_lang(page.text) == "vi"


def test_the_server_log_names_the_query_a_store_failed_on(
    fast: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A store that times out on one of the page's queries: the user gets the 503 page, the
    server's log says which query and with which parameters (the page does not)."""
    store = fast.app.state.aspen.store  # type: ignore[attr-defined]
    answer = store.select

    def select(query: str, **options: Any) -> Any:
        if "(for /explain's target picker)" in query and "SELECT ?node ?kind" in query:
            raise QueryTimeoutError("the store did not answer within the time limit")
        return answer(query, **options)

    monkeypatch.setattr(store, "select", select)
    monkeypatch.setattr(
        fast.app.state, "explain_chains", None, raising=False
    )  # nothing kept before
    with caplog.at_level(logging.WARNING, logger="aspen_graph.queries.run"):
        page = fast.get("/explain", params={"lang": "vi"}, headers=BROWSER)
    assert page.status_code == 503
    assert "target-nodes" not in page.text
    (record,) = [r for r in caplog.records if r.name == "aspen_graph.queries.run"]
    assert record.getMessage() == (
        "query analysis/target-nodes {'lang': 'vi'} failed: "
        "the store did not answer within the time limit"
    )


def test_the_form_alone_does_not_load_the_alignment_network(
    fast: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 2M triples the whole network took 7 s or more (close to the 10 s time-out): the form
    asks for the picker's targets only, and offers elements once a target is chosen."""
    store = fast.app.state.aspen.store  # type: ignore[attr-defined]
    answer = store.select
    asked: list[str] = []

    def select(query: str, **options: Any) -> Any:
        asked.append(query.split("\n", 1)[0])
        return answer(query, **options)

    monkeypatch.setattr(store, "select", select)
    monkeypatch.setattr(fast.app.state, "explain_chains", None, raising=False)
    page = fast.get("/explain", params={"lang": "en"}, headers=BROWSER).text
    assert asked and not [q for q in asked if "(for the network view)" in q]
    assert "Choose a target first" in page
    element = page.split('<select id="explain-element"', 1)[1].split("</select>", 1)[0]
    assert element.count("<option") == 1  # "Every element that reaches it"


def test_openapi_documents_format(fast: TestClient) -> None:
    paths = fast.get("/openapi.json").json()["paths"]
    for path in ("/explain", "/diff"):
        (fmt,) = [p for p in paths[path]["get"]["parameters"] if p["name"] == "format"]
        assert fmt["schema"]["enum"] == ["json", "html"] and not fmt["required"]
        responses = paths[path]["get"]["responses"]
        assert {"application/json", "text/html"} <= set(responses["200"]["content"])
        assert "text/html" in responses["406"]["content"]
    required = {p["name"] for p in paths["/explain"]["get"]["parameters"] if p["required"]}
    assert required == {"element", "target"}  # the JSON route's contract is unchanged


# -- the answers, on the release with the example drafts ---------------------------------------


@pytest.fixture(scope="module")
def examples_client(built_examples: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(built_examples)) as client:
        yield client


@pytest.fixture(scope="module")
def graph(built_examples: Settings) -> Graph:
    return release_graph(built_examples.dist)


def shown_elements(page: str) -> set[str]:
    return set(re.findall(r'<li class="reach" data-element="([^"]+)"', page))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_explain_page_lists_what_the_release_says(
    examples_client: TestClient, graph: Graph, lang: str
) -> None:
    page = examples_client.get(
        "/explain", params={"target": "sdg:14.1", "lang": lang}, headers=BROWSER
    )
    assert page.status_code == 200, page.text[:500]
    expected = elements_reaching(graph, SDG_14_1)
    assert expected  # the release has some
    assert shown_elements(page.text) == {curie for curie, _ in expected}
    # each direct alignment's rationale is shown as its evidence
    text = html.unescape(page.text)
    assert all(rationale in text for _, rationale in expected)
    assert html_lang(page.text) == lang
    # the JSON of one element's explanation is linked, carrying the language
    assert f"&amp;lang={lang}&amp;format=json" in page.text
    # one element picked: only it
    element = sorted(shown_elements(page.text))[0]
    one = examples_client.get(
        "/explain", params={"target": "sdg:14.1", "element": element}, headers=BROWSER
    )
    assert shown_elements(one.text) == {element}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_diff_page_shows_what_the_two_drafts_say(
    examples_client: TestClient, graph: Graph, lang: str
) -> None:
    page = examples_client.get(
        "/diff", params={"from": D1, "to": D2, "lang": lang}, headers=BROWSER
    ).text
    truth = diff_truth(graph, D1, D2, lang)
    for group in ("added", "removed", "reworded"):
        section = page.split(f'id="elements-{group}"', 1)[1].split("</section>", 1)[0]
        rows = set(re.findall(r'<tr data-kind="([^"]+)" data-code="([^"]+)"', section))
        assert rows == truth.elements[group], group
        for kind, _ in rows:  # the kind named by the vocabulary's label of its class
            (name,) = [o for o in graph.objects(ASPEN[kind], RDFS.label) if o.language == lang]
            assert f'<span lang="{lang}">{name}</span>' in section, (group, kind)
    for group in ("added", "removed", "rescored"):
        section = page.split(f'id="alignments-{group}"', 1)[1].split("</section>", 1)[0]
        rows = set(
            re.findall(
                r'<tr data-kind="([^"]+)" data-code="([^"]+)" data-target="([^"]+)"', section
            )
        )
        assert rows == truth.alignments[group], group
    links = re.findall(r'<a href="(/id/[^"]+)"', page.split("<main", 1)[1])
    assert links and all(f"lang={lang}" in link for link in links)
    assert "format=json" in page


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_vocabulary_is_in_the_site_frame(
    examples_client: TestClient, built_examples: Settings, lang: str
) -> None:
    page = examples_client.get("/ont/", params={"lang": lang}, headers=BROWSER)
    assert page.status_code == 200
    assert html_lang(page.text) == lang
    assert '<header class="site-header">' in page.text
    assert "Content-Security-Policy" not in page.headers or "unsafe" not in page.headers.get(
        "Content-Security-Policy", ""
    )
    ontology = Graph().parse(ROOT / "ontology" / "aspen.ttl")
    classes = {
        str(c)[len(str(ASPEN)) :]
        for c in ontology.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(str(ASPEN)) and c != URIRef(str(ASPEN))
    }
    shown = set(re.findall(r'<article class="term" id="([^"]+)"', page.text))
    assert classes <= shown
    vietnamese = {
        str(o)
        for c in classes
        for o in ontology.objects(URIRef(str(ASPEN) + c), RDFS.label)
        if isinstance(o, Literal) and o.language == "vi"
    }
    assert vietnamese and all((f'lang="vi">{v}<' in page.text) for v in vietnamese)


@pytest.mark.slow
def test_a_class_page_shows_no_blank_node_rows(examples_client: TestClient) -> None:
    """StrategicGoal is a member of an owl:AllDisjointClasses list: the list's cell pointed
    at it (an "rdf:first … blank node" row)."""
    page = examples_client.get("/ont/StrategicGoal", headers=BROWSER).text
    assert "rdf:first" not in page and "blank node" not in page


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["km", "lo", "my"])
def test_asean_languages_show_the_graphs_sdg_titles_around_an_english_interface(
    examples_client: TestClient, graph: Graph, lang: str
) -> None:
    """SDG 14's title in the language (the UN's translation) on the page; the interface,
    which has no catalogue in it, in English."""
    goal = URIRef("http://metadata.un.org/sdg/14")
    (title,) = [
        str(o)
        for o in graph.objects(goal, SKOS.prefLabel)
        if isinstance(o, Literal) and o.language == lang
    ]
    page = examples_client.get(
        "/explain", params={"target": "sdg:14", "lang": lang}, headers=BROWSER
    ).text
    assert html_lang(page) == "en" and ">Explain</button>" in page
    assert f'<span lang="{lang}">' in page and title[:20] in html.unescape(page)
    assert re.search(rf'<span lang="{lang}">[^<]*{re.escape(html.escape(title)[:20])}', page)


@pytest.mark.slow
def test_english_labels_on_a_vietnamese_page_are_marked(examples_client: TestClient) -> None:
    """SDG targets have no Vietnamese title: on the Vietnamese explanation each shows in
    English, marked lang="en", with a visible EN badge."""
    page = examples_client.get(
        "/explain", params={"target": "sdg:14.1", "lang": "vi"}, headers=BROWSER
    ).text
    assert re.search(
        r'<span lang="en">14\.1 [^<]+</span> <abbr class="fallback" title="Không phải[^"]*">EN',
        page,
    )


@pytest.mark.slow
def test_query_labels_in_english_on_a_vietnamese_page_are_marked(
    examples_client: TestClient, graph: Graph
) -> None:
    """SDG 14's targets have no Vietnamese text: each English text in its table of targets
    carries the EN badge (the query's fallback was shown unmarked before)."""
    page = examples_client.get(
        "/resource",
        params={"iri": "http://metadata.un.org/sdg/14", "lang": "vi"},
        headers=BROWSER,
    ).text
    section = page.split('id="targets"', 1)[1].split("</section>", 1)[0]
    cells = re.findall(r"<td>(<span lang=\"[^\"]+\">.*?)</td>", section)
    targets = set(graph.subjects(URIRef(f"{SDG}ontology#isTargetOf"), URIRef(f"{SDG}14")))
    assert len(cells) == len(targets)
    english = [c for c in cells if c.startswith('<span lang="en">')]
    assert english and all('<abbr class="fallback"' in c for c in english)


@pytest.mark.slow
def test_the_json_linked_from_the_page_is_the_programs_answer(examples_client: TestClient) -> None:
    page = examples_client.get("/explain", params={"target": "sdg:14.1"}, headers=BROWSER).text
    element, href = re.findall(
        r'data-element="([^"]+)">.*?<a class="formats" href="([^"]+)"', page, re.S
    )[0]
    linked = examples_client.get(html.unescape(href), headers=BROWSER)  # ?format=json wins
    assert linked.headers["content-type"].startswith("application/json")
    program = examples_client.get(
        "/explain", params={"element": element, "target": "sdg:14.1", "lang": "en"}
    )
    assert linked.json() == program.json() and program.json()["count"] >= 1
    assert "Accept" in program.headers["vary"]  # the same URL is a page for a browser
