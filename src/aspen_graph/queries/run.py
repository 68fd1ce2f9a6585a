"""Running named queries against a store."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph

from aspen_graph.queries.bind import bind_params
from aspen_graph.queries.catalog import QueryCatalog, QuerySpec
from aspen_graph.store import GraphStore, Table

TYPES_QUERY = "system/resource-types"


def run_select(
    store: GraphStore, catalog: QueryCatalog, name: str, params: Mapping[str, str] | None = None
) -> Table:
    """Run a named SELECT query with text parameters (checked and typed first)."""
    spec = catalog.get(name)
    bindings = bind_params(
        spec,
        params or {},
        store=store,
        types_query=catalog.get(TYPES_QUERY).text,
        catalog=catalog,
    )
    return store.select(spec.text, bindings=bindings)


def run_construct(store: GraphStore, spec: QuerySpec) -> Graph:
    """Run a CONSTRUCT query with no parameters (derivation rules)."""
    return store.construct(spec.text)
