"""The store contract: what every backend (embedded, remote) offers the layers above.

Code above the store works with rdflib terms and :class:`Table` results; it never sees the
engine's own types, so a remote SPARQL store can stand in for the embedded one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Node


@dataclass(frozen=True, slots=True)
class Table:
    """The answer to a SELECT query: column names and rows of rdflib terms (``None`` = unbound)."""

    columns: tuple[str, ...]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Node | None]]:
        """Rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Node | None]:
        """All values of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


Bindings = Mapping[str, Node]
"""Values for query variables, bound by the engine (never pasted into the query text)."""


@runtime_checkable
class GraphStore(Protocol):
    """A quad store answering SPARQL 1.1 queries over the union of its named graphs."""

    def select(self, query: str, *, bindings: Bindings | None = None) -> Table:
        """Run a SELECT query."""
        ...

    def ask(self, query: str, *, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str, *, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace one named graph's content in one step."""
        ...

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph."""
        ...

    def __len__(self) -> int:
        """Total number of quads."""
        ...

    def close(self) -> None:
        """Release the store's resources."""
        ...


__all__ = ["Bindings", "GraphStore", "Table"]
