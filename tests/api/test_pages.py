"""Dereferenceable identifiers, resource pages, the home page and the dataset routes, on the
shipped release: content negotiation (Accept, ?format=, document URLs), languages, 404/406,
every kind of page, and a crawl of the home page's links."""

from __future__ import annotations

import gzip
import html as html_module
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient
from journey_truth import alignments, elements_reaching, release_graph, short
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.namespaces import GRAPH
from aspen_graph.publish import jsonld_context
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore, ServingStore
from conneg import BROWSER, RDF_TYPES

pytestmark = pytest.mark.slow

BASE = "https://w3id.org/aspen/"
PRIORITY = "/id/priority/aspen-2026-2035-p2"
SDG_TARGET = "http://metadata.un.org/sdg/14.1"
SDGO_IS_TARGET_OF = URIRef("http://metadata.un.org/sdg/ontology#isTargetOf")
SDG_TARGET_PATH = "/resource?iri=" + quote(SDG_TARGET, safe="")
TERM = "/ont/Alignment"
RESOURCES = {
    PRIORITY: URIRef(BASE + PRIORITY.lstrip("/")),
    SDG_TARGET_PATH: URIRef(SDG_TARGET),
    TERM: URIRef(BASE + TERM.lstrip("/")),
}


class Page(HTMLParser):
    """The bits of a page the tests look at: h1 text, hrefs, <link rel=alternate>, html lang."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.h1: list[str] = []
        self.hrefs: list[str] = []
        self.alternates: list[tuple[str, str]] = []
        self.lang: str | None = None
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag == "link" and values.get("rel") == "alternate":
            self.alternates.append((str(values.get("type")), str(values.get("href"))))

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1[-1] += data


@pytest.fixture(scope="module")
def client(built: Settings, shipped_serving_store: ServingStore) -> Iterator[TestClient]:
    """The API on the shipped release: the worker pool, or a remote Oxigraph server."""
    with TestClient(create_app(built, shipped_serving_store)) as test_client:
        yield test_client


def cbd(store: OxigraphStore, catalog: QueryCatalog, iri: URIRef) -> Graph:
    """What the store says the resource's description is."""
    return store.construct(
        catalog.get("pages/resource-description").text, bindings={"resource": iri}
    )


def html(client: TestClient, url: str, **headers: str) -> Page:
    response = client.get(url, headers={"Accept": BROWSER, **headers})
    assert response.status_code == 200, (url, response.text[:300])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return Page(response.text)


# -- content negotiation ---------------------------------------------------------------------


@pytest.mark.parametrize("path", list(RESOURCES))
@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_each_rdf_format_by_accept_matches_the_store(
    client: TestClient,
    shipped_store: OxigraphStore,
    catalog: QueryCatalog,
    path: str,
    media: str,
) -> None:
    response = client.get(path, headers={"Accept": media})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    ext, rdflib_format = RDF_TYPES[media]
    location = response.headers["content-location"]
    assert location.endswith(f".{ext}") or location.endswith(f"format={ext}")
    served = Graph().parse(data=response.content, format=rdflib_format)
    assert len(served) > 10
    assert isomorphic(served, cbd(shipped_store, catalog, RESOURCES[path]))
    document = client.get(location)
    assert document.status_code == 200
    assert document.content == response.content


def test_turtle_is_what_rdf_clients_get_by_default(client: TestClient) -> None:
    for accept in ("*/*", "text/*", None):
        headers = {"Accept": accept} if accept else {}
        response = client.get(PRIORITY, headers=headers)
        assert response.headers["content-type"] == "text/turtle; charset=utf-8", accept
    weighted = client.get(PRIORITY, headers={"Accept": "text/turtle;q=0.5, application/ld+json"})
    assert weighted.headers["content-type"] == "application/ld+json"


def test_browsers_get_a_page_with_its_alternates(client: TestClient) -> None:
    response = client.get(PRIORITY, headers={"Accept": BROWSER})
    assert response.headers["content-location"] == PRIORITY + ".html"
    assert response.headers["vary"].startswith("Accept, Accept-Language")
    page = Page(response.text)
    assert page.lang == "en"
    assert page.h1 == ["Coastal and marine ecosystem protection"]
    alternates = dict(page.alternates)
    assert ("text/turtle", "/.well-known/void") in page.alternates
    assert alternates["application/ld+json"] == PRIORITY + ".jsonld"
    assert ("text/turtle", PRIORITY + ".ttl") in page.alternates
    assert f'<{PRIORITY}.ttl>; rel="alternate"; type="text/turtle"' in response.headers["link"]


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    response = client.get(PRIORITY + "?format=jsonld", headers={"Accept": BROWSER})
    assert response.headers["content-type"] == "application/ld+json"
    document = json.loads(response.content)
    assert document["@context"] == jsonld_context()  # inline: nothing to fetch
    page = client.get(PRIORITY + "?format=html", headers={"Accept": "text/turtle"})
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    term = client.get(TERM + "?format=nt", headers={"Accept": "text/html"})
    assert term.headers["content-type"] == "application/n-triples"


def test_unsupported_types_get_406(client: TestClient) -> None:
    for accept in ("image/png", "application/json", "text/csv"):
        response = client.get(PRIORITY, headers={"Accept": accept})
        assert response.status_code == 406, accept
        assert response.json()["error"] == "ProtocolError"
    assert client.get(PRIORITY + "?format=csv").status_code == 406
    assert client.get(SDG_TARGET_PATH, headers={"Accept": "image/*"}).status_code == 406


def test_unknown_iris_get_404(client: TestClient) -> None:
    for url in (
        "/id/priority/no-such-priority",
        "/ont/NoSuchTerm",
        "/resource?iri=" + quote("http://metadata.un.org/sdg/99.9", safe=""),
    ):
        data = client.get(url, headers={"Accept": "text/turtle"})
        assert data.status_code == 404, url
        assert data.json()["error"] == "UnknownReferenceError"
        page = client.get(url, headers={"Accept": BROWSER})
        assert page.status_code == 404
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert Page(page.text).h1 == ["Not found"]
    assert client.get("/resource").status_code == 400
    assert client.get("/resource?iri=not%20an%20iri").status_code == 400


def test_etag_and_head(client: TestClient) -> None:
    first = client.get(PRIORITY, headers={"Accept": "text/turtle"})
    again = client.get(
        PRIORITY, headers={"Accept": "text/turtle", "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    head = client.head(PRIORITY, headers={"Accept": "text/turtle"})
    assert head.status_code == 200
    assert head.content == b""


# -- languages -------------------------------------------------------------------------------


def test_vietnamese_where_the_graph_has_it(client: TestClient) -> None:
    response = client.get(PRIORITY + "?lang=vi", headers={"Accept": BROWSER})
    page = Page(response.text)
    assert page.h1 == ["bảo vệ hệ sinh thái ven biển và biển"]
    assert '<h1><span lang="vi">bảo vệ hệ sinh thái ven biển và biển</span></h1>' in response.text
    assert "no title in" not in response.text
    by_header = html(client, PRIORITY, **{"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"})
    assert by_header.h1 == page.h1


def test_fallback_to_english_is_said(client: TestClient) -> None:
    response = client.get(SDG_TARGET_PATH + "&lang=vi", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert (
        "Tài nguyên này chưa có tên bằng tiếng Việt (vi); tên được hiển thị bằng tiếng Anh."
        in response.text
    )
    assert '<h1><span lang="en">14.1 By 2025' in response.text
    # the English title carries a visible marker, its explanation in Vietnamese
    assert '<abbr class="fallback" title="Không phải ngôn ngữ' in response.text
    french = client.get(SDG_TARGET_PATH + "&lang=fr", headers={"Accept": BROWSER}).text
    assert '<h1><span lang="fr">14.1 D’ici à 2025' in french
    assert "no title in" not in french
    assert client.get(PRIORITY + "?lang=!!", headers={"Accept": BROWSER}).status_code == 400


# -- every kind of page --------------------------------------------------------------------


PAGES = {
    "plan": "/id/plan/aspen-2026-2035",
    "plan version": "/id/plan-version/aspen-2026-2035-draft-2026-03",
    "goal": "/id/goal/aspen-2026-2035-g1",
    "priority": PRIORITY,
    "old priority": "/id/priority/aspen-2016-2025-p1",
    "challenge": "/id/challenge/pollution",
    "sdg goal": "/resource?iri=" + quote("http://metadata.un.org/sdg/14", safe=""),
    "sdg target": SDG_TARGET_PATH,
    "sdg indicator": "/resource?iri=" + quote("http://metadata.un.org/sdg/C140101", safe=""),
    "gbf target": "/id/gbf-target/3",
    "agreement": "/id/agreement/paris",
    "provision": "/id/provision/paris-art-7",
    "body": "/id/body/awgncb",
    "document": "/id/document/acv-2045",
    "alignment": "/id/alignment/priority-aspen-2026-2035-p2--sdg-14.1",
    "interaction level": "/id/interaction/reinforcing",
    "class": TERM,
    "property": "/ont/contributesTo",
    "vocabulary": "/ont/",
    "dataset": "/.well-known/void",
    "dataset iri": "/dataset",
}


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_kind_of_page_renders(client: TestClient, kind: str) -> None:
    page = html(client, PAGES[kind])
    assert len(page.h1) == 1 and page.h1[0].strip(), kind
    assert ("text/turtle", "/.well-known/void") in page.alternates


def test_pages_show_what_their_kind_needs(client: TestClient) -> None:
    priority = client.get(PRIORITY, headers={"Accept": BROWSER}).text
    assert 'id="alignments"' in priority and "+3 indivisible" in priority
    assert "vneconomy.vn" in priority  # evidence links
    target = client.get(SDG_TARGET_PATH, headers={"Accept": BROWSER}).text
    assert 'id="reached-by"' in target and PRIORITY in target
    goal = client.get(PAGES["sdg goal"], headers={"Accept": BROWSER}).text
    assert (
        'id="targets"' in goal
        and "/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.10" not in goal
    )
    assert (
        goal.count('scope="row"><a href="/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.')
        == 10
    )
    plan = client.get(PAGES["plan"], headers={"Accept": BROWSER}).text
    assert plan.count("/id/priority/aspen-2026-2035-p") >= 5
    assert "Strategic goal" in plan


def test_vocabulary_by_negotiation(client: TestClient, shipped_store: OxigraphStore) -> None:
    assert client.get("/ont", follow_redirects=False).headers["location"] == "/ont/"
    page = client.get("/ont/", headers={"Accept": BROWSER})
    assert page.headers["content-location"] == "/ont/index.html"
    assert 'href="/.well-known/void"' in page.text and "Alignment" in page.text
    ontology = shipped_store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH['ontology']}> {{ ?s ?p ?o }} }}"
    )
    for media, (ext, rdflib_format) in RDF_TYPES.items():
        response = client.get("/ont/", headers={"Accept": media})
        assert response.headers["content-location"] == f"/ont/index.{ext}"
        assert isomorphic(Graph().parse(data=response.content, format=rdflib_format), ontology)


# -- home page and crawl ---------------------------------------------------------------------


def test_home_page_for_browsers_json_for_the_rest(client: TestClient) -> None:
    assert client.get("/").json()["name"] == "aspen-graph"
    assert client.get("/", headers={"Accept": "application/json"}).json()["links"]["dataset"]
    page = html(client, "/")
    assert page.h1 == ["The ASEAN Strategic Plan on Environment 2026-2035, as linked data"]
    for needed in ("/id/plan/aspen-2026-2035", "/queries", "/.well-known/void", "/ont/"):
        assert needed in page.hrefs, needed
    for number in range(1, 4):
        assert f"/id/goal/aspen-2026-2035-g{number}" in page.hrefs
    for number in range(1, 6):
        assert f"/id/priority/aspen-2026-2035-p{number}" in page.hrefs
    for file in ("aspen.trig", "aspen.nt.gz", "aspen.jsonld", "alignments.sssom.tsv", "gaps.csv"):
        assert f"/download/{file}" in page.hrefs
    vietnamese = html(client, "/?lang=vi")

    # the same links, the site's own pages carrying the language chosen
    def unlang(hrefs: list[str]) -> list[str]:
        return [re.sub(r"[?&]lang=[a-z]+", "", href) for href in hrefs]

    assert unlang(vietnamese.hrefs) == unlang(page.hrefs)
    assert "/id/plan/aspen-2026-2035?lang=vi" in vietnamese.hrefs


DOCUMENT_SUFFIXES = {
    ".html",
    ".ttl",
    ".jsonld",
    ".nt",
    ".rdf",
    ".nq",
    ".trig",
    ".gz",
    ".csv",
    ".tsv",
}
"""What a link's last segment may end with to ask for a format (``C.1``, ``14.a`` are names)."""


def page_type(href: str) -> str:
    """The route a local link goes to, without the name of the resource or file it shows:
    ``/id/priority/*``, ``/id/priority/*.ttl``, ``/download/*.csv``, ``/ont/*``,
    ``/resource?*=http://metadata.un.org/sdg/*``; a language (``?lang=vi``) is kept."""
    parts = urlsplit(href.split("#")[0])
    head, _, last = parts.path.rpartition("/")
    path = parts.path
    if head and last:  # /id/<kind>/<name>, /ont/<term>, /download/<file>
        suffix = PurePosixPath(last).suffix
        path = f"{head}/*" + (suffix if suffix in DOCUMENT_SUFFIXES else "")
    query = [
        (key, value.rpartition("/")[0] + "/*" if key == "iri" else value)
        for key, value in parse_qsl(parts.query)
    ]
    return path + ("?" + urlencode(query, safe=":/*") if query else "")


def walked(hrefs: list[str], store_backend: str) -> list[str]:
    """The links a crawl follows: all of them on the embedded store; on the Oxigraph server and
    on Virtuoso (each page there is several HTTP queries: minutes for a whole walk) the first
    link of each :func:`page_type` -- every route and its queries, on fewer resources."""
    if store_backend == "embedded":
        return hrefs
    first: dict[str, str] = {}
    for href in hrefs:
        first.setdefault(page_type(href), href)
    return list(first.values())


def test_page_types_of_links() -> None:
    assert page_type("/id/priority/aspen-2026-2035-p2") == "/id/priority/*"
    assert page_type("/id/priority/aspen-2026-2035-p2.ttl#x") == "/id/priority/*.ttl"
    assert page_type("/id/priority/aspen-2026-2035-p2?lang=vi") == "/id/priority/*?lang=vi"
    assert page_type("/id/ascc/C.1") == "/id/ascc/*"
    assert page_type("/id/alignment/p2--sdg-14.a") == "/id/alignment/*"
    assert page_type("/download/gaps.csv") == "/download/*.csv"
    assert page_type("/ont/") == page_type("/ont/") != page_type("/ont/Alignment")
    assert page_type("/browse") == "/browse"
    assert page_type(SDG_TARGET_PATH) == "/resource?iri=http://metadata.un.org/sdg/*"
    links = ["/id/goal/g1", "/id/goal/g2", "/report", "/?lang=en", "/?lang=vi"]
    assert walked(links, "embedded") == links
    assert walked(links, "virtuoso") == ["/id/goal/g1", "/report", "/?lang=en", "/?lang=vi"]


def test_every_link_of_the_home_page_resolves(client: TestClient, store_backend: str) -> None:
    """Every local link of the home page answers a page with a title (on the Oxigraph server
    and Virtuoso: one link per page type, :func:`walked`; the embedded run follows all)."""
    page = html(client, "/")
    local = sorted(
        {href for href in page.hrefs if href.startswith("/") and not href.startswith("//")}
    )
    assert len(local) > 20
    for href in walked(local, store_backend):
        response = client.get(href.split("#")[0], headers={"Accept": BROWSER})
        assert response.status_code == 200, href
        if response.headers["content-type"].startswith("text/html"):
            assert Page(response.text).h1, href


def test_resource_pages_link_to_pages_that_resolve(client: TestClient, store_backend: str) -> None:
    """The first 40 resource links of a priority's page resolve (on the Oxigraph server and
    Virtuoso: one of them per page type, :func:`walked`; the embedded run follows all 40)."""
    page = html(client, PRIORITY)
    local = sorted({h for h in page.hrefs if h.startswith(("/id/", "/ont/", "/resource?"))})
    assert any(h.startswith("/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F") for h in local)
    for href in walked(local[:40], store_backend):
        assert client.get(href, headers={"Accept": BROWSER}).status_code == 200, href


# -- dataset routes --------------------------------------------------------------------------


def test_dataset_description_by_negotiation(client: TestClient, built: Settings) -> None:
    release = Graph().parse(built.dist / "void.ttl", format="turtle")
    for media, (ext, rdflib_format) in RDF_TYPES.items():
        response = client.get("/.well-known/void", headers={"Accept": media})
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media
        assert response.headers["content-location"] == f"/.well-known/void?format={ext}"
        assert isomorphic(Graph().parse(data=response.content, format=rdflib_format), release)
    assert client.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406


_DESCRIBE = """
import sys
from fastapi.testclient import TestClient
from aspen_graph.api import create_app
from aspen_graph.config import Settings
from pathlib import Path
settings = Settings(root=Path(sys.argv[1]), dist_dir=Path(sys.argv[2]))
with TestClient(create_app(settings)) as client:
    for ext in ("nt", "rdf", "jsonld", "ttl"):
        body = client.get("/dataset?format=" + ext).content
        sys.stdout.buffer.write(len(body).to_bytes(8, "big") + body)
"""


@pytest.mark.slow
def test_dataset_description_is_the_same_bytes_in_every_process(built: Settings) -> None:
    # rdflib writes N-Triples/RDF-XML in insertion order and JSON-LD nodes in a set's order
    # (PYTHONHASHSEED): every static-site rebuild rewrote dataset.{nt,rdf,jsonld}, and the
    # server's ETag for them changed with each restart
    answers = set()
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", _DESCRIBE, str(built.root), str(built.dist)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            timeout=600,
        )
        answers.add(run.stdout)
    assert len(answers) == 1
    stream, bodies = answers.pop(), []
    while stream:
        size = int.from_bytes(stream[:8], "big")
        bodies.append(stream[8 : 8 + size])
        stream = stream[8 + size :]
    release = Graph().parse(built.dist / "void.ttl", format="turtle")
    for body, rdflib_format in zip(bodies, ("nt", "xml", "json-ld", "turtle"), strict=True):
        assert isomorphic(Graph().parse(data=body, format=rdflib_format), release)


def test_downloads(client: TestClient, built: Settings) -> None:
    expected = {
        "aspen.trig": "application/trig",
        "aspen.nq": "application/n-quads",
        "aspen.nt.gz": "application/gzip",
        "aspen.jsonld": "application/ld+json",
        "alignments.sssom.tsv": "text/tab-separated-values; charset=utf-8",
        "alignments.csv": "text/csv; charset=utf-8",
        "coverage-by-challenge.csv": "text/csv; charset=utf-8",
        "gaps.csv": "text/csv; charset=utf-8",
        "void.ttl": "text/turtle; charset=utf-8",
    }
    for file, media in expected.items():
        response = client.get(f"/download/{file}")
        assert response.status_code == 200, file
        assert response.headers["content-type"] == media, file
        assert response.headers["content-disposition"] == f'attachment; filename="{file}"'
        assert response.content == (built.dist / file).read_bytes()
    unpacked = gzip.decompress(client.get("/download/aspen.nt.gz").content)
    assert unpacked == (built.dist / "aspen.nt").read_bytes()
    for missing in ("nope.txt", "..%2Fpyproject.toml", "manifest.json.bak"):
        assert client.get(f"/download/{missing}").status_code == 404, missing


def test_jsonld_download_and_context(client: TestClient, built: Settings) -> None:
    context = client.get("/context.jsonld")
    assert context.headers["content-type"] == "application/ld+json"
    assert context.json() == {"@context": jsonld_context()}
    document = json.loads(client.get("/download/aspen.jsonld").content)
    assert document["@context"] == jsonld_context()
    parsed = Dataset()
    parsed.parse(data=json.dumps(document), format="json-ld")
    assert (
        len(list(parsed.quads()))
        == json.loads((built.dist / "manifest.json").read_text(encoding="utf-8"))["triples"]
    )


def test_links_leave_the_host_only_for_external_pages(client: TestClient) -> None:
    page = html(client, PRIORITY)
    for href in page.hrefs:
        parts = urlsplit(href)
        assert not parts.netloc or parts.netloc not in {"w3id.org", "testserver"}, href


@pytest.mark.parametrize("kind", ["priority", "dataset"])
def test_pages_link_their_data_formats(client: TestClient, kind: str) -> None:
    text = client.get(PAGES[kind], headers={"Accept": BROWSER}).text
    for media in (
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
    ):
        assert f'type="{media}"' in text, (kind, media)


# -- /explain as a page, on every backend ------------------------------------------------------


def _options(page: str, select: str) -> set[str]:
    """The values of a ``<select id=select>``'s options (the blank "choose" one left out)."""
    found = re.search(rf'<select id="{select}".*?</select>', page, re.S)
    assert found, select
    return {html_module.unescape(v) for v in re.findall(r'<option value="([^"]*)"', found[0]) if v}


@pytest.fixture(scope="module")
def release(built: Settings) -> Graph:
    return release_graph(built.dist)


def test_the_explain_form_offers_what_the_release_aligns(
    client: TestClient, release: Graph
) -> None:
    """The pickers (Virtuoso answered 503: its plan of the choices query never finished). The
    form alone offers the targets; the element picker waits for a target (then offers the
    elements that reach it: the next test), so the form asks nothing of the whole network."""
    page = client.get("/explain", headers={"Accept": BROWSER})
    assert page.status_code == 200, page.text[-1500:]
    positive = [a for a in alignments(release) if a.score > 0]
    goals = {g for a in positive for g in release.objects(a.target, SDGO_IS_TARGET_OF)}
    assert _options(page.text, "explain-element") == set()
    assert _options(page.text, "explain-target") == {str(a.target) for a in positive} | {
        str(g) for g in goals
    }


def test_the_explain_page_shows_the_chain_of_a_pair_picked(
    client: TestClient, release: Graph
) -> None:
    form = client.get("/explain", headers={"Accept": BROWSER}).text
    assert SDG_TARGET in _options(form, "explain-target")
    direct = sorted(
        (short(a.source), a.rationale)
        for a in alignments(release)
        if a.score > 0 and str(a.target) == SDG_TARGET
    )
    assert direct  # the release aligns some element with SDG 14.1
    element, rationale = direct[0]
    page = client.get(
        "/explain", params={"target": SDG_TARGET, "element": element}, headers={"Accept": BROWSER}
    )
    assert page.status_code == 200, page.text[-1500:]
    assert re.findall(r'<li class="reach" data-element="([^"]+)"', page.text) == [element]
    assert rationale and rationale in html_module.unescape(page.text)
    # every element: those the release says reach it (directly, or a goal through its priority)
    every = client.get("/explain", params={"target": SDG_TARGET}, headers={"Accept": BROWSER})
    assert every.status_code == 200, every.text[-1500:]
    shown = set(re.findall(r'<li class="reach" data-element="([^"]+)"', every.text))
    assert shown == {curie for curie, _ in elements_reaching(release, URIRef(SDG_TARGET))}
    # once a target is chosen, the element picker offers those that reach it
    assert {short(URIRef(o)) for o in _options(every.text, "explain-element")} == shown
