"""``aspen site`` over the shipped release: no broken link, every IRI with its page and RDF
documents, the documents equal to the server's descriptions, the catalogue and the report.

The truths come from the release itself (``dist/aspen.nq`` read with rdflib) and from the
server's description query run on an in-process store, not from the site generator."""

from __future__ import annotations

import json

import pytest
from built_site import BuiltSite, broken_links
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from aspen_graph.publish import page_file, stems
from aspen_graph.queries import QueryCatalog
from aspen_graph.site import MANIFEST
from aspen_graph.store import OxigraphStore

pytestmark = pytest.mark.slow


PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
OWN_STEMS = {"index", "dataset"}


def release(site: BuiltSite) -> Dataset:
    data = Dataset()
    data.parse(site.settings.dist / "aspen.nq", format="nquads")
    return data


def site_iris(site: BuiltSite) -> dict[str, str]:
    """IRI → stem of every IRI the release names as a subject or an object (its description
    is then never empty), but the base itself and the dataset (the home page, the dataset
    description)."""
    iris = set()
    for s, _, o, _ in release(site).quads():
        iris.update(str(t) for t in (s, o) if isinstance(t, URIRef))
    found = stems(iris, site.settings.base_iri)
    return {iri: stem for iri, stem in found.items() if stem not in OWN_STEMS}


def test_no_link_is_absolute_or_broken(site: BuiltSite) -> None:
    # every page, the release's download/ontology.html too (it linked to "/ont/index.ttl")
    assert len(list(site.root.rglob("*.html"))) > 500
    assert broken_links(site.root) == []


def test_every_iri_has_its_pages_and_documents(site: BuiltSite) -> None:
    iris = site_iris(site)
    assert len(iris) > 400
    missing = [
        f"{stem}{suffix}"
        for stem in iris.values()
        for suffix in (".html", ".vi.html", ".ttl", ".jsonld", ".nt", ".rdf")
        if not (site.root / f"{stem}{suffix}").is_file()
    ]
    assert missing == []
    for name in ("index", "dataset", "report", "search"):
        assert (site.root / f"{name}.html").is_file() and (site.root / f"{name}.vi.html").is_file()
    assert (site.root / ".well-known/void.ttl").read_bytes() == (
        site.root / "dataset.ttl"
    ).read_bytes()
    for name in ("aspen.nq", "aspen.ttl", "void.ttl"):
        source = site.settings.dist / name
        if source.is_file():
            assert (site.root / "download" / name).read_bytes() == source.read_bytes()


def test_the_documents_equal_the_server_descriptions(site: BuiltSite) -> None:
    """Every format of a sample of resources is the server's description of it; the N-Triples
    of all resources together hold every ground triple of the release."""
    iris = site_iris(site)
    engine = OxigraphStore()
    engine.load_dataset(site.settings.dist / "aspen.nq")
    catalog = QueryCatalog(site.settings.sparql_dir)
    query = catalog.get("pages/resource-description").text
    sample = [
        *sorted(iris)[:: max(len(iris) // 25, 1)],
        site.settings.base_iri + "id/goal/aspen-2026-2035-g1",
        "http://metadata.un.org/sdg/14.1",
    ]
    vocabulary = site.settings.base_iri + "ont/"  # the server gives the ontology graph there
    sample.append(vocabulary)
    for iri in sample:
        if iri == vocabulary:
            expected = engine.construct(catalog.get("pages/ontology").text)
        else:
            expected = engine.construct(query, bindings={"resource": URIRef(iri)})
        for ext, parser in PARSERS.items():
            got = Graph().parse(site.root / f"{iris[iri]}.{ext}", format=parser)
            assert isomorphic(got, expected), (iri, ext)
    merged = set()
    for stem in iris.values():
        merged.update(Graph().parse(site.root / f"{stem}.nt", format="nt"))
    ground = {
        (s, p, o)
        for s, p, o, _ in release(site).quads()
        if not any(isinstance(x, BNode) for x in (s, p, o))
    }
    merged_ground = {t for t in merged if not any(isinstance(x, BNode) for x in t)}
    assert ground - merged_ground == set()
    assert merged_ground - ground == set()


def test_the_catalogue_answers_are_there(site: BuiltSite) -> None:
    catalog = QueryCatalog(site.settings.sparql_dir)
    names = [spec.name for spec in catalog.in_group("api") if spec.form == "SELECT"]
    answered = [n for n in names if n not in site.summary.skipped_queries]
    assert "coverage-by-challenge" in answered
    for name in answered:
        rows = json.loads((site.root / f"queries/{name}.json").read_text("utf-8"))
        assert isinstance(rows, dict)
        assert (site.root / f"queries/{name}.csv").read_text("utf-8").strip()
        # the HTML pages come with the question pages of the app (another branch): until then
        # the app answers JSON there and the site has none
        page = site.root / f"queries/{name}.html"
        assert not page.exists() or "<html" in page.read_text("utf-8")


def test_the_manifest_lists_every_file_written(site: BuiltSite) -> None:
    manifest = json.loads((site.root / MANIFEST).read_text("utf-8"))["files"]
    on_disk = {p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if p.is_file()}
    assert set(manifest) == on_disk - {MANIFEST}
    assert site.summary.counts.files == len(manifest)


def test_pages_speak_their_language(site: BuiltSite) -> None:
    page = site.root / "id/goal/aspen-2026-2035-g1.vi.html"
    text = page.read_text("utf-8")
    assert '<html lang="vi">' in text
    assert "Những gì đồ thị ghi nhận về mục này" in text
    assert (
        'href="../plan/aspen-2026-2035.vi.html"' in text or "plan/aspen-2026-2035.vi.html" in text
    )
    assert '<html lang="en">' in (site.root / "id/goal/aspen-2026-2035-g1.html").read_text("utf-8")
    assert 'lang="vi"' in (site.root / "report.vi.html").read_text("utf-8")[:400]


def test_the_browse_views_and_gaps_are_pages_of_the_site(site: BuiltSite) -> None:
    home = (site.root / "index.html").read_text(encoding="utf-8")
    assert 'href="browse/index.html"' in home  # the header's Browse link is a link again
    stems_ = ["browse/index", "browse/sdg/index", "browse/gbf", "browse/agreements"]
    stems_ += ["browse/plan", "gaps", *(f"browse/sdg/{goal}" for goal in range(1, 18))]
    for stem in stems_:
        for lang in ("en", "vi"):
            assert (site.root / page_file(stem, lang)).is_file(), (stem, lang)
    grid = (site.root / "browse/sdg/index.vi.html").read_text(encoding="utf-8")
    assert 'href="14.vi.html"' in grid and 'href="../sdg-colours.css"' in grid
    assert (site.root / "browse/sdg-colours.css").read_text().startswith(".sdg-1,")
