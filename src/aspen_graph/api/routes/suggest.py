"""``GET /suggest?text=&lang=&top=``: ranked alignment candidates for a free text (JSON).

The same ranking as ``aspen suggest --text`` (:mod:`aspen_graph.analysis.suggest`). The index is
built once per served release from the serving store (the release never changes while it is
served) and kept on the app. Bad input (no or empty text, a language other than en/vi, a
``top`` that is not a whole number from 1 to 100, unknown or repeated parameters) answers 400
with the API's error body.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from aspen_graph.analysis import LANGUAGES, MAX_TEXT, Suggester, load_corpus, record, text_query
from aspen_graph.api.deps import CatalogDep, ReleaseDep, StoreDep
from aspen_graph.api.errors import ProtocolError
from aspen_graph.api.protocol import query_params
from aspen_graph.api.schemas import ErrorBody
from aspen_graph.errors import QueryParameterError

router = APIRouter(tags=["suggest"])
PARAMETERS = ("text", "lang", "top")
DEFAULT_TOP = 10
MAX_TOP = 100
_LOCK = threading.Lock()


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


def _suggester(request: Request, store: StoreDep, catalog: CatalogDep, tag: str) -> Suggester:
    with _LOCK:
        cached: tuple[str, Suggester] | None = getattr(request.app.state, "suggester", None)
        if cached is None or cached[0] != tag:
            cached = (tag, Suggester(load_corpus(store, catalog)))
            request.app.state.suggester = cached
        return cached[1]


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
) -> Suggestions:
    """SDG and GBF targets, Paris provisions and ASEAN 2045 documents ranked for the text, each
    with the words on both sides that support it and a machine-proposed interaction score and
    confidence (``aspen suggest --text``)."""
    values = _values(request)
    top = _top(values.get("top"))
    lang = values.get("lang", "en")
    if "text" not in values:
        raise ProtocolError(400, "parameter 'text' is required")
    try:
        query = text_query(values["text"], lang)
    except QueryParameterError as error:
        raise ProtocolError(400, str(error)) from None
    suggester = _suggester(request, store, catalog, release.tag)
    found = suggester.suggest(query, top=top)
    return Suggestions(
        text=query.text,
        lang=lang,
        top=top,
        suggestions=[SuggestedTarget.model_validate(record(s)) for s in found],
    )
