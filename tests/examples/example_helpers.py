"""Shared helpers of the example-dataset tests: query rows as short strings, example IRIs."""

from __future__ import annotations

from rdflib import URIRef

from aspen_graph.curie import compress
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore

ID = "https://w3id.org/aspen/id/"
PLAN = "plan:example-plan"
DRAFT_1 = "plan-version:example-plan-draft-1"
DRAFT_2 = "plan-version:example-plan-draft-2"
EVENT = "event:example-plan-consultation-1"
EXAMPLE_GRAPHS = "https://w3id.org/aspen/graph/example/"
PREFIXES = """
PREFIX aspen: <https://w3id.org/aspen/ont/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def short(term: object) -> str | None:
    """An IRI as its CURIE, a literal as its text, unbound as None."""
    if term is None:
        return None
    return compress(str(term)) if isinstance(term, URIRef) else str(term)


def rows(
    store: GraphStore, catalog: QueryCatalog, name: str, columns: tuple[str, ...], **params: str
) -> list[tuple[str | None, ...]]:
    """The named query's rows, in its order, as tuples of the given columns."""
    table = run_select(store, catalog, name, params)
    return [tuple(short(record[c]) for c in columns) for record in table.records()]


def select(store: GraphStore, query: str) -> list[tuple[str | None, ...]]:
    """Rows of an ad-hoc SELECT (with the prefixes above), as short strings."""
    table = store.select(PREFIXES + query)
    return [tuple(short(term) for term in row) for row in table.rows]


def violations(store: GraphStore, catalog: QueryCatalog, name: str) -> list[str]:
    """The nodes the QC query ``sparql/qc/NAME.rq`` reports (the build runs it too)."""
    return [str(row[0]) for row in store.select(catalog.get(f"qc/{name}").text).rows]
