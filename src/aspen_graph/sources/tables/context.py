"""The tables of one version folder: the plan version they belong to (:func:`version_context`)
and reading them in dependency order, each seeing the elements of those read before it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.sources.tables.engine import ConvertedTable, TableRows, convert_table, load_csv
from aspen_graph.sources.tables.kinds import kind_order
from aspen_graph.sources.tables.model import VersionContext
from aspen_graph.sources.tables.rejections import REJECTED_FILE


def _local_key(iri: URIRef) -> tuple[str, str] | None:
    """``id/{kind}/{key}`` → (kind, key)."""
    text = str(iri)
    if not text.startswith(str(ASPENID)):
        return None
    kind, sep, key = text[len(str(ASPENID)) :].partition("/")
    return (kind, key) if sep and key else None


def _elements_of(
    version: URIRef, graphs: list[Graph], prefix: str
) -> dict[tuple[str, str], URIRef]:
    """(kind, code) of every element of ``version``: by ``dct:identifier``, else by its IRI.

    An element is what says it is ``aspen:inVersion`` the version, or what has a code and the
    version's key prefix (MEL indicators carry no ``aspen:inVersion``).
    """
    members: set[URIRef] = set()
    for graph in graphs:
        members.update(s for s in graph.subjects(ASPEN.inVersion, version) if isinstance(s, URIRef))
        for subject in graph.subjects(DCTERMS.identifier, None):
            parts = _local_key(subject) if isinstance(subject, URIRef) else None
            if isinstance(subject, URIRef) and parts and parts[1].startswith(prefix + "-"):
                members.add(subject)
    found: dict[tuple[str, str], URIRef] = {}
    for subject in sorted(members):
        parts = _local_key(subject)
        if parts is None:
            continue
        kind, key = parts
        codes = [str(c) for g in graphs for c in g.objects(subject, DCTERMS.identifier)]
        if not codes and key.startswith(prefix + "-"):
            codes = [key[len(prefix) + 1 :]]
        for code in codes:
            found[(kind, code.casefold())] = subject
    return found


def version_context(
    name: str, graphs: Iterable[Graph], *, example: bool = False
) -> VersionContext | None:
    """The context of folder ``name`` (= the key of ``plan-version:{name}``), if it is one.

    ``graphs`` are every graph read so far (the folder's own Turtle included). The key prefix
    of new elements is ``{plan-key}-{version-key}`` (= ``name``), except for a version whose
    elements were published before versions had their own keys (``goal:aspen-2026-2035-g1``
    of ``plan-version:aspen-2026-2035-draft-2026-03``): it keeps the plan key alone.
    """
    graphs = list(graphs)
    version = ASPENID[f"plan-version/{name}"]
    if not any((version, RDF.type, ASPEN.PlanVersion) in graph for graph in graphs):
        return None
    plans = [p for g in graphs for p in g.objects(version, ASPEN.versionOf)]
    previous = [p for g in graphs for p in g.objects(version, PROV.wasRevisionOf)]
    plan = plans[0] if plans and isinstance(plans[0], URIRef) else None
    plan_parts = _local_key(plan) if plan is not None else None
    if plan is None or plan_parts is None:
        return None
    example = example or any((version, RDF.type, ASPEN.ExampleResource) in g for g in graphs)
    keys = [
        parts[1]
        for g in graphs
        for s in g.subjects(ASPEN.inVersion, version)
        if isinstance(s, URIRef) and (parts := _local_key(s)) is not None
    ]
    plan_key = plan_parts[1]
    prefix = name
    published_early = any(k.startswith(plan_key + "-") for k in keys)
    if published_early and not any(k.startswith(name + "-") for k in keys):
        prefix = plan_key
    frameworks = [f for g in graphs for f in g.objects(plan, ASPEN.hasMELFramework)]
    context = VersionContext(name, version, plan, prefix, example)
    if frameworks and isinstance(frameworks[0], URIRef):
        context.mel_framework = frameworks[0]
    context.elements = _elements_of(version, graphs, prefix)
    for (kind, _code), iri in context.elements.items():
        units = [str(u) for g in graphs for u in g.objects(iri, ASPEN.unit)]
        if kind == "mel-indicator" and units:
            context.units[iri] = units[0]
    if previous and isinstance(previous[0], URIRef):
        previous_parts = _local_key(previous[0])
        previous_prefix = previous_parts[1] if previous_parts else ""
        context.previous = _elements_of(previous[0], graphs, previous_prefix)
    return context


def folder_tables(folder: Path) -> dict[str, TableRows]:
    """Every ``{kind}.csv`` of a folder, read (not converted), by kind; the record of rejected
    suggestions (:data:`~.rejections.REJECTED_FILE`) is not a table of the graph."""
    return {
        path.stem: load_csv(path)
        for path in sorted(folder.glob("*.csv"))
        if path.name != REJECTED_FILE
    }


def register(context: VersionContext | None, table: ConvertedTable) -> None:
    """Make the elements of ``table`` visible by code to the tables read after it."""
    if context is not None and table.kind.iri_kind is not None:
        for row in table.rows:
            context.elements[(table.kind.iri_kind, row.key.casefold())] = row.node
            if table.kind.iri_kind == "mel-indicator":
                context.units[row.node] = row.cells.get("unit", "")


def typed_subjects(graph: Graph) -> set[URIRef]:
    """Every IRI with a type in ``graph``: what later rows may refer to."""
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def read_folder_tables(
    folder: Path,
    known: Collection[URIRef],
    context: VersionContext | None,
    *,
    replace: Mapping[str, TableRows] | None = None,
) -> list[ConvertedTable]:
    """Convert every ``{kind}.csv`` of a version folder, in dependency order.

    Each table may refer to the things of the tables read before it (an intervention to a
    focal area of ``focal-areas.csv``, an alignment to an intervention). ``replace`` gives the
    rows to use instead of a kind's file (or in addition, when there is no such file yet):
    the importer validates the folder as it would be after the import.
    """
    sources = folder_tables(folder)
    sources.update(replace or {})
    seen = set(known)
    converted = []
    for name in sorted(sources, key=kind_order):
        table = convert_table(sources[name], seen if known else (), context)
        seen |= typed_subjects(table.graph)
        register(context, table)
        converted.append(table)
    return converted


__all__ = [
    "folder_tables",
    "read_folder_tables",
    "register",
    "typed_subjects",
    "version_context",
]
