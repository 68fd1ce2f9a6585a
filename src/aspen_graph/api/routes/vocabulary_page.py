"""The vocabulary's page (``/ont/`` for a browser) in the site's frame: the ontology's classes
and properties from its graph (:func:`aspen_graph.publish.ontology_doc`), each with its label
in the page's language (English, marked, where it has none), its other labels, definition,
super-classes or super-properties, domain and range linked to their pages. pyLODE's page
(``dist/ontology.html``) stays in the release folder."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from aspen_graph.api.pages import PageContext, Text, render
from aspen_graph.api.routes.page_links import Labeller, Link, label_in
from aspen_graph.curie import expand
from aspen_graph.publish import OntologyDoc, TermDoc, ontology_doc


@dataclass(frozen=True, slots=True)
class TermView:
    name: str
    iri: str
    link: Link
    others: tuple[Text, ...]
    definition: Text | None
    parents: tuple[Link, ...]
    domains: tuple[Link, ...]
    ranges: tuple[Link, ...]


def _links(labeller: Labeller, curies: tuple[str, ...]) -> tuple[Link, ...]:
    return tuple(labeller.link(expand(c)) for c in curies)


def _term(labeller: Labeller, term: TermDoc) -> TermView:
    lang = labeller.lang
    title = label_in(term.labels, lang, term.name)
    definitions = term.definitions or ({"en": term.definition} if term.definition else {})
    return TermView(
        name=term.name,
        iri=term.iri,
        link=labeller.link(URIRef(term.iri), title),
        others=tuple(Text(v, k) for k, v in sorted(term.labels.items()) if k != title.lang),
        definition=label_in(definitions, lang, "") if definitions else None,
        parents=_links(labeller, term.parents),
        domains=_links(labeller, term.domains),
        ranges=_links(labeller, term.ranges),
    )


def vocabulary_body(
    graph: Graph, namespace: str, base: str, ctx: PageContext, hrefs: dict[str, str]
) -> bytes:
    """The page, rendered in ``ctx``'s language."""
    doc: OntologyDoc = ontology_doc(graph, namespace)
    labeller = Labeller(graph, ctx.lang, base)
    return render(
        "vocabulary.html",
        ctx=ctx,
        hrefs=hrefs,
        doc=doc,
        classes=[_term(labeller, t) for t in doc.classes],
        properties=[_term(labeller, t) for t in doc.properties],
    )


__all__ = ["TermView", "vocabulary_body"]
