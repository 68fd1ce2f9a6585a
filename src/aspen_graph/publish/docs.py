"""HTML documentation of the vocabulary (``/ont/``): pyLODE's OntPub profile, or our own template.

pyLODE renders offline from the graph it is given (its background vocabularies ship inside the
package). Version 3.4.1, the newest for Python 3.11, fails on import (it reads a pyproject.toml
that its wheel does not contain), so any failure of pyLODE falls back to
``templates/ontology.html.j2``: every class and property with its English and Vietnamese
labels, definition, super-classes, domain and range.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from aspen_graph.curie import compress
from aspen_graph.namespaces import SCHEMA
from aspen_graph.sources import ordered_copy
from aspen_graph.store import formats

log = logging.getLogger(__name__)

ONTOLOGY_HTML = "ontology.html"
LANGUAGES = ("en", "vi")

HEAD_LINKS: tuple[tuple[str, str, str], ...] = (
    *(
        (f.media_type, f"/ont/index.{f.ext}", f"The vocabulary in {f.label}")
        for f in (formats.TURTLE, formats.JSON_LD, formats.RDF_XML, formats.N_TRIPLES)
    ),
    (formats.TURTLE.media_type, "/.well-known/void", "Dataset description (DCAT and VoID)"),
)
"""``<link rel="alternate">`` lines every documentation page carries (server paths)."""

_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@dataclass(frozen=True, slots=True)
class TermDoc:
    """One class or property as the fallback page shows it."""

    iri: str
    name: str
    labels: dict[str, str]
    definition: str
    kind: str
    parents: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    ranges: tuple[str, ...] = ()
    definitions: dict[str, str] = field(default_factory=dict)
    """The definition by language (``definition`` is the English one)."""


@dataclass(frozen=True, slots=True)
class OntologyDoc:
    """The ontology header and its terms."""

    iri: str
    title: str
    description: str
    header: tuple[tuple[str, str], ...]
    classes: tuple[TermDoc, ...] = ()
    properties: tuple[TermDoc, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def head_links() -> str:
    """The extra ``<head>`` markup: viewport and the RDF alternates."""
    lines = ['<meta name="viewport" content="width=device-width, initial-scale=1">']
    for media, href, title in HEAD_LINKS:
        lines.append(
            f'<link rel="alternate" type="{media}" href="{href}" title="{html.escape(title)}">'
        )
    return "\n".join(lines)


def _text(graph: Graph, subject: Node, predicate: URIRef, lang: str = "en") -> str:
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    chosen = [v for v in values if v.language == lang] or values
    return " ".join(str(chosen[0]).split()) if chosen else ""


def _exact(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> str:
    """The value in ``lang`` itself (no other language), whitespace collapsed; else ''."""
    for value in sorted(graph.objects(subject, predicate), key=str):
        if isinstance(value, Literal) and value.language == lang:
            return " ".join(str(value).split())
    return ""


def _names(values: Iterable[Node]) -> tuple[str, ...]:
    return tuple(sorted(compress(str(v)) for v in values if isinstance(v, URIRef)))


def _term(graph: Graph, subject: URIRef, namespace: str, kind: str) -> TermDoc:
    labels = {
        lang: _text(graph, subject, RDFS.label, lang)
        for lang in LANGUAGES
        if any(
            isinstance(o, Literal) and o.language == lang
            for o in graph.objects(subject, RDFS.label)
        )
    }
    parent = RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf
    definitions = {
        lang: text
        for lang in LANGUAGES
        if (
            text := _exact(graph, subject, SKOS.definition, lang)
            or _exact(graph, subject, RDFS.comment, lang)
        )
    }
    return TermDoc(
        iri=str(subject),
        name=str(subject)[len(namespace) :],
        labels=labels,
        definition=_text(graph, subject, SKOS.definition) or _text(graph, subject, RDFS.comment),
        kind=kind,
        definitions=definitions,
        parents=_names(graph.objects(subject, parent)),
        domains=_names(
            [*graph.objects(subject, RDFS.domain), *graph.objects(subject, SCHEMA.domainIncludes)]
        ),
        ranges=_names(
            [*graph.objects(subject, RDFS.range), *graph.objects(subject, SCHEMA.rangeIncludes)]
        ),
    )


def ontology_doc(graph: Graph, namespace: str) -> OntologyDoc:
    """What the fallback page shows for the ontology ``namespace`` (its IRI)."""
    ontology = URIRef(namespace)
    header = []
    for predicate, name in (
        (OWL.versionIRI, "Version IRI"),
        (OWL.versionInfo, "Version"),
        (OWL.priorVersion, "Prior version"),
        (DCTERMS.license, "Licence"),
        (DCTERMS.creator, "Creator"),
        (DCTERMS.created, "Created"),
        (DCTERMS.modified, "Modified"),
    ):
        for value in graph.objects(ontology, predicate):
            header.append((name, str(value)))
    ours = [s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)]
    classes = sorted(
        {s for s in ours if (s, RDF.type, OWL.Class) in graph and s != ontology},
        key=str,
    )
    properties = sorted(
        {s for s in ours for t in _PROPERTY_TYPES if (s, RDF.type, t) in graph},
        key=str,
    )
    return OntologyDoc(
        iri=namespace,
        title=_text(graph, ontology, DCTERMS.title) or namespace,
        description=_text(graph, ontology, DCTERMS.description),
        header=tuple(header),
        classes=tuple(_term(graph, s, namespace, "class") for s in classes),
        properties=tuple(_term(graph, s, namespace, "property") for s in properties),
    )


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("aspen_graph.publish", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_fallback(graph: Graph, namespace: str, *, reason: str = "") -> str:
    """The vocabulary page from our own template."""
    template = _environment().get_template("ontology.html.j2")
    return template.render(doc=ontology_doc(graph, namespace), head=head_links(), reason=reason)


def pylode_view(graph: Graph, namespace: str) -> Graph:
    """What pyLODE gets: the ontology ``namespace``'s header and its own terms (with the blank
    nodes of their axioms), English text only. pyLODE runs every label of a term together
    (``Plan ElementThành phần kế hoạch``) and takes concept schemes and the axioms module for
    ontology headers, so the Vietnamese labels become ``skos:note`` lines and the schemes stay
    out (their pages are at ``/id/…``)."""
    ontology = URIRef(namespace)
    view = Graph()
    for prefix, iri in graph.namespaces():
        view.bind(prefix, iri)
    subjects = [ontology]
    subjects += sorted(
        {
            s
            for kind in (OWL.Class, *_PROPERTY_TYPES)
            for s in graph.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(namespace) and s != ontology
        },
        key=str,
    )
    pending: list[Node] = list(subjects)
    seen: set[Node] = set()
    while pending:
        subject = pending.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for predicate, value in graph.predicate_objects(subject):
            if predicate == OWL.imports:
                continue
            if isinstance(value, Literal) and value.language not in (None, "en"):
                if predicate == RDFS.label:
                    note = f"{value.language}: {value}"
                    view.add((subject, SKOS.note, Literal(note, lang=value.language)))
                continue
            view.add((subject, predicate, value))
            if isinstance(value, BNode):
                pending.append(value)
    return ordered_copy(view)  # pyLODE lists values in the order it iterates them


def render_pylode(graph: Graph, namespace: str) -> str:
    """The vocabulary page by pyLODE (OntPub), with our ``<head>`` links and ``lang``."""
    root = logging.getLogger()
    guard = None
    if not root.handlers:  # pyLODE's loader calls logging.basicConfig(level=DEBUG) on import
        guard = logging.NullHandler()
        root.addHandler(guard)
    try:
        from pylode.profiles.ontpub import OntPub  # type: ignore[import-untyped]
    finally:
        if guard is not None:
            root.removeHandler(guard)
    page = str(OntPub(pylode_view(graph, namespace)).make_html())
    page = page.replace("<html>", '<html lang="en">', 1)
    page = page.replace(
        '<div id="content">',
        '<div id="content">\n<nav aria-label="Site"><p><a href="/">aspen-graph home</a> · '
        '<a href="/.well-known/void">Dataset description</a> · '
        '<a href="/ont/index.ttl">This vocabulary in Turtle</a></p></nav>',
        1,
    )
    return page.replace("<head>", "<head>\n" + head_links(), 1)


def render_ontology_html(
    graph: Graph, namespace: str, *, engines: Sequence[str] = ("pylode", "template")
) -> str:
    """The documentation page for the ontology in ``graph``: pyLODE when it works, else ours."""
    reason = ""
    for engine in engines:
        if engine == "pylode":
            try:
                return render_pylode(graph, namespace)
            # pyLODE may raise anything, and calls exit() on a graph it cannot load
            except (Exception, SystemExit) as error:
                reason = f"pyLODE failed ({type(error).__name__}: {error})"
                log.warning("%s; using the built-in template", reason)
        elif engine == "template":
            return render_fallback(graph, namespace, reason=reason)
    raise ValueError(f"no documentation engine among {engines}")


__all__ = [
    "HEAD_LINKS",
    "ONTOLOGY_HTML",
    "OntologyDoc",
    "TermDoc",
    "head_links",
    "ontology_doc",
    "pylode_view",
    "render_fallback",
    "render_ontology_html",
    "render_pylode",
]
