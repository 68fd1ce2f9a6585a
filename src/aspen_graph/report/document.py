"""The report as a document: sections of tables and figures, each tied to the query run it shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from aspen_graph.report.data import QueryRun, ReportData


@dataclass(frozen=True, slots=True)
class Cell:
    """One shown value: its text, and the query row and column it comes from.

    ``value`` is the lexical form of the query's value (IRIs as CURIEs, ``""`` when unbound);
    ``fallback`` is true when English text stands in for the language asked for; ``iri`` is
    the thing the cell names (a link to its page), ``""`` for none.
    """

    text: str
    row: int | None = None
    column: str | None = None
    value: str = ""
    fallback: bool = False
    numeric: bool = False
    code: bool = False
    iri: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    """A column heading; ``name`` is the query column it shows (``""`` for a pivot's key)."""

    name: str
    heading: str
    numeric: bool = False
    title: str = ""
    iri: str = ""
    """The thing a pivot column stands for (a link to its page), ``""`` for none."""


@dataclass(frozen=True, slots=True)
class TableView:
    """A table of the report: a selection (or a pivot) of one query run's rows.

    ``indices`` are the query rows the table is made of (the CSV file holds exactly those).
    The first cell of each row is its row header. ``heading`` (a label from the graph) is
    shown above the table; ``pivot`` tables spread one query row over each cell.
    """

    key: str
    caption: str
    run: QueryRun
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    indices: tuple[int, ...]
    note: str = ""
    heading: Cell | None = None
    pivot: bool = False
    collapsed: bool = False


@dataclass(frozen=True, slots=True)
class Bars:
    """What the bar chart draws: one bar per label (reached out of relevant)."""

    labels: tuple[str, ...]
    reached: tuple[int, ...]
    relevant: tuple[int, ...]
    ratios: tuple[float, ...]
    keys: tuple[str, ...] = ()
    """The IRI of the thing each bar stands for (its link)."""


@dataclass(frozen=True, slots=True)
class Grid:
    """What a heatmap draws: ``values[i][j]`` for row ``rows[i]`` and column ``columns[j]``."""

    rows: tuple[str, ...]
    row_groups: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    row_keys: tuple[str, ...] = ()
    column_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Flow:
    """What the flow diagram draws: paths through four stages, each with a weight."""

    stages: tuple[str, str, str, str]
    paths: tuple[tuple[tuple[str, str, str, str], int], ...]
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart: the SVG, its caption and alt text, what it draws and the query it comes from.

    The SVG's links point at the IRIs of the things drawn (a renderer turns them into the
    links of its frame); ``draw`` draws the chart again in another format (``png`` for the
    Markdown report)."""

    key: str
    caption: str
    alt: str
    svg: str
    run: QueryRun
    drawn: Bars | Grid | Flow
    draw: Callable[[str], bytes] = field(compare=False, repr=False)
    wide: bool = False
    """Drawn wider than a phone: shown in a region that scrolls sideways."""

    @property
    def png(self) -> bytes:
        return self.draw("png")


@dataclass(frozen=True, slots=True)
class Section:
    """A section of the report with its blocks in reading order."""

    key: str
    heading: str
    intro: str
    blocks: tuple[TableView | Figure, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """The whole report: words already in the asked language, numbers straight from queries."""

    lang: str
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    data: ReportData

    def tables(self) -> list[TableView]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, TableView)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]


__all__ = ["Bars", "Cell", "Column", "Figure", "Flow", "Grid", "Report", "Section", "TableView"]
