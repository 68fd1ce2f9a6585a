"""The site's file layout (docs/static-site.md) and the mapping of server links to its files."""

from __future__ import annotations

import hashlib

from aspen_graph.publish import page_file, stem_of, stems
from aspen_graph.site.routes import wanted

BASE = "https://w3id.org/aspen/"


def test_stems_follow_the_agreed_layout() -> None:
    assert stem_of(BASE + "id/goal/aspen-2026-2035-g1", BASE) == "id/goal/aspen-2026-2035-g1"
    assert stem_of(BASE + "ont/Alignment", BASE) == "ont/Alignment"
    assert stem_of(BASE + "ont/", BASE) == "ont/index"
    assert stem_of(BASE, BASE) == "index"
    assert stem_of(BASE + "dataset", BASE) == "dataset"
    assert stem_of("http://metadata.un.org/sdg/14.1", BASE) == "resource/metadata.un.org/sdg/14.1"
    # query and fragment dropped; other characters percent-encoded (UTF-8)
    assert stem_of("http://x.org/a b?q=1#f", BASE) == "resource/x.org/a%20b"
    assert stem_of("http://x.org/ô", BASE) == "resource/x.org/%C3%B4"
    assert stem_of("http://x.org/a/../b", BASE) == "resource/x.org/a/%2E%2E/b"
    assert stem_of("http://x.org/dir/", BASE) == "resource/x.org/dir/index"


def test_colliding_iris_get_the_hash_of_their_iri() -> None:
    goal, target = (
        "http://metadata.un.org/sdg/ontology#Goal",
        "http://metadata.un.org/sdg/ontology#Target",
    )
    found = stems([goal, target, BASE + "ont/Alignment"], BASE)
    for iri in (goal, target):
        digest = hashlib.sha256(iri.encode()).hexdigest()[:8]
        assert found[iri] == f"resource/metadata.un.org/sdg/ontology~{digest}"
    assert found[BASE + "ont/Alignment"] == "ont/Alignment"


def test_pages_have_a_language_infix_but_english() -> None:
    assert page_file("id/goal/g1") == "id/goal/g1.html"
    assert page_file("id/goal/g1", "vi") == "id/goal/g1.vi.html"


def test_server_links_name_their_site_files() -> None:
    def first(href: str, media: str | None = None) -> str | None:
        found = wanted(href, BASE, media)
        return found.candidates()[0] if found else None

    assert first("/") == "index.html"
    assert first("/?lang=vi") == "index.vi.html"
    assert first("/id/goal/g1?lang=vi") == "id/goal/g1.vi.html"
    assert first("/id/goal/g1.jsonld") == "id/goal/g1.jsonld"
    assert first("/ont/") == "ont/index.html"
    assert first("/ont/index.rdf") == "ont/index.rdf"
    assert first("/ont/?lang=vi#Alignment") == "ont/index.vi.html"
    assert first(BASE + "ont/Alignment") == "ont/Alignment.html"
    assert first("/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.1&lang=vi") == (
        "resource/metadata.un.org/sdg/14.1.vi.html"
    )
    assert first("/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.1&format=ttl") == (
        "resource/metadata.un.org/sdg/14.1.ttl"
    )
    assert first("/.well-known/void", "text/turtle") == "dataset.ttl"
    assert first("/.well-known/void?lang=vi") == "dataset.vi.html"
    assert first("/dataset?format=nt") == "dataset.nt"
    assert first("/download/aspen.nq") == "download/aspen.nq"
    assert first("/static/site.css") == "static/site.css"
    assert first("/report?lang=vi") == "report.vi.html"
    assert first("/queries/coverage-by-challenge?format=csv") == "queries/coverage-by-challenge.csv"
    # the browse views, coverage and gaps for their default parameters (issue 17)
    assert first("/browse?lang=vi") == "browse/index.vi.html"
    assert first("/browse/sdg") == "browse/sdg/index.html"
    assert first("/browse/sdg/14?lang=vi") == "browse/sdg/14.vi.html"
    assert first("/browse/gbf") == "browse/gbf.html"
    assert first("/browse/agreements?lang=vi") == "browse/agreements.vi.html"
    assert first("/browse/plan") == "browse/plan.html"
    assert first("/coverage?lang=vi") == "coverage.vi.html"
    assert first("/gaps") == "gaps.html"
    assert first("/browse/sdg-colours.css") == "browse/sdg-colours.css"
    # a page of the catalogue falls back to its JSON answer when the app has no HTML for it
    found = wanted("/queries/x?lang=vi", BASE)
    assert found is not None
    assert found.candidates() == [
        "queries/x.vi.html",
        "queries/x.html",
        "queries/x.json",
        "queries/x.csv",
    ]


def test_what_needs_a_live_server_has_no_file() -> None:
    for href in (
        "/sparql",
        "/editor?lang=vi",
        "/suggest",
        "/search/suggest?q=x",
        "/docs",
        "/id/challenge/c1?version=v2",
        "/queries/x?plan=p",
        "/browse/plan?version=v2",
        "/gaps?plan=p",
        "/explain",
        "/diff",
        "https://example.org/",
        "//example.org/x",
        "#top",
    ):
        assert wanted(href, BASE) is None, href
