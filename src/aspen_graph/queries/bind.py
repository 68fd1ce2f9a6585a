"""Parameter values (text from the CLI or HTTP) → RDF terms, checked against the declaration.

Values are bound by the engine (substitutions), never pasted into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from aspen_graph.errors import QueryParameterError, UnknownReferenceError
from aspen_graph.namespaces import PREFIXES
from aspen_graph.queries.catalog import Param, QuerySpec
from aspen_graph.sources.curie import compress, expand
from aspen_graph.store import GraphStore

_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


def _term(param: Param, text: str) -> Node:
    value = text.strip()
    if param.type == "iri":
        try:
            return expand(value)
        except UnknownReferenceError as error:
            raise QueryParameterError(f"parameter {param.name!r}: {error}") from error
    if param.type == "integer":
        try:
            return Literal(int(value), datatype=XSD.integer)
        except ValueError:
            raise QueryParameterError(
                f"parameter {param.name!r}: {value!r} is not a whole number"
            ) from None
    if param.type == "decimal":
        try:
            return Literal(Decimal(value), datatype=XSD.decimal)
        except InvalidOperation:
            raise QueryParameterError(
                f"parameter {param.name!r}: {value!r} is not a number"
            ) from None
    if param.type == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise QueryParameterError(
                f"parameter {param.name!r}: {value!r} is not a date (YYYY-MM-DD)"
            ) from None
        return Literal(value, datatype=XSD.date)
    if param.type == "language":
        if not _LANGUAGE.match(value):
            raise QueryParameterError(f"parameter {param.name!r}: {value!r} is not a language tag")
        return Literal(value.lower())
    return Literal(value)


def _expand_class(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def check_types(store: GraphStore, types_query: str, param: Param, iri: URIRef) -> None:
    """Raise :class:`QueryParameterError` when ``iri`` is unknown or not of a declared class."""
    found = {row[1] for row in store.select(types_query, bindings={"resource": iri}).rows}
    if not found:
        raise QueryParameterError(
            f"parameter {param.name!r}: {compress(iri)} names nothing in the graph"
        )
    wanted = {_expand_class(curie) for curie in param.classes}
    if wanted and not wanted & found:
        raise QueryParameterError(
            f"parameter {param.name!r}: {compress(iri)} is not a {' or '.join(param.classes)}"
        )


def bind_params(
    spec: QuerySpec,
    values: Mapping[str, str],
    *,
    store: GraphStore | None = None,
    types_query: str | None = None,
) -> dict[str, Node]:
    """Typed, checked bindings for ``spec`` from text values; defaults fill the gaps.

    With a ``store``, iri values must name something in it (of the declared class).
    """
    unknown = sorted(set(values) - {p.name for p in spec.params})
    if unknown:
        allowed = ", ".join(p.name for p in spec.params) or "none"
        raise QueryParameterError(
            f"query {spec.name!r} has no parameter {', '.join(unknown)} (parameters: {allowed})"
        )
    bindings: dict[str, Node] = {}
    for param in spec.params:
        text = values.get(param.name)
        if text is None or text == "":
            if param.required:
                raise QueryParameterError(f"query {spec.name!r} needs parameter {param.name!r}")
            if param.default is None:
                continue
            text = param.default
        term = _term(param, text)
        if param.type == "iri" and store is not None and types_query is not None:
            check_types(store, types_query, param, term)  # type: ignore[arg-type]
        bindings[param.name] = term
    return bindings
