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

from dataclasses import replace
from pathlib import Path

from rdflib import Graph, URIRef

from aspen_graph.config import Settings
from aspen_graph.curie import compress
from aspen_graph.errors import DataLoadError, TableError
from aspen_graph.pipeline.build import derive, load_into_store
from aspen_graph.pipeline.import_merge import defined_in_turtle, merge_rows, relative
from aspen_graph.pipeline.import_result import (
    ImportProblem,
    ImportResult,
    ReviewSummary,
    TableImport,
    map_findings,
)
from aspen_graph.pipeline.import_review import (
    ReviewRows,
    check_reviewer,
    convert_review,
    pair,
    rejections_file,
)
from aspen_graph.pipeline.import_target import settings_for, target_version, version_name
from aspen_graph.pipeline.inputs import DERIVED_GRAPH, BuildInputs, gather_inputs, version_graph
from aspen_graph.pipeline.qc import TRIPLE_IN_TWO_GRAPHS, qc_findings
from aspen_graph.queries import QueryCatalog
from aspen_graph.sources import (
    ALIGNMENT_REVIEW,
    ALIGNMENTS,
    CODE,
    REJECTED_FILE,
    ConvertedTable,
    TableRows,
    VersionContext,
    convert_table,
    exclusive,
    fingerprint,
    folder_tables,
    kind_order,
    parse_csv,
    read_tables,
    read_turtle,
    recover_folder,
    register,
    replace_files,
    typed_subjects,
    version_context,
)
from aspen_graph.validation import Finding, validate_shapes


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
    reviewer: str | None = None,
) -> ImportResult:
    """Import the rows of ``path`` into ``version``; see the module docstring.

    A workbook may hold several kinds, one sheet each (named after the kind); they are
    imported together, all or none. A review file (kind ``alignment-review``) goes into the
    version's alignments and its record of rejected suggestions
    (:mod:`~aspen_graph.pipeline.import_review`); ``reviewer`` asserts the rows that name no
    one. Broken input (unreadable file, unknown kind or version, missing columns) raises
    :class:`DataLoadError`; bad rows and SHACL violations are listed in the result, and then
    nothing is written.
    """
    check_reviewer(reviewer)
    incoming_rows = sorted(read_tables(path, kind), key=lambda rows: kind_order(_into(rows)))
    if reviewer is not None and not any(r.kind is ALIGNMENT_REVIEW for r in incoming_rows):
        raise DataLoadError("--reviewer is for a review file (a table with a decision column)")
    names = [_into(rows) for rows in incoming_rows]
    if len(set(names)) < len(names):
        raise DataLoadError(
            "the workbook holds alignments twice (an alignments sheet and a review): "
            "import them one at a time",
            path=str(path),
        )
    name = version_name(version)
    settings = settings_for(settings, name)
    if not settings.data_dir.is_dir():
        raise DataLoadError("no data folder", path=str(settings.data_dir))
    with exclusive(settings.data_dir):
        for parent in (settings.versions_dir, settings.examples_dir):
            recover_folder(parent / name)
        return _import_locked(settings, name, incoming_rows, dry_run=dry_run, reviewer=reviewer)


def _into(rows: TableRows) -> str:
    """The kind of the version's table that ``rows`` go into (a review → ``alignments``)."""
    return ALIGNMENTS.name if rows.kind is ALIGNMENT_REVIEW else rows.kind.name


def _import_locked(
    settings: Settings,
    name: str,
    incoming_rows: list[TableRows],
    *,
    dry_run: bool,
    reviewer: str | None,
) -> ImportResult:
    several = len(incoming_rows) > 1
    inputs = gather_inputs(settings)
    target = target_version(settings, inputs, name)
    read = fingerprint(target.folder)
    graph_iri = version_graph(name, example=target.example)
    result = ImportResult(compress(str(target.iri)), dry_run=dry_run)
    for rows in incoming_rows:
        result.tables.append(TableImport(_into(rows), target.folder / f"{_into(rows)}.csv"))
        if rows.kind is ALIGNMENT_REVIEW:
            result.review = ReviewSummary(target.folder / REJECTED_FILE)
    review: ReviewRows | None = None

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

    by_kind = {_into(rows): rows for rows in incoming_rows}
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
            rows = by_kind[kind_name]
            try:
                if result.review is not None and rows.kind is ALIGNMENT_REVIEW:
                    review = convert_review(
                        rows,
                        result.review,
                        seen,
                        context,
                        reviewer=reviewer,
                        existing=sources.get(kind_name),
                    )
                    rows = review.alignments
                mine = convert_table(rows, seen, context)
            except TableError as error:
                # Keep going: the other sheets' problems are listed too.
                result.problems += _problems(error, kind_name if several else "")
                continue
            taken = defined_in_turtle(mine, written_in, settings.root)
            if taken:
                result.problems += [replace(p, sheet=kind_name if several else "") for p in taken]
                continue
            incoming.append(mine)
            counts[kind_name].rows = len(mine.rows)
            existing = sources.get(kind_name)
            merged[kind_name] = merge_rows(counts[kind_name], existing, mine, seen, context)
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
    if result.problems:
        return result  # bad rows: nothing more to learn
    files: dict[str, bytes] = {}
    if review is not None and result.review is not None:
        tables = [table for table in converted if table.kind is ALIGNMENTS]
        aligned = {pair(row.cells) for table in tables for row in table.rows}
        rejected = rejections_file(target.folder, review, aligned, result.review)
        if rejected is not None:
            files[REJECTED_FILE] = rejected
    if not (result.added or result.changed):
        # No row added or changed: every row is already there as it is, so nothing to
        # validate, and nothing to write but the record of rejections.
        return _write(result, target.folder, files, read=read)

    version_data = base
    for current in converted:
        version_data += current.graph
        origin = relative(Path(current.where), settings.root)
        for subject in current.graph.subjects():
            inputs.origins[subject] = origin
    inputs.graphs[graph_iri] = version_data
    findings = _validate(settings, inputs)
    result.problems, result.warnings = map_findings(findings, incoming, several=several)
    if result.problems:
        return result
    for table in result.tables:
        data = merged[table.kind].encode("utf-8")
        if table.rows and (not table.target.is_file() or table.target.read_bytes() != data):
            files[table.target.name] = data
            table.written = True
    return _write(result, target.folder, files, read=read)


def _write(
    result: ImportResult, folder: Path, files: dict[str, bytes], *, read: str
) -> ImportResult:
    """Write the changed files of the version folder in one step (nothing on a dry run)."""
    if result.dry_run:
        for table in result.tables:
            table.written = False
        return result
    if result.review is not None:
        result.review.written = REJECTED_FILE in files
    if files:
        replace_files(folder, files, read=read)
    return result


def _validate(settings: Settings, inputs: BuildInputs) -> list[Finding]:
    """SHACL over everything, after the build's derivation rules (some shapes need them),
    with the engine the build would choose (the SPARQL engine unless ``ASPEN_SHACL_ENGINE``
    says otherwise: the same findings as pyshacl in a tenth of the time); then the build's QC
    query that keeps each triple in one graph, so that an import does not write what the
    build refuses for it (a challenge-relevance row already in another graph's table: its
    node's triples in two graphs, counted twice by the union default graph)."""
    store = load_into_store(inputs)
    catalog = QueryCatalog(settings.sparql_dir)
    inputs.graphs[DERIVED_GRAPH] = derive(store, catalog)
    _engine, findings = validate_shapes(
        store,
        inputs.shapes,
        inputs.ontology,
        inputs.data_union,
        setting=settings.shacl_engine,
        origins=inputs.origins,
    )
    twice = qc_findings(store, catalog, origins=inputs.origins, only={TRIPLE_IN_TWO_GRAPHS})
    return [*findings, *twice]


__all__ = ["import_rows"]
