"""``/queries``: the catalogue of named questions (``sparql/api/*.rq``), one operation each.

Every catalogue query gets its own route and OpenAPI operation at app creation, with a
query-parameter model built from its ``#+ param:`` header (:func:`parameter_model`). Values are
checked and bound by :func:`aspen_graph.queries.bind_params` (through ``run_select``), so a
wrong code answers 422 with the reason, never an empty result; a parameter the model refuses
(missing, unknown) answers with bind_params' own words too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import Field, create_model
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from aspen_graph.api.cache import CACHE_CONTROL, AnswerKey, CachedAnswer, etag_matches, note_answer
from aspen_graph.api.deps import CatalogDep, StoreDep, app_state
from aspen_graph.api.errors import prefers_html
from aspen_graph.api.negotiation import content_type
from aspen_graph.api.params import StrictParameters
from aspen_graph.api.routes.question_page import (
    PageRoute,
    grid_of_table,
    question_language,
    table_answer,
)
from aspen_graph.api.routes.questions_html import (
    catalogue_page,
    given_values,
    query_page,
    question_values,
)
from aspen_graph.api.schemas import ParameterInfo, QueryInfo, QueryList, QueryResult
from aspen_graph.api.tables import (
    MEDIA_TYPES,
    TABLE_CONTENT,
    VIEW_PARAMETERS,
    VIEW_SCHEMAS,
    arrange,
    choose_table_format,
    csv_bytes,
    download_headers,
    read_view,
)
from aspen_graph.curie import compress
from aspen_graph.errors import AspenError, QueryParameterError
from aspen_graph.queries import Param, QueryCatalog, QuerySpec, bind_params, run_select
from aspen_graph.store import Table

GROUP = "api"
PREFIX = "/queries"
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
    return csv_bytes(
        table.columns, [["" if v is None else str(v) for v in row] for row in table.rows]
    )


def run_named(
    name: str,
    request: Request,
    store: StoreDep,
    catalog: QueryCatalog,
    values: dict[str, str] | None = None,
) -> Response:
    """Run one catalogue query with the request's parameters (``values``, else the query
    string's); JSON, CSV or XLSX by ``?format=`` or Accept, sorted and filtered by ``?sort=``,
    ``?desc=`` and ``?filter=``.

    The release never changes while served, so answers are cached (when the result cache is
    on) and carry an ETag; a matching ``If-None-Match`` gets 304.
    """
    spec = catalog.get(name)  # an unknown name answers 404 before anything else
    given = given_values(request)
    if spec.param("lang") is None and "lang" in given:  # the page's language only: checked
        question_language(request, given)
    view = read_view(given)
    fmt = choose_table_format(request.headers.get("accept"), view)
    if fmt == "html":  # ?format=html from a program: the page is for browsers
        fmt = "json"
    media = MEDIA_TYPES[fmt]
    values = question_values(spec, given if values is None else values)
    pairs = tuple(f"{key}={value}" for key, value in sorted(values.items()))
    state = app_state(request)
    arranged = tuple(f"{k}={v}" for k, v in sorted(view.query().items()))
    key = AnswerKey(state.release.tag, f"queries/{name}", media, (pairs, arranged))
    headers = {"Vary": "Accept", "ETag": key.etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), key.etag):
        return Response(status_code=304, headers=headers)
    cached = state.cache.get(key) if state.cache is not None else None
    if cached is None:
        table = run_select(store, catalog, name, values)
        grid = grid_of_table(table, state.settings.base_iri)
        order = arrange(grid, view)
        shown = Table(table.columns, [table.rows[i] for i in order])
        answer = table_answer(grid, order, fmt, name, lambda: render_json(name, shown))
        cached = CachedAnswer(bytes(answer.body), content_type(media), len(order))
        if state.cache is not None:
            state.cache.put(key, cached)
        headers.update({k: v for k, v in answer.headers.items() if k == "content-disposition"})
    else:  # the same file name as the first answer's
        headers.update(download_headers(fmt, name))
    note_answer(request.scope, key)
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


def _schema(schema: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """A field's JSON Schema as the header declares it (the text is bound by bind_params)."""

    def replace(generated: dict[str, Any]) -> None:
        generated.clear()
        generated.update(schema)

    return replace


def _field(param: Param) -> tuple[Any, Any]:
    # The default is documented typed (0, not "0"); never used to validate, and left out of
    # the values (they are the ones given), so bind_params fills it in from the header.
    default = None if param.default is None else _typed(param.type, param.default)
    doc = param.doc or param.name
    if param.type == "iri" and param.classes:
        doc += f" (must be a {' or '.join(param.classes)})"
    field = Field(
        ... if param.required else default,
        alias=param.name,
        description=doc,
        json_schema_extra=_schema(_SCHEMAS[param.type]),
    )
    return (str if param.required else str | None), field


_VIEW_DOCS = {
    "sort": "Sort the rows by this column (natural order: 7.a before 13.1)",
    "desc": "1: sort in descending order",
    "filter": "Keep the rows holding every one of these words (any column, case-insensitive)",
    "format": "json, csv or xlsx (else by Accept; html: the page)",
    "lang": "Language of the page (this question has no language parameter)",
}


def _view_field(name: str) -> tuple[Any, Any]:
    schema = VIEW_SCHEMAS.get(name, _SCHEMAS["language"])
    return str | None, Field(
        None, alias=name, description=_VIEW_DOCS[name], json_schema_extra=_schema(schema)
    )


def parameter_model(spec: QuerySpec) -> type[StrictParameters]:
    """The query-parameter model of one catalogue query: its header's parameters, as text
    (typed in the OpenAPI document; bound and checked by bind_params), and the view's."""
    fields: dict[str, Any] = {f"p{i}": _field(param) for i, param in enumerate(spec.params)}
    own = {p.name for p in spec.params}
    for name in (*VIEW_PARAMETERS, "lang"):
        if name not in own:
            fields[f"view_{name}"] = _view_field(name)
    name = "Query_" + re.sub(r"\W", "_", spec.name)
    return create_model(name, __base__=StrictParameters, **fields)


class CatalogueRoute(PageRoute):
    """A catalogue query's route: a browser gets the question page; otherwise the format is
    settled first (406), then the query string (400, repeats 422); what the model refuses
    answers in bind_params' words."""

    def check(self, request: Request) -> None:
        given = given_values(request)
        choose_table_format(request.headers.get("accept"), read_view(given))

    def invalid(self, request: Request, error: RequestValidationError) -> AspenError:
        spec = app_state(request).catalog.get(self.path.removeprefix(f"{PREFIX}/"))
        try:
            bind_params(spec, question_values(spec, given_values(request)))
        except QueryParameterError as refused:
            return refused
        return super().invalid(request, error)


def _endpoint(spec: QuerySpec) -> Callable[..., Response]:
    name = spec.name

    def endpoint(request: Request, store: StoreDep, catalog: CatalogDep, params: Any) -> Response:
        values = params.model_dump(by_alias=True, exclude_unset=True)
        return run_named(
            name, request, store, catalog, {k: v for k, v in values.items() if v is not None}
        )

    # The model is made here, at run time: the annotation names it as an object.
    endpoint.__annotations__["params"] = Annotated[parameter_model(spec), Query()]
    endpoint.__name__ = "query_" + re.sub(r"\W", "_", name)
    return endpoint


def build_router(catalog: QueryCatalog) -> APIRouter:
    """The catalogue routes: the list, one operation per SELECT query, and a 404 for others."""
    router = APIRouter(prefix=PREFIX, tags=["queries"])
    specs = [spec for spec in catalog.in_group(GROUP) if spec.form == "SELECT"]

    @router.get("", response_model=QueryList, summary="The question catalogue")
    def list_queries(request: Request, catalog: CatalogDep) -> QueryList | Response:
        """Every named query: its summary, tags and typed parameters (a browser gets the
        catalogue page)."""
        if prefers_html(request.headers.get("accept")):
            return catalogue_page(request, [s for s in specs])
        data = [_info(spec) for spec in catalog.in_group(GROUP)]
        return QueryList(data=data, count=len(data))

    for spec in specs:
        PageRoute.pages[f"{PREFIX}/{spec.name}"] = query_page
        router.add_api_route(
            f"/{spec.name}",
            _endpoint(spec),
            methods=["GET"],
            summary=spec.summary,
            description=f"Named query `{spec.name}` (sparql/api/{spec.path.name}). "
            "Answers JSON (default), CSV or XLSX by Accept or `?format=`; a browser gets "
            "the question page (a form, the table, downloads).",
            operation_id="query_" + re.sub(r"\W", "_", spec.name),
            tags=list(spec.tags),
            response_model=None,
            responses={
                200: {
                    "model": QueryResult,
                    "description": "The rows",
                    "content": TABLE_CONTENT,
                },
                406: {"description": "Neither JSON, CSV nor XLSX is acceptable."},
                422: {
                    "description": "A parameter is missing, unknown, of the wrong type, or "
                    "names nothing of the declared class in the graph."
                },
                503: {"description": "Time limit reached, or no worker free."},
            },
            route_class_override=CatalogueRoute,
        )

    @router.get("/{name}", include_in_schema=False)
    def unknown_query(
        name: str, request: Request, store: StoreDep, catalog: CatalogDep
    ) -> Response:
        return run_named(name, request, store, catalog)

    return router


__all__ = [
    "CatalogueRoute",
    "build_router",
    "cell",
    "parameter_model",
    "render_csv",
    "render_json",
    "run_named",
]
