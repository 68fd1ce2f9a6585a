"""The ``/explain`` page: which elements reach a target, and on what evidence.

A form picks the target and, optionally, one element (``<select>``s: every target a positive
alignment reaches, from one query kept per release; the elements that reach the target chosen,
none before one is chosen); the answer lists every element with a chain to the target (or the one
picked) and each chain's steps: the relation, its score and confidence, the rationale, the sources
and the alignment. The chains are those of the part of the alignment network that runs to the
target (:func:`aspen_graph.analysis.load_chains`, the same chains as the whole network's
:meth:`~aspen_graph.analysis.AlignmentNetwork.explain`, as in the JSON answer): at 2M triples the
whole network took 7 s or more to load.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from cachetools import LRUCache, cached
from fastapi import Request
from fastapi.responses import Response
from rdflib import Graph, Literal, URIRef

from aspen_graph.analysis import (
    AlignmentNetwork,
    Chain,
    SearchIndex,
    Step,
    load_chain_base,
    load_chains,
    network_node,
    picker_targets,
)
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
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

CHAINS = 64
"""Targets whose chains are kept per app (per release and language)."""
NODES = 1024
"""Nodes looked up (is it in the network, its label) kept per app."""
BASES = 8
"""Shared parts of the network (:func:`~aspen_graph.analysis.load_chain_base`) kept per app:
one per (release, language) asked for lately."""
_STATE_LOCK = threading.Lock()
F = TypeVar("F", bound=Callable[..., Any])
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


def _lru(size: int) -> Callable[[F], F]:
    """A cache of ``size`` answers keyed by all the arguments but the store and catalogue; one
    answer is built by one thread at a time, the others wait for it."""
    return cached(  # type: ignore[return-value]
        LRUCache(maxsize=size),
        key=lambda store, catalog, *rest: rest,
        condition=threading.Condition(),
    )


class ChainCaches:
    """The app's answers of the chain queries, per release tag and language (the release never
    changes while it is served): the shared base, each target's chains, node look-ups and the
    target picker's targets."""

    def __init__(self) -> None:
        @_lru(BASES)
        def base(store: GraphStore, catalog: QueryCatalog, tag: str, lang: str) -> AlignmentNetwork:
            return load_chain_base(store, catalog, lang=lang)

        @_lru(CHAINS)
        def chains(
            store: GraphStore, catalog: QueryCatalog, tag: str, lang: str, target: str
        ) -> AlignmentNetwork:
            return load_chains(store, catalog, target, base(store, catalog, tag, lang), lang=lang)

        @_lru(NODES)
        def node(
            store: GraphStore, catalog: QueryCatalog, tag: str, lang: str, iri: str
        ) -> dict[str, str | None] | None:
            return network_node(store, catalog, iri, lang=lang)

        @_lru(BASES)
        def targets(store: GraphStore, catalog: QueryCatalog, tag: str, lang: str) -> list[str]:
            return picker_targets(store, catalog, base(store, catalog, tag, lang))

        self.base, self.chains, self.node, self.targets = base, chains, node, targets


@dataclass(frozen=True)
class ChainSource:
    """The chain queries' answers for one request: the served store and release, the app's
    caches."""

    store: GraphStore
    catalog: QueryCatalog
    tag: str
    caches: ChainCaches

    def base(self, lang: str) -> AlignmentNetwork:
        return self.caches.base(self.store, self.catalog, self.tag, lang)

    def chains(self, lang: str, target: str) -> AlignmentNetwork:
        return self.caches.chains(self.store, self.catalog, self.tag, lang, target)

    def node(self, lang: str, iri: str) -> dict[str, str | None] | None:
        return self.caches.node(self.store, self.catalog, self.tag, lang, iri)

    def targets(self, lang: str) -> list[str]:
        return self.caches.targets(self.store, self.catalog, self.tag, lang)


def chain_source(request: Request, store: GraphStore, catalog: QueryCatalog) -> ChainSource:
    """The request's chain source, with the app's caches (made on first use)."""
    with _STATE_LOCK:
        caches: ChainCaches | None = getattr(request.app.state, "explain_chains", None)
        if caches is None:
            caches = ChainCaches()
            request.app.state.explain_chains = caches
    return ChainSource(store, catalog, app_state(request).release.tag, caches)


def known_node(source: ChainSource, lang: str, name: str, iri: str) -> dict[str, str | None]:
    """The network's attributes of ``iri`` (the parameter ``name``); 404 when it is not in the
    alignment network."""
    attrs = source.node(lang, iri)
    if attrs is None:
        raise UnknownReferenceError(
            f"parameter {name!r}: {compress(iri)} is not in the alignment network"
        )
    return attrs


def with_node(
    network: AlignmentNetwork, iri: str, attrs: dict[str, str | None]
) -> AlignmentNetwork:
    """``network``, or a copy also describing ``iri`` when it does not (an element without a
    chain to the target is not in the target's part of the network; the cached part is not
    changed)."""
    if "kind" in (network.graph.nodes[iri] if iri in network.graph else {}) or not attrs:
        return network
    described = AlignmentNetwork(graph=network.graph.copy())
    described.graph.add_node(iri, **attrs)
    return described


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
    source: ChainSource,
    lang: str,
    target: str | None,
    elements: list[Choice],
) -> tuple[list[Choice], list[Choice], int]:
    """The pickers: every target a positive alignment reaches (and the goal an SDG target rolls
    up to), labelled by the shared part of the network; the ``elements`` given (those that reach
    the target chosen). Also how many elements there are."""
    base = source.base(lang)
    targets = [_choice(base, iri, lang, target) for iri in _ordered(base, source.targets(lang))]
    return elements, targets, len(elements)


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
    source: ChainSource,
    lang: str,
    element: str | None,
    target: str | None,
) -> ExplainView:
    """The pickers, and the chains to ``target`` of ``element`` (or of every element)."""
    attrs = {
        name: known_node(source, lang, name, iri)
        for name, iri in (("element", element), ("target", target))
        if iri is not None
    }
    if target is None:
        # no target, no chains to ask for: the element picker waits for one
        chosen = []
        if element is not None:
            network = with_node(AlignmentNetwork(), element, attrs["element"])
            chosen = [_choice(network, element, lang, element)]
        elements, targets, _ = _choices(source, lang, target, chosen)
        return ExplainView(elements=elements, targets=targets, element_count=0)
    network = source.chains(lang, target)
    if element is not None:
        network = with_node(network, element, attrs["element"])
    view = ExplainView(elements=[], targets=[], element_count=0)
    link = network_linker(request, network, lang)
    view.target = link(target, network.label(target))
    view.element = link(element, network.label(element)) if element else None
    # every element of the target's part of the network: no other has a chain to it
    reaching = [
        n for n, data in network.graph.nodes(data=True) if data.get("kind") in ALIGNABLE_KINDS
    ]
    for candidate in sorted(reaching):
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
    picks = [
        _choice(network, iri, lang, element)
        for iri in _ordered(network, (r.iri for r in view.reaching))
    ]
    if element:  # one picked: only its chains are shown, the picker offers every reaching one
        view.reaching = [r for r in view.reaching if r.iri == element]
    view.elements, view.targets, view.element_count = _choices(source, lang, target, picks)
    return view


def explain_page(request: Request, source: ChainSource) -> Response:
    """The page for this request."""

    def build(lang: str) -> bytes:
        values = page_values(request)
        element, target = _reference(values, "element"), _reference(values, "target")
        view = explain_view(request, source, lang, element, target)
        return render("explain.html", ctx=page_context(request, lang), view=view)

    return page_or_error(request, build)


__all__ = [
    "ChainSource",
    "ExplainView",
    "chain_source",
    "explain_page",
    "explain_view",
    "index_linker",
    "known_node",
    "network_linker",
    "with_node",
]
