"""A stand-in for ``aspen site`` until it lands: ONE function, :func:`make_site`, that writes the
agreed static-site layout for a sample of the shipped release's resources (every ``/id/`` kind the release has,
an ``/ont/`` term, ``ont/`` itself, the dataset, an external SDG target), straight from the
release graph with rdflib. The lead replaces its body with a call to ``aspen site``.

Layout (issue 17): the IRI base + P has ``P.html``, ``P.vi.html``, ``P.ttl``, ``P.jsonld``,
``P.nt``, ``P.rdf`` (P empty or ending in ``/``: ``P + "index"``); an IRI outside the base has
the stem ``resource/<host>/<path>``; ``.well-known/void.ttl`` is a copy of ``dataset.ttl``.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from aspen_graph.namespaces import DEFAULT_BASE, PREFIXES
from aspen_graph.store import formats

RDF_FILES = tuple(f for f in formats.RESOURCE_FORMATS if not f.html)
"""The RDF documents of a resource (from the format registry)."""
SDG_TARGET = URIRef("http://metadata.un.org/sdg/14.1")


def stem_of(iri: str, base: str = DEFAULT_BASE) -> str:
    """The file stem of an IRI in the site's layout (no collision handling: a sample has none).

    >>> stem_of("https://w3id.org/aspen/ont/"), stem_of("http://metadata.un.org/sdg/14.1")
    ('ont/index', 'resource/metadata.un.org/sdg/14.1')
    """
    if iri.startswith(base):
        path = iri[len(base) :]
    else:
        parts = urlsplit(iri)
        path = "resource/" + quote(f"{parts.netloc}{parts.path}", safe="/._-")
    return path + "index" if path == "" or path.endswith("/") else path


def _page(title: str, iri: str, lang: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(iri)}</p></body></html>\n"
    )


def make_site(release: Path, out: Path) -> dict[str, Graph]:
    """Write the sample site under ``out`` from ``release/aspen.nq``; return each written
    resource's stem with the description its RDF files hold (its triples in every graph, and
    the dataset's in ``void.ttl``)."""
    data = Dataset()
    data.parse(release / "aspen.nq", format="nquads")
    union = Graph()
    for subject, predicate, obj, _graph in data.quads((None, None, None, None)):
        union.add((subject, predicate, obj))
    union.parse(release / "void.ttl", format="turtle")  # the dataset's description
    subjects = sorted({str(s) for s in union.subjects() if isinstance(s, URIRef)})
    sample = [URIRef(DEFAULT_BASE + "ont/"), URIRef(DEFAULT_BASE + "ont/Alignment")]
    sample += [URIRef(DEFAULT_BASE + "dataset"), SDG_TARGET]
    ids = DEFAULT_BASE + "id/"
    kinds = {s[len(ids) :].split("/", 1)[0]: s for s in reversed(subjects) if s.startswith(ids)}
    sample += [URIRef(kinds[kind]) for kind in sorted(kinds)]  # the first of every kind
    written: dict[str, Graph] = {}
    for iri in sample:
        description = Graph()
        for prefix, namespace in PREFIXES.items():
            description.bind(prefix, namespace)
        for triple in union.triples((iri, None, None)):
            description.add(triple)
        assert len(description) > 0, f"the release says nothing about {iri}"
        stem = stem_of(str(iri))
        target = out / stem
        target.parent.mkdir(parents=True, exist_ok=True)
        label = str(union.value(iri, SKOS.prefLabel) or union.value(iri, RDFS.label) or iri)
        target.with_name(target.name + ".html").write_text(_page(label, iri, "en"))
        target.with_name(target.name + ".vi.html").write_text(_page(label, iri, "vi"))
        for fmt in RDF_FILES:
            assert fmt.rdflib is not None
            document = target.with_name(f"{target.name}.{fmt.ext}")
            description.serialize(document, format=fmt.rdflib, encoding="utf-8")
        written[stem] = description
    (out / "index.html").write_text(_page("ASPEN", DEFAULT_BASE, "en"))
    (out / "index.vi.html").write_text(_page("ASPEN", DEFAULT_BASE, "vi"))
    (out / "report.html").write_text(_page("Report", DEFAULT_BASE + "report", "en"))
    (out / "report.vi.html").write_text(_page("Report", DEFAULT_BASE + "report", "vi"))
    (out / ".well-known").mkdir(exist_ok=True)
    shutil.copyfile(out / "dataset.ttl", out / ".well-known" / "void.ttl")
    return written
