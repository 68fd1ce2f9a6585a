"""``aspen import``: a filled-in spreadsheet → the canonical ``{kind}.csv`` of a plan version.

All rows or none. Every row is checked (types, allowed values, references to codes of the
version and to IRIs of the build); then the rows are merged by key with the version folder's
existing table (an incoming row replaces the row with the same key), the whole build is
derived and validated with SHACL as it would be after the import, and only when nothing is
wrong is the table written: sorted by key, the kind's column order, UTF-8, ``\\n`` line ends,
atomically (a temporary file renamed over the old one). A second import of the same file
finds every row unchanged and leaves the file byte for byte as it was.

A workbook whose sheets are named after kinds imports each of them, together: every sheet is
checked, the build is validated once with all of them, and the tables are written only after
that, in one step: the version folder is staged beside itself with the new tables and swapped
in (:func:`~aspen_graph.sources.folders.replace_files`), so a crash leaves it wholly old or
wholly new.

One import at a time: an import holds a lock on ``data/`` from before it reads the version
until it has written it, so a second import waits and then merges into what the first wrote;
and the folder is checked to be, just before the swap, what was read (another editor may
have saved a file meanwhile: then nothing is written and the import asks to be run again).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
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
from aspen_graph.sources.folders import exclusive, fingerprint, recover_folder, replace_files
from aspen_graph.sources.spreadsheet import read_tables
from aspen_graph.sources.table import (
    CODE,
    TABLE_KINDS,
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
from aspen_graph.validation.engine import validate_shapes
from aspen_graph.validation.report import Finding

_VERSION_PREFIX = str(ASPENID["plan-version/"])
_FOLDER_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason a file was refused: its row (``None`` when no row of the file is to blame),
    column (``""`` when the whole row is) and the reason; ``sheet`` names the table when the
    file holds several."""

    row: int | None
    column: str
    reason: str
    sheet: str = ""


@dataclass
class TableImport:
    """What an import did to one kind's table of the version."""

    kind: str
    target: Path
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    written: bool = False


@dataclass
class ImportResult:
    """What an import found and did: per table, and in total."""

    version: str
    tables: list[TableImport] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def kind(self) -> str:
        return ", ".join(table.kind for table in self.tables)

    @property
    def target(self) -> Path:
        return self.tables[0].target

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)

    @property
    def added(self) -> int:
        return sum(table.added for table in self.tables)

    @property
    def changed(self) -> int:
        return sum(table.changed for table in self.tables)

    @property
    def unchanged(self) -> int:
        return sum(table.unchanged for table in self.tables)

    @property
    def written(self) -> bool:
        return any(table.written for table in self.tables)


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
    >>> version_name("plan-version:../examples")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    aspen_graph.errors.DataLoadError: --into: 'plan-version:../examples' names no plan version...
    """
    text = text.strip()
    if text.startswith("plan-version:") or text.startswith(("http://", "https://")):
        try:
            iri = str(expand(text))
        except UnknownReferenceError as error:
            raise DataLoadError(f"--into: {error}") from error
        if not iri.startswith(_VERSION_PREFIX) or iri == _VERSION_PREFIX:
            raise DataLoadError(f"--into: {text!r} is not a plan version ({_VERSION_PREFIX}…)")
        name = iri[len(_VERSION_PREFIX) :]
    else:
        name = Path(text).name if "/" in text else text
    # The key names a folder: never a hidden one, a parent, or one under another.
    if not _FOLDER_KEY.match(name):
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


def version_codes(settings: Settings, version: str, kind: TableKind) -> dict[str, list[str]]:
    """For a template made for ``version``: the codes each reference column of ``kind`` may
    take (the version's priorities for ``priority`` …), from its Turtle and its tables."""
    name = version_name(version)
    settings = _settings_for(settings, name)
    inputs = gather_inputs(settings)
    _target(settings, inputs, name)
    context = version_context(name, inputs.graphs.values())
    if context is None:  # pragma: no cover - _target checked it is a version
        return {}
    return {column: context.codes(kinds) for column, kinds in kind.references.items()}


def _problems(error: TableError, sheet: str) -> list[ImportProblem]:
    return [ImportProblem(row, column, reason, sheet) for row, column, reason in error.problems]


def _announce_codes(incoming: list[TableRows], context: VersionContext | None) -> None:
    """Make every code of the file known to the version before any row is converted, so a
    sheet may refer to a row of another sheet of the same workbook (interventions to the
    focal areas beside them)."""
    if context is None:
        return
    for rows in incoming:
        kind = rows.kind.iri_kind
        if kind is None or "code" not in rows.header:
            continue
        column = rows.header.index("code")
        for _number, cells in rows.records:
            code = cells[column].strip() if column < len(cells) else ""
            if code and CODE.match(code):
                context.elements.setdefault(
                    (kind, code.casefold()), context.element_iri(kind, code)
                )


def import_rows(
    settings: Settings,
    path: Path,
    version: str,
    *,
    kind: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import the rows of ``path`` into ``version``; see the module docstring.

    A workbook may hold several kinds, one sheet each (named after the kind); they are
    imported together, all or none. Broken input (unreadable file, unknown kind or version,
    missing columns) raises :class:`DataLoadError`; bad rows and SHACL violations are listed
    in the result, and then nothing is written.
    """
    incoming_rows = sorted(read_tables(path, kind), key=lambda rows: kind_order(rows.kind.name))
    name = version_name(version)
    settings = _settings_for(settings, name)
    if not settings.data_dir.is_dir():
        raise DataLoadError("no data folder", path=str(settings.data_dir))
    with exclusive(settings.data_dir):
        for parent in (settings.versions_dir, settings.examples_dir):
            recover_folder(parent / name)
        return _import_locked(settings, name, incoming_rows, dry_run=dry_run)


def _import_locked(
    settings: Settings, name: str, incoming_rows: list[TableRows], *, dry_run: bool
) -> ImportResult:
    several = len(incoming_rows) > 1
    inputs = gather_inputs(settings)
    target = _target(settings, inputs, name)
    read = fingerprint(target.folder)
    graph_iri = version_graph(name, example=target.example)
    result = ImportResult(compress(str(target.iri)), dry_run=dry_run)
    for rows in incoming_rows:
        result.tables.append(TableImport(rows.kind.name, target.folder / f"{rows.kind.name}.csv"))

    # The version's graph is rebuilt from its Turtle and its tables, with the imported kinds'
    # tables replaced by the merged ones; every other graph stays as the build read it.
    base = Graph()
    turtle = sorted(target.folder.glob("*.ttl")) if target.folder.is_dir() else []
    written_in: dict[URIRef, Path] = {}  # what the version's Turtle defines, and where
    for ttl in turtle:
        graph = read_turtle(ttl)
        written_in.update(dict.fromkeys(typed_subjects(graph), ttl))
        base += graph
    others = [graph for iri, graph in inputs.graphs.items() if iri != graph_iri]
    context = version_context(name, [*others, base], example=target.example)
    if context is None and any(rows.kind.needs_version for rows in incoming_rows):
        raise DataLoadError(f"--into: {name} is not a plan version with a plan")  # pragma: no cover
    known: set[URIRef] = set()
    for graph in inputs.graphs.values():
        known |= typed_subjects(graph)
    if several:
        _announce_codes(incoming_rows, context)

    by_kind = {rows.kind.name: rows for rows in incoming_rows}
    counts = {table.kind: table for table in result.tables}
    sources = folder_tables(target.folder) if target.folder.is_dir() else {}
    converted: list[ConvertedTable] = []
    incoming: list[ConvertedTable] = []
    merged: dict[str, str] = {}
    seen = set(known)
    for kind_name in sorted({*sources, *by_kind}, key=kind_order):
        if kind_name not in by_kind:
            current = convert_table(sources[kind_name], seen, context)
        else:
            try:
                mine = convert_table(by_kind[kind_name], seen, context)
            except TableError as error:
                # Keep going: the other sheets' problems are listed too.
                result.problems += _problems(error, kind_name if several else "")
                continue
            taken = _defined_in_turtle(mine, written_in, settings.root)
            if taken:
                result.problems += [replace(p, sheet=kind_name if several else "") for p in taken]
                continue
            incoming.append(mine)
            counts[kind_name].rows = len(mine.rows)
            existing = sources.get(kind_name)
            merged[kind_name] = _merge(counts[kind_name], existing, mine, seen, context)
            where = str(counts[kind_name].target)
            if existing is None:
                # The merged table is the file's rows: converting them again gives the same.
                current = ConvertedTable(mine.kind, where, mine.graph, mine.rows)
            else:
                current = convert_table(
                    parse_csv(merged[kind_name], mine.kind, where), seen, context
                )
        seen |= typed_subjects(current.graph)
        register(context, current)
        converted.append(current)
    if result.problems or not (result.added or result.changed):
        # Bad rows: nothing more to learn. No row added or changed: every row is already
        # there as it is, so nothing to validate or write (every byte stays as it was).
        return result

    version_data = base
    for current in converted:
        version_data += current.graph
        origin = _relative(Path(current.where), settings.root)
        for subject in current.graph.subjects():
            inputs.origins[subject] = origin
    inputs.graphs[graph_iri] = version_data
    findings = _validate(settings, inputs)
    result.problems, result.warnings = _map_findings(findings, incoming, several=several)
    if result.problems or dry_run:
        return result
    changed: dict[str, bytes] = {}
    for table in result.tables:
        data = merged[table.kind].encode("utf-8")
        if not table.target.is_file() or table.target.read_bytes() != data:
            changed[table.target.name] = data
            table.written = True
    if changed:
        replace_files(target.folder, changed, read=read)
    return result


def _defined_in_turtle(
    table: ConvertedTable, written_in: Mapping[URIRef, Path], root: Path
) -> list[ImportProblem]:
    """Rows whose code the version's Turtle already defines: a table row cannot replace a
    Turtle element (both would stand, with two labels), so say where it is and what to do."""
    problems = []
    for row in table.rows:
        where = written_in.get(row.node)
        if where is not None:
            file = _relative(where, root)
            problems.append(
                ImportProblem(
                    row.number,
                    "code" if "code" in table.kind.columns else "",
                    f"code {row.key} already exists in the version's Turtle ({file}); to "
                    f"change it, edit {file}; to add an element, use a new code",
                )
            )
    return problems


def _merge(
    counts: TableImport,
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
            counts.added += 1
        elif before != cells:
            counts.changed += 1
        else:
            counts.unchanged += 1
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
    with the engine the build would choose (the SPARQL engine unless ``ASPEN_SHACL_ENGINE``
    says otherwise: the same findings as pyshacl in a tenth of the time)."""
    store = load_into_store(inputs)
    inputs.graphs[DERIVED_GRAPH] = derive(store, QueryCatalog(settings.sparql_dir))
    _engine, findings = validate_shapes(
        store,
        inputs.shapes,
        inputs.ontology,
        inputs.data_union,
        setting=settings.shacl_engine,
        origins=inputs.origins,
    )
    return findings


def _map_findings(
    findings: list[Finding], incoming: list[ConvertedTable], *, several: bool
) -> tuple[list[ImportProblem], list[ImportProblem]]:
    """Violations (problems) and warnings about the import, each at its row where possible.

    A finding whose focus node one of the file's rows made names that row, and the column
    the property comes from; a violation anywhere else also refuses the import (the build
    would not conform), without a row. Warnings elsewhere are not the file's business.
    """
    rows_by_node = {
        str(subject): (table, row)
        for table in incoming
        for row in table.rows
        for subject in (row.node, *row.subjects)
    }
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    for finding in findings:
        hit = rows_by_node.get(finding.focus)
        column, sheet, number = "", "", None
        if hit is not None:
            table, row = hit
            number, sheet = row.number, table.kind.name if several else ""
            column = table.kind.properties.get(finding.path or "", "")
            if column == "label_en" and (finding.shape or "").endswith("-vi"):
                column = "label_vi"  # the shape of the Vietnamese label shares rdfs:label
        where = "" if hit else f"{compress(finding.focus)}: "
        reason = where + finding.message + (f" (value {finding.value})" if finding.value else "")
        problem = ImportProblem(number, column, reason, sheet)
        if finding.severity == "Violation":
            problems.append(problem)
        elif hit is not None:
            warnings.append(problem)
    # One problem once: a node can fail several constraints of one shape with the same message.
    order = _problem_order(incoming[0].kind if incoming and not several else None)
    return sorted(set(problems), key=order), sorted(set(warnings), key=order)


def _problem_order(
    single: TableKind | None,
) -> Callable[[ImportProblem], tuple[int, bool, int, int, str]]:
    """Sheets in reading order, rows in file order, a row's columns left to right; others last.

    ``single`` is the kind of a one-table file (its problems name no sheet)."""

    def key(problem: ImportProblem) -> tuple[int, bool, int, int, str]:
        kind = TABLE_KINDS.get(problem.sheet) or single
        columns = list(kind.columns) if kind else []
        column = columns.index(problem.column) if problem.column in columns else len(columns)
        place = kind_order(kind.name) if kind else len(TABLE_KINDS)
        return (place, problem.row is None, problem.row or 0, column, problem.reason)

    return key


__all__ = [
    "ImportProblem",
    "ImportResult",
    "TableImport",
    "TargetVersion",
    "canonical_csv",
    "import_rows",
    "version_codes",
    "version_name",
]
