"""``/alignments``, ``/coverage``, ``/gaps``, ``/explain`` (JSON) and ``/report`` (HTML).

The same questions as ``aspen coverage``, ``aspen gaps`` and ``aspen explain``, answered from
the catalogue queries (``alignments-by-element``, ``coverage-by-challenge``,
``gaps-by-challenge``) and the alignment network (:func:`aspen_graph.analysis.load_network`),
through the serving store (the sandbox pool). The release never changes while it is served, so
the network (per label language) and the rendered report (per language and plan) are built once
and kept on the app (``app.state.analytics``), keyed by the release tag.

Parameters are read strictly, as on ``/queries``: unknown or repeated ones answer 422, a
malformed CURIE or language tag 422, a reference that names nothing in the graph 404.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar, cast

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from rdflib import Literal, URIRef
from rdflib.term import Node

from aspen_graph.analysis import AlignmentNetwork, Chain, load_network
from aspen_graph.api.deps import CatalogDep, ReleaseDep, StoreDep
from aspen_graph.api.edge import source_hash
from aspen_graph.api.pages import interface_language
from aspen_graph.api.protocol import query_params
from aspen_graph.api.schemas import (
    Alignment,
    AlignmentList,
    ChallengeCoverage,
    CoverageList,
    ErrorBody,
    ExplainChain,
    ExplainStep,
    Explanation,
    FrameworkSplit,
    Gap,
    GapList,
    GapTarget,
    StepKind,
)
from aspen_graph.errors import QueryParameterError, UnknownReferenceError
from aspen_graph.model.values import number as _number
from aspen_graph.model.values import text as _text
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.queries.bind import LANGUAGE_TAG, resolve_version
from aspen_graph.sources.curie import compress, expand
from aspen_graph.store import GraphStore

router = APIRouter(tags=["analytics"])

DEFAULT_PLAN = "plan:aspen-2026-2035"
TYPES_QUERY = "system/resource-types"
_STATE_LOCK = threading.Lock()

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The query string is not valid UTF-8."},
    404: {"model": ErrorBody, "description": "A reference names nothing in the graph."},
    422: {
        "model": ErrorBody,
        "description": "A parameter is missing, unknown, repeated, malformed, or names a "
        "thing of the wrong kind.",
    },
    503: {"model": ErrorBody, "description": "Time limit reached, or no worker free."},
}
HTML_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": response["description"],
        "content": {"application/json": {"schema": ErrorBody.model_json_schema()}},
    }
    for status, response in ERRORS.items()
}
"""The same, for a route whose own media type is HTML (errors are still JSON)."""


def _param(name: str, description: str, *, required: bool = False, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": {"type": "string", **schema},
        "description": description,
    }


LANG = _param(
    "lang",
    "Language of labels and texts (falls back to English).",
    default="en",
    pattern=LANGUAGE_TAG.pattern,
)
PLAN = _param(
    "plan",
    "The plan whose elements count (CURIE or IRI; default: plan:aspen-2026-2035, or the plan of "
    "the version).",
)
VERSION = _param(
    "version",
    "The plan version whose elements count (plan-version:…; default: the plan's latest).",
)
CHALLENGE = _param(
    "challenge", "One challenge only (climate-change, challenge:pollution or an IRI)."
)


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A thread-safe LRU of values built on demand; one key is built by one thread at a time.

    >>> memo: Memo[str, int] = Memo(size=1)
    >>> memo.get("a", lambda: 1), memo.get("a", lambda: 2), memo.get("b", lambda: 3)
    (1, 1, 3)
    >>> memo.get("a", lambda: 4)
    4
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        self._building: dict[K, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: K, build: Callable[[], V]) -> V:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._data:
                    return self._data[key]
            try:
                value = build()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                self._data[key] = value
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
            return value


class AnalyticsCache:
    """What the analytics routes keep per app: networks by (release, lang), reports by
    (release, lang, plan, version)."""

    def __init__(self) -> None:
        self.networks: Memo[tuple[str, str], AlignmentNetwork] = Memo(size=8)
        self.reports: Memo[tuple[str, str, str, str], bytes] = Memo(size=16)


def analytics_cache(request: Request) -> AnalyticsCache:
    with _STATE_LOCK:
        cache: AnalyticsCache | None = getattr(request.app.state, "analytics", None)
        if cache is None:
            cache = AnalyticsCache()
            request.app.state.analytics = cache
        return cache


def _values(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, given in query_params(request).items():
        if key not in allowed:
            raise QueryParameterError(
                f"unknown parameter {key!r} (parameters: {', '.join(allowed)})"
            )
        if len(given) > 1:
            raise QueryParameterError(f"give the parameter {key!r} once")
        if given[0].strip():
            values[key] = given[0].strip()
    return values


def _language(values: dict[str, str]) -> str:
    lang = values.get("lang", "en")
    if not LANGUAGE_TAG.match(lang):
        raise QueryParameterError(f"parameter 'lang': {lang!r} is not a language tag")
    return lang.lower()


def _iri(name: str, text: str | None) -> URIRef:
    """A parameter's CURIE or IRI, expanded; malformed → 422."""
    if text is None:
        raise QueryParameterError(f"parameter {name!r} is required")
    try:
        return expand(text)
    except UnknownReferenceError as error:
        raise QueryParameterError(f"parameter {name!r}: {error}") from None


def _known(store: GraphStore, catalog: QueryCatalog, name: str, text: str | None) -> URIRef:
    """An expanded reference that names something in the graph (else 404)."""
    iri = _iri(name, text)
    if not store.select(catalog.get(TYPES_QUERY).text, bindings={"resource": iri}).rows:
        raise UnknownReferenceError(f"parameter {name!r}: {compress(iri)} names nothing here")
    return iri


def _lang(value: Node | None) -> str | None:
    return value.language if isinstance(value, Literal) else None


def _curie(iri: str) -> str | None:
    curie = compress(iri)
    return curie if curie != iri else None


@router.get(
    "/alignments",
    response_model=AlignmentList,
    summary="Alignments of one element",
    responses=ERRORS,
    openapi_extra={
        "parameters": [
            _param(
                "element",
                "The goal, priority, focal area, intervention or milestone "
                "(priority:aspen-2026-2035-p2 or an IRI).",
                required=True,
            ),
            LANG,
        ]
    },
)
def alignments(request: Request, store: StoreDep, catalog: CatalogDep) -> AlignmentList:
    """What the element serves (or works against), how strongly, and on what evidence
    (query ``alignments-by-element``)."""
    values = _values(request, ("element", "lang"))
    lang = _language(values)
    element = _known(store, catalog, "element", values.get("element"))
    table = run_select(
        store, catalog, "alignments-by-element", {"element": str(element), "lang": lang}
    )
    data = [
        Alignment(
            target=str(row["target"]),
            curie=_curie(str(row["target"])),
            label=_text(row["target_label"]),
            label_lang=_lang(row["target_label"]),
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
        element=str(element), curie=_curie(element), lang=lang, data=data, count=len(data)
    )


def _plan_version(
    store: GraphStore, catalog: QueryCatalog, values: dict[str, str]
) -> tuple[str, str]:
    """(plan IRI, version IRI): the given or default plan, the given or latest version; a
    reference naming nothing is a 404, a version of another plan a 422."""
    plan = values.get("plan")
    if plan is not None or "version" not in values:
        plan = str(_known(store, catalog, "plan", plan or DEFAULT_PLAN))
    version = values.get("version")
    if version is not None:
        version = str(_known(store, catalog, "version", version))
    found = resolve_version(store, catalog, plan=plan, version=version, default_plan=DEFAULT_PLAN)
    return str(found[0]), str(found[1])


def _scope(
    request: Request, store: GraphStore, catalog: QueryCatalog
) -> tuple[str, str, str, dict[str, str]]:
    """(plan IRI, version IRI, lang, query parameters) of /coverage and /gaps."""
    values = _values(request, ("plan", "version", "challenge", "lang"))
    lang = _language(values)
    plan, version = _plan_version(store, catalog, values)
    params = {"plan": plan, "version": version, "lang": lang}
    challenge = values.get("challenge")
    if challenge is not None:
        if ":" not in challenge:
            challenge = f"challenge:{challenge}"
        params["challenge"] = str(_known(store, catalog, "challenge", challenge))
    return plan, version, lang, params


def _gaps(store: GraphStore, catalog: QueryCatalog, params: dict[str, str]) -> list[Gap]:
    table = run_select(store, catalog, "gaps-by-challenge", params)
    return [
        Gap(
            challenge=str(row["challenge"]),
            challenge_label=_text(row["challenge_label"]),
            target=str(row["target"]),
            curie=_curie(str(row["target"])),
            code=str(row["code"]),
            framework=str(row["framework"]),
            text=_text(row["text"]),
            text_lang=_lang(row["text"]),
        )
        for row in table.records()
    ]


@router.get(
    "/coverage",
    response_model=CoverageList,
    summary="Coverage per global challenge, with its gaps",
    responses=ERRORS,
    openapi_extra={"parameters": [PLAN, VERSION, CHALLENGE, LANG]},
)
def coverage(request: Request, store: StoreDep, catalog: CatalogDep) -> CoverageList:
    """Relevant and reached SDG and GBF targets per challenge, the ratio, and the targets left
    out (queries ``coverage-by-challenge`` and ``gaps-by-challenge``)."""
    plan, version, lang, params = _scope(request, store, catalog)
    table = run_select(store, catalog, "coverage-by-challenge", params)
    gaps: dict[str, list[GapTarget]] = {}
    for gap in _gaps(store, catalog, params):
        gaps.setdefault(gap.challenge, []).append(
            GapTarget(**gap.model_dump(exclude={"challenge", "challenge_label"}))
        )
    data = [
        ChallengeCoverage(
            challenge=str(row["challenge"]),
            curie=_curie(str(row["challenge"])),
            label=_text(row["challenge_label"]),
            label_lang=_lang(row["challenge_label"]),
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
    return CoverageList(plan=plan, version=version, lang=lang, data=data, count=len(data))


@router.get(
    "/gaps",
    response_model=GapList,
    summary="Relevant targets the plan does not reach",
    responses=ERRORS,
    openapi_extra={"parameters": [PLAN, VERSION, CHALLENGE, LANG]},
)
def gaps(request: Request, store: StoreDep, catalog: CatalogDep) -> GapList:
    """The gap list, with the targets' official texts (query ``gaps-by-challenge``)."""
    plan, version, lang, params = _scope(request, store, catalog)
    data = _gaps(store, catalog, params)
    return GapList(plan=plan, version=version, lang=lang, data=data, count=len(data))


def _chain(network: AlignmentNetwork, chain: Chain) -> ExplainChain:
    steps = [
        ExplainStep(
            kind=cast(StepKind, step.kind),
            source=step.source,
            source_label=network.label(step.source),
            target=step.target,
            target_label=network.label(step.target),
            score=step.score,
            confidence=step.confidence,
            rationale=step.rationale,
            sources=list(step.sources),
            alignment=step.alignment,
        )
        for step in chain.steps
    ]
    return ExplainChain(strength=chain.strength, confidence=chain.confidence, steps=steps)


@router.get(
    "/explain",
    response_model=Explanation,
    summary="Why an element reaches a target",
    responses=ERRORS,
    openapi_extra={
        "parameters": [
            _param("element", "The ASPEN element (priority:aspen-2026-2035-p2).", required=True),
            _param("target", "The target (sdg:14.1, sdg:14, gbf-target:3 …).", required=True),
            LANG,
        ]
    },
)
def explain(
    request: Request, store: StoreDep, catalog: CatalogDep, release: ReleaseDep
) -> Explanation:
    """The chains of positive alignments and roll-ups by which the element reaches the target,
    strongest then shortest first, each step with its evidence; ``chains`` is empty when there
    is none. Both must be nodes of the alignment network (else 404)."""
    values = _values(request, ("element", "target", "lang"))
    lang = _language(values)
    element = str(_iri("element", values.get("element")))
    target = str(_iri("target", values.get("target")))
    network = analytics_cache(request).networks.get(
        (release.tag, lang), lambda: load_network(store, catalog, lang=lang)
    )
    for name, iri in (("element", element), ("target", target)):
        if iri not in network.graph:
            raise UnknownReferenceError(
                f"parameter {name!r}: {compress(iri)} is not in the alignment network"
            )
    chains = [_chain(network, chain) for chain in network.explain(element, target)]
    return Explanation(
        element=element,
        element_label=network.label(element),
        target=target,
        target_label=network.label(target),
        lang=lang,
        chains=chains,
        count=len(chains),
    )


@router.get(
    "/report",
    response_class=HTMLResponse,
    summary="The coverage-gap report (HTML)",
    responses=HTML_ERRORS,
    openapi_extra={
        "parameters": [
            _param(
                "lang",
                "Language of the report: en or vi (default: the best for Accept-Language).",
                default="en",
            ),
            PLAN,
            VERSION,
        ]
    },
)
def report(
    request: Request, store: StoreDep, catalog: CatalogDep, release: ReleaseDep
) -> HTMLResponse:
    """The coverage-gap report as one self-contained HTML document (charts inline, no
    external resources), as ``aspen report`` writes it."""
    # Imported here: the report pulls in matplotlib, which every other request can do without.
    from aspen_graph.report import render_report_html
    from aspen_graph.report.render import inline_styles

    values = _values(request, ("lang", "plan", "version"))
    # ?lang= when given, else the browser's Accept-Language among the report's languages
    lang = (
        _language(values)
        if "lang" in values
        else interface_language(request.headers.get("accept-language"))
    )
    plan, version = (compress(iri) for iri in _plan_version(store, catalog, values))
    body = analytics_cache(request).reports.get(
        (release.tag, lang, plan, version),
        lambda: render_report_html(store, catalog, lang=lang, plan=plan, version=version).encode(
            "utf-8"
        ),
    )
    # Self-contained: its CSS inline (allowed by hash), its charts as data: images, no script.
    styles = " ".join(source_hash(style) for style in inline_styles())
    policy = (
        f"default-src 'none'; style-src {styles}; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    return HTMLResponse(
        body, headers={"Content-Security-Policy": policy, "Vary": "Accept-Language"}
    )


__all__ = ["AnalyticsCache", "Memo", "analytics_cache", "router"]
