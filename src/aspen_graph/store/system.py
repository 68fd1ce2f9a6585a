"""The few queries the store layer runs itself, read from ``sparql/system/`` like all others."""

from __future__ import annotations

from functools import lru_cache

from aspen_graph.config import get_settings
from aspen_graph.store.types import Table

GRAPH_SIZES = "graph-sizes.rq"
UNION_TRIPLES = "union-triples.rq"


@lru_cache(maxsize=4)
def system_query(name: str) -> str:
    """The text of ``sparql/system/<name>``.

    >>> "GRAPH ?graph" in system_query(GRAPH_SIZES)
    True
    """
    return (get_settings().sparql_dir / "system" / name).read_text(encoding="utf-8")


def sizes_of(table: Table) -> dict[str, int]:
    """Triples per named graph from the rows of ``graph-sizes.rq``."""
    return {str(graph): int(str(count)) for graph, count in table.rows}
