"""The machine suggestion an alignment was made from, as PROV: the optional provenance columns
of an alignments table (``method``, ``method_version``, ``suggested_score``, ``suggested_at``,
``review``), filled when the row came from an accepted or edited row of a review file.

The alignment is ``prov:wasDerivedFrom`` (accepted as proposed) or ``prov:wasRevisionOf``
(edited by the reviewer) an ``aspen:AlignmentSuggestion``, which ``prov:wasGeneratedBy`` an
``aspen:SuggestionActivity``: the run of the method, named by its ``aspen:suggestionMethod``
and ``aspen:methodVersion`` (``docs/import.md``, "The review loop").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from aspen_graph.namespaces import ASPEN, ASPENID
from aspen_graph.sources.tables import parsers as cell
from aspen_graph.sources.tables.model import Row, RowError

SUGGESTION_COLUMNS = {
    "method": "the machine method that proposed the alignment (aspen-suggest); empty when "
    "a person found it",
    "method_version": "the version of that method (1); with method",
    "suggested_score": "the score the method gave the candidate (a number)",
    "suggested_at": "the date the method proposed it, YYYY-MM-DD",
    "review": "what the reviewer did: accept (as proposed) or edit (changed before accepting)",
}
"""The provenance columns an alignments table may add (``TableKind.extra_columns``)."""
REVIEWS = ("accept", "edit")
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


def _token(row: Row, column: str) -> str:
    text = cell.required(row, column)
    if not _TOKEN.match(text):
        raise RowError(column, f"{text!r} is not a name (letters, digits, '.', '_', '+', '-')")
    return text


def _score(row: Row) -> Literal | None:
    text = (row.get("suggested_score") or "").strip()
    if not text:
        return None
    return Literal(cell.decimal(text, "suggested_score"), datatype=XSD.decimal)


def _date(row: Row) -> Literal | None:
    return cell.iso_date(row, "suggested_at") if (row.get("suggested_at") or "").strip() else None


def suggestion_steps(row: Row) -> dict[str, Callable[[], object]]:
    """The cell checks of the provenance columns, none when every one of them is empty."""
    if not any((row.get(column) or "").strip() for column in SUGGESTION_COLUMNS):
        return {}
    return {
        "method": lambda: _token(row, "method"),
        "method_version": lambda: _token(row, "method_version"),
        "suggested_score": lambda: _score(row),
        "suggested_at": lambda: _date(row),
        "review": lambda: cell.choice(row, "review", REVIEWS),
    }


def add_suggestion(graph: Graph, node: URIRef, key: str, label: str, v: dict[str, Any]) -> None:
    """The suggestion ``node`` (an alignment with ``key``) came from, and its activity; nothing
    when the row has no provenance columns (``v`` holds no ``method``)."""
    if "method" not in v:
        return
    suggestion = ASPENID[f"suggestion/{key}"]
    run = f"{v['method']}-{v['method_version']}"
    when = v["suggested_at"]
    activity = ASPENID[f"suggestion-activity/{run}" + (f"-{when}" if when is not None else "")]
    derived = PROV.wasRevisionOf if v["review"] == "edit" else PROV.wasDerivedFrom
    graph.add((node, derived, suggestion))
    graph.add((suggestion, RDF.type, ASPEN.AlignmentSuggestion))
    graph.add((suggestion, RDFS.label, Literal(f"machine suggestion: {label}", lang="en")))
    graph.add((suggestion, PROV.wasGeneratedBy, activity))
    if v["suggested_score"] is not None:
        graph.add((suggestion, ASPEN.suggestionScore, v["suggested_score"]))
    if when is not None:
        graph.add((suggestion, PROV.generatedAtTime, when))
    name = f"{v['method']} {v['method_version']}" + (f", {when}" if when is not None else "")
    graph.add((activity, RDF.type, ASPEN.SuggestionActivity))
    graph.add((activity, RDFS.label, Literal(f"suggestion run: {name}", lang="en")))
    graph.add((activity, ASPEN.suggestionMethod, Literal(v["method"])))
    graph.add((activity, ASPEN.methodVersion, Literal(v["method_version"])))


__all__ = ["REVIEWS", "SUGGESTION_COLUMNS", "add_suggestion", "suggestion_steps"]
