"""A hub — a resource hundreds of others link to — has a bounded description: every triple
about it, at most ``description_limit`` links to it (the rarer properties first), the same on
the server and in the static site; its page says how many links there are in all.

The release is built here: a hub with 300 links by one property, 5 by another and one from a
blank node, with the cap lowered to 50 (``ASPEN_DESCRIPTION_LIMIT``). The truths (the hub's
own triples, the number of links by property) are read from those quads with rdflib."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from aspen_graph.api import create_app
from aspen_graph.api.main import open_sandbox
from aspen_graph.api.routes.resource_page import MAX_VALUES
from aspen_graph.config import Settings
from aspen_graph.site.render import Links, PageJob, Renderer
from aspen_graph.store import SandboxStore

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/aspen/"
HUB = URIRef(f"{BASE}id/agent/hub")
NOTE = URIRef(f"{BASE}ont/note")
GRAPH = URIRef(f"{BASE}graph/hub-test")
CAP = 50
MANY, FEW = 300, 5
ENDPOINT = "https://example.org/aspen/sparql"
PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


def release() -> Dataset:
    data = Dataset()
    g = data.graph(GRAPH)
    # no rdf:type: a hub may have none (qb:Observation at 200k), its page must count all the same
    g.add((HUB, RDFS.label, Literal("The hub", lang="en")))
    g.add((HUB, DCTERMS.source, URIRef(f"{BASE}id/document/d1")))
    note = BNode()
    g.add((HUB, NOTE, note))
    g.add((note, RDFS.comment, Literal("a blank node of the hub's own")))
    g.add((BNode(), NOTE, HUB))  # a blank node linking to it: no link on the page
    for n in range(MANY):
        thing = URIRef(f"{BASE}id/document/t{n:03}")
        g.add((thing, DCTERMS.creator, HUB))
        g.add((thing, RDF.type, DCTERMS.BibliographicResource))
        g.add((thing, RDFS.label, Literal(f"Thing {n}", lang="en")))
    for n in range(FEW):
        g.add((URIRef(f"{BASE}id/document/f{n}"), PROV.wasAttributedTo, HUB))
    return data


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    dist = tmp_path_factory.mktemp("hub") / "dist"
    dist.mkdir()
    release().serialize(dist / "aspen.nq", format="nquads")
    manifest = {"version": "hub-1", "triples": len(release()), "graphs": {str(GRAPH): 0}}
    (dist / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return Settings(root=ROOT, dist_dir=dist, description_limit=CAP, workers=1)


@pytest.fixture(scope="module")
def store(settings: Settings) -> Iterator[SandboxStore]:
    with open_sandbox(settings) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(settings: Settings, store: SandboxStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def renderer(settings: Settings, store: SandboxStore) -> Iterator[Renderer]:
    rendered = Renderer(settings, store)
    yield rendered
    rendered.close()


def truth() -> tuple[set[tuple[object, object, object]], dict[URIRef, int]]:
    """The hub's own triples (its blank node's included) and the links to it by property
    (from IRIs), from the release itself."""
    graph = Graph()
    for s, p, o, _ in release().quads():
        graph.add((s, p, o))
    own = {
        (s, p, o)
        for s, p, o in graph
        if s == HUB or (isinstance(s, BNode) and (HUB, None, s) in graph)
    }
    links: dict[URIRef, int] = {}
    for s, p in graph.subject_predicates(HUB):
        if not isinstance(s, BNode):
            links[URIRef(p)] = links.get(URIRef(p), 0) + 1
    return own, links


def ground(graph: Graph) -> set[tuple[object, object, object]]:
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


def test_the_description_keeps_every_own_triple_and_caps_the_links(client: TestClient) -> None:
    own, links = truth()
    assert links == {DCTERMS.creator: MANY, PROV.wasAttributedTo: FEW}
    for ext, parser in PARSERS.items():
        answer = client.get(f"/id/agent/hub.{ext}")
        assert answer.status_code == 200
        got = Graph().parse(data=answer.content, format=parser)
        # every triple about it: the ground ones as they are, the blank node's by its value
        assert {t for t in own if not any(isinstance(x, BNode) for x in t)} <= ground(got), ext
        assert len(list(got.triples((HUB, None, None)))) == sum(1 for t in own if t[0] == HUB)
        (comment,) = [o for b in got.objects(HUB, NOTE) for o in got.objects(b, RDFS.comment)]
        assert str(comment) == "a blank node of the hub's own"
        inbound = list(got.subject_predicates(HUB))
        assert len(inbound) == CAP, ext
        # the rarer properties first: the blank node's link and the five come whole
        assert sum(1 for _, p in inbound if p == PROV.wasAttributedTo) == FEW
        assert sum(1 for _, p in inbound if p == NOTE) == 1
        assert sum(1 for _, p in inbound if p == DCTERMS.creator) == CAP - FEW - 1


def shown_of(page: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"Showing (\d+) of (\d+)", page)]


def test_the_page_says_how_many_links_there_are(client: TestClient) -> None:
    _, links = truth()
    page = client.get("/id/agent/hub", headers={"Accept": "text/html"}).text
    in_description = CAP - FEW - 1  # what the description holds of the largest property
    assert shown_of(page) == [(min(in_description, MAX_VALUES), links[DCTERMS.creator])]
    # the link lists them all: the editor, with the listing query for this hub and property
    (href,) = re.findall(r'href="(/editor\?[^"]+)"', page.replace("&amp;", "&"))
    query = parse_qs(urlsplit(href).query)["query"][0]
    assert f"<{HUB}>" in query and f"<{DCTERMS.creator}>" in query
    # the property cut by nothing says nothing
    assert page.count("Showing") == 1


def test_the_listing_query_lists_them_all(client: TestClient) -> None:
    _, links = truth()
    page = client.get("/id/agent/hub", headers={"Accept": "text/html"}).text
    (href,) = re.findall(r'href="(/editor\?[^"]+)"', page.replace("&amp;", "&"))
    query = unquote(parse_qs(urlsplit(href).query)["query"][0])
    answer = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200
    rows = answer.json()["results"]["bindings"]
    assert len({r["subject"]["value"] for r in rows}) == links[DCTERMS.creator]


def test_the_site_documents_equal_the_server_documents(
    client: TestClient, renderer: Renderer
) -> None:
    (documents,) = renderer.documents([str(HUB)])
    assert documents is not None
    for ext, parser in PARSERS.items():
        server = Graph().parse(data=client.get(f"/id/agent/hub.{ext}").content, format=parser)
        site = Graph().parse(data=documents[ext], format=parser)
        assert isomorphic(server, site), ext
        assert len(list(site.subject_predicates(HUB))) == CAP


def test_the_site_page_says_it_and_links_to_the_endpoint(renderer: Renderer) -> None:
    links = Links(BASE, {}, frozenset(), ENDPOINT)
    ((path, body),) = renderer.pages([(PageJob("/id/agent/hub", "id/agent/hub"), "en")], links)
    page = body.decode("utf-8")
    assert path == "id/agent/hub.html"
    assert shown_of(page) == [(CAP - FEW - 1, MANY)]
    assert "/editor" not in page  # only the live server has the editor
    assert f'href="{ENDPOINT}"' in page
