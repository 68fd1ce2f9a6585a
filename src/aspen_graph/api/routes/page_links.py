"""Links, values and titles of the resource pages: what a description graph says about a
resource, in one language, as the templates show it (:class:`Labeller`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from aspen_graph.api.pages import Text, curie, pick, resource_href
from aspen_graph.i18n import N_
from aspen_graph.model import words
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore

TITLE_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
DESCRIPTION_PROPERTIES = (DCTERMS.description, SKOS.definition, RDFS.comment)
BLANK_NODE = N_("blank node")
MEMBERSHIP_QUERY = "pages/plan-membership"


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a resource: where to (``None`` for no link), the text, and the CURIE; a plan
    element's also the short title of its plan (the badge that tells plans apart)."""

    href: str | None
    text: Text
    curie: str
    external: bool = False
    plan: str = ""


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a property: a link, or a text with a note (its datatype)."""

    link: Link | None = None
    text: Text | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    """A property and its values (outgoing) or the resources linking by it (incoming)."""

    property: Link
    values: tuple[Value, ...]
    hidden: int = 0
    total: int = 0
    """How many values there are in all (``hidden`` of them not shown)."""
    listing: str | None = None
    """Where all of them are listed when the description itself holds only some (a hub's
    links, capped: ``sparql/pages/resource-description.rq``)."""


class Labeller:
    """Links and titles from a description graph, in one language."""

    def __init__(
        self, graph: Graph, lang: str, base: str, plans: Mapping[str, str] | None = None
    ) -> None:
        self.graph = graph
        self.lang = lang
        self.base = base
        self.plans = plans or {}
        """element IRI → its plan's short title (:func:`plan_badges`)."""
        self.known = {s for s in graph.subjects() if isinstance(s, URIRef)}

    def title(self, iri: Node) -> Text | None:
        """The best title: label, preferred label (with its notation) or title, in the language
        asked, else in English, else any."""
        for wanted in (self.lang, "en"):
            for prop in TITLE_PROPERTIES:
                found = pick(self.graph.objects(iri, prop), wanted)
                if found is not None and not found.fallback:
                    value = found.value
                    notation = self.graph.value(iri, SKOS.notation)
                    if prop == SKOS.prefLabel and notation and not value.startswith(str(notation)):
                        value = f"{notation} {value}"
                    return Text(value, found.lang, fallback=wanted != self.lang)
        for prop in TITLE_PROPERTIES:
            found = pick(self.graph.objects(iri, prop), self.lang)
            if found is not None:
                return found
        return None

    def label(self, value: Node | None) -> Text | None:
        """A label a query chose for this page's language (:func:`label_text`)."""
        return label_text(value, self.lang)

    def description(self, iri: Node) -> Text | None:
        for wanted in (self.lang, "en"):
            for prop in DESCRIPTION_PROPERTIES:
                found = pick(self.graph.objects(iri, prop), wanted)
                if found is not None and not found.fallback:
                    return Text(found.value, found.lang, fallback=wanted != self.lang)
        return None

    def link(self, iri: Node, text: Text | None = None) -> Link:
        short = curie(iri)
        shown = text or self.title(iri) or Text(short)
        if not isinstance(iri, URIRef):
            return Link(None, shown, short)
        value = str(iri)
        if iri in self.known or value.startswith(self.base):
            plan = self.plans.get(value, "")
            return Link(resource_href(self.base, value), shown, short, plan=plan)
        if value.startswith(("http://", "https://")):
            return Link(value, shown, short, True)
        return Link(None, shown, short)

    def local(self, iri: str, text: Text) -> Link:
        """A link to the page this site serves for ``iri`` (one the graph describes, under the
        base or not: ``/resource?iri=`` for the UN's)."""
        return Link(resource_href(self.base, iri), text, curie(URIRef(iri)))

    def value(self, node: Node) -> Value:
        if isinstance(node, Literal):
            datatype = node.datatype
            note = "" if datatype in (None, XSD.string) else curie(datatype)
            return Value(text=Text(str(node), node.language), note=note)
        if isinstance(node, BNode):
            return Value(text=Text(self.summary(node)), note=BLANK_NODE)
        return Value(link=self.link(node))

    def summary(self, node: Node, depth: int = 0) -> str:
        """A blank node in words (OWL restrictions, lists), three levels deep."""
        if not isinstance(node, BNode):
            return str(node) if isinstance(node, Literal) else curie(node)
        if depth > 3:
            return "[…]"
        if (node, RDF.first, None) in self.graph:
            items = Collection(self.graph, node)
            return "(" + " ".join(self.summary(i, depth + 1) for i in items) + ")"
        parts = [
            f"{curie(p)} {self.summary(o, depth + 1)}"
            for p, o in sorted(self.graph.predicate_objects(node))
        ]
        return "[" + "; ".join(parts) + "]"


def plan_badges(store: GraphStore, catalog: QueryCatalog, iri: URIRef) -> dict[str, str]:
    """The plan elements ``iri`` links to or from, each with its plan's short title
    (``pages/plan-membership``; run as is: any resource has a page, typed or not), but for a
    plan's own elements on its page."""
    table = store.select(catalog.get(MEMBERSHIP_QUERY).text, bindings={"resource": iri})
    return {
        str(row["element"]): str(row.get("plan_short") or curie(row["plan"]))  # type: ignore[arg-type]
        for row in table.records()
        if row["plan"] != iri
    }


def label_text(value: Node | None, wanted: str | None = None) -> Text | None:
    """A label a query chose (in ``wanted``, else English): marked as a fallback when its
    language is not the one wanted.

    >>> label_text(Literal("a", lang="en"), "vi")
    Text(value='a', lang='en', fallback=True)
    >>> label_text(Literal("b", lang="vi-VN"), "vi").fallback, label_text(None, "vi")
    (False, None)
    """
    if not isinstance(value, Literal):
        return None
    tag = (value.language or "").lower()
    missed = bool(wanted and tag and tag != wanted and not tag.startswith(wanted + "-"))
    return Text(str(value), value.language, fallback=missed)


def label_or(value: Node | None, lang: str, default: str) -> Text:
    """:func:`label_text`, else ``default`` (a code or CURIE, in no language).

    >>> label_or(None, "vi", "P2"), label_or(Literal("Oceans", lang="en"), "vi", "P2").fallback
    (Text(value='P2', lang=None, fallback=False), True)
    """
    return label_text(value, lang) or Text(default)


def label_in(labels: Mapping[str, str], lang: str, fallback: str) -> Text:
    """From a resource's labels by language: the one in ``lang``, else English (marked), else
    any (marked unless untagged), else ``fallback`` (a code or CURIE).

    >>> label_in({"en": "Oceans", "vi": "Biển"}, "vi", "x"), label_in({"en": "Oceans"}, "km", "x")
    (Text(value='Biển', lang='vi', fallback=False), Text(value='Oceans', lang='en', fallback=True))
    """
    if lang in labels:
        return Text(labels[lang], lang)
    if "en" in labels:
        return Text(labels["en"], "en", fallback=lang != "en")
    for code, value in sorted(labels.items()):
        return Text(value, code or None, fallback=bool(code) and code != lang)
    return Text(fallback)


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """A row of ``pages/plan-versions``: a version, its label in the page's language (English,
    marked, where it has none; its CURIE where it has no label), its plan, the plan's short
    title ("" where it has none) and the version's code ("" where it has none)."""

    iri: str
    label: Text
    plan: str
    plan_short: str = ""
    code: str = ""


def plan_versions(store: GraphStore, catalog: QueryCatalog, lang: str) -> list[PlanVersion]:
    """Every plan version, newest plan first: the one reader of ``pages/plan-versions`` for the
    pages' version pickers (challenge, diff, browse, question forms) and plan badges."""
    table = run_select(store, catalog, "pages/plan-versions", {"lang": lang})
    return [
        PlanVersion(
            str(r["version"]),
            label_or(r.get("label"), lang, curie(r["version"])),  # type: ignore[arg-type]
            str(r["plan"]),
            words(r.get("plan_short")),
            words(r.get("code")),
        )
        for r in table.records()
    ]


__all__ = [
    "DESCRIPTION_PROPERTIES",
    "TITLE_PROPERTIES",
    "Labeller",
    "Link",
    "PlanVersion",
    "Statement",
    "Value",
    "label_in",
    "label_or",
    "label_text",
    "plan_badges",
    "plan_versions",
]
