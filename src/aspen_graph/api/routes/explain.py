"""``/explain``: why an element reaches a target, from the alignment network (JSON; for a
browser, or ``?format=html``, the page of :mod:`.explain_page`).

The same question as ``aspen explain``, answered by the part of the alignment network that runs
to the target (:func:`aspen_graph.analysis.load_chains`: its alignments and roll-ups, from
queries bound to it), not the whole network (7 s or more to load at 2M triples). The release
never changes while it is served, so each target's part is kept on the app per language
(:class:`.explain_page.ChainCaches`), keyed by the release tag.
"""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import Field

from aspen_graph.analysis import AlignmentNetwork, Chain
from aspen_graph.api.deps import CatalogDep, StoreDep
from aspen_graph.api.params import Language, Reference, TrimmedParameters
from aspen_graph.api.routes.explain_page import chain_source, explain_page, known_node, with_node
from aspen_graph.api.routes.form_route import FormatParameter, form_route, page_responses, serving
from aspen_graph.api.routes.plan_scope import ERRORS
from aspen_graph.api.schemas import ExplainChain, ExplainStep, Explanation, StepKind


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
    """The explanation page (:mod:`.explain_page`), with the app's chain caches."""
    return explain_page(request, chain_source(request, *serving(request)))


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
) -> Explanation:
    """The chains of positive alignments and roll-ups by which the element reaches the target,
    strongest then shortest first, each step with its evidence; ``chains`` is empty when there
    is none. Both must be nodes of the alignment network (else 404)."""
    lang, element, target = params.lang, str(params.element), str(params.target)
    source = chain_source(request, store, catalog)
    found = known_node(source, lang, "element", element)
    known_node(source, lang, "target", target)
    network = with_node(source.chains(lang, target), element, found)
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


__all__ = ["ExplainParameters", "router"]
