"""``/queries``: the catalogue of named questions (``sparql/api/*.rq``), one operation each.

Every catalogue query gets its own route and OpenAPI operation at app creation, with its
parameters typed from the ``#+ param:`` header. Values are checked and bound by
:func:`aspen_graph.queries.bind_params` (through ``run_select``), so a wrong code answers 422
with the reason, never an empty result.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from aspen_graph.api.cache import CACHE_CONTROL, CachedAnswer, etag_matches, make_etag
from aspen_graph.api.deps import CatalogDep, StoreDep, app_state
from aspen_graph.api.negotiation import TABLES, content_type, negotiate
from aspen_graph.api.protocol import query_params
from aspen_graph.api.schemas import ParameterInfo, QueryInfo, QueryList, QueryResult
from aspen_graph.curie import compress
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import Param, QueryCatalog, QuerySpec, run_select
from aspen_graph.sources import safe_cell
from aspen_graph.store import Table

GROUP = "api"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "language": {"type": "string", "pattern": "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"},
}


def cell(value: Node) -> dict[str, str]:
    """One value as the JSON the API returns.

    >>> cell(URIRef("http://metadata.un.org/sdg/14.1"))
    {'type': 'uri', 'value': 'http://metadata.un.org/sdg/14.1', 'curie': 'sdg:14.1'}
    >>> cell(Literal("sea", lang="en"))
    {'type': 'literal', 'value': 'sea', 'lang': 'en'}
    """
    if isinstance(value, URIRef):
        out = {"type": "uri", "value": str(value)}
        curie = compress(str(value))
        if curie != str(value):
            out["curie"] = curie
        return out
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    if isinstance(value, Literal):
        out = {"type": "literal", "value": str(value)}
        if value.language:
            out["lang"] = value.language
        elif value.datatype is not None and str(value.datatype) != _XSD_STRING:
            out["datatype"] = str(value.datatype)
        return out
    return {"type": "literal", "value": str(value)}


def render_json(name: str, table: Table) -> bytes:
    rows = [
        {
            column: cell(value)
            for column, value in zip(table.columns, row, strict=True)
            if value is not None
        }
        for row in table.rows
    ]
    document = {"columns": list(table.columns), "rows": rows, "count": len(rows), "query": name}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def render_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([["" if v is None else safe_cell(str(v)) for v in row] for row in table.rows])
    return buffer.getvalue().encode("utf-8")


def _values(request: Request) -> dict[str, str]:
    values = {}
    for key, given in query_params(request).items():
        if len(given) > 1:
            raise QueryParameterError(f"give the parameter {key!r} once")
        values[key] = given[0]
    return values


def run_named(name: str, request: Request, store: StoreDep, catalog: QueryCatalog) -> Response:
    """Run one catalogue query with the request's parameters; JSON or CSV by Accept.

    The release never changes while served, so answers are cached (when the result cache is
    on) and carry an ETag; a matching ``If-None-Match`` gets 304.
    """
    catalog.get(name)  # an unknown name answers 404 before anything else
    media = negotiate(request.headers.get("accept"), TABLES)
    values = _values(request)
    pairs = tuple(f"{key}={value}" for key, value in sorted(values.items()))
    state = app_state(request)
    etag = make_etag(state.release.tag, f"queries/{name}", media, pairs)
    headers = {"Vary": "Accept", "ETag": etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    key = (f"queries/{name}", media, pairs, ())
    cached = state.cache.get(key) if state.cache is not None else None
    if cached is None:
        table = run_select(store, catalog, name, values)
        body = render_csv(table) if media == "text/csv" else render_json(name, table)
        cached = CachedAnswer(body, content_type(media), len(table))
        if state.cache is not None:
            state.cache.put(key, cached)
    return Response(cached.body, media_type=cached.content_type, headers=headers)


def _info(spec: QuerySpec) -> QueryInfo:
    return QueryInfo(
        name=spec.name,
        summary=spec.summary,
        tags=list(spec.tags),
        form=spec.form,
        parameters=[
            ParameterInfo(
                name=p.name,
                type=p.type,
                required=p.required,
                default=p.default,
                classes=list(p.classes),
                doc=p.doc,
            )
            for p in spec.params
        ],
        href=f"/queries/{spec.name}",
    )


def _typed(kind: str, value: str) -> object:
    try:
        return int(value) if kind == "integer" else float(value) if kind == "decimal" else value
    except ValueError:
        return value


def _parameter(param: Param) -> dict[str, Any]:
    schema = dict(_SCHEMAS[param.type])
    if param.default is not None:
        schema["default"] = _typed(param.type, param.default)
    doc = param.doc or param.name
    if param.type == "iri" and param.classes:
        doc += f" (must be a {' or '.join(param.classes)})"
    return {
        "name": param.name,
        "in": "query",
        "required": param.required,
        "schema": schema,
        "description": doc,
    }


def _endpoint(name: str) -> Callable[..., Response]:
    def endpoint(request: Request, store: StoreDep, catalog: CatalogDep) -> Response:
        return run_named(name, request, store, catalog)

    endpoint.__name__ = "query_" + re.sub(r"\W", "_", name)
    return endpoint


def build_router(catalog: QueryCatalog) -> APIRouter:
    """The catalogue routes: the list, one operation per SELECT query, and a 404 for others."""
    router = APIRouter(prefix="/queries", tags=["queries"])
    specs = [spec for spec in catalog.in_group(GROUP) if spec.form == "SELECT"]

    @router.get("", response_model=QueryList, summary="The question catalogue")
    def list_queries(catalog: CatalogDep) -> QueryList:
        """Every named query: its summary, tags and typed parameters."""
        data = [_info(spec) for spec in catalog.in_group(GROUP)]
        return QueryList(data=data, count=len(data))

    for spec in specs:
        router.add_api_route(
            f"/{spec.name}",
            _endpoint(spec.name),
            methods=["GET"],
            summary=spec.summary,
            description=f"Named query `{spec.name}` (sparql/api/{spec.path.name}). "
            "Answers JSON (default) or CSV by Accept.",
            operation_id="query_" + re.sub(r"\W", "_", spec.name),
            tags=list(spec.tags),
            response_model=None,
            responses={
                200: {
                    "model": QueryResult,
                    "description": "The rows",
                    "content": {"text/csv": {"schema": {"type": "string"}}},
                },
                406: {"description": "Neither JSON nor CSV is acceptable."},
                422: {
                    "description": "A parameter is missing, unknown, of the wrong type, or "
                    "names nothing of the declared class in the graph."
                },
                503: {"description": "Time limit reached, or no worker free."},
            },
            openapi_extra={"parameters": [_parameter(p) for p in spec.params]},
        )

    @router.get("/{name}", include_in_schema=False)
    def unknown_query(
        name: str, request: Request, store: StoreDep, catalog: CatalogDep
    ) -> Response:
        return run_named(name, request, store, catalog)

    return router


__all__ = ["build_router", "cell", "render_csv", "render_json", "run_named"]
