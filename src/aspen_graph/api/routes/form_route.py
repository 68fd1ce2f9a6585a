"""Routes that answer programs with JSON and browsers with a page holding a form (``/explain``,
``/diff``).

The JSON handler keeps its strict parameters (a missing one is a 422). A browser (``Accept``
preferring text/html) or ``?format=html`` gets the route's page instead, which reads the same
parameters leniently: the ones not given leave the form empty, a wrong one is an error page.
``?format=json`` asks for the JSON whatever ``Accept`` says; another format is a 406.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from aspen_graph.api.deps import app_state
from aspen_graph.api.errors import ProtocolError, error_response, prefers_html
from aspen_graph.api.page_cache import cached_page
from aspen_graph.api.pages import choose_language
from aspen_graph.api.params import Handler, StrictQueryRoute
from aspen_graph.api.protocol import query_params, single
from aspen_graph.api.routes.resources import html_error
from aspen_graph.api.schemas import ErrorBody
from aspen_graph.errors import AspenError, StoreUnavailableError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

PAGE_FORMATS = ("json", "html")
FormatParameter = Annotated[
    str | None,
    Field(
        description="json (the default for programs) or html (the page a browser gets).",
        json_schema_extra={"type": "string", "enum": list(PAGE_FORMATS)},
    ),
]
"""The ``format`` parameter of a route with a page."""

PageHandler = Callable[[Request], Response]
_HTML = {"text/html": {"schema": {"type": "string"}}}


def page_responses(errors: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """A route's documented responses when it has a page: every status may also be an HTML
    page (``?format=html`` or a browser), and an unknown ``?format=`` is a 406."""
    documented: dict[int | str, dict[str, Any]] = {
        status: {**response, "content": _HTML} for status, response in errors.items()
    }
    documented[200] = {"content": _HTML}
    documented[406] = {
        "model": ErrorBody,
        "description": "?format= names a format this route does not have.",
        "content": _HTML,
    }
    return documented


def wants_page(request: Request) -> bool:
    """``?format=html``, or no ``?format=`` and a browser's ``Accept``; an unknown format: 406."""
    given = single(query_params(request), "format")
    if given is not None and given.strip():
        fmt = given.strip().lower()
        if fmt not in PAGE_FORMATS:
            raise ProtocolError(
                406, f"format {given[:40]!r} is not available; use one of {', '.join(PAGE_FORMATS)}"
            )
        return fmt == "html"
    return prefers_html(request.headers.get("accept"))


def form_route(page: PageHandler) -> type[StrictQueryRoute]:
    """A :class:`StrictQueryRoute` whose browsers get ``page(request)`` (run in a thread)."""

    class FormRoute(StrictQueryRoute):
        def get_route_handler(self) -> Handler:
            handler = super().get_route_handler()

            async def answer(request: Request) -> Response:
                page_wanted = False
                try:
                    page_wanted = wants_page(request)
                    if page_wanted:
                        self.check(request)
                except AspenError as error:
                    if page_wanted or prefers_html(request.headers.get("accept")):
                        return html_error(request, error)
                    raise
                if page_wanted:
                    return await run_in_threadpool(page, request)
                try:
                    response = await handler(request)
                except AspenError as error:
                    if single(query_params(request), "format") is not None:
                        return error_response(error)  # JSON asked for: JSON, whatever Accept
                    raise
                if "vary" not in response.headers:  # a browser gets the page at this URL
                    response.headers["Vary"] = "Accept, Accept-Language"
                return response

            return answer

    return FormRoute


def page_values(request: Request) -> dict[str, str]:
    """The query string's values, stripped, blanks left out (each name once: checked)."""
    return {
        name: value.strip()
        for name, given in query_params(request).items()
        if given and (value := given[-1]).strip()
    }


def serving(request: Request) -> tuple[GraphStore, QueryCatalog]:
    """The app's store and catalogue, as the dependencies give them (503 while not open)."""
    state = app_state(request)
    if state.store is None:
        raise StoreUnavailableError("the store is not open yet")
    return state.store, state.catalog


def page_or_error(request: Request, build: Callable[[str], bytes]) -> Response:
    """The page ``build(lang)`` renders in the page's language (``?lang=``, else
    ``Accept-Language``), kept in the result cache; or the error it raised as an error page."""
    try:
        asked = page_values(request).get("lang")
        lang = choose_language(asked, request.headers.get("accept-language"))
        return cached_page(request, lang, lambda: build(lang))
    except AspenError as error:
        return html_error(request, error)


__all__ = [
    "PAGE_FORMATS",
    "FormatParameter",
    "form_route",
    "page_or_error",
    "page_responses",
    "page_values",
    "serving",
    "wants_page",
]
