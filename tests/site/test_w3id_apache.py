"""The w3id rules (publish/w3id.py) under Debian's Apache httpd: ``/aspen/`` holds the w3id.org
folder's ``.htaccess`` (redirecting to the same server's ``/site/``) and ``/site/`` the real
static site of the shipped release (``aspen site``, built once per session by conftest.py's
``site`` fixture) with the host's ``.htaccess`` it writes.

The expectations are the server's (tests/conneg.py: the media types, their extensions and
parsers, a browser's Accept), except where the static rules document another choice: no
``Accept`` and ``*/*`` get the page. Expected choices under q-values are worked out by hand
from RFC 9110 §12.5.1 (the most specific range gives a type its q; q=0 refuses it).

Skipped where apache2 is missing, except under CI, where that fails: .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from apache import Apache, running_apache
from built_site import BuiltSite
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from aspen_graph.publish import host_htaccess, stem_of, w3id_htaccess
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore, formats
from conneg import BROWSER, RDF_TYPES

pytestmark = pytest.mark.slow

THINGS = ("id/", "ont/", "dataset")
"""w3id paths answered with 303 (not documents)."""


@dataclass
class Published:
    apache: Apache
    described: dict[str, Graph]
    """Each sample resource's stem, with what its RDF files must hold."""

    @property
    def site(self) -> str:
        return self.apache.url + "/site/"

    def get(self, path: str, **headers: str) -> httpx.Response:
        return httpx.get(self.apache.url + path, headers=headers, timeout=30)


SDG_TARGET = "http://metadata.un.org/sdg/14.1"


def _sample(site: BuiltSite) -> dict[str, Graph]:
    """Stems of the site (the first of every ``/id/`` kind, an ``/ont/`` term, ``ont/`` itself,
    the dataset, an external SDG target) → the description their RDF files must hold, asked of
    the release in a store of its own (not read from the site)."""
    base = site.settings.base_iri
    engine = OxigraphStore()
    engine.load_dataset(site.settings.dist / "aspen.nq")
    catalog = QueryCatalog(site.settings.sparql_dir)
    query = catalog.get("pages/resource-description").text
    kinds: dict[str, str] = {}
    for path in sorted((site.root / "id").glob("*/*.nt"), reverse=True):
        kinds[path.parent.name] = f"{base}id/{path.parent.name}/{path.stem}"
    described = {"ont/index": engine.construct(catalog.get("pages/ontology").text)}
    for iri in [base + "ont/Alignment", SDG_TARGET, *(kinds[k] for k in sorted(kinds))]:
        described[stem_of(iri, base)] = engine.construct(query, bindings={"resource": URIRef(iri)})
    described["dataset"] = Graph().parse(site.settings.dist / "void.ttl")
    return described


@pytest.fixture(scope="module")
def published(site: BuiltSite) -> Iterator[Published]:
    assert (site.root / ".htaccess").read_text() == host_htaccess()  # aspen site wrote it
    described = _sample(site)
    with running_apache() as apache:
        # the session's site, hard-linked (a copy where linking is refused): Apache's children
        # cannot read pytest's private temporary folders
        shutil.copytree(site.root, apache.root / "site", copy_function=_link_or_copy)
        (apache.root / "aspen").mkdir()
        (apache.root / "aspen" / ".htaccess").write_text(w3id_htaccess(apache.url + "/site"))
        apache.ready()
        yield Published(apache, described)
        errors = [line for line in apache.log.read_text().splitlines() if ":error]" in line]
        assert not errors, errors[:5]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def vary(answer: httpx.Response) -> set[str]:
    """The header names in ``Vary`` (Apache's merge writes them without spaces)."""
    return {name.strip().lower() for name in answer.headers.get("vary", "").split(",")} - {""}


NEGOTIATED = {"accept", "accept-language"}


def w3id_path(stem: str) -> str:
    """The w3id path of a stem under the base (``ont/index`` is ``ont/``)."""
    return stem.removesuffix("index")


def under_base(described: dict[str, Graph]) -> list[str]:
    return [stem for stem in described if not stem.startswith("resource/")]


def test_the_sample_has_every_kind(published: Published) -> None:
    stems = list(published.described)
    assert {"ont/index", "ont/Alignment", "dataset"} <= set(stems)
    assert "resource/metadata.un.org/sdg/14.1" in stems
    assert len([s for s in stems if s.startswith("id/")]) >= 10


@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_each_rdf_format_by_accept_redirects_to_its_document(
    published: Published, media: str
) -> None:
    ext, parser = RDF_TYPES[media]
    for stem in under_base(published.described):
        answer = published.get("/aspen/" + w3id_path(stem), Accept=media)
        assert answer.status_code == 303, (stem, answer.status_code)
        assert answer.headers["location"] == f"{published.site}{stem}.{ext}"
        assert vary(answer) == NEGOTIATED
        document = httpx.get(answer.headers["location"], timeout=30)
        assert document.status_code == 200
        assert document.headers["content-type"] == f"{media}; charset=utf-8"
        served = Graph().parse(data=document.content, format=parser)
        assert isomorphic(served, published.described[stem]), stem


@pytest.mark.parametrize(
    ("query", "ext"),
    [(f"format={name}", f.ext) for f in formats.RESOURCE_FORMATS for name in f.names]
    + [("format=ttl&lang=vi", "ttl"), ("format=html&lang=vi", "vi.html"), ("lang=vi", "ttl")],
)
def test_format_and_lang_parameters_pick_outright(
    published: Published, query: str, ext: str
) -> None:
    answer = published.get(f"/aspen/id/goal/aspen-2026-2035-g1?{query}", Accept="text/turtle")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{published.site}id/goal/aspen-2026-2035-g1.{ext}"


@pytest.mark.parametrize(
    ("headers", "ext"),
    [
        ({}, "html"),
        ({"Accept": "*/*"}, "html"),
        ({"Accept": BROWSER}, "html"),
        ({"Accept": "text/*"}, "html"),
        ({"Accept": BROWSER, "Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8"}, "vi.html"),
        ({"Accept-Language": "vi"}, "vi.html"),
        ({"Accept": BROWSER, "Accept-Language": "en-US,vi;q=0.5"}, "html"),
        ({"Accept": "text/turtle", "Accept-Language": "vi"}, "ttl"),
        # q-values: the highest wins, whatever the order
        ({"Accept": "text/turtle;q=0.5, application/ld+json"}, "jsonld"),
        ({"Accept": "application/rdf+xml;q=0.25, application/n-triples;q=0.255"}, "nt"),
        ({"Accept": "text/html;q=0.1, application/rdf+xml;q=0.2"}, "rdf"),
        ({"Accept": "text/turtle;charset=utf-8;q=0.9, text/html;q=0.8"}, "ttl"),
        # the most specific range sets the q: a named type beats its wildcard's q
        ({"Accept": "*/*;q=0.5, text/html;q=0"}, "ttl"),
        ({"Accept": "text/*;q=0.9, text/html;q=0.1"}, "ttl"),
        ({"Accept": "application/*, text/html;q=0.9"}, "jsonld"),
        ({"Accept": "*/*;q=0.1, application/n-triples"}, "nt"),
        # equal q: the named type beats one reached through a wildcard
        ({"Accept": "*/*, application/rdf+xml"}, "rdf"),
    ],
)
def test_accept_choices(published: Published, headers: dict[str, str], ext: str) -> None:
    for path, stem in (("ont/Alignment", "ont/Alignment"), ("ont/", "ont/index")):
        answer = published.get("/aspen/" + path, **headers)
        assert answer.status_code == 303, headers
        assert answer.headers["location"] == f"{published.site}{stem}.{ext}", headers
        assert vary(answer) == NEGOTIATED


@pytest.mark.parametrize(
    "query_and_accept",
    [("", "image/png"), ("", "text/turtle;q=0"), ("", "*/*;q=0"), ("format=pdf", "*/*")],
)
def test_nothing_acceptable_is_406(published: Published, query_and_accept: tuple[str, str]) -> None:
    query, accept = query_and_accept
    for prefix in ("/aspen/", "/site/"):
        answer = published.get(f"{prefix}dataset?{query}", Accept=accept)
        assert answer.status_code == 406, (prefix, query, accept)
        assert vary(answer) == NEGOTIATED


def test_things_get_303_and_documents_and_other_paths_302(published: Published) -> None:
    stems = under_base(published.described)
    assert {s.split("/")[0] + "/" if "/" in s else s for s in stems} == set(THINGS)
    cases = {
        "id/goal/aspen-2026-2035-g1.ttl": "id/goal/aspen-2026-2035-g1.ttl",
        "ont/index.jsonld": "ont/index.jsonld",
        "dataset.vi.html": "dataset.vi.html",
        ".well-known/void": ".well-known/void.ttl",
        "report": "report",
        "download/aspen.nt.gz": "download/aspen.nt.gz",
    }
    for path, target in cases.items():
        answer = published.get("/aspen/" + path)
        assert answer.status_code == 302, path
        assert answer.headers["location"] == published.site + target
    home = published.get("/aspen/", **{"Accept-Language": "vi"})
    assert (home.status_code, home.headers["location"]) == (302, published.site + "index.vi.html")
    report = httpx.get(published.site + "report", headers={"Accept": BROWSER}, timeout=30)
    assert report.status_code == 200
    assert report.content == (published.apache.root / "site" / "report.html").read_bytes()


def test_each_file_has_its_media_type_and_charset(published: Published) -> None:
    for f in formats.RESOURCE_FORMATS:
        answer = httpx.get(f"{published.site}id/goal/aspen-2026-2035-g1.{f.ext}", timeout=30)
        assert answer.status_code == 200
        assert answer.headers["content-type"] == f"{f.media_type}; charset=utf-8"
        assert "vary" not in answer.headers  # a document URL is not negotiated
    vietnamese = httpx.get(f"{published.site}dataset.vi.html", timeout=30)
    assert vietnamese.headers["content-type"] == "text/html; charset=utf-8"
    assert vietnamese.headers["content-language"] == "vi"
    assert '<html lang="vi">' in vietnamese.text
    void = httpx.get(published.site + ".well-known/void.ttl", timeout=30)
    assert void.headers["content-type"] == "text/turtle; charset=utf-8"


@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_the_host_negotiates_extensionless_paths(published: Published, media: str) -> None:
    """Without w3id: ``/site/<stem>`` (external IRIs' pages too) serves the document asked for."""
    _, parser = RDF_TYPES[media]
    for stem, description in published.described.items():
        path = w3id_path(stem) if not stem.startswith("resource/") else stem
        answer = httpx.get(published.site + path, headers={"Accept": media}, timeout=30)
        assert answer.status_code == 200, (path, answer.status_code)
        assert answer.headers["content-type"] == f"{media}; charset=utf-8"
        assert vary(answer) == NEGOTIATED
        assert isomorphic(Graph().parse(data=answer.content, format=parser), description), stem


def test_the_host_serves_pages_by_default_and_in_vietnamese(published: Published) -> None:
    for path in ("ont/Alignment", "resource/metadata.un.org/sdg/14.1", "ont/", ""):
        english = httpx.get(published.site + path, timeout=30)
        assert english.status_code == 200, path
        assert english.headers["content-type"] == "text/html; charset=utf-8"
        assert '<html lang="en">' in english.text
        vietnamese = httpx.get(
            published.site + path, headers={"Accept": BROWSER, "Accept-Language": "vi"}, timeout=30
        )
        assert '<html lang="vi">' in vietnamese.text, path
    # the void description only comes in Turtle: that is what */* gets
    void = httpx.get(published.site + ".well-known/void", timeout=30)
    assert void.headers["content-type"] == "text/turtle; charset=utf-8"
    assert httpx.get(published.site + "no/such/thing", timeout=30).status_code == 404


def test_apache_stops_with_its_children_and_leaves_nothing() -> None:
    with running_apache() as apache:
        prefix = apache.log.parent
        (apache.root / "hello.txt").write_text("hello")
        apache.ready()
        assert httpx.get(apache.url + "/hello.txt", timeout=30).text == "hello"
        pids = [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and str(prefix) in _command_line(entry)
        ]
        assert len(pids) >= 2  # the parent and at least one child
    assert [pid for pid in pids if Path(f"/proc/{pid}").exists()] == []
    assert not prefix.exists()


def _command_line(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # the process ended meanwhile
        return ""
