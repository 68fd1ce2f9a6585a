"""The edge of ``aspen serve``: security headers, no echo of the Host header, a page (not JSON)
for a browser when the store is down, store outages counted apart from crashes, and relative
IRIs in a query resolved against the endpoint's URL."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from api_release import Release
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore
from oxigraph_server import OxigraphServer, free_port

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BASE = "https://w3id.org/aspen/"
EVIL = "evil.example"
# W3C SPARQL 1.1 protocol test :query_content_type_construct (protocol/manifest.ttl).
RELATIVE = "CONSTRUCT { <s> <p> 1 } WHERE {}"
RELATIVE_TRIPLE = (URIRef(f"{BASE}s"), URIRef(f"{BASE}p"), Literal(1))


# --- headers -------------------------------------------------------------------------------------


def policy_of(value: str) -> dict[str, str]:
    return {
        part.split()[0]: part.partition(" ")[2]
        for part in (p.strip() for p in value.split(";"))
        if part
    }


@pytest.mark.parametrize(
    "path", ["/", "/editor", "/report", "/dataset", "/docs", "/redoc", "/nope", "/id/goal/nope"]
)
def test_html_answers_carry_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.headers["content-type"].startswith("text/html"), path
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    policy = policy_of(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    # No page may run inline script.
    assert "'unsafe-inline'" not in policy.get("script-src", policy["default-src"])


def test_editor_scripts_are_files() -> None:
    """The editor's template has no inline script the pages' policy would block: every
    <script> has a src, or is JSON data (never run)."""
    template = ROOT / "src" / "aspen_graph" / "api" / "templates" / "editor.html"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", template.read_text("utf-8"), re.DOTALL)
    assert len(scripts) == 3
    for attributes, body in scripts:
        assert (
            "src=" in attributes and not body.strip()
        ) or 'type="application/json"' in attributes


@pytest.mark.slow
def test_vocabulary_page_needs_no_inline_style(built: Settings) -> None:
    """The vocabulary's page is drawn in the site's frame (it was pyLODE's page, whose inline
    CSS the policy had to name by hash): no inline style, and the site's policy as it is."""
    with TestClient(create_app(built)) as client:
        response = client.get("/ont/", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert '<header class="site-header">' in response.text
    assert re.findall(r"<style[^>]*>", response.text) == []
    assert re.findall(r'\sstyle="', response.text) == []
    policy = policy_of(response.headers["content-security-policy"])
    assert policy.get("style-src", policy["default-src"]) == "'self'"
    assert "script-src" not in policy and policy["default-src"] == "'self'"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_everything_from_this_server(client: TestClient, path: str) -> None:
    """Swagger UI and ReDoc come from /static (vendored), started by a file: no inline script,
    no other host in the page or its policy (it used to name the jsDelivr CDN and Google Fonts)."""
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert not re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert [s for s in sources if "//" in s] == []
    for asset in (s for s in sources if s.startswith("/static/")):
        assert client.get(asset).status_code == 200, asset
    policy = policy_of(response.headers["content-security-policy"])
    assert "http" not in response.headers["content-security-policy"]
    assert policy.get("script-src", policy["default-src"]) == "'self'"


def test_report_policy_allows_exactly_its_stylesheet(
    mini_store: GraphStore, catalog: QueryCatalog
) -> None:
    from aspen_graph.report import render_report_html
    from aspen_graph.report.render import inline_styles

    html = render_report_html(mini_store, catalog, plan="plan:new")
    assert tuple(re.findall(r"<style>(.*?)</style>", html, re.DOTALL)) == inline_styles()
    assert "<script" not in html and ' style="' not in html


def test_json_and_cached_answers_carry_nosniff(settings: Settings, client: TestClient) -> None:
    assert client.get("/health").headers["x-content-type-options"] == "nosniff"
    url, accept = "/queries/things-ranked", {"Accept": "text/csv"}
    first, second = client.get(url, headers=accept), client.get(url, headers=accept)
    assert first.status_code == second.status_code == 200
    assert first.headers["x-content-type-options"] == "nosniff"
    assert second.headers["x-content-type-options"] == "nosniff"  # from the response cache
    assert "content-security-policy" not in second.headers  # CSV, not a page


def test_cache_hit_keeps_the_headers(settings: Settings, client: TestClient) -> None:
    from test_api_fastpath import find_cache

    cache = find_cache(client)
    assert cache is not None
    url = "/queries/things-ranked"
    client.get(url)
    hits = cache.hits
    again = client.get(url)
    assert cache.hits == hits + 1
    assert again.headers["x-content-type-options"] == "nosniff"


# --- the Host header ---------------------------------------------------------------------------


def test_service_description_names_the_public_endpoint(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle", "Host": EVIL})
    assert EVIL not in response.text
    graph = Graph().parse(data=response.text, format="turtle")
    endpoints = set(
        graph.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"))
    )
    assert endpoints == {URIRef(f"{BASE}sparql")}


def test_home_page_example_uses_the_public_base(client: TestClient) -> None:
    page = client.get("/", headers={"Accept": BROWSER, "Host": EVIL}).text
    assert EVIL not in page
    assert f"{BASE}id/" in page


@pytest.mark.parametrize(("path", "target"), [("/queries/", "/queries"), ("/ont", "/ont/")])
def test_redirects_do_not_echo_the_host(client: TestClient, path: str, target: str) -> None:
    response = client.get(path, headers={"Host": EVIL}, follow_redirects=False)
    assert response.status_code in (301, 307)
    assert response.headers["location"] == target


# --- the store down ----------------------------------------------------------------------------


@pytest.fixture
def store_down(release: Release, tmp_path: Path) -> Settings:
    """Settings naming a remote store nobody listens on."""
    return release.settings().model_copy(
        update={"store": f"http://127.0.0.1:{free_port()}", "dist_dir": tmp_path / "no-dist"}
    )


@pytest.mark.parametrize("path", ["/report", "/sparql?query=ASK%7B%7D", "/queries/things-ranked"])
def test_a_browser_gets_a_page_when_the_store_is_down(store_down: Settings, path: str) -> None:
    with TestClient(create_app(store_down)) as client:
        page = client.get(path, headers={"Accept": BROWSER})
        api = client.get(path, headers={"Accept": "application/json"})
    assert page.status_code == api.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["retry-after"] == api.headers["retry-after"] == "2"
    assert "<h1>Temporarily unavailable</h1>" in page.text and "cannot be reached" in page.text
    assert page.headers["content-security-policy"]
    assert api.headers["content-type"] == "application/json"
    assert api.json()["error"] == "StoreUnavailableError"


def test_health_counts_store_outages_apart_from_crashes(store_down: Settings) -> None:
    with TestClient(create_app(store_down)) as client:
        for _ in range(3):
            assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 503
        health = client.get("/health").json()
    assert health["crashes"] == 0
    assert health["store_unavailable"] >= 3


def test_a_pool_worker_crash_is_still_a_crash(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["store_unavailable"] == 0
    assert "crashes" in health


# --- relative IRIs -----------------------------------------------------------------------------


def relative_answer(client: TestClient, query: str) -> Graph:
    response = client.post(
        "/sparql",
        content=query,
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="nt")


def test_relative_iris_resolve_against_the_endpoint(client: TestClient) -> None:
    assert set(relative_answer(client, RELATIVE)) == {RELATIVE_TRIPLE}
    # The query's own BASE wins, and a relative BASE resolves against the endpoint's URL.
    own = relative_answer(client, "BASE <http://other.example/x/> " + RELATIVE)
    assert set(own) == {
        (URIRef("http://other.example/x/s"), URIRef("http://other.example/x/p"), Literal(1))
    }
    nested = relative_answer(client, "BASE <sub/> " + RELATIVE)
    assert (URIRef(f"{BASE}sub/s"), URIRef(f"{BASE}sub/p"), Literal(1)) in set(nested)


def test_relative_from_resolves_for_the_guard(client: TestClient) -> None:
    """FROM <relative> names a graph under the endpoint's base: not a local graph, refused as
    such (not mistaken for a syntax error or let through unresolved)."""
    response = client.get("/sparql", params={"query": "SELECT * FROM <g> { ?s ?p ?o }"})
    assert response.status_code == 400
    assert f"<{BASE}g>" in response.json()["detail"]


def test_relative_iris_on_a_remote_store(
    release: Release, oxigraph_servers: Callable[[str], OxigraphServer]
) -> None:
    server = oxigraph_servers("edge-relative")
    server.load_nquads(release.nquads.read_bytes())
    settings = release.settings().model_copy(update={"store": server.url})
    with TestClient(create_app(settings)) as client:
        assert set(relative_answer(client, RELATIVE)) == {RELATIVE_TRIPLE}
