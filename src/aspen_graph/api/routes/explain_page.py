"""The ``/explain`` page: which elements reach a target, and on what evidence.

A form picks the target and, optionally, one element (``<select>``s filled from the alignment
network the answer uses, so they cost no query of their own: every target a positive alignment
reaches; the elements that reach the target chosen, or without one a bounded list); the answer
lists every element with a chain to the target (or the one picked) and each chain's steps: the
relation, its score and confidence, the rationale, the sources and the alignment. The chains are
the alignment network's (:meth:`aspen_graph.analysis.AlignmentNetwork.explain`), as in the JSON
answer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from rdflib import Graph, Literal, URIRef

from aspen_graph.analysis import AlignmentNetwork, Chain, SearchIndex, Step
from aspen_graph.api.deps import app_state
from aspen_graph.api.pages import Text, render
from aspen_graph.api.params import reference
from aspen_graph.api.routes.form_route import page_or_error, page_values, serving
from aspen_graph.api.routes.page_links import Labeller, Link, label_in, label_text
from aspen_graph.api.routes.resources import page_context
from aspen_graph.api.routes.search import cached_index
from aspen_graph.curie import compress
from aspen_graph.errors import QueryParameterError, UnknownReferenceError
from aspen_graph.i18n import N_
from aspen_graph.model import ALIGNABLE_KINDS, natural_key

ELEMENT_CHOICES = 300
"""At most this many options in the element picker when no target is chosen."""
RELATIONS = {
    "alignment": N_("contributes to"),
    "served-by": N_("is served by"),
    "target-of": N_("is a target of"),
}
"""How a step of a chain reads, by its kind."""


@dataclass(frozen=True, slots=True)
class Choice:
    """An option of a picker."""

    iri: str
    code: str
    label: Text
    selected: bool


@dataclass(frozen=True, slots=True)
class StepView:
    source: Link
    relation: str
    target: Link
    score: int | None
    confidence: float | None
    rationale: str | None
    sources: tuple[str, ...]
    alignment: Link | None


@dataclass(frozen=True, slots=True)
class ChainView:
    strength: int
    confidence: float
    steps: tuple[StepView, ...]


@dataclass(frozen=True, slots=True)
class ElementReach:
    """An element with its chains to the target, and the same answer as JSON."""

    element: Link
    chains: tuple[ChainView, ...]
    json_href: str
    iri: str


@dataclass
class ExplainView:
    elements: list[Choice]
    targets: list[Choice]
    element_count: int
    target: Link | None = None
    element: Link | None = None
    reaching: list[ElementReach] = field(default_factory=list)


def _node_text(network: AlignmentNetwork, iri: str, lang: str) -> Text | None:
    """The node's label in the network (in ``lang``, else marked as English's), or ``None``."""
    data = network.graph.nodes[iri] if iri in network.graph else {}
    label = data.get("label")
    return label_text(Literal(label, lang=data.get("label_lang")), lang) if label else None


def _code(network: AlignmentNetwork, iri: str) -> str:
    return str(network.graph.nodes[iri].get("code") or "") if iri in network.graph else ""


def _choice(network: AlignmentNetwork, iri: str, lang: str, chosen: str | None) -> Choice:
    text = _node_text(network, iri, lang) or Text(compress(iri))
    return Choice(iri, _code(network, iri), text, iri == chosen)


def _ordered(network: AlignmentNetwork, nodes: Iterable[str]) -> list[str]:
    """By code (P2 before P10), then IRI."""
    return sorted(nodes, key=lambda iri: (natural_key(_code(network, iri)), iri))


def _choices(
    network: AlignmentNetwork,
    lang: str,
    element: str | None,
    target: str | None,
    reaching: Collection[str] | None = None,
) -> tuple[list[Choice], list[Choice], int]:
    """The pickers, from the network (no query of their own): every target a positive
    alignment reaches (and the goal an SDG target rolls up to); the elements that reach the
    target chosen, or without one the first :data:`ELEMENT_CHOICES` elements with a positive
    alignment (at 2M triples they are thousands: a picker that long is no use). Also how many
    elements there are in all. ``reaching``: the elements known to reach ``target``."""
    sources: set[str] = set()
    targets: set[str] = set()
    for source, reached, data in network.graph.edges(data=True):
        if data["kind"] == "alignment" and data["score"] > 0:
            sources.add(source)
            targets.add(reached)
            targets.update(
                goal
                for _, goal, up in network.graph.out_edges(reached, data=True)
                if up["kind"] == "target-of"
            )
    if target is not None:
        sources &= (
            set(reaching)
            if reaching is not None
            else {s for s in sources if network.explain(s, target, limit=1)}
        )
    elements = _ordered(network, sources)
    return (
        [_choice(network, iri, lang, element) for iri in elements[:ELEMENT_CHOICES]],
        [_choice(network, iri, lang, target) for iri in _ordered(network, targets)],
        len(elements),
    )


def index_linker(request: Request, lang: str) -> Callable[[str, str], Link]:
    """Links to resources labelled from the search index (every label, every language)."""
    labeller = Labeller(Graph(), lang, app_state(request).settings.base_iri)
    # the index is asked for at the first link: the form alone does not wait for it
    found: list[SearchIndex] = []

    def link(iri: str, label: str) -> Link:
        if not found:
            found.append(cached_index(request, *serving(request)))
        entry = found[0].entry(iri)
        shown = label_in(entry.labels, lang, label) if entry else Text(label)
        if entry is not None and entry.code and not shown.value.startswith(entry.code):
            shown = Text(f"{entry.code} {shown.value}", shown.lang, shown.fallback)
        return labeller.local(iri, shown) if entry else labeller.link(URIRef(iri), shown)

    return link


def network_linker(
    request: Request, network: AlignmentNetwork, lang: str
) -> Callable[[str, str], Link]:
    """Links labelled from the network (its labels are in the page's language, else English):
    no search index to wait for (at 2M triples it is built for minutes)."""
    labeller = Labeller(Graph(), lang, app_state(request).settings.base_iri)

    def link(iri: str, label: str) -> Link:
        shown = _node_text(network, iri, lang)
        if shown is None:  # an alignment, or a node the network does not label
            return labeller.link(URIRef(iri), Text(label))
        code = _code(network, iri)
        if code and not shown.value.startswith(code):
            shown = Text(f"{code} {shown.value}", shown.lang, shown.fallback)
        return labeller.local(iri, shown)

    return link


def _chain(network: AlignmentNetwork, chain: Chain, link: Callable[[str, str], Link]) -> ChainView:
    def step(s: Step) -> StepView:
        alignment = link(s.alignment, compress(s.alignment)) if s.alignment is not None else None
        return StepView(
            source=link(s.source, network.label(s.source)),
            relation=RELATIONS.get(s.kind, s.kind),
            target=link(s.target, network.label(s.target)),
            score=s.score,
            confidence=s.confidence,
            rationale=s.rationale,
            sources=s.sources,
            alignment=alignment,
        )

    return ChainView(chain.strength, chain.confidence, tuple(step(s) for s in chain.steps))


def _reference(values: dict[str, str], name: str) -> str | None:
    given = values.get(name)
    if given is None:
        return None
    try:
        return str(reference(given))
    except ValueError as error:
        raise QueryParameterError(f"parameter {name!r}: {error}") from None


def explain_view(
    request: Request,
    network: AlignmentNetwork,
    lang: str,
    element: str | None,
    target: str | None,
) -> ExplainView:
    """The pickers, and the chains to ``target`` of ``element`` (or of every element)."""
    for name, iri in (("element", element), ("target", target)):
        if iri is not None and iri not in network.graph:
            raise UnknownReferenceError(
                f"parameter {name!r}: {compress(iri)} is not in the alignment network"
            )
    if target is None:
        elements, targets, count = _choices(network, lang, element, target)
        return ExplainView(elements=elements, targets=targets, element_count=count)
    view = ExplainView(elements=[], targets=[], element_count=0)
    link = network_linker(request, network, lang)
    view.target = link(target, network.label(target))
    view.element = link(element, network.label(element)) if element else None
    candidates = (
        [element]
        if element
        else sorted(
            n for n, data in network.graph.nodes(data=True) if data.get("kind") in ALIGNABLE_KINDS
        )
    )
    for candidate in candidates:
        chains = network.explain(candidate, target)
        if not chains:
            continue
        query = {"element": compress(candidate), "target": compress(target), "lang": lang}
        view.reaching.append(
            ElementReach(
                element=link(candidate, network.label(candidate)),
                chains=tuple(_chain(network, c, link) for c in chains),
                json_href="/explain?" + urlencode({**query, "format": "json"}),
                iri=candidate,
            )
        )
    view.reaching.sort(key=lambda r: (r.element.text.value.casefold(), r.element.curie))
    # every element was tried: the picker offers those that reach (one picked: ask them all)
    reached = None if element else [r.iri for r in view.reaching]
    view.elements, view.targets, view.element_count = _choices(
        network, lang, element, target, reached
    )
    return view


def explain_page(request: Request, load: Callable[[str], AlignmentNetwork]) -> Response:
    """The page for this request (``load(lang)`` gives the network in the page's language)."""

    def build(lang: str) -> bytes:
        values = page_values(request)
        element, target = _reference(values, "element"), _reference(values, "target")
        view = explain_view(request, load(lang), lang, element, target)
        return render("explain.html", ctx=page_context(request, lang), view=view)

    return page_or_error(request, build)


__all__ = ["ExplainView", "explain_page", "explain_view", "index_linker", "network_linker"]
