"""Reading the graph's inputs (Turtle files, analyst tables, spreadsheets, reference CSVs) into
rdflib graphs, and writing version folders safely.

This is the package's public surface: the layers above import these names from here, never
from its modules. The names resolve on first use (PEP 562): importing the package costs
nothing, so a command or page that needs one helper (``safe_cell``) does not load openpyxl or
the table converters.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aspen_graph.sources.canonical import (
        has_blank_nodes,
        ordered_copy,
        sorted_jsonld,
        stable_blank_nodes,
    )
    from aspen_graph.sources.cells import safe_cell
    from aspen_graph.sources.folders import (
        exchange,
        exclusive,
        fingerprint,
        read_text,
        recover_folder,
        replace_files,
    )
    from aspen_graph.sources.reference import write_reference_graphs
    from aspen_graph.sources.spreadsheet import (
        SUFFIXES,
        describe_columns,
        read_tables,
        template_kinds,
        write_template,
    )
    from aspen_graph.sources.tables.context import (
        folder_tables,
        read_folder_tables,
        register,
        typed_subjects,
        version_context,
    )
    from aspen_graph.sources.tables.converters.claims import alignment_key
    from aspen_graph.sources.tables.converters.review import as_alignment
    from aspen_graph.sources.tables.engine import (
        ConvertedTable,
        TableRows,
        check_header,
        convert_table,
        parse_csv,
        read_table,
    )
    from aspen_graph.sources.tables.kinds import (
        ALIGNMENT_REVIEW,
        ALIGNMENTS,
        FILE_KINDS,
        TABLE_KINDS,
        file_kind,
        kind_order,
        table_kind,
    )
    from aspen_graph.sources.tables.model import CODE, RowError, TableKind, VersionContext
    from aspen_graph.sources.tables.parsers import agent
    from aspen_graph.sources.tables.rejections import (
        REJECTED_COLUMNS,
        REJECTED_FILE,
        Rejection,
        read_rejections,
        rejections_csv,
    )
    from aspen_graph.sources.turtle import read_turtle


_HOMES: dict[str, str] = {
    "REJECTED_COLUMNS": "tables.rejections",
    "ALIGNMENTS": "tables.kinds",
    "ALIGNMENT_REVIEW": "tables.kinds",
    "FILE_KINDS": "tables.kinds",
    "REJECTED_FILE": "tables.rejections",
    "Rejection": "tables.rejections",
    "RowError": "tables.model",
    "SUFFIXES": "spreadsheet",
    "agent": "tables.parsers",
    "alignment_key": "tables.converters.claims",
    "as_alignment": "tables.converters.review",
    "check_header": "tables.engine",
    "file_kind": "tables.kinds",
    "read_rejections": "tables.rejections",
    "read_text": "folders",
    "rejections_csv": "tables.rejections",
    "has_blank_nodes": "canonical",
    "ordered_copy": "canonical",
    "sorted_jsonld": "canonical",
    "stable_blank_nodes": "canonical",
    "safe_cell": "cells",
    "exchange": "folders",
    "exclusive": "folders",
    "fingerprint": "folders",
    "recover_folder": "folders",
    "replace_files": "folders",
    "write_reference_graphs": "reference",
    "describe_columns": "spreadsheet",
    "read_tables": "spreadsheet",
    "template_kinds": "spreadsheet",
    "write_template": "spreadsheet",
    "folder_tables": "tables.context",
    "read_folder_tables": "tables.context",
    "register": "tables.context",
    "typed_subjects": "tables.context",
    "version_context": "tables.context",
    "ConvertedTable": "tables.engine",
    "TableRows": "tables.engine",
    "convert_table": "tables.engine",
    "parse_csv": "tables.engine",
    "read_table": "tables.engine",
    "TABLE_KINDS": "tables.kinds",
    "kind_order": "tables.kinds",
    "table_kind": "tables.kinds",
    "CODE": "tables.model",
    "TableKind": "tables.model",
    "VersionContext": "tables.model",
    "read_turtle": "turtle",
}
"""Each public name → the module (under this package) that defines it."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


__all__ = [
    "ALIGNMENTS",
    "ALIGNMENT_REVIEW",
    "CODE",
    "FILE_KINDS",
    "REJECTED_COLUMNS",
    "REJECTED_FILE",
    "SUFFIXES",
    "TABLE_KINDS",
    "ConvertedTable",
    "Rejection",
    "RowError",
    "TableKind",
    "TableRows",
    "VersionContext",
    "agent",
    "alignment_key",
    "as_alignment",
    "check_header",
    "convert_table",
    "describe_columns",
    "exchange",
    "exclusive",
    "file_kind",
    "fingerprint",
    "folder_tables",
    "has_blank_nodes",
    "kind_order",
    "ordered_copy",
    "parse_csv",
    "read_folder_tables",
    "read_rejections",
    "read_table",
    "read_tables",
    "read_text",
    "read_turtle",
    "recover_folder",
    "register",
    "rejections_csv",
    "replace_files",
    "safe_cell",
    "sorted_jsonld",
    "stable_blank_nodes",
    "table_kind",
    "template_kinds",
    "typed_subjects",
    "version_context",
    "write_reference_graphs",
    "write_template",
]
