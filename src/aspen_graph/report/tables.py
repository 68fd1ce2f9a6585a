"""Turning query runs into the report's tables, grids and flows (selection and layout only).

Nothing here computes a number: cells show query values as they are (formatted for reading),
tables select or pivot query rows, and charts draw the same values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import URIRef
from rdflib.term import Node

from aspen_graph.curie import compress
from aspen_graph.model import TargetOrder, target_order
from aspen_graph.report.data import QueryRun, language_of, lexical
from aspen_graph.report.document import Cell, Column, Flow, Grid, TableView
from aspen_graph.report.text import Words

FALLBACK_MARKER = "EN"
"""Shown next to English text that stands in for the language asked for."""

Record = dict[str, Node | None]
Order = TargetOrder
"""A row's place in a table sorted by :func:`gap_order`."""


def gap_order(record: Record) -> Order:
    """Gaps by framework, then in natural code order (SDG 7.3 < 7.a < 13.1, GBF-TARGET-09 <
    GBF-TARGET-23): the query sorts by IRI, where 13.b comes before 7.a and 23 before 9."""
    return target_order(lexical(record.get("framework")), lexical(record.get("code")))


@dataclass(frozen=True, slots=True)
class Col:
    """How to show one query column: its name, the heading's word key, and a format.

    Formats: ``text`` (labels, marked when a fallback), ``int``, ``score`` (signed),
    ``ratio`` (percentage), ``decimal``, ``bool``, ``code`` (IRIs and codes), ``iris`` (a
    `` ; ``-separated list of IRIs, shown as CURIEs), ``kind`` (a class name, in words).
    """

    name: str
    heading: str
    fmt: str = "text"
    empty: str = ""
    """Word key of the text shown when the query leaves the value unbound."""
    link: str = ""
    """The query column holding the IRI of the thing the value names (its cell links there)."""


def is_fallback(value: Node | None, lang: str) -> bool:
    """True for a literal whose language is not the one asked for.

    >>> from rdflib import Literal
    >>> is_fallback(Literal("pollution", lang="en"), "vi"), is_fallback(Literal("x"), "vi")
    (True, False)
    """
    tag = language_of(value)
    if not tag:
        return False
    return tag.split("-")[0].lower() != lang.split("-")[0].lower()


def iri_of(value: Node | None) -> str:
    """The IRI a query value names, ``""`` for a literal or nothing."""
    return str(value) if isinstance(value, URIRef) else ""


def make_cell(
    words: Words, value: Node | None, fmt: str, row: int, column: str, iri: str = ""
) -> Cell:
    """The cell showing ``value`` (query row ``row``, column ``column``) in format ``fmt``,
    naming ``iri`` (a link) if given."""
    raw = lexical(value)
    numeric = fmt in ("int", "score", "ratio", "decimal")
    if value is None:
        text = ""
    elif fmt == "ratio":
        text = words.percent(raw)
    elif fmt == "decimal":
        text = words.number(raw)
    elif fmt == "score":
        text = f"{int(raw):+d}" if raw.lstrip("-").isdigit() and raw != "0" else raw
    elif fmt == "bool":
        text = words("yes") if raw in ("true", "1") else words("no")
    elif fmt == "kind":
        text = words(raw) if raw else raw
    elif fmt == "iris":
        text = " ; ".join(compress(part) for part in raw.split(" ; "))
    else:
        text = raw
    return Cell(
        text=text,
        row=row,
        column=column,
        value=raw,
        fallback=fmt == "text" and is_fallback(value, words.lang),
        numeric=numeric,
        code=fmt in ("code", "iris"),
        iri=iri if value is not None else "",
    )


def _shown(words: Words, record: Record, col: Col, row: int) -> Cell:
    value = record[col.name]
    cell = make_cell(words, value, col.fmt, row, col.name, iri_of(record.get(col.link)))
    if value is None and col.empty:
        return Cell(text=words(col.empty), row=row, column=col.name, numeric=cell.numeric)
    return cell


def select_table(
    key: str,
    caption: str,
    run: QueryRun,
    cols: Sequence[Col],
    words: Words,
    *,
    where: Callable[[Record], bool] | None = None,
    note: str = "",
    heading: Cell | None = None,
    collapsed: bool = False,
    order: Callable[[Record], Order] | None = None,
) -> TableView:
    """A table of the rows of ``run`` (those ``where`` accepts, sorted by ``order`` if given,
    else in the answer's order), showing ``cols``."""
    records = run.records()
    indices = tuple(i for i, r in enumerate(records) if where is None or where(r))
    if order is not None:
        indices = tuple(sorted(indices, key=lambda i: order(records[i])))
    rows = tuple(tuple(_shown(words, records[i], c, i) for c in cols) for i in indices)
    columns = tuple(
        Column(c.name, words(c.heading), numeric=c.fmt in ("int", "score", "ratio", "decimal"))
        for c in cols
    )
    return TableView(
        key=key,
        caption=caption,
        run=run,
        columns=columns,
        rows=rows,
        indices=indices,
        note=note,
        heading=heading,
        collapsed=collapsed,
    )


def _positions(
    records: list[Record], row_col: str, col_col: str
) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    rows: dict[str, None] = {}
    cols: dict[str, None] = {}
    where: dict[tuple[str, str], int] = {}
    for index, record in enumerate(records):
        r, c = lexical(record[row_col]), lexical(record[col_col])
        rows.setdefault(r)
        cols.setdefault(c)
        where[(r, c)] = index
    return list(rows), list(cols), where


def chart_label(words: Words, value: Node | None) -> str:
    """A label for a chart, with the fallback marker when English stands in."""
    text = lexical(value)
    return f"{text} ({FALLBACK_MARKER})" if is_fallback(value, words.lang) else text


@dataclass(frozen=True, slots=True)
class PivotSpec:
    """Which query columns make a pivot's rows, columns and values."""

    row: str
    row_label: str
    column: str
    column_heading: Callable[[Record], str]
    """The short heading of a pivot column (a code), from the column's first record."""
    column_title: str
    value: str
    chart_column: Callable[[Record], str]
    """The heatmap's label of a column."""


def pivot_table(
    key: str, caption: str, run: QueryRun, spec: PivotSpec, words: Words
) -> tuple[TableView, Grid]:
    """A pivot of ``run`` (one row per element, one column per target) and the same as a grid."""
    records = run.records()
    row_keys, col_keys, where = _positions(records, spec.row, spec.column)
    firsts = {k: where[(k, col_keys[0])] for k in row_keys} if col_keys else {}
    column_records = [records[where[(row_keys[0], c)]] for c in col_keys] if row_keys else []
    headings = tuple(
        Column(
            spec.value,
            spec.column_heading(r),
            numeric=True,
            title=lexical(r[spec.column_title]),
            iri=iri_of(r[spec.column]),
        )
        for r in column_records
    )
    columns = (Column(spec.row_label, words("c_element")), *headings)
    rows = []
    values = []
    for k in row_keys:
        first = records[firsts[k]]
        label = make_cell(
            words, first[spec.row_label], "text", firsts[k], spec.row_label, iri_of(first[spec.row])
        )
        cells = [
            make_cell(words, records[where[(k, c)]][spec.value], "int", where[(k, c)], spec.value)
            for c in col_keys
        ]
        rows.append((label, *cells))
        values.append(tuple(int(cell.value or 0) for cell in cells))
    table = TableView(
        key=key,
        caption=caption,
        run=run,
        columns=columns,
        rows=tuple(rows),
        indices=tuple(range(len(records))),
        pivot=True,
        collapsed=True,
    )
    grid = Grid(
        rows=tuple(chart_label(words, records[firsts[k]][spec.row_label]) for k in row_keys),
        row_groups=tuple(words(lexical(records[firsts[k]]["kind"])) for k in row_keys),
        columns=tuple(spec.chart_column(r) for r in column_records),
        values=tuple(values),
        row_keys=tuple(row_keys),
        column_keys=tuple(col_keys),
    )
    return table, grid


def flow_paths(run: QueryRun, words: Words) -> Flow:
    """The paths of the challenge-flow query with their weights (paths of weight 0 left out)."""
    stages = ("challenge", "goal", "priority", "sdg_goal")
    paths: list[tuple[tuple[str, str, str, str], int]] = []
    labels: dict[str, str] = {}
    for record in run.records():
        weight = int(lexical(record["targets_reached"]) or 0)
        if weight == 0 or record["sdg_goal"] is None:
            continue
        keys = (
            lexical(record["challenge"]),
            lexical(record["goal"]),
            lexical(record["priority"]),
            lexical(record["sdg_goal"]),
        )
        for stage, key in zip(stages[:3], keys[:3], strict=True):
            labels[key] = chart_label(words, record[f"{stage}_label"])
        labels[keys[3]] = (
            f"SDG {lexical(record['sdg_code'])} {chart_label(words, record['sdg_label'])}"
        )
        paths.append((keys, weight))
    return Flow(
        stages=(
            words("flow_challenge"),
            words("flow_goal"),
            words("flow_priority"),
            words("flow_sdg"),
        ),
        paths=tuple(paths),
        labels=labels,
    )


def below(column: str, threshold: Decimal) -> Callable[[Record], bool]:
    """Accept the records whose ``column`` is a number below ``threshold``."""

    def accept(record: Record) -> bool:
        try:
            return record[column] is not None and Decimal(lexical(record[column])) < threshold
        except InvalidOperation:
            return False

    return accept


def is_false(column: str) -> Callable[[Record], bool]:
    """Accept the records whose boolean ``column`` is false."""
    return lambda record: lexical(record[column]) in ("false", "0")


def equals(column: str, value: str) -> Callable[[Record], bool]:
    """Accept the records whose ``column`` shows ``value``."""
    return lambda record: lexical(record[column]) == value


__all__ = [
    "FALLBACK_MARKER",
    "Col",
    "Order",
    "PivotSpec",
    "below",
    "chart_label",
    "equals",
    "flow_paths",
    "gap_order",
    "iri_of",
    "is_fallback",
    "is_false",
    "make_cell",
    "pivot_table",
    "select_table",
]
