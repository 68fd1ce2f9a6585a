"""``aspen import``: a filled-in spreadsheet → the canonical ``{kind}.csv`` of a plan version.

All rows or none. Every row is checked (types, allowed values, references to codes of the
version and to IRIs of the build); then the rows are merged by key with the version folder's
existing table (an incoming row replaces the row with the same key), the whole build is
derived and validated with SHACL as it would be after the import, and only when nothing is
wrong is the table written: sorted by key, the kind's column order, UTF-8, ``\\n`` line ends,
atomically (a temporary file renamed over the old one). A second import of the same file
finds every row unchanged and leaves the file byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from aspen_graph.config import Settings
from aspen_graph.errors import DataLoadError, TableError, UnknownReferenceError
from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.pipeline.build import derive, load_into_store
from aspen_graph.pipeline.sources import DERIVED_GRAPH, BuildInputs, gather_inputs, version_graph
from aspen_graph.queries import QueryCatalog
from aspen_graph.sources.curie import compress, expand
from aspen_graph.sources.spreadsheet import read_rows
from aspen_graph.sources.table import (
    ConvertedTable,
    TableKind,
    TableRows,
    VersionContext,
    convert_table,
    folder_tables,
    kind_order,
    parse_csv,
    register,
    typed_subjects,
    version_context,
)
from aspen_graph.sources.turtle import read_turtle
from aspen_graph.validation import run_shacl
from aspen_graph.validation.report import Finding
from aspen_graph.validation.sparql_shacl import choose_engine, validate_store

_VERSION_PREFIX = str(ASPENID["plan-version/"])


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason a file was refused: its row (``None`` when no row of the file is to blame),
    column (``""`` when the whole row is) and the reason."""

    row: int | None
    column: str
    reason: str


@dataclass
class ImportResult:
    """What an import found and did."""

    kind: str
    version: str
    target: Path
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class TargetVersion:
    """The version imported into: its IRI, its folder key and where its folder is."""

    iri: URIRef
    name: str
    folder: Path
    example: bool


def version_name(text: str) -> str:
    """The folder key of a version given as CURIE, IRI or folder name (or path).

    >>> version_name("plan-version:example-plan-draft-2")
    'example-plan-draft-2'
    >>> version_name("data/examples/example-plan-draft-2/")
    'example-plan-draft-2'
    """
    text = text.strip()
    if text.startswith("plan-version:") or text.startswith(("http://", "https://")):
        try:
            iri = str(expand(text))
        except UnknownReferenceError as error:
            raise DataLoadError(f"--into: {error}") from error
        if not iri.startswith(_VERSION_PREFIX) or iri == _VERSION_PREFIX:
            raise DataLoadError(f"--into: {text!r} is not a plan version ({_VERSION_PREFIX}…)")
        return iri[len(_VERSION_PREFIX) :]
    name = Path(text).name if "/" in text else text
    if not name or ":" in name:
        raise DataLoadError(
            f"--into: {text!r} names no plan version; write plan-version:<key>, its IRI, "
            "or the folder name"
        )
    return name


def _settings_for(settings: Settings, name: str) -> Settings:
    # An example version is only part of the build with examples; importing into one asks
    # for them by naming it.
    if not settings.examples and (settings.examples_dir / name).is_dir():
        return settings.model_copy(update={"examples": True})
    return settings


def _target(settings: Settings, inputs: BuildInputs, name: str) -> TargetVersion:
    iri = ASPENID[f"plan-version/{name}"]
    graphs = list(inputs.graphs.values())
    if not any((iri, RDF.type, ASPEN.PlanVersion) in graph for graph in graphs):
        versions = sorted(
            compress(str(s))
            for graph in graphs
            for s in graph.subjects(RDF.type, ASPEN.PlanVersion)
        )
        hint = f"; known versions: {', '.join(versions)}" if versions else ""
        if not settings.examples:
            hint += " (the example versions with --examples)"
        raise DataLoadError(
            f"--into: {compress(str(iri))} is not an aspen:PlanVersion of the build{hint}"
        )
    example = any((iri, RDF.type, ASPEN.ExampleResource) in graph for graph in graphs)
    parent = settings.examples_dir if example else settings.versions_dir
    return TargetVersion(iri, name, parent / name, example)


def _natural(key: str) -> list[str | int]:
    """Sort key: ``P2.FA10`` after ``P2.FA9``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def canonical_csv(kind: TableKind, rows: Mapping[str, Mapping[str, str]]) -> str:
    """The table as the repository keeps it: the kind's columns, rows sorted by key."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(kind.columns)
    for key in sorted(rows, key=_natural):
        writer.writerow([rows[key].get(column, "") for column in kind.columns])
    return buffer.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _problems(error: TableError) -> list[ImportProblem]:
    return [ImportProblem(row, column, reason) for row, column, reason in error.problems]


def import_rows(
    settings: Settings,
    path: Path,
    version: str,
    *,
    kind: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import the rows of ``path`` into ``version``; see the module docstring.

    Broken input (unreadable file, unknown kind or version, missing columns) raises
    :class:`DataLoadError`; bad rows and SHACL violations are listed in the result, and then
    nothing is written.
    """
    rows = read_rows(path, kind)
    table = rows.kind
    name = version_name(version)
    settings = _settings_for(settings, name)
    inputs = gather_inputs(settings)
    target = _target(settings, inputs, name)
    graph_iri = version_graph(name, example=target.example)
    csv_path = target.folder / f"{table.name}.csv"
    result = ImportResult(table.name, compress(str(target.iri)), csv_path, dry_run=dry_run)

    # The version's graph is rebuilt from its Turtle and its tables, with this kind's table
    # replaced by the merged one; every other graph stays as the build read it.
    base = Graph()
    turtle = sorted(target.folder.glob("*.ttl")) if target.folder.is_dir() else []
    for ttl in turtle:
        read_turtle(ttl, into=base)
    others = [graph for iri, graph in inputs.graphs.items() if iri != graph_iri]
    context = version_context(name, [*others, base], example=target.example)
    if table.needs_version and context is None:  # pragma: no cover - _target checked it
        raise DataLoadError(f"--into: {name} is not a plan version with a plan")
    known: set[URIRef] = set()
    for graph in inputs.graphs.values():
        known |= typed_subjects(graph)

    sources = folder_tables(target.folder) if target.folder.is_dir() else {}
    converted: list[ConvertedTable] = []
    incoming: ConvertedTable | None = None
    merged = ""
    seen = set(known)
    for kind_name in sorted({*sources, table.name}, key=kind_order):
        if kind_name != table.name:
            current = convert_table(sources[kind_name], seen, context)
        else:
            try:
                incoming = convert_table(rows, seen, context)
            except TableError as error:
                result.problems = _problems(error)
                return result
            result.rows = len(incoming.rows)
            merged = _merge(result, sources.get(kind_name), incoming, seen, context)
            if not result.added and not result.changed:
                # Every row is already there as it is: nothing would change, so nothing to
                # validate or write (a file of only unchanged rows, or none, leaves every
                # byte as it was).
                return result
            current = convert_table(parse_csv(merged, table, str(csv_path)), seen, context)
        seen |= typed_subjects(current.graph)
        register(context, current)
        converted.append(current)
    assert incoming is not None

    version_data = base
    for current in converted:
        version_data += current.graph
        for subject in current.graph.subjects():
            inputs.origins[subject] = _relative(Path(current.where), settings.root)
    inputs.graphs[graph_iri] = version_data
    findings = _validate(settings, inputs)
    result.problems, result.warnings = _map_findings(findings, incoming)
    if result.problems:
        return result
    data = merged.encode("utf-8")
    if not dry_run and (not csv_path.is_file() or csv_path.read_bytes() != data):
        _write_atomically(csv_path, data)
        result.written = True
    return result


def _merge(
    result: ImportResult,
    existing_rows: TableRows | None,
    incoming: ConvertedTable,
    seen: set[URIRef],
    context: VersionContext | None,
) -> str:
    """The merged table as canonical CSV text; counts added, changed and unchanged rows."""
    merged: dict[str, dict[str, str]] = {}
    if existing_rows is not None:
        existing = convert_table(existing_rows, seen, context)
        merged = {row.key: _only_columns(incoming.kind, row.cells) for row in existing.rows}
    for row in incoming.rows:
        cells = _only_columns(incoming.kind, row.cells)
        before = merged.get(row.key)
        if before is None:
            result.added += 1
        elif before != cells:
            result.changed += 1
        else:
            result.unchanged += 1
        merged[row.key] = cells
    return canonical_csv(incoming.kind, merged)


def _only_columns(kind: TableKind, cells: Mapping[str, str]) -> dict[str, str]:
    return {column: cells.get(column, "") for column in kind.columns}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _validate(settings: Settings, inputs: BuildInputs) -> list[Finding]:
    """SHACL over everything, after the build's derivation rules (some shapes need them),
    with the engine the build would choose (``ASPEN_SHACL_ENGINE``)."""
    store = load_into_store(inputs)
    inputs.graphs[DERIVED_GRAPH] = derive(store, QueryCatalog(settings.sparql_dir))
    if choose_engine(len(store), settings.shacl_engine) == "sparql":
        return validate_store(store, inputs.shapes, origins=inputs.origins)
    return run_shacl(inputs.data_union(), inputs.shapes, inputs.ontology, origins=inputs.origins)


def _map_findings(
    findings: list[Finding], incoming: ConvertedTable
) -> tuple[list[ImportProblem], list[ImportProblem]]:
    """Violations (problems) and warnings about the import, each at its row where possible.

    A finding whose focus node one of the file's rows made names that row, and the column
    the property comes from; a violation anywhere else also refuses the import (the build
    would not conform), without a row. Warnings elsewhere are not the file's business.
    """
    rows_by_node = {
        str(subject): row for row in incoming.rows for subject in (row.node, *row.subjects)
    }
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    for finding in findings:
        row = rows_by_node.get(finding.focus)
        column = incoming.kind.properties.get(finding.path or "", "") if row else ""
        if column == "label_en" and (finding.shape or "").endswith("-vi"):
            column = "label_vi"  # the shape of the Vietnamese label shares rdfs:label
        where = "" if row else f"{compress(finding.focus)}: "
        reason = where + finding.message + (f" (value {finding.value})" if finding.value else "")
        problem = ImportProblem(row.number if row else None, column, reason)
        if finding.severity == "Violation":
            problems.append(problem)
        elif row is not None:
            warnings.append(problem)
    # One problem once: a node can fail several constraints of one shape with the same message.
    problems = sorted(set(problems), key=_problem_order(incoming.kind))
    warnings = sorted(set(warnings), key=_problem_order(incoming.kind))
    return problems, warnings


def _problem_order(kind: TableKind) -> Callable[[ImportProblem], tuple[bool, int, int, str]]:
    """Rows in file order, then the row's columns from left to right; others last."""
    columns = list(kind.columns)

    def key(problem: ImportProblem) -> tuple[bool, int, int, str]:
        column = columns.index(problem.column) if problem.column in columns else len(columns)
        return (problem.row is None, problem.row or 0, column, problem.reason)

    return key


__all__ = [
    "ImportProblem",
    "ImportResult",
    "TargetVersion",
    "canonical_csv",
    "import_rows",
    "version_name",
]
