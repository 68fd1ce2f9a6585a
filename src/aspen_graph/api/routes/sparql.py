"""``/sparql``: the SPARQL 1.1 Protocol query operation, read-only.

GET ``?query=``, POST ``application/x-www-form-urlencoded`` and POST ``application/sparql-query``;
``default-graph-uri`` / ``named-graph-uri`` may name the store's own graphs only. Answers are
negotiated by ``Accept`` (SELECT/ASK: SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle,
N-Triples, JSON-LD, RDF/XML, TriG), carry ``Vary: Accept``, a weak ``ETag`` (release + normalised
query + media type + dataset) honoured by ``If-None-Match``, and may come from the in-process
result cache. With no query, GET answers the Service Description.

The handler is a thin ``async`` function: it reads and checks the request on the event loop and
does the rest (guard, cache, the worker round trip) in one threadpool call.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from aspen_graph.api.cache import (
    CACHE_CONTROL,
    AnswerKey,
    CachedAnswer,
    ResultCache,
    etag_matches,
    make_etag,
    note_answer,
)
from aspen_graph.api.deps import AppState, StoreDep, app_state, public_url
from aspen_graph.api.errors import ProtocolError
from aspen_graph.api.negotiation import ALIASES, GRAPHS, RESULTS, content_type, negotiate
from aspen_graph.api.protocol import (
    Params,
    decode_utf8,
    parse_params,
    query_params,
    read_body,
    single,
)
from aspen_graph.api.service_description import describe_service, serialize_description
from aspen_graph.errors import QueryRefusedError
from aspen_graph.store import ServingStore, formats

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
_GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
_UPDATE_REFUSED = "SPARQL Update is not accepted: this endpoint is read-only"


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    kind, *options = header.split(";")
    parsed = {}
    for option in options:
        key, _, value = option.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), parsed


FORMATS = {
    name: fmt.media_type
    for name, fmt in formats.format_names((*formats.RESULT_FORMATS, *formats.GRAPH_FORMATS)).items()
}
"""Short names for ``?format=``; a full media type is accepted as well."""


def format_override(value: str | None) -> str | None:
    """``?format=`` (for links and plain HTML forms) as the Accept header it stands for.

    >>> format_override("csv"), format_override("text/turtle"), format_override(None)
    ('text/csv', 'text/turtle', None)
    """
    if value is None or not value.strip():
        return None
    wanted = value.strip().lower()
    if wanted in FORMATS:
        return FORMATS[wanted]
    if wanted in (*RESULTS, *GRAPHS):
        return wanted
    raise ProtocolError(
        406,
        f"format {value[:50]!r} is not offered; use one of {', '.join(FORMATS)} or a media type",
    )


async def _params(request: Request, state: AppState) -> Params:
    params = query_params(request)
    if request.method != "POST":
        return params
    kind, options = _media_type(request.headers.get("content-type"))
    if kind == UPDATE:
        raise QueryRefusedError(_UPDATE_REFUSED)
    if kind not in (FORM, QUERY):
        raise ProtocolError(
            415,
            f"POST a query as {QUERY} or {FORM}, not {kind or 'a body without Content-Type'}",
        )
    if options.get("charset", "utf-8") not in ("utf-8", "utf8"):
        raise ProtocolError(415, "send the query in UTF-8")
    body = await read_body(request, state.settings.max_body_bytes)
    if kind == FORM:
        for key, values in parse_params(body, "request body").items():
            params.setdefault(key, []).extend(values)
        return params
    if "query" in params:
        raise ProtocolError(400, f"with {QUERY}, send the query as the body only")
    params["query"] = [decode_utf8(body, "request body")]
    return params


_PARAMETERS = [
    {
        "name": "query",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "The SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE). "
        "Without it, GET answers the SPARQL Service Description.",
    },
    {
        "name": "format",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "Overrides Accept: json, xml, csv, tsv, ttl, nt, jsonld, rdf, trig, or a "
        "media type (for links and plain HTML forms).",
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "description": "A named graph of this dataset to use as the default graph.",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "description": "A named graph of this dataset to make available to GRAPH.",
    },
]
_CONTENT: dict[str, dict[str, object]] = {
    media: {} for media in (*reversed(RESULTS), *reversed(GRAPHS))
}
_RESPONSES = {
    "200": {"description": "The answer, in the negotiated media type.", "content": _CONTENT},
    "304": {"description": "Not modified (If-None-Match)."},
    "400": {"description": "Malformed, empty or refused query (update, SERVICE, remote FROM)."},
    "406": {"description": "No acceptable media type."},
    "413": {"description": "Request body too large."},
    "415": {"description": "Unsupported Content-Type."},
    "503": {"description": "Time limit reached, or no worker free (Retry-After)."},
}
_GET_EXTRA: dict[str, object] = {"parameters": _PARAMETERS, "responses": _RESPONSES}
_POST_EXTRA: dict[str, object] = {
    "parameters": _PARAMETERS[1:],
    "responses": _RESPONSES,
    "requestBody": {
        "required": True,
        "content": {
            QUERY: {"schema": {"type": "string"}},
            FORM: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["query"],
                }
            },
        },
    },
}


@router.get(
    "/sparql", operation_id="sparql_get", summary="SPARQL query (GET)", openapi_extra=_GET_EXTRA
)
@router.post(
    "/sparql", operation_id="sparql_post", summary="SPARQL query (POST)", openapi_extra=_POST_EXTRA
)
async def sparql(request: Request, store: StoreDep) -> Response:
    """The SPARQL 1.1 Protocol query operation (read-only); with no query, the description."""
    state = app_state(request)
    params = await _params(request, state)
    if "update" in params:
        raise QueryRefusedError(_UPDATE_REFUSED)
    query = single(params, "query")
    accept = format_override(single(params, "format")) or request.headers.get("accept")
    if query is None:
        if request.method == "POST":
            raise ProtocolError(400, "no query given: send one as 'query'")
        return await run_in_threadpool(
            _description, state, store, public_url(request, "sparql"), accept
        )
    if not query.strip():
        raise ProtocolError(400, "the query is empty")
    return await run_in_threadpool(
        _answer,
        state,
        store,
        query,
        accept,
        request.headers.get("if-none-match"),
        params.get("default-graph-uri", []),
        params.get("named-graph-uri", []),
        public_url(request, "sparql"),
        request.scope,
    )


def _answer(
    state: AppState,
    store: ServingStore,
    query: str,
    accept: str | None,
    if_none_match: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
    endpoint: str,
    scope: Scope,
) -> Response:
    # Relative IRIs resolve against the endpoint's URL (SPARQL 1.1 Protocol, W3C test
    # "query with relative IRIs and no BASE"); the query's own BASE wins.
    checked = store.check(
        query, default_graphs=default_graphs, named_graphs=named_graphs, base=endpoint
    )
    graph_form = checked.form in _GRAPH_FORMS
    if checked.form is None:  # not a query the engine will accept: let it say why
        media = RESULTS[-1]
    else:
        media = negotiate(accept, GRAPHS if graph_form else RESULTS)
    key = AnswerKey(
        state.release.tag, checked.normalized, media, (tuple(default_graphs), tuple(named_graphs))
    )
    headers = {"ETag": key.etag, "Vary": "Accept", "Cache-Control": CACHE_CONTROL}
    if etag_matches(if_none_match, key.etag):
        return Response(status_code=304, headers=headers)
    cache: ResultCache | None = state.cache
    answer = cache.get(key) if cache is not None else None
    if answer is None:
        engine_type = ALIASES.get(media, media)
        result = store.execute(
            checked,
            result_type=None if graph_form else engine_type,
            graph_type=engine_type if graph_form else None,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
        )
        served = media if result.media_type == engine_type else result.media_type
        answer = CachedAnswer(result.body, content_type(served), result.count)
        if cache is not None:
            cache.put(key, answer)
    note_answer(scope, key)
    headers["X-Content-Type-Options"] = "nosniff"
    return Response(answer.body, headers=headers, media_type=answer.content_type)


def _description(
    state: AppState, store: ServingStore, endpoint: str, accept: str | None
) -> Response:
    media = negotiate(accept, GRAPHS)
    key = (endpoint, media)
    body = state.descriptions.get(key)
    if body is None:
        graph = describe_service(
            endpoint,
            store.graph_sizes(),
            timeout=store.timeout,
            max_results=store.max_results,
        )
        body = serialize_description(graph, media)
        if len(state.descriptions) > 32:
            state.descriptions.clear()
        state.descriptions[key] = body
    headers = {"Vary": "Accept", "Cache-Control": CACHE_CONTROL}
    return Response(body, headers=headers, media_type=content_type(media))


__all__ = ["etag_matches", "make_etag", "router"]
