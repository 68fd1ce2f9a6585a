"""``/alignments``, ``/coverage`` and ``/gaps``: the plan's alignments and what they cover.

The same questions as ``aspen coverage`` and ``aspen gaps``, answered from the catalogue
queries ``alignments-by-element``, ``coverage-by-challenge`` and ``gaps-by-challenge``
through the serving store: JSON by default, CSV or XLSX by ``?format=`` or Accept (the rows,
flat), and for a browser a question page (:mod:`.question_page`): a form, the table, downloads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError, WithJsonSchema

from aspen_graph.api.deps import CatalogDep, StoreDep, app_state
from aspen_graph.api.errors import ProtocolError
from aspen_graph.api.negotiation import content_type
from aspen_graph.api.page_cache import cached_answer, cached_page, download_key
from aspen_graph.api.params import (
    Language,
    OptionalText,
    Reference,
    TrimmedParameters,
    parameter_message,
)
from aspen_graph.api.routes.plan_scope import (
    ERRORS,
    Plan,
    Version,
    curie_of,
    known,
    language_of,
    plan_version,
)
from aspen_graph.api.routes.question_forms import CachedChoices, form_fields
from aspen_graph.api.routes.question_page import (
    PageRoute,
    QuestionPage,
    finish,
    grid_of_rows,
    question_language,
    render_page,
    serving_store,
    table_answer,
)
from aspen_graph.api.routes.questions_html import given_values
from aspen_graph.api.routes.resources import error_language, html_error
from aspen_graph.api.schemas import (
    Alignment,
    AlignmentList,
    ChallengeCoverage,
    CoverageList,
    FrameworkSplit,
    Gap,
    GapList,
    GapTarget,
)
from aspen_graph.api.tables import (
    MEDIA_TYPES,
    TABLE_CONTENT,
    VIEW_SCHEMAS,
    Grid,
    View,
    arrange,
    choose_table_format,
    download_headers,
    read_view,
)
from aspen_graph.errors import AspenError, QueryParameterError
from aspen_graph.i18n import N_, translate
from aspen_graph.model import number as _number
from aspen_graph.model import target_order
from aspen_graph.model import text as _text
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.store import GraphStore

router = APIRouter(tags=["analytics"], route_class=PageRoute)


class ViewParameters(TrimmedParameters):
    """How the rows are arranged and sent (the page's links carry them)."""

    sort: Annotated[
        str | None,
        WithJsonSchema(VIEW_SCHEMAS["sort"]),
        Field(description="Sort the rows by this column."),
    ] = None
    desc: Annotated[
        str | None,
        WithJsonSchema(VIEW_SCHEMAS["desc"]),
        Field(description="1: sort in descending order."),
    ] = None
    filter: Annotated[
        str | None,
        WithJsonSchema(VIEW_SCHEMAS["filter"]),
        Field(description="Keep the rows holding every one of these words."),
    ] = None
    format: Annotated[
        str | None,
        WithJsonSchema(VIEW_SCHEMAS["format"]),
        Field(description="json (default), csv or xlsx; html: the page."),
    ] = None


class ElementParameters(ViewParameters):
    element: Annotated[
        Reference,
        Field(
            description="The goal, priority, focal area, intervention or milestone "
            "(priority:aspen-2026-2035-p2 or an IRI)."
        ),
    ]
    lang: Language = "en"


class ScopeParameters(ViewParameters):
    plan: Plan = None
    version: Version = None
    challenge: Annotated[
        OptionalText,
        Field(description="One challenge only (climate-change, challenge:pollution or an IRI)."),
    ] = None
    lang: Language = "en"


def alignment_answer(
    params: ElementParameters, store: GraphStore, catalog: QueryCatalog
) -> AlignmentList:
    """What the element serves (or works against), how strongly, and on what evidence
    (query ``alignments-by-element``)."""
    lang = params.lang
    element = known(store, catalog, "element", params.element)
    table = run_select(
        store, catalog, "alignments-by-element", {"element": str(element), "lang": lang}
    )
    data = [
        Alignment(
            target=str(row["target"]),
            curie=curie_of(str(row["target"])),
            label=_text(row["target_label"]),
            label_lang=language_of(row["target_label"]),
            score=int(_number(row["score"])),
            interaction=str(row["interaction"]),
            confidence=_number(row["confidence"]),
            rationale=str(row["rationale"]),
            sources=[s for s in str(row["sources"] or "").split(" ; ") if s],
            status=str(row["status"]),
            asserted_by=_text(row["asserted_by"]),
            date=_text(row["date"]),
            alignment=str(row["alignment"]),
        )
        for row in table.records()
    ]
    return AlignmentList(
        element=str(element), curie=curie_of(element), lang=lang, data=data, count=len(data)
    )


def _scope(
    params: ScopeParameters, store: GraphStore, catalog: QueryCatalog
) -> tuple[str, str, dict[str, str]]:
    """(plan IRI, version IRI, query parameters) of /coverage and /gaps."""
    plan, version = plan_version(store, catalog, params.plan, params.version)
    values = {"plan": plan, "version": version, "lang": params.lang}
    challenge = params.challenge
    if challenge is not None:
        if ":" not in challenge:
            challenge = f"challenge:{challenge}"
        values["challenge"] = str(known(store, catalog, "challenge", challenge))
    return plan, version, values


def _gaps(store: GraphStore, catalog: QueryCatalog, values: dict[str, str]) -> list[Gap]:
    """The gaps by challenge and framework as the query answers, then in natural code order
    (SDG 7.3 < 7.a < 13.1, GBF-TARGET-09 < GBF-TARGET-23), which SPARQL cannot sort by."""
    table = run_select(store, catalog, "gaps-by-challenge", values)
    gaps = [
        Gap(
            challenge=str(row["challenge"]),
            challenge_label=_text(row["challenge_label"]),
            target=str(row["target"]),
            curie=curie_of(str(row["target"])),
            code=str(row["code"]),
            framework=str(row["framework"]),
            text=_text(row["text"]),
            text_lang=language_of(row["text"]),
        )
        for row in table.records()
    ]
    return sorted(gaps, key=lambda g: (g.challenge, target_order(g.framework, g.code)))


def coverage_answer(
    params: ScopeParameters, store: GraphStore, catalog: QueryCatalog
) -> CoverageList:
    """Relevant and reached SDG and GBF targets per challenge, the ratio, and the targets left
    out (queries ``coverage-by-challenge`` and ``gaps-by-challenge``)."""
    plan, version, values = _scope(params, store, catalog)
    table = run_select(store, catalog, "coverage-by-challenge", values)
    gaps: dict[str, list[GapTarget]] = {}
    for gap in _gaps(store, catalog, values):
        gaps.setdefault(gap.challenge, []).append(
            GapTarget(**gap.model_dump(exclude={"challenge", "challenge_label"}))
        )
    data = [
        ChallengeCoverage(
            challenge=str(row["challenge"]),
            curie=curie_of(str(row["challenge"])),
            label=_text(row["challenge_label"]),
            label_lang=language_of(row["challenge_label"]),
            relevant=int(_number(row["relevant"])),
            reached=int(_number(row["reached"])),
            ratio=_number(row["ratio"]),
            sdg=FrameworkSplit(
                relevant=int(_number(row["sdg_relevant"])),
                reached=int(_number(row["sdg_reached"])),
            ),
            gbf=FrameworkSplit(
                relevant=int(_number(row["gbf_relevant"])),
                reached=int(_number(row["gbf_reached"])),
            ),
            gaps=gaps.get(str(row["challenge"]), []),
        )
        for row in table.records()
    ]
    return CoverageList(plan=plan, version=version, lang=params.lang, data=data, count=len(data))


def gap_answer(params: ScopeParameters, store: GraphStore, catalog: QueryCatalog) -> GapList:
    """The gap list, with the targets' official texts (query ``gaps-by-challenge``)."""
    plan, version, values = _scope(params, store, catalog)
    data = _gaps(store, catalog, values)
    return GapList(plan=plan, version=version, lang=params.lang, data=data, count=len(data))


GAP_COLUMNS = ["challenge", "challenge_label", "framework", "target", "code", "text"]
GAP_COLUMNS += ["text_lang", "curie"]
ALIGNMENT_COLUMNS = ["target", "label", "curie", "score", "interaction", "confidence"]
ALIGNMENT_COLUMNS += ["rationale", "sources", "status", "asserted_by", "date", "alignment"]
COVERAGE_COLUMNS = ["challenge", "label", "curie", "relevant", "reached", "ratio"]
COVERAGE_COLUMNS += ["sdg_relevant", "sdg_reached", "gbf_relevant", "gbf_reached", "gaps"]


def _coverage_row(item: ChallengeCoverage) -> dict[str, object]:
    row: dict[str, object] = item.model_dump(exclude={"sdg", "gbf", "gaps"})
    for framework in ("sdg", "gbf"):
        split: FrameworkSplit = getattr(item, framework)
        row[f"{framework}_relevant"] = split.relevant
        row[f"{framework}_reached"] = split.reached
    row["gaps"] = [gap.code for gap in item.gaps]
    return row


@dataclass(frozen=True)
class Question:
    """One of these routes as a question: its catalogue query (the form), its parameters,
    its answer (and how the API documents it), and its rows as a table."""

    query: str
    model: type[TrimmedParameters]
    answer: Callable[[Any, GraphStore, QueryCatalog], Any]
    response_model: type[BaseModel]
    summary: str
    description: str
    columns: list[str]
    links: dict[str, str]
    flat: Callable[[Any], dict[str, object]] = lambda item: item.model_dump()

    def grid(self, request: Request, data: Sequence[BaseModel]) -> Grid:
        base = app_state(request).settings.base_iri
        return grid_of_rows([self.flat(d) for d in data], self.columns, self.links, base)


QUESTIONS = {
    "/alignments": Question(
        "alignments-by-element",
        ElementParameters,
        alignment_answer,
        AlignmentList,
        "Alignments of one element",
        "What the element serves (or works against), how strongly, and on what evidence "
        "(query `alignments-by-element`); CSV or XLSX by `?format=` or Accept.",
        ALIGNMENT_COLUMNS,
        {"target": "label", "alignment": ""},
    ),
    "/coverage": Question(
        "coverage-by-challenge",
        ScopeParameters,
        coverage_answer,
        CoverageList,
        "Coverage per global challenge, with its gaps",
        "Relevant and reached SDG and GBF targets per challenge, the ratio, and the targets "
        "left out (queries `coverage-by-challenge` and `gaps-by-challenge`); CSV or XLSX by "
        "`?format=` or Accept (one row per challenge, the gaps as codes).",
        COVERAGE_COLUMNS,
        {"challenge": "label"},
        _coverage_row,
    ),
    "/gaps": Question(
        "gaps-by-challenge",
        ScopeParameters,
        gap_answer,
        GapList,
        "Relevant targets the plan does not reach",
        "The gap list, with the targets' official texts (query `gaps-by-challenge`); CSV or "
        "XLSX by `?format=` or Accept.",
        GAP_COLUMNS,
        {"challenge": "challenge_label", "target": "code"},
    ),
}
TABLE_ERRORS: dict[int | str, dict[str, Any]] = {
    **{  # a browser (or ?format=html) gets the error as a page
        status: {**response, "content": {"text/html": {"schema": {"type": "string"}}}}
        for status, response in ERRORS.items()
    },
    200: {"description": "The rows", "content": TABLE_CONTENT},
    406: {"description": "The format asked for by ?format= is not available."},
}
TITLES = {"/gaps": N_("Gaps"), "/coverage": N_("Coverage"), "/alignments": N_("Alignments")}


def _format(request: Request, view: View) -> str:
    """The format of a program's answer: ``?format=``, else CSV or XLSX when Accept asks for
    it, else JSON (these routes answered JSON whatever the Accept before: no 406 here)."""
    try:
        fmt = choose_table_format(request.headers.get("accept"), view)
    except ProtocolError:
        if view.format is not None:
            raise
        fmt = "json"
    return "json" if fmt == "html" else fmt


def answer(
    request: Request, path: str, params: Any, store: GraphStore, catalog: QueryCatalog
) -> Response:
    """A program's answer: the rows the view keeps, as JSON (the model), CSV or XLSX; kept in
    the result cache per URL and format (ETag, 304) like the pages."""
    question = QUESTIONS[path]
    view = read_view(given_values(request))
    fmt = _format(request, view)
    name = path.strip("/")

    def build() -> bytes:
        found = question.answer(params, store, catalog)
        grid = question.grid(request, found.data)
        order = arrange(grid, view)
        found.data = [found.data[i] for i in order]
        found.count = len(order)

        def json_body() -> bytes:  # the model as FastAPI wrote it (by alias, pydantic's encoder)
            document: str = found.model_dump_json(by_alias=True)
            return document.encode()

        return bytes(table_answer(grid, order, fmt, name, json_body).body)

    media = MEDIA_TYPES[fmt]
    headers = {"Vary": "Accept", **download_headers(fmt, name)}
    key = download_key(request, media)
    return cached_answer(request, key, build, media_type=content_type(media), headers=headers)


def question_page(request: Request, path: str) -> Response:
    """The route's page: the form (pickers from the catalogue query's parameters), the table
    and its downloads; with no element chosen (``/alignments``), the form alone. Kept in the
    result cache per query string and language."""
    lang = error_language(request)
    try:
        given = given_values(request)
        lang = question_language(request, given)
        return cached_page(request, lang, lambda: _page_body(request, path, given, lang))
    except AspenError as error:
        return html_error(request, error)


def _page_body(request: Request, path: str, given: dict[str, str], lang: str) -> bytes:
    question = QUESTIONS[path]
    catalog = app_state(request).catalog
    names = list(question.model.model_fields)
    unknown = sorted(set(given) - set(names))
    if unknown:  # as the route answers programs
        raise QueryParameterError(
            f"unknown parameter {unknown[0]!r} (parameters: {', '.join(names)})"
        )
    spec = catalog.get(question.query)
    values = {k: v.strip() for k, v in given.items() if v.strip()}
    values["lang"] = lang
    if values.get("version") == "latest":  # the picker's default: the plan's latest
        del values["version"]
    if ":" not in values.get("challenge", ":"):  # a key (pollution), as _scope reads it
        values["challenge"] = f"challenge:{values['challenge']}"
    own = {k: values[k] for k in (p.name for p in spec.params) if k in values}
    store = serving_store(request)
    page = QuestionPage(
        name=path.strip("/"),
        title=translate(lang, TITLES[path]),
        summary=spec.summary,
        action=path,
        fields=form_fields(CachedChoices(request, store, catalog), spec, own, lang),
        view=read_view(given),
        source=f"sparql/{spec.group}/{spec.path.name}",
    )
    if all(p.name in values for p in spec.params if p.required):
        try:
            params = question.model.model_validate(values)
        except ValidationError as error:
            raise QueryParameterError(parameter_message(dict(error.errors()[0]))) from None
        page.grid = question.grid(request, question.answer(params, store, catalog).data)
        page.order = arrange(page.grid, page.view)
        finish(page, own)
    return render_page(request, page, lang)


def _endpoint(path: str, model: type[TrimmedParameters]) -> Callable[..., Any]:
    def endpoint(request: Request, params: Any, store: StoreDep, catalog: CatalogDep) -> Any:
        return answer(request, path, params, store, catalog)

    # The model is set here, at run time: the annotation names it as an object.
    endpoint.__annotations__["params"] = Annotated[model, Query()]
    return endpoint


for _path, _question in QUESTIONS.items():
    PageRoute.pages[_path] = question_page
    router.add_api_route(
        _path,
        _endpoint(_path, _question.model),
        methods=["GET"],
        name=_path.strip("/"),
        response_model=_question.response_model,
        summary=_question.summary,
        description=_question.description,
        responses=TABLE_ERRORS,
    )


__all__ = ["QUESTIONS", "ElementParameters", "ScopeParameters", "question_page", "router"]
