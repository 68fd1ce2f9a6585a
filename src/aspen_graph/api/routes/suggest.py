"""``GET /suggest?text=&lang=&top=``: ranked alignment candidates for a free text (JSON, or a
page with a form for a browser).

The same ranking as ``aspen suggest --text`` (:mod:`aspen_graph.analysis.suggest`). The index is
built once per served release from the serving store (the release never changes while it is
served) and kept on the app. Bad input (no or empty text, a language other than en/vi, a
``top`` that is not a whole number from 1 to 100, unknown or repeated parameters) answers 400
with the API's error body.

A browser (``Accept`` preferring text/html, the rule of :func:`~aspen_graph.api.errors.
prefers_html`) gets the page ``suggest.html``: a plain GET form and, when ``text`` is given,
the candidates as a table. Its bad input answers 400 with the form and the message (the form
is what the reader needs to correct it). On the page ``lang`` is both the text's language and
the interface's (the site's ``?lang=``); without it the text is taken to be in the page's
language when that is en or vi. No ``text`` at all is the empty form (200).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from aspen_graph.analysis import LANGUAGES, MAX_TEXT, record, text_query
from aspen_graph.api.deps import CatalogDep, ReleaseDep, StoreDep, app_state
from aspen_graph.api.errors import ProtocolError, prefers_html
from aspen_graph.api.pages import render
from aspen_graph.api.protocol import query_params
from aspen_graph.api.routes.element_sections import SuggestedRow, suggestion_rows
from aspen_graph.api.routes.resources import error_language, page_context
from aspen_graph.api.routes.suggest_index import cached_suggester
from aspen_graph.api.schemas import ErrorBody
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

router = APIRouter(tags=["suggest"])
PARAMETERS = ("text", "lang", "top")
DEFAULT_TOP = 10
MAX_TOP = 100


class SuggestedTarget(BaseModel):
    """One candidate target with its evidence and a machine-proposed alignment."""

    rank: int
    target: str = Field(description="CURIE of the target")
    iri: str
    framework: str = Field(description="sdg, gbf, paris or asean2045")
    code: str
    label: str
    score: float
    existing: bool
    interaction: int = Field(description="machine-proposed ISC score (+1 or +2)")
    confidence: float = Field(description="machine-proposed confidence (at most 0.6)")
    proposed_by: str = Field(description="'machine': a proposal, not a curated alignment")
    evidence_source: list[str] = Field(description="the text's words the suggestion rests on")
    evidence_target: list[str] = Field(description="the target's words the suggestion rests on")
    bridge: list[str] = Field(description="Vietnamese → English links used (lang=vi)")
    similar_elements: list[str] = Field(description="aligned elements with similar text")
    challenges: list[str]
    sources: list[str] = Field(description="the target's sources (dct:source)")


class Suggestions(BaseModel):
    text: str
    lang: str
    top: int
    method: str = "aspen-suggest 1"
    suggestions: list[SuggestedTarget]


def _values(request: Request) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, given in query_params(request).items():
        if key not in PARAMETERS:
            raise ProtocolError(400, f"unknown parameter {key!r} (parameters: text, lang, top)")
        if len(given) > 1:
            raise ProtocolError(400, f"give the parameter {key!r} once")
        values[key] = given[0]
    return values


def _top(text: str | None) -> int:
    if text is None:
        return DEFAULT_TOP
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_TOP:
        raise ProtocolError(400, f"parameter 'top': {text!r} is not a whole number 1-{MAX_TOP}")
    return int(text)


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorBody,
        "description": "No text, empty text, a language other than en/vi, a bad top, or an "
        "unknown or repeated parameter.",
    },
    503: {"model": ErrorBody, "description": "Time limit reached, or no worker free."},
}


@router.get(
    "/suggest",
    response_model=Suggestions,
    summary="Suggested alignment targets for a text",
    responses=ERRORS,
    openapi_extra={
        "parameters": [
            {
                "name": "text",
                "in": "query",
                "required": True,
                "schema": {"type": "string", "maxLength": MAX_TEXT},
                "description": "The text of a plan element (English or Vietnamese).",
            },
            {
                "name": "lang",
                "in": "query",
                "schema": {"type": "string", "enum": list(LANGUAGES), "default": "en"},
                "description": "The language of the text.",
            },
            {
                "name": "top",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_TOP, "default": 10},
                "description": "How many candidates.",
            },
        ]
    },
)
def suggest(
    request: Request, store: StoreDep, catalog: CatalogDep, release: ReleaseDep
) -> Suggestions | Response:
    """SDG and GBF targets, Paris provisions and ASEAN 2045 documents ranked for the text, each
    with the words on both sides that support it and a machine-proposed interaction score and
    confidence (``aspen suggest --text``)."""
    if prefers_html(request.headers.get("accept")):
        return suggest_page(request, store, catalog)
    values = _values(request)
    top = _top(values.get("top"))
    lang = values.get("lang", "en")
    if "text" not in values:
        raise ProtocolError(400, "parameter 'text' is required")
    try:
        query = text_query(values["text"], lang)
    except QueryParameterError as error:
        raise ProtocolError(400, str(error)) from None
    found = cached_suggester(request, store, catalog).suggest(query, top=top)
    return Suggestions(
        text=query.text,
        lang=lang,
        top=top,
        suggestions=[SuggestedTarget.model_validate(record(s)) for s in found],
    )


@dataclass
class Form:
    """The form's values as given (shown again), the candidates found, and what went wrong."""

    text: str = ""
    lang: str = "en"
    top: str = str(DEFAULT_TOP)
    rows: list[SuggestedRow] | None = None
    error: str = ""


def _answer(request: Request, store: GraphStore, catalog: QueryCatalog, form: Form) -> None:
    """Fill ``form`` from the request: its values, then the candidates when there is a text."""
    values = _values(request)
    form.text = values.get("text", "")
    form.lang = values.get("lang", form.lang)
    form.top = values.get("top", form.top)
    top = _top(values.get("top"))
    if "text" not in values:
        if form.lang not in LANGUAGES:
            raise ProtocolError(400, f"language {form.lang!r} is not supported; one of en, vi")
        return
    try:
        query = text_query(form.text, form.lang)
    except QueryParameterError as error:
        raise ProtocolError(400, str(error)) from None
    found = cached_suggester(request, store, catalog).suggest(query, top=top)
    base = app_state(request).settings.base_iri
    form.rows = suggestion_rows(found, base, form.lang, query.lang)


def suggest_page(request: Request, store: GraphStore, catalog: QueryCatalog) -> Response:
    """The page: the form, and the table of candidates for a text (400 with the form and the
    message for bad input)."""
    lang = error_language(request)
    form = Form(lang=lang if lang in LANGUAGES else "en")
    status = 200
    try:
        _answer(request, store, catalog, form)
    except ProtocolError as error:
        form.error, status = str(error), 400
    body = render(
        "suggest.html",
        ctx=page_context(request, lang),
        form=form,
        text_languages=LANGUAGES,
        max_top=MAX_TOP,
        max_text=MAX_TEXT,
    )
    return Response(
        body,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={"Vary": "Accept, Accept-Language"},
    )
