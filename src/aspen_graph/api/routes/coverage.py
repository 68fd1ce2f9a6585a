"""``/alignments``, ``/coverage`` and ``/gaps``: the plan's alignments and what they cover, as JSON.

The same questions as ``aspen coverage`` and ``aspen gaps``, answered from the catalogue
queries ``alignments-by-element``, ``coverage-by-challenge`` and ``gaps-by-challenge``
through the serving store.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from aspen_graph.api.deps import CatalogDep, StoreDep
from aspen_graph.api.params import (
    Language,
    OptionalText,
    Reference,
    StrictQueryRoute,
    TrimmedParameters,
)
from aspen_graph.api.routes.plan_scope import (
    ERRORS,
    Plan,
    Version,
    curie_of,
    known,
    language_of,
    plan_version,
)
from aspen_graph.api.schemas import (
    Alignment,
    AlignmentList,
    ChallengeCoverage,
    CoverageList,
    FrameworkSplit,
    Gap,
    GapList,
    GapTarget,
)
from aspen_graph.model import number as _number
from aspen_graph.model import target_order
from aspen_graph.model import text as _text
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore

router = APIRouter(tags=["analytics"], route_class=StrictQueryRoute)


class ElementParameters(TrimmedParameters):
    element: Annotated[
        Reference,
        Field(
            description="The goal, priority, focal area, intervention or milestone "
            "(priority:aspen-2026-2035-p2 or an IRI)."
        ),
    ]
    lang: Language = "en"


class ScopeParameters(TrimmedParameters):
    plan: Plan = None
    version: Version = None
    challenge: Annotated[
        OptionalText,
        Field(description="One challenge only (climate-change, challenge:pollution or an IRI)."),
    ] = None
    lang: Language = "en"


@router.get(
    "/alignments",
    response_model=AlignmentList,
    summary="Alignments of one element",
    responses=ERRORS,
)
def alignments(
    params: Annotated[ElementParameters, Query()], store: StoreDep, catalog: CatalogDep
) -> AlignmentList:
    """What the element serves (or works against), how strongly, and on what evidence
    (query ``alignments-by-element``)."""
    lang = params.lang
    element = known(store, catalog, "element", params.element)
    table = run_select(
        store, catalog, "alignments-by-element", {"element": str(element), "lang": lang}
    )
    data = [
        Alignment(
            target=str(row["target"]),
            curie=curie_of(str(row["target"])),
            label=_text(row["target_label"]),
            label_lang=language_of(row["target_label"]),
            score=int(_number(row["score"])),
            interaction=str(row["interaction"]),
            confidence=_number(row["confidence"]),
            rationale=str(row["rationale"]),
            sources=[s for s in str(row["sources"] or "").split(" ; ") if s],
            status=str(row["status"]),
            asserted_by=_text(row["asserted_by"]),
            date=_text(row["date"]),
            alignment=str(row["alignment"]),
        )
        for row in table.records()
    ]
    return AlignmentList(
        element=str(element), curie=curie_of(element), lang=lang, data=data, count=len(data)
    )


def _scope(
    params: ScopeParameters, store: GraphStore, catalog: QueryCatalog
) -> tuple[str, str, dict[str, str]]:
    """(plan IRI, version IRI, query parameters) of /coverage and /gaps."""
    plan, version = plan_version(store, catalog, params.plan, params.version)
    values = {"plan": plan, "version": version, "lang": params.lang}
    challenge = params.challenge
    if challenge is not None:
        if ":" not in challenge:
            challenge = f"challenge:{challenge}"
        values["challenge"] = str(known(store, catalog, "challenge", challenge))
    return plan, version, values


def _gaps(store: GraphStore, catalog: QueryCatalog, values: dict[str, str]) -> list[Gap]:
    """The gaps by challenge and framework as the query answers, then in natural code order
    (SDG 7.3 < 7.a < 13.1, GBF-TARGET-09 < GBF-TARGET-23), which SPARQL cannot sort by."""
    table = run_select(store, catalog, "gaps-by-challenge", values)
    gaps = [
        Gap(
            challenge=str(row["challenge"]),
            challenge_label=_text(row["challenge_label"]),
            target=str(row["target"]),
            curie=curie_of(str(row["target"])),
            code=str(row["code"]),
            framework=str(row["framework"]),
            text=_text(row["text"]),
            text_lang=language_of(row["text"]),
        )
        for row in table.records()
    ]
    return sorted(gaps, key=lambda g: (g.challenge, target_order(g.framework, g.code)))


@router.get(
    "/coverage",
    response_model=CoverageList,
    summary="Coverage per global challenge, with its gaps",
    responses=ERRORS,
)
def coverage(
    params: Annotated[ScopeParameters, Query()], store: StoreDep, catalog: CatalogDep
) -> CoverageList:
    """Relevant and reached SDG and GBF targets per challenge, the ratio, and the targets left
    out (queries ``coverage-by-challenge`` and ``gaps-by-challenge``)."""
    plan, version, values = _scope(params, store, catalog)
    table = run_select(store, catalog, "coverage-by-challenge", values)
    gaps: dict[str, list[GapTarget]] = {}
    for gap in _gaps(store, catalog, values):
        gaps.setdefault(gap.challenge, []).append(
            GapTarget(**gap.model_dump(exclude={"challenge", "challenge_label"}))
        )
    data = [
        ChallengeCoverage(
            challenge=str(row["challenge"]),
            curie=curie_of(str(row["challenge"])),
            label=_text(row["challenge_label"]),
            label_lang=language_of(row["challenge_label"]),
            relevant=int(_number(row["relevant"])),
            reached=int(_number(row["reached"])),
            ratio=_number(row["ratio"]),
            sdg=FrameworkSplit(
                relevant=int(_number(row["sdg_relevant"])),
                reached=int(_number(row["sdg_reached"])),
            ),
            gbf=FrameworkSplit(
                relevant=int(_number(row["gbf_relevant"])),
                reached=int(_number(row["gbf_reached"])),
            ),
            gaps=gaps.get(str(row["challenge"]), []),
        )
        for row in table.records()
    ]
    return CoverageList(plan=plan, version=version, lang=params.lang, data=data, count=len(data))


@router.get(
    "/gaps",
    response_model=GapList,
    summary="Relevant targets the plan does not reach",
    responses=ERRORS,
)
def gaps(
    params: Annotated[ScopeParameters, Query()], store: StoreDep, catalog: CatalogDep
) -> GapList:
    """The gap list, with the targets' official texts (query ``gaps-by-challenge``)."""
    plan, version, values = _scope(params, store, catalog)
    data = _gaps(store, catalog, values)
    return GapList(plan=plan, version=version, lang=params.lang, data=data, count=len(data))


__all__ = ["ElementParameters", "ScopeParameters", "router"]
