"""Question pages: an answer of the API as a browser page, and as the downloads of that page.

A question's URL (``/queries/{name}``, ``/gaps`` …) answers a browser (``Accept`` preferring
text/html, or ``?format=html``) with a page: a form with a picker per parameter
(:mod:`.question_forms`), the answer as a table whose IRIs are labels linking to their pages,
sortable and filterable by links (``?sort=&desc=1&filter=``, no JavaScript needed), and links
to CSV, XLSX and JSON of exactly the rows shown (:mod:`aspen_graph.api.tables`). Programs keep
JSON by default, CSV by ``Accept``, and now ``?format=json|csv|xlsx``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from rdflib import BNode, Literal, URIRef
from starlette.concurrency import run_in_threadpool

from aspen_graph.api.deps import app_state
from aspen_graph.api.errors import ProtocolError, prefers_html
from aspen_graph.api.negotiation import content_type
from aspen_graph.api.pages import choose_language, curie, render, resource_href
from aspen_graph.api.params import StrictQueryRoute
from aspen_graph.api.routes.question_forms import FormField
from aspen_graph.api.routes.resources import page_context
from aspen_graph.api.tables import (
    MEDIA_TYPES,
    Cell,
    Download,
    Grid,
    View,
    csv_bytes,
    download_headers,
    downloads,
    sort_links,
    xlsx_bytes,
)
from aspen_graph.errors import QueryParameterError, StoreUnavailableError
from aspen_graph.store import GraphStore, Table

PageFunction = Callable[[Request, str], Response]
"""A page: the request and the route's path."""


def wants_page(request: Request) -> bool:
    """Whether a question's URL should answer with its page: ``?format=html``, or no
    ``?format=`` and a browser's ``Accept``."""
    requested = request.query_params.get("format")
    if requested is not None:
        return requested.strip().lower() == "html"
    return prefers_html(request.headers.get("accept"))


class PageRoute(StrictQueryRoute):
    """A question's route: a browser's request goes to the page function registered for the
    route's path (it reads its parameters itself, so a form left empty is a page, not a 422);
    programs' requests go through the strict parameter model as before."""

    pages: ClassVar[dict[str, PageFunction]] = {}

    def get_route_handler(self) -> Any:
        strict = super().get_route_handler()

        async def handler(request: Request) -> Response:
            page = self.pages.get(self.path)
            if page is not None and wants_page(request):
                return await run_in_threadpool(page, request, self.path)
            return await strict(request)

        return handler


def serving_store(request: Request) -> GraphStore:
    store = app_state(request).store
    if store is None:
        raise StoreUnavailableError("the store is not open yet")
    return store


def _number(value: Literal) -> float | None:
    python = value.toPython()
    if isinstance(python, bool) or not isinstance(python, int | float | Decimal):
        return None
    return float(python)


def grid_of_table(table: Table, base: str) -> Grid:
    """A catalogue query's answer as cells: an IRI shows as the row's ``{column}_label`` when
    the query gives one (that column then is not shown on its own), else as its CURIE."""
    columns = list(table.columns)
    labels = {c: f"{c}_label" for c in columns if f"{c}_label" in columns}
    grid = Grid(columns, shown=[c for c in columns if c not in labels.values()])
    for record in table.records():
        row = {}
        for column, value in record.items():
            if value is None:
                continue
            if isinstance(value, URIRef):
                label = record.get(labels.get(column, ""))
                text = str(label) if isinstance(label, Literal) else curie(value)
                lang = label.language if isinstance(label, Literal) else None
                row[column] = Cell(str(value), text, resource_href(base, str(value)), lang)
            elif isinstance(value, BNode):
                row[column] = Cell(str(value), curie(value))
            elif isinstance(value, Literal):
                row[column] = Cell(str(value), lang=value.language, number=_number(value))
        grid.rows.append(row)
    return grid


def _flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ; ".join(_flat(v) for v in value)
    return str(value)


def grid_of_rows(
    rows: Iterable[Mapping[str, object]], columns: list[str], links: Mapping[str, str], base: str
) -> Grid:
    """Rows of an API answer as cells: ``columns`` are downloaded; a column of ``links`` is an
    IRI shown as the label in the column it names (that column then is not shown on its own)."""
    grid = Grid(columns, shown=[c for c in columns if c not in links.values()])
    for data in rows:
        row = {}
        for column in columns:
            value = data.get(column)
            number = float(value) if isinstance(value, int | float) else None
            row[column] = Cell(_flat(value), number=number)
            if column in links and value:
                label = _flat(data.get(links[column])) or curie(URIRef(str(value)))
                lang = data.get(f"{links[column]}_lang")
                href = resource_href(base, str(value))
                row[column] = Cell(str(value), label, href, lang if isinstance(lang, str) else None)
        grid.rows.append(row)
    return grid


def table_answer(
    grid: Grid, order: list[int], fmt: str, name: str, json_body: Callable[[], bytes]
) -> Response:
    """The rows at ``order`` as a download: CSV or XLSX of every column, or ``json_body()``."""
    if fmt == "csv":
        body = csv_bytes(grid.columns, grid.values(order))
    elif fmt == "xlsx":
        body = xlsx_bytes(grid.columns, grid.typed(order), name)
    else:
        body = json_body()
    headers = {"Vary": "Accept", **download_headers(fmt, name)}
    return Response(body, media_type=content_type(MEDIA_TYPES[fmt]), headers=headers)


@dataclass
class QuestionPage:
    """What ``question.html`` shows."""

    name: str
    title: str
    summary: str
    action: str
    fields: list[FormField]
    grid: Grid | None = None
    order: list[int] = field(default_factory=list)
    view: View = field(default_factory=View)
    sort_links: dict[str, str] = field(default_factory=dict)
    downloads: list[Download] = field(default_factory=list)
    editor: str | None = None
    source: str = ""
    """Where the question comes from (``sparql/api/gaps-by-challenge.rq``)."""

    @property
    def rows(self) -> list[list[Cell | None]]:
        if self.grid is None:
            return []
        grid = self.grid
        return [[grid.rows[i].get(c) for c in grid.shown] for i in self.order]


def finish(page: QuestionPage, params: Mapping[str, str]) -> None:
    """The page's sort and download links, for the same parameters and view."""
    if page.grid is None:
        return
    page.sort_links = sort_links(page.action, params, page.view, page.grid.shown)
    page.downloads = downloads(page.action, params, page.view)


def render_page(request: Request, page: QuestionPage, lang: str) -> bytes:
    """The question page's bytes (the route keeps them: :func:`~aspen_graph.api.page_cache.
    cached_page`)."""
    return render("question.html", ctx=page_context(request, lang), page=page)


def question_language(request: Request, given: Mapping[str, str]) -> str:
    """The page's language: ``?lang=``, else ``Accept-Language``; a malformed ``?lang=`` is a
    parameter of the question refused (422), as it is for programs."""
    try:
        return choose_language(given.get("lang"), request.headers.get("accept-language"))
    except ProtocolError as error:
        raise QueryParameterError(f"parameter 'lang': {error}") from None


def editor_href(text: str) -> str:
    return "/editor?" + urlencode({"query": text})


__all__ = [
    "PageRoute",
    "QuestionPage",
    "editor_href",
    "finish",
    "grid_of_rows",
    "grid_of_table",
    "question_language",
    "render_page",
    "serving_store",
    "table_answer",
    "wants_page",
]
