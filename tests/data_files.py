"""The repository's data files parsed once per test process: ``data/graph/sdg.ttl`` (1 MB)
takes seconds to parse, and several test modules derive their expectations from it. The graphs
are shared: tests only read them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph


@cache
def parsed(path: Path) -> Graph:
    """``path`` parsed by rdflib (its format from its extension); the same graph every call."""
    return Graph().parse(path)
