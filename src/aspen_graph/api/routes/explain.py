"""``/explain``: why an element reaches a target, from the alignment network (JSON; for a
browser, or ``?format=html``, the page of :mod:`.explain_page`).

The same question as ``aspen explain``, answered by the alignment network
(:func:`aspen_graph.analysis.load_network`). The release never changes while it is served, so
the network is built once per label language and kept on the app (``app.state.networks``),
keyed by the release tag.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, cast

from cachetools import LRUCache, cached
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import Field

from aspen_graph.analysis import AlignmentNetwork, Chain, load_network
from aspen_graph.api.deps import CatalogDep, ReleaseDep, StoreDep, app_state
from aspen_graph.api.params import Language, Reference, TrimmedParameters
from aspen_graph.api.routes.explain_page import explain_page
from aspen_graph.api.routes.form_route import FormatParameter, form_route, page_responses, serving
from aspen_graph.api.routes.plan_scope import ERRORS
from aspen_graph.api.schemas import ExplainChain, ExplainStep, Explanation, StepKind
from aspen_graph.curie import compress
from aspen_graph.errors import UnknownReferenceError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

NETWORKS = 8
"""Networks kept per app: one per (release, label language) asked for lately."""
_STATE_LOCK = threading.Lock()

NetworkLoader = Callable[[GraphStore, QueryCatalog, str, str], AlignmentNetwork]
"""(store, catalog, release tag, lang) → the network, built once per (release, lang)."""


def network_loader() -> NetworkLoader:
    """A loader with its own LRU of networks; one (release, lang) is built by one thread at a
    time, the others wait for it."""

    @cached(
        LRUCache(maxsize=NETWORKS),
        key=lambda store, catalog, release, lang: (release, lang),
        condition=threading.Condition(),
    )
    def network(
        store: GraphStore, catalog: QueryCatalog, release: str, lang: str
    ) -> AlignmentNetwork:
        return load_network(store, catalog, lang=lang)

    return network


def networks(request: Request) -> NetworkLoader:
    """The app's network loader (made on first use)."""
    with _STATE_LOCK:
        loader: NetworkLoader | None = getattr(request.app.state, "networks", None)
        if loader is None:
            loader = network_loader()
            request.app.state.networks = loader
        return loader


class ExplainParameters(TrimmedParameters):
    element: Annotated[
        Reference, Field(description="The ASPEN element (priority:aspen-2026-2035-p2).")
    ]
    target: Annotated[
        Reference, Field(description="The target (sdg:14.1, sdg:14, gbf-target:3 …).")
    ]
    lang: Language = "en"
    format: FormatParameter = None


def page(request: Request) -> Response:
    """The explanation page (:mod:`.explain_page`), with the app's networks."""
    store, catalog = serving(request)
    tag = app_state(request).release.tag
    return explain_page(request, lambda lang: networks(request)(store, catalog, tag, lang))


router = APIRouter(tags=["analytics"], route_class=form_route(page))


def _chain(network: AlignmentNetwork, chain: Chain) -> ExplainChain:
    steps = [
        ExplainStep(
            kind=cast(StepKind, step.kind),
            source=step.source,
            source_label=network.label(step.source),
            target=step.target,
            target_label=network.label(step.target),
            score=step.score,
            confidence=step.confidence,
            rationale=step.rationale,
            sources=list(step.sources),
            alignment=step.alignment,
        )
        for step in chain.steps
    ]
    return ExplainChain(strength=chain.strength, confidence=chain.confidence, steps=steps)


@router.get(
    "/explain",
    response_model=Explanation,
    summary="Why an element reaches a target",
    responses=page_responses(ERRORS),
)
def explain(
    params: Annotated[ExplainParameters, Query()],
    request: Request,
    store: StoreDep,
    catalog: CatalogDep,
    release: ReleaseDep,
) -> Explanation:
    """The chains of positive alignments and roll-ups by which the element reaches the target,
    strongest then shortest first, each step with its evidence; ``chains`` is empty when there
    is none. Both must be nodes of the alignment network (else 404)."""
    lang, element, target = params.lang, str(params.element), str(params.target)
    network = networks(request)(store, catalog, release.tag, lang)
    for name, iri in (("element", element), ("target", target)):
        if iri not in network.graph:
            raise UnknownReferenceError(
                f"parameter {name!r}: {compress(iri)} is not in the alignment network"
            )
    chains = [_chain(network, chain) for chain in network.explain(element, target)]
    return Explanation(
        element=element,
        element_label=network.label(element),
        target=target,
        target_label=network.label(target),
        lang=lang,
        chains=chains,
        count=len(chains),
    )


__all__ = ["ExplainParameters", "network_loader", "networks", "router"]
