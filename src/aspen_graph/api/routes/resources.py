"""Dereferenceable identifiers: ``/id/{kind}/{key}``, ``/ont/``, ``/ont/{term}``, ``/resource``
(``/ont/``'s page: :mod:`.vocabulary_page`).

Cool URIs, the Content-Location way: a resource's own URL (the path of its IRI under the base)
answers ``200`` with the negotiated representation, ``Vary: Accept, Accept-Language`` and a
``Content-Location`` naming the document URL of that representation (``/id/priority/p2.ttl``),
which answers the same bytes without negotiation. ``?format=ttl|jsonld|nt|rdf|html`` overrides
``Accept``. ``Link`` headers name the other representations and the dataset description.
Unknown IRIs get 404 (an HTML page for browsers, JSON for others); unsupported media types 406.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph, URIRef
from starlette.routing import NoMatchFound

from aspen_graph.api.cache import AnswerKey
from aspen_graph.api.deps import CatalogDep, StoreDep, app_state
from aspen_graph.api.errors import (
    ProtocolError,
    error_headers,
    prefers_html,
    public_message,
    status_of,
)
from aspen_graph.api.negotiation import content_type
from aspen_graph.api.page_cache import cached_answer, cached_page
from aspen_graph.api.pages import (
    FORMATS,
    VOID_ALTERNATE,
    Format,
    PageContext,
    alternates,
    choose_format,
    choose_language,
    describe,
    iri_of_path,
    language_links,
    link_header,
    link_language,
    render,
    resource_href,
    serialize,
    split_extension,
)
from aspen_graph.api.protocol import query_params, single
from aspen_graph.api.routes.resource_page import build_page
from aspen_graph.api.routes.suggest_index import cached_suggester
from aspen_graph.api.routes.vocabulary_page import vocabulary_body
from aspen_graph.curie import expand, is_valid_iri
from aspen_graph.errors import AspenError, UnknownReferenceError
from aspen_graph.i18n import N_
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

router = APIRouter(tags=["linked data"], include_in_schema=False)

ONTOLOGY_QUERY = "pages/ontology"
MAX_IRI = 2000
_METHODS = ["GET", "HEAD"]


@dataclass(frozen=True, slots=True)
class Target:
    """What a request asks for: the IRI, its document URLs, and whether the URL negotiates."""

    iri: URIRef
    hrefs: dict[str, str]
    """format extension → document URL."""
    fixed: str | None = None
    """The extension of a document URL (no negotiation), else ``None``."""
    ontology: bool = False


OPTIONAL_PAGES = {"/coverage": "coverage", "/report": "report", "/editor": "editor"}
"""Pages other routers provide (path → route name), linked only when the app has them."""


def site_routes(request: Request) -> frozenset[str]:
    """Which of :data:`OPTIONAL_PAGES` this app serves (found by route name, so pages link to
    the report or the editor only when they are there)."""
    found = set()
    for path, name in OPTIONAL_PAGES.items():
        try:
            if request.app.url_path_for(name) == path:
                found.add(path)
        except NoMatchFound:
            continue
    return frozenset(found)


def page_context(
    request: Request, lang: str, target_hrefs: dict[str, str] | None = None
) -> PageContext:
    """The shared context of every page: language switcher, alternates, version, routes."""
    state = app_state(request)
    params = {k: v[-1] for k, v in query_params(request).items()}
    return PageContext(
        lang=lang,
        alternates=alternates(target_hrefs or {}),
        languages=language_links(request.url.path, params),
        version=state.release.version,
        routes=site_routes(request),
        link_lang=link_language(params.get("lang"), lang),
    )


def wants_html(request: Request, fmt: Format | None = None) -> bool:
    """Whether an error should be an HTML page: the negotiated format, else a browser's Accept."""
    if fmt is not None:
        return fmt.html
    return prefers_html(request.headers.get("accept"))  # the rule of api/errors.py


ERROR_TITLES = {
    400: N_("Bad request"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    406: N_("Not acceptable"),
    413: N_("Request too large"),
    415: N_("Unsupported media type"),
    422: N_("Bad request"),
    500: N_("Server error"),
    503: N_("Temporarily unavailable"),
}
ERROR_EXPLANATIONS = {
    400: N_("The request could not be understood; the details below say what is wrong with it."),
    404: N_("There is nothing at this address. The link may be wrong or out of date."),
    405: N_("This address cannot be used that way (the HTTP method is not allowed here)."),
    406: N_("This address has no representation in the format asked for."),
    413: N_("The request is larger than this server accepts."),
    415: N_("The server does not read data in the format sent."),
    422: N_("A parameter of the request is missing or wrong; the details below say which."),
    500: N_("Something went wrong on the server. The server log has the details."),
    503: N_("The server is busy or restarting. Please try again in a few seconds."),
}
"""Title and plain-language explanation of each status, translated when shown; the error's
own message (a technical detail, in English) follows as "Details"."""
GENERIC_TITLE = N_("Error")
GENERIC_EXPLANATION = N_("The request could not be answered.")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def error_language(request: Request) -> str:
    """The language of an error page: ``?lang=`` if well formed, else ``Accept-Language`` (a
    bad ``?lang=`` may be the error itself: it must not make the page fail too)."""
    accept_language = request.headers.get("accept-language")
    try:
        return choose_language(request.query_params.get("lang"), accept_language)
    except (AspenError, KeyError, UnicodeDecodeError):
        return choose_language(None, accept_language)


def html_error(request: Request, error: BaseException) -> Response:
    """An error as a page in the site's frame and the request's language (status from
    ``api/errors.py``; messages only, never tracebacks)."""
    status = status_of(error)
    _, message = public_message(error)
    if message == _reason(status):  # routing's "Not Found": the title says it already
        message = ""
    lang = error_language(request)
    try:
        ctx = page_context(request, lang)
    except AspenError:  # the request's query string itself is unreadable
        ctx = PageContext(lang=lang, languages=language_links(request.url.path, {}))
    body = render(
        "error.html",
        ctx=ctx,
        status=status,
        title=ERROR_TITLES.get(status, GENERIC_TITLE),
        explanation=ERROR_EXPLANATIONS.get(status, GENERIC_EXPLANATION),
        message=message,
    )
    return Response(
        body,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers=error_headers(error),
    )


def ontology_graph(store: GraphStore, catalog: QueryCatalog) -> Graph:
    return store.construct(catalog.get(ONTOLOGY_QUERY).text)


def _body(
    request: Request,
    target: Target,
    fmt: Format,
    lang: str,
    store: GraphStore,
    catalog: QueryCatalog,
    version: str | None = None,
) -> bytes:
    state = app_state(request)
    if target.ontology:
        graph = ontology_graph(store, catalog)
    else:
        graph = describe(store, catalog, target.iri, state.settings.description_limit)
    if not len(graph):
        raise UnknownReferenceError(f"nothing is known about <{target.iri}> in this graph")
    if not fmt.html:
        return serialize(graph, fmt)
    if target.ontology:  # the vocabulary's own page, in the site's frame
        ctx = page_context(request, lang, target.hrefs)
        base = state.settings.base_iri
        return vocabulary_body(graph, f"{base}ont/", base, ctx, target.hrefs)
    page = build_page(
        graph,
        target.iri,
        lang=lang,
        base=state.settings.base_iri,
        store=store,
        catalog=catalog,
        suggester=lambda: cached_suggester(request, store, catalog),
        version=version,
        limit=state.settings.description_limit,
    )
    return render(
        "resource.html",
        page=page,
        ctx=page_context(request, lang, target.hrefs),
        hrefs=target.hrefs,
    )


def respond(request: Request, target: Target, store: GraphStore, catalog: QueryCatalog) -> Response:
    """The representation of ``target`` this request asks for (see the module docstring)."""
    state = app_state(request)
    fmt: Format | None = None
    lang = "en"
    try:
        params = query_params(request)
        requested_lang = single(params, "lang")
        lang = choose_language(requested_lang, request.headers.get("accept-language"))
        link_lang = link_language(requested_lang, lang)
        if target.fixed is not None:
            fmt = FORMATS[target.fixed]
        else:
            fmt = choose_format(request.headers.get("accept"), single(params, "format"))
        # the page's language, and whether its links carry ?lang= (English by choice or not)
        page_lang = f"{lang} {link_lang or ''}" if fmt.html else ""
        version = single(params, "version") if fmt.html else None  # a challenge page's switcher
        if version is not None:
            page_lang += f" version={version}"
        headers = {
            "Link": link_header([*alternates(target.hrefs), VOID_ALTERNATE]),
            "X-Content-Type-Options": "nosniff",
        }
        if target.fixed is None:
            headers["Vary"] = "Accept, Accept-Language"
            headers["Content-Location"] = target.hrefs[fmt.ext]
        elif fmt.html:
            headers["Vary"] = "Accept-Language"
        chosen = fmt

        def build() -> bytes:
            return _body(request, target, chosen, lang, store, catalog, version)

        if fmt.html:  # a page's links repeat its query string: all of it is in its key
            return cached_page(request, page_lang, build, headers=headers)
        # RDF: the same bytes whatever the URL (.ttl, ?format=, Accept) or the language asked
        key = AnswerKey(state.release.tag, f"page {target.iri}", fmt.media_type)
        return cached_answer(
            request, key, build, media_type=content_type(fmt.media_type), headers=headers
        )
    except AspenError as error:
        if wants_html(request, fmt):
            return html_error(request, error)
        raise


def _hrefs(base: str, iri: str) -> dict[str, str]:
    return {ext: resource_href(base, iri, ext) for ext in FORMATS}


@router.api_route("/id/{kind}/{key}", methods=_METHODS)
def instance(
    kind: str, key: str, request: Request, store: StoreDep, catalog: CatalogDep
) -> Response:
    """A thing of the graph: ``<{base}id/{kind}/{key}>``, or one document of it (``key.ttl``)."""
    stem, ext = split_extension(key)
    base = app_state(request).settings.base_iri
    iri = iri_of_path(base, f"id/{kind}/{stem}")
    return respond(request, Target(iri, _hrefs(base, str(iri)), fixed=ext), store, catalog)


@router.api_route("/ont", methods=_METHODS)
def ontology_slash() -> Response:
    """The vocabulary's IRI ends with a slash."""
    return RedirectResponse("/ont/", status_code=301)


@router.api_route("/ont/", methods=_METHODS)
def ontology(request: Request, store: StoreDep, catalog: CatalogDep) -> Response:
    """The vocabulary ``<{base}ont/>``: pyLODE documentation or the ontology graph as RDF."""
    base = app_state(request).settings.base_iri
    iri = URIRef(f"{base}ont/")
    return respond(request, Target(iri, _hrefs(base, str(iri)), ontology=True), store, catalog)


@router.api_route("/ont/{term}", methods=_METHODS)
def term(term: str, request: Request, store: StoreDep, catalog: CatalogDep) -> Response:
    """A class or property ``<{base}ont/{term}>`` (or ``/ont/index.ttl`` …, the vocabulary)."""
    base = app_state(request).settings.base_iri
    stem, ext = split_extension(term)
    if stem == "index" and ext is not None:
        iri = URIRef(f"{base}ont/")
        return respond(
            request, Target(iri, _hrefs(base, str(iri)), ext, ontology=True), store, catalog
        )
    iri = iri_of_path(base, f"ont/{stem}")
    return respond(request, Target(iri, _hrefs(base, str(iri)), fixed=ext), store, catalog)


def _expanded(text: str) -> str:
    """``?iri=`` as a full IRI: a CURIE of a known kind (``sdg:14.1``) or a bare SDG code
    expanded (``aspen_graph.curie``); anything else as given."""
    if text.startswith(("http://", "https://")) or len(text) > MAX_IRI:
        return text
    try:
        return str(expand(text))
    except UnknownReferenceError:
        return text


@router.api_route("/resource", methods=_METHODS)
def resource(request: Request, store: StoreDep, catalog: CatalogDep) -> Response:
    """Any IRI the graph describes, ``/resource?iri=…`` (the UN's SDG IRIs, for instance)."""
    try:
        text = single(query_params(request), "iri")
        if not text:
            raise ProtocolError(400, "give the resource as ?iri=<full IRI>")
        text = _expanded(text)
        if len(text) > MAX_IRI or not is_valid_iri(text):
            raise ProtocolError(400, f"?iri= is not an absolute IRI: {text[:80]!r}")
    except AspenError as error:
        if wants_html(request):
            return html_error(request, error)
        raise
    base = app_state(request).settings.base_iri
    iri = URIRef(text)
    hrefs = {ext: "/resource?" + urlencode({"iri": text, "format": ext}) for ext in FORMATS}
    if text == f"{base}ont/":
        return respond(request, Target(iri, _hrefs(base, text), ontology=True), store, catalog)
    return respond(request, Target(iri, hrefs), store, catalog)


__all__ = ["Target", "html_error", "page_context", "respond", "router", "site_routes", "wants_html"]
