"""Questions: the catalogue of named queries, parameter binding, and running them."""

from __future__ import annotations

from aspen_graph.queries.bind import bind_params
from aspen_graph.queries.catalog import Param, QueryCatalog, QuerySpec
from aspen_graph.queries.run import run_construct, run_select

__all__ = ["Param", "QueryCatalog", "QuerySpec", "bind_params", "run_construct", "run_select"]
