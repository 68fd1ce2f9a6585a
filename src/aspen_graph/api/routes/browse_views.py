"""What the browse pages show, built from the catalogue queries (``sparql/pages/browse-*``,
``pages/plan-tree``, ``pages/plan-versions``): the SDG goals as coloured tiles, the targets of a
goal or of the GBF with their reach status for one plan version, the agreements and their
provisions, and a plan version as a tree. Every model is also the JSON answer of its route.

Reach status of a target, for one plan version: ``reached`` (an element of the version
contributes to it: a positive, not rejected alignment, or a roll-up), else
``relevant-not-reached`` (relevant to a global challenge, yet no element reaches it), else
``not-relevant``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field
from rdflib.term import Node

from aspen_graph.api.pages import Text, curie, resource_href
from aspen_graph.api.routes.browse_goal_data import goal_colours, text_colour
from aspen_graph.api.routes.page_links import label_or, plan_versions
from aspen_graph.curie import compress
from aspen_graph.i18n import N_
from aspen_graph.model import natural_key, target_order, words
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore

Status = Literal["reached", "relevant-not-reached", "not-relevant"]
STATUS_NAMES: dict[str, str] = {
    "reached": N_("Reached"),
    "relevant-not-reached": N_("Relevant, not reached"),
    "not-relevant": N_("Not relevant"),
}
"""The statuses as the pages name them (always in words: colour is never the only signal)."""
KIND_NAMES = {
    "StrategicGoal": N_("Strategic goal"),
    "StrategicPriority": N_("Strategic priority"),
    "FocalArea": N_("Focal area"),
    "Intervention": N_("Intervention"),
    "Milestone": N_("Milestone"),
}


class Scope(NamedTuple):
    """The plan version a view is for: its plan, itself, and its plan's short title."""

    plan: str
    version: str
    plan_short: str


class VersionChoice(BaseModel):
    iri: str
    curie: str
    label: Text
    plan: str
    plan_short: str = Field(description="the plan's short title, e.g. 'ASPEN 2026-2035'")
    selected: bool


class ElementRef(BaseModel):
    """A plan element, with the short title of its plan (the membership badge)."""

    iri: str
    curie: str
    href: str
    code: str
    label: Text
    plan_short: str


class TargetReach(BaseModel):
    iri: str
    curie: str
    href: str
    code: str
    framework: str
    goal: str = Field(description="the SDG goal's IRI ('' for a GBF target)")
    text: Text | None
    relevant: bool = Field(description="relevant to at least one global challenge")
    status: Status
    elements: list[ElementRef] = Field(description="the version's elements that reach it")


class GoalTile(BaseModel):
    iri: str
    code: str
    href: str = Field(description="the goal's browse page")
    page: str = Field(description="the goal's own page")
    short: Text
    title: Text
    colour: str
    text_colour: str = Field(description="the text colour chosen for WCAG AA contrast")
    targets: int
    reached: int
    relevant: int


class TreeNode(BaseModel):
    iri: str
    curie: str
    href: str
    kind: str
    code: str
    label: Text
    children: list[TreeNode] = Field(default_factory=list)


class Provision(BaseModel):
    iri: str
    curie: str
    href: str
    code: str
    title: Text
    elements: list[ElementRef]


class Agreement(BaseModel):
    iri: str
    curie: str
    href: str
    short: Text | None
    title: Text
    issued: str
    provisions: list[Provision]


# -- queries ---------------------------------------------------------------------------------


def versions(
    store: GraphStore, catalog: QueryCatalog, lang: str, chosen: str
) -> list[VersionChoice]:
    """Every plan version (:func:`~.page_links.plan_versions`), ``chosen`` selected."""
    return [
        VersionChoice(
            iri=v.iri,
            curie=compress(v.iri),
            label=v.label,
            plan=v.plan,
            plan_short=v.plan_short or compress(v.plan),
            selected=v.iri == chosen,
        )
        for v in plan_versions(store, catalog, lang)
    ]


def plan_shorts(store: GraphStore, catalog: QueryCatalog) -> dict[str, str]:
    """Each plan's short title (the badge of its elements), from the plan versions."""
    return {v.plan: v.plan_short for v in plan_versions(store, catalog, "en") if v.plan_short}


def _element(row: Mapping[str, Node | None], lang: str, base: str, plan_short: str) -> ElementRef:
    iri = str(row["element"])
    return ElementRef(
        iri=iri,
        curie=curie(row["element"]),  # type: ignore[arg-type]
        href=resource_href(base, iri),
        code=words(row.get("element_code")),
        label=label_or(row.get("element_label"), lang, curie(row["element"])),  # type: ignore[arg-type]
        plan_short=plan_short,
    )


def _element_order(element: ElementRef) -> tuple[tuple[int, int | str], ...]:
    return natural_key(element.code or element.curie)


def status_of(elements: Iterable[ElementRef], relevant: bool) -> Status:
    """``reached`` with an element, else whether the target is relevant."""
    if any(True for _ in elements):
        return "reached"
    return "relevant-not-reached" if relevant else "not-relevant"


def targets(
    store: GraphStore,
    catalog: QueryCatalog,
    framework: str,
    scope: Scope,
    lang: str,
    base: str,
) -> list[TargetReach]:
    """The targets of ``framework`` (SDG or GBF) with their reach by the version of ``scope``
    (plan IRI, version IRI, plan short title), in natural code order."""
    plan, version, plan_short = scope
    values = {"framework": framework, "plan": plan, "version": version, "lang": lang}
    found: dict[str, TargetReach] = {}
    for row in run_select(store, catalog, "pages/browse-targets", values).records():
        iri = str(row["target"])
        target = found.get(iri)
        if target is None:
            text = row.get("text")
            target = found[iri] = TargetReach(
                iri=iri,
                curie=curie(row["target"]),  # type: ignore[arg-type]
                href=resource_href(base, iri),
                code=words(row.get("code")),
                framework=framework,
                goal=words(row.get("goal")),
                text=label_or(text, lang, "") if text is not None else None,
                relevant=words(row.get("relevant")) == "true",
                status="not-relevant",
                elements=[],
            )
        if row.get("element") is not None:
            element = _element(row, lang, base, plan_short)
            if element not in target.elements:
                target.elements.append(element)
    for target in found.values():
        target.elements.sort(key=_element_order)
        target.status = status_of(target.elements, target.relevant)
    return sorted(found.values(), key=lambda t: target_order(t.framework, t.code))


def goal_tiles(
    store: GraphStore,
    catalog: QueryCatalog,
    lang: str,
    base: str,
    reach: list[TargetReach],
) -> list[GoalTile]:
    """The 17 goals in number order, each with its colour and the counts of its targets."""
    colours, _ = goal_colours()
    by_goal: defaultdict[str, list[TargetReach]] = defaultdict(list)
    for target in reach:
        by_goal[target.goal].append(target)
    tiles = []
    for row in run_select(store, catalog, "pages/browse-sdg-goals", {"lang": lang}).records():
        iri, code = str(row["goal"]), words(row.get("code"))
        colour = colours.get(code, "#595959")
        mine = by_goal.get(iri, [])
        tiles.append(
            GoalTile(
                iri=iri,
                code=code,
                href=f"/browse/sdg/{code}",
                page=resource_href(base, iri),
                short=label_or(row.get("short"), lang, code),
                title=label_or(row.get("title"), lang, code),
                colour=colour,
                text_colour=text_colour(colour),
                targets=len(mine),
                reached=sum(t.status == "reached" for t in mine),
                relevant=sum(t.relevant for t in mine),
            )
        )
    return sorted(tiles, key=lambda t: natural_key(t.code))


def plan_tree(
    store: GraphStore, catalog: QueryCatalog, version: str, lang: str, base: str
) -> tuple[list[TreeNode], list[TreeNode]]:
    """The version's goals, and its priorities with what sits under them (focal areas,
    interventions, milestones), each level in natural code order."""
    nodes: dict[str, TreeNode] = {}
    parents: dict[str, str] = {}
    rows = run_select(store, catalog, "pages/plan-tree", {"version": version, "lang": lang})
    for row in rows.records():
        iri = str(row["element"])
        if iri in nodes:
            continue
        nodes[iri] = TreeNode(
            iri=iri,
            curie=curie(row["element"]),  # type: ignore[arg-type]
            href=resource_href(base, iri),
            kind=str(row["kind"]).rsplit("/", 1)[-1],
            code=words(row.get("code")) or words(row.get("sequence")),
            label=label_or(row.get("label"), lang, curie(row["element"])),  # type: ignore[arg-type]
        )
        if row.get("parent") is not None:
            parents[iri] = str(row["parent"])
    roots: list[TreeNode] = []
    for iri, node in nodes.items():
        parent = nodes.get(parents.get(iri, ""))
        (parent.children if parent is not None else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: natural_key(n.code or n.curie))
    roots.sort(key=lambda n: natural_key(n.code or n.curie))
    goals = [n for n in roots if n.kind == "StrategicGoal"]
    return goals, [n for n in roots if n.kind != "StrategicGoal"]


def agreements(
    store: GraphStore,
    catalog: QueryCatalog,
    scope: Scope,
    lang: str,
    base: str,
) -> list[Agreement]:
    """Every agreement with its provisions and the version's elements reaching each."""
    plan, version, plan_short = scope
    values = {"plan": plan, "version": version, "lang": lang}
    found: dict[str, Agreement] = {}
    provisions: dict[tuple[str, str], Provision] = {}
    for row in run_select(store, catalog, "pages/browse-agreements", values).records():
        iri = str(row["agreement"])
        agreement = found.get(iri)
        if agreement is None:
            short = row.get("short")
            agreement = found[iri] = Agreement(
                iri=iri,
                curie=curie(row["agreement"]),  # type: ignore[arg-type]
                href=resource_href(base, iri),
                short=label_or(short, lang, "") if short is not None else None,
                title=label_or(row.get("title"), lang, curie(row["agreement"])),  # type: ignore[arg-type]
                issued=words(row.get("issued")),
                provisions=[],
            )
        if row.get("provision") is None:
            continue
        key = (iri, str(row["provision"]))
        provision = provisions.get(key)
        if provision is None:
            provision = provisions[key] = Provision(
                iri=key[1],
                curie=curie(row["provision"]),  # type: ignore[arg-type]
                href=resource_href(base, key[1]),
                code=words(row.get("code")),
                title=label_or(row.get("provision_title"), lang, curie(row["provision"])),  # type: ignore[arg-type]
                elements=[],
            )
            agreement.provisions.append(provision)
        if row.get("element") is not None:
            element = _element(row, lang, base, plan_short)
            if element not in provision.elements:
                provision.elements.append(element)
    for agreement in found.values():
        agreement.provisions.sort(key=lambda p: natural_key(p.code or p.curie))
        for provision in agreement.provisions:
            provision.elements.sort(key=_element_order)
    return sorted(found.values(), key=lambda a: (a.short or a.title).value.casefold())


__all__ = [
    "KIND_NAMES",
    "STATUS_NAMES",
    "Agreement",
    "ElementRef",
    "GoalTile",
    "Provision",
    "Scope",
    "TargetReach",
    "TreeNode",
    "VersionChoice",
    "agreements",
    "goal_tiles",
    "plan_shorts",
    "plan_tree",
    "status_of",
    "targets",
    "versions",
]
