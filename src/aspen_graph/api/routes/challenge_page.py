"""A global challenge's page: what it answers for one plan version — coverage, the reached
targets with the elements that reach them, the gaps, the trade-offs — targets in natural code
order."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rdflib import URIRef
from rdflib.term import Node

from aspen_graph.api.pages import Text, curie
from aspen_graph.api.routes.page_links import Labeller, Link, label_text, plan_versions
from aspen_graph.api.routes.plan_scope import plan_version
from aspen_graph.model import TargetOrder, target_order, whole, words
from aspen_graph.model import number as _number
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class VersionOption:
    """A plan version the challenge page's switcher offers."""

    iri: str
    label: Text
    selected: bool


@dataclass(frozen=True, slots=True)
class ChallengeTarget:
    """A relevant target of a challenge: its code and text, and the elements reaching it (none
    for a gap)."""

    code: str
    framework: str
    target: Link
    text: Text | None
    elements: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class TradeOffRow:
    """A negative alignment to one of the challenge's relevant targets."""

    element: Link
    target: Link
    score: int
    interaction: str
    rationale: Text
    alignment: Link


@dataclass
class ChallengeView:
    """What a global challenge's page answers for one plan version: coverage (``coverage-by-
    challenge``), the reached targets with their elements (``pages/challenge-reach``), the gaps
    (``gaps-by-challenge``) and the trade-offs (``trade-offs``), targets in natural code order."""

    plan: Link
    version: Link
    versions: list[VersionOption]
    challenge_curie: str = ""
    version_curie: str = ""
    relevant: int = 0
    reached: int = 0
    ratio: float = 0.0
    sdg: tuple[int, int] = (0, 0)
    gbf: tuple[int, int] = (0, 0)
    reached_targets: list[ChallengeTarget] = field(default_factory=list)
    gaps: list[ChallengeTarget] = field(default_factory=list)
    trade_offs: list[TradeOffRow] = field(default_factory=list)


def _target_order(target: ChallengeTarget) -> TargetOrder:
    return target_order(target.framework, target.code)


def _challenge_target(labeller: Labeller, row: dict[str, Node | None]) -> ChallengeTarget:
    """A row of ``pages/challenge-reach`` or ``gaps-by-challenge`` as a target, no elements."""
    code = words(row.get("code"))
    return ChallengeTarget(
        code,
        words(row.get("framework")),
        labeller.link(row["target"], Text(code)),  # type: ignore[arg-type]
        labeller.label(row.get("text")),
    )


def _versions(
    store: GraphStore, catalog: QueryCatalog, lang: str, chosen: str
) -> list[VersionOption]:
    return [
        VersionOption(v.iri, v.label, v.iri == chosen) for v in plan_versions(store, catalog, lang)
    ]


def challenge_view(
    labeller: Labeller,
    iri: URIRef,
    store: GraphStore,
    catalog: QueryCatalog,
    version: str | None,
) -> ChallengeView:
    """The challenge's answers for ``version`` (default: the latest version of the default
    plan); a version naming nothing is a 404, like ``/coverage``'s."""
    lang = labeller.lang
    plan, chosen = plan_version(store, catalog, None, version)
    values = {"plan": plan, "version": chosen, "challenge": str(iri), "lang": lang}
    view = ChallengeView(
        plan=labeller.link(URIRef(plan)),
        version=labeller.link(URIRef(chosen)),
        versions=_versions(store, catalog, lang, chosen),
        challenge_curie=curie(iri),
        version_curie=curie(URIRef(chosen)),
    )
    for row in run_select(store, catalog, "coverage-by-challenge", values).records():
        view.relevant = whole(row.get("relevant")) or 0
        view.reached = whole(row.get("reached")) or 0
        view.ratio = _number(row.get("ratio")) or 0.0
        view.sdg = (whole(row.get("sdg_relevant")) or 0, whole(row.get("sdg_reached")) or 0)
        view.gbf = (whole(row.get("gbf_relevant")) or 0, whole(row.get("gbf_reached")) or 0)
    reached: dict[str, ChallengeTarget] = {}
    for row in run_select(store, catalog, "pages/challenge-reach", values).records():
        element = labeller.link(row["element"], labeller.label(row.get("element_label")))  # type: ignore[arg-type]
        found = reached.get(str(row["target"])) or _challenge_target(labeller, row)
        if element not in found.elements:
            found = replace(found, elements=(*found.elements, element))
        reached[str(row["target"])] = found
    gaps = run_select(store, catalog, "gaps-by-challenge", values).records()
    relevant = set(reached) | {str(row["target"]) for row in gaps}
    view.reached_targets = sorted(reached.values(), key=_target_order)
    view.gaps = sorted((_challenge_target(labeller, row) for row in gaps), key=_target_order)
    trade = run_select(
        store, catalog, "trade-offs", {"plan": plan, "version": chosen, "lang": lang}
    )
    view.trade_offs = [
        TradeOffRow(
            element=labeller.link(row["element"], labeller.label(row.get("element_label"))),  # type: ignore[arg-type]
            target=labeller.link(row["target"], labeller.label(row.get("target_label"))),  # type: ignore[arg-type]
            score=whole(row.get("score")) or 0,
            interaction=words(row.get("interaction")),
            rationale=label_text(row.get("rationale")) or Text(words(row.get("rationale"))),
            alignment=labeller.link(row["alignment"], Text(curie(row["alignment"]))),  # type: ignore[arg-type]
        )
        for row in trade.records()
        if str(row["target"]) in relevant
    ]
    return view


__all__ = [
    "ChallengeTarget",
    "ChallengeView",
    "TradeOffRow",
    "VersionOption",
    "challenge_view",
]
