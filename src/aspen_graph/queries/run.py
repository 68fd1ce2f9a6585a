"""Running named queries against a store."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from rdflib import Graph

from aspen_graph.errors import AspenError
from aspen_graph.queries.bind import bind_params
from aspen_graph.queries.catalog import QueryCatalog, QuerySpec
from aspen_graph.store import GraphStore, Table

TYPES_QUERY = "system/resource-types"
log = logging.getLogger(__name__)


@contextmanager
def naming_failures(name: str, params: Mapping[str, str] | None = None) -> Iterator[None]:
    """Log the name and parameters of a query the store failed on, and let the error go on.

    The store's error says what went wrong (a timeout, the store's SQL/SPARQL message), not
    which of a page's queries it was; the server's log says which (the user's page does not).
    """
    try:
        yield
    except AspenError as error:
        log.warning("query %s %s failed: %s", name, dict(params or {}), error)
        raise


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
    with naming_failures(name, params):
        return store.select(spec.text, bindings=bindings)


def run_construct(store: GraphStore, spec: QuerySpec) -> Graph:
    """Run a CONSTRUCT query with no parameters (derivation rules)."""
    return store.construct(spec.text)
