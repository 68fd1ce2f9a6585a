"""What the analytics routes share: which plan, version and references a question is about,
and the error answers they document.

Parameters are read strictly (:class:`~aspen_graph.api.params.StrictQueryRoute`): unknown or
repeated ones answer 422, a malformed CURIE or language tag 422, a reference that names nothing
in the graph 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from rdflib import Literal, URIRef
from rdflib.term import Node

from aspen_graph.api.params import OptionalText
from aspen_graph.api.schemas import ErrorBody
from aspen_graph.curie import compress, expand
from aspen_graph.errors import QueryParameterError, UnknownReferenceError
from aspen_graph.queries import QueryCatalog, resolve_version
from aspen_graph.store import GraphStore

DEFAULT_PLAN = "plan:aspen-2026-2035"
TYPES_QUERY = "system/resource-types"

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The query string is not valid UTF-8."},
    404: {"model": ErrorBody, "description": "A reference names nothing in the graph."},
    422: {
        "model": ErrorBody,
        "description": "A parameter is missing, unknown, repeated, malformed, or names a "
        "thing of the wrong kind.",
    },
    503: {"model": ErrorBody, "description": "Time limit reached, or no worker free."},
}
HTML_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": response["description"],
        "content": {"application/json": {"schema": ErrorBody.model_json_schema()}},
    }
    for status, response in ERRORS.items()
}
"""The same, for a route whose own media type is HTML (errors are still JSON)."""

Plan = Annotated[
    OptionalText,
    Field(
        description="The plan whose elements count (CURIE or IRI; default: "
        "plan:aspen-2026-2035, or the plan of the version)."
    ),
]
Version = Annotated[
    OptionalText,
    Field(
        description="The plan version whose elements count (plan-version:…; default: the "
        "plan's latest)."
    ),
]


def known(store: GraphStore, catalog: QueryCatalog, name: str, text: str) -> URIRef:
    """Parameter ``name``'s CURIE or IRI, expanded (malformed → 422), naming something in the
    graph (else 404)."""
    try:
        iri = expand(text)
    except UnknownReferenceError as error:
        raise QueryParameterError(f"parameter {name!r}: {error}") from None
    if not store.select(catalog.get(TYPES_QUERY).text, bindings={"resource": iri}).rows:
        raise UnknownReferenceError(f"parameter {name!r}: {compress(iri)} names nothing here")
    return iri


def plan_version(
    store: GraphStore, catalog: QueryCatalog, plan: str | None, version: str | None
) -> tuple[str, str]:
    """(plan IRI, version IRI): the given or default plan, the given or latest version; a
    reference naming nothing is a 404, a version of another plan a 422."""
    if plan is not None or version is None:
        plan = str(known(store, catalog, "plan", plan or DEFAULT_PLAN))
    if version is not None:
        version = str(known(store, catalog, "version", version))
    found = resolve_version(store, catalog, plan=plan, version=version, default_plan=DEFAULT_PLAN)
    return str(found[0]), str(found[1])


def language_of(value: Node | None) -> str | None:
    return value.language if isinstance(value, Literal) else None


def curie_of(iri: str) -> str | None:
    curie = compress(iri)
    return curie if curie != iri else None


__all__ = [
    "DEFAULT_PLAN",
    "ERRORS",
    "HTML_ERRORS",
    "Plan",
    "Version",
    "curie_of",
    "known",
    "language_of",
    "plan_version",
]
