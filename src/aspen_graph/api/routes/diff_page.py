"""The ``/diff`` page: what changed between two versions of a plan.

Two ``<select>``s pick the versions (``sparql/pages/plan-versions.rq``); the answer is
:func:`aspen_graph.analysis.diff_versions`'s, grouped as the JSON is — elements added, removed
and reworded, alignments added, removed and re-scored, coverage per challenge, SDG goal and
framework — each element named by its label and linked to its page in the version it is in
(``sparql/versions/elements.rq`` gives the IRIs: the diff matches elements by class and code).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from rdflib import Graph, URIRef

from aspen_graph.analysis import SearchIndex, diff_versions, version_reference
from aspen_graph.api.deps import app_state
from aspen_graph.api.pages import Text, render
from aspen_graph.api.routes.explain_page import index_linker
from aspen_graph.api.routes.form_route import page_or_error, page_values, serving
from aspen_graph.api.routes.page_links import Labeller, Link, label_in, plan_versions
from aspen_graph.api.routes.resources import page_context
from aspen_graph.api.routes.search import cached_index
from aspen_graph.curie import expand
from aspen_graph.errors import UnknownReferenceError
from aspen_graph.model import AlignmentChange, CoverageChange, ElementChange, VersionDiff
from aspen_graph.namespaces import ASPEN
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore

ELEMENTS_QUERY = "versions/elements"
VERSIONS_QUERY = "pages/plan-versions"
Key = tuple[str, str]
"""An element's class (local name) and code: what the diff matches by."""


@dataclass(frozen=True, slots=True)
class VersionChoice:
    iri: str
    label: Text
    plan: str
    chosen_from: bool
    chosen_to: bool


@dataclass(frozen=True, slots=True)
class ElementRow:
    kind: str
    code: str
    element: Link
    old: Text | None
    new: Text | None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AlignmentRow:
    kind: str
    code: str
    element: Link
    target: Link
    target_key: str
    """The target as the diff matches it: a CURIE, or a plan element's code."""
    old_score: int | None
    new_score: int | None


@dataclass
class DiffView:
    versions: list[VersionChoice]
    diff: VersionDiff | None = None
    old: Link | None = None
    new: Link | None = None
    json_href: str = ""
    groups: dict[str, list[ElementRow]] = field(default_factory=dict)
    alignments: dict[str, list[AlignmentRow]] = field(default_factory=dict)
    coverage: dict[str, list[CoverageChange]] = field(default_factory=dict)


def _versions(
    store: GraphStore, catalog: QueryCatalog, lang: str, old: str | None, new: str | None
) -> list[VersionChoice]:
    return [
        VersionChoice(v.iri, v.label, v.plan, v.iri == old, v.iri == new)
        for v in plan_versions(store, catalog, lang)
    ]


def _iri(reference: str) -> str:
    try:
        return str(expand(version_reference(reference)))
    except UnknownReferenceError:
        return reference


def _elements(
    store: GraphStore, catalog: QueryCatalog, version: str, labeller: Labeller
) -> dict[Key, tuple[URIRef, Text | None]]:
    """(kind, code) → the element's IRI and label in ``version``."""
    out: dict[Key, tuple[URIRef, Text | None]] = {}
    rows = run_select(store, catalog, ELEMENTS_QUERY, {"version": version, "lang": labeller.lang})
    for row in rows.records():
        key = (str(row["kind"]), str(row["code"]))
        out.setdefault(key, (URIRef(str(row["element"])), labeller.label(row.get("label"))))
    return out


def diff_view(request: Request, lang: str, old: str | None, new: str | None) -> DiffView:
    """The pickers, and the changes from ``old`` to ``new`` when both are given."""
    store, catalog = serving(request)
    old_iri, new_iri = (_iri(v) if v else None for v in (old, new))
    view = DiffView(_versions(store, catalog, lang, old_iri, new_iri))
    if old is None or new is None:
        return view
    diff = diff_versions(store, catalog, old, new, lang=lang)
    labeller = Labeller(Graph(), lang, app_state(request).settings.base_iri)
    before, after = (
        _elements(store, catalog, str(expand(v.version)), labeller) for v in (diff.old, diff.new)
    )
    view.diff = diff
    view.old = labeller.link(expand(diff.old.version), Text(diff.old.label or diff.old.version))
    view.new = labeller.link(expand(diff.new.version), Text(diff.new.label or diff.new.version))
    query = {"from": diff.old.version, "to": diff.new.version, "lang": lang, "format": "json"}
    view.json_href = "/diff?" + urlencode(query)

    target_link = index_linker(request, lang)

    def named(key: Key, *maps: dict[Key, tuple[URIRef, Text | None]]) -> Link:
        """The element of ``key`` in the first version that has it, named by code and label."""
        iri, label = next(m[key] for m in maps if key in m)
        shown = Text(f"{key[1]} {label.value}", label.lang, label.fallback) if label else None
        return labeller.link(iri, shown or Text(key[1]))

    def element(change: ElementChange) -> ElementRow:
        key = (change.kind, change.code)
        return ElementRow(
            change.kind,
            change.code,
            named(key, *((before, after) if change.new is None else (after, before))),
            before[key][1] if change.old is not None else None,
            after[key][1] if change.new is not None else None,
            tuple(c.field for c in change.changes),
        )

    def alignment(change: AlignmentChange) -> AlignmentRow:
        maps = (before, after) if change.new_score is None else (after, before)
        if change.target_kind:  # a plan element, named by its code
            target = named((change.target_kind, change.target), *maps)
        else:
            target = target_link(str(expand(change.target)), change.target_label or change.target)
        return AlignmentRow(
            change.kind,
            change.code,
            named((change.kind, change.code), *maps),
            target,
            change.target,
            change.old_score,
            change.new_score,
        )

    view.groups = {
        "added": [element(c) for c in diff.elements_added],
        "removed": [element(c) for c in diff.elements_removed],
        "reworded": [element(c) for c in diff.elements_reworded],
    }
    view.alignments = {
        "added": [alignment(c) for c in diff.alignments_added],
        "removed": [alignment(c) for c in diff.alignments_removed],
        "rescored": [alignment(c) for c in diff.alignments_rescored],
    }
    view.coverage = {
        "challenges": [c for c in diff.challenges if c.changed],
        "sdg_goals": [c for c in diff.sdg_goals if c.changed],
        "frameworks": [c for c in diff.frameworks if c.changed],
    }
    return view


def kind_names(request: Request, lang: str) -> Callable[[str], Text]:
    """An element kind (``FocalArea``) → its class's label in ``lang`` (the vocabulary's,
    from the search index; English, marked, where it has none)."""
    # asked for only when a diff is shown: the form alone does not wait for the search index
    # (built on first use; at scale, or on a store where it fails, that is a wait or a 503)
    found: list[SearchIndex] = []

    def name(kind: str) -> Text:
        if not found:
            found.append(cached_index(request, *serving(request)))
        entry = found[0].entry(str(ASPEN) + kind)
        return label_in(entry.labels, lang, kind) if entry else Text(kind)

    return name


def diff_page(request: Request) -> Response:
    def build(lang: str) -> bytes:
        values = page_values(request)
        view = diff_view(request, lang, values.get("from"), values.get("to"))
        return render(
            "diff.html",
            ctx=page_context(request, lang),
            view=view,
            kind_name=kind_names(request, lang),
        )

    return page_or_error(request, build)


__all__ = ["DiffView", "diff_page", "diff_view"]
