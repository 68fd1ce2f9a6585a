"""Running the report's named queries: every number in the report comes from one of these runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from rdflib import Literal, URIRef
from rdflib.term import Node

from aspen_graph.curie import compress, expand
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import (
    TYPES_QUERY,
    QueryCatalog,
    bind_params,
    check_types,
    naming_failures,
    resolve_version,
)
from aspen_graph.store import GraphStore, Table

Progress = Callable[[str, int, int], None]
"""Called as ``progress(description, steps_done, steps_total)`` while a report is made."""

DEFAULT_PLAN = "plan:aspen-2026-2035"
DEFAULT_EARLIER = "plan:aspen-2016-2025"
GBF = "agreement:kmgbf"


@dataclass(frozen=True, slots=True)
class QueryRun:
    """One named query, the text parameters it ran with, and its answer."""

    name: str
    params: tuple[tuple[str, str], ...]
    table: Table

    @property
    def path(self) -> str:
        """The API path that answers the same question.

        >>> QueryRun("trade-offs", (("plan", "plan:x"),), Table(())).path
        '/queries/trade-offs?plan=plan%3Ax'
        """
        query = urlencode(self.params)
        return f"/queries/{self.name}" + (f"?{query}" if query else "")

    def records(self) -> list[dict[str, Node | None]]:
        return self.table.records()


@dataclass(frozen=True, slots=True)
class ReportData:
    """The answers the report is made of, keyed by their role in the report."""

    lang: str
    plan: str
    earlier: str
    runs: dict[str, QueryRun]
    version: str | None = None

    def run(self, key: str) -> QueryRun | None:
        return self.runs.get(key)

    def title(self, curie: str) -> str:
        """The title of a plan or plan version (``sparql/pages/plan-titles.rq``: its short
        name, "ASPEN 2016-2025"), the CURIE itself when the graph gives it none."""
        run = self.runs.get("titles")
        for record in run.records() if run is not None else ():
            if lexical(record["thing"]) == curie:
                return lexical(record["title"])
        return curie


def planned_queries(
    lang: str, plan: str, earlier: str, version: str | None = None
) -> list[tuple[str, str, dict[str, str]]]:
    """(role, query name, text parameters) for every query the report runs, in order; without
    a ``version`` the queries take the plan's latest."""
    scope = {"plan": plan, "version": version} if version else {"plan": plan}
    with_lang = {**scope, "lang": lang}
    queries = [
        ("coverage", "coverage-by-challenge", with_lang),
        ("elements", "coverage-by-element", with_lang),
        ("sdg_grid", "sdg-reach-by-element", with_lang),
        ("gbf_grid", "gbf-reach-by-element", with_lang),
        ("flow", "challenge-flow", with_lang),
        ("gaps", "gaps-by-challenge", with_lang),
        ("gbf", "components-by-framework", {"framework": GBF, **with_lang}),
        ("trade_offs", "trade-offs", scope),
        ("titles", "pages/plan-titles", {"lang": lang}),
    ]
    if earlier != plan:
        between = {"earlier": earlier, "later": plan}
        if version:
            between["later_version"] = version
        queries += [("continuity", "continuity", between), ("lost", "coverage-lost", between)]
    return queries


def collect(
    store: GraphStore,
    catalog: QueryCatalog,
    *,
    lang: str,
    plan: str,
    earlier: str = DEFAULT_EARLIER,
    version: str | None = None,
    progress: Progress | None = None,
    steps: tuple[int, int] | None = None,
) -> ReportData:
    """Run every query of the report; the continuity queries are left out when the earlier
    plan is not in the graph (or is the plan itself).

    The parameters the queries share are checked and resolved once (:func:`shared_params`),
    not once per query: on a remote store each check is a round trip (37 of the 48 queries
    a report sent, before).
    """
    planned = planned_queries(lang, plan, earlier, version)
    shared = shared_params(store, catalog, plan=plan, earlier=earlier, version=version)
    done, total = steps or (0, len(planned))
    runs: dict[str, QueryRun] = {}
    for role, name, params in planned:
        if progress is not None:
            progress(f"query {name}", done, total)
        done += 1
        if "earlier" in params and "earlier" not in shared:
            continue  # the earlier plan is not in this graph
        spec = catalog.get(name)
        given = {**params, **{p.name: shared[p.name] for p in spec.params if p.name in shared}}
        bindings = bind_params(spec, given)  # typed only: checked by shared_params
        with naming_failures(name, params):
            table = store.select(spec.text, bindings=bindings)
        runs[role] = QueryRun(name, tuple(params.items()), table)
    return ReportData(lang=lang, plan=plan, earlier=earlier, runs=runs, version=version)


def shared_params(
    store: GraphStore, catalog: QueryCatalog, *, plan: str, earlier: str, version: str | None
) -> dict[str, str]:
    """The report's iri parameters as CURIEs, each checked once as a catalogue query checks it
    (it names something of the declared class; a version is one of its plan's, ``latest`` by
    default): ``plan``, ``version``, ``framework``, and, when the earlier plan is in the graph
    and is not the plan itself, ``earlier``, ``earlier_version``, ``later`` and
    ``later_version``."""
    found_plan, found_version = resolve_version(
        store, catalog, plan=plan, version=version, default_plan=plan
    )
    framework = catalog.get("components-by-framework").param("framework")
    assert framework is not None
    check_types(store, catalog.get(TYPES_QUERY).text, framework, expand(GBF))
    shared = {"plan": compress(str(found_plan)), "version": compress(str(found_version))}
    shared["framework"] = GBF
    if earlier == plan:
        return shared
    try:
        before = resolve_version(store, catalog, plan=earlier, version=None, default_plan=earlier)
    except QueryParameterError:
        return shared  # the earlier plan is not in this graph (or has no version)
    return {
        **shared,
        "earlier": compress(str(before[0])),
        "earlier_version": compress(str(before[1])),
        "later": shared["plan"],
        "later_version": shared["version"],
    }


def lexical(value: Node | None) -> str:
    """A query value as plain text: IRIs as CURIEs, literals as their lexical form.

    >>> lexical(URIRef("http://metadata.un.org/sdg/14.1"))
    'sdg:14.1'
    >>> lexical(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return compress(str(value))
    return str(value)


def language_of(value: Node | None) -> str | None:
    """The language tag of a literal (``None`` for IRIs, numbers and plain strings)."""
    return value.language if isinstance(value, Literal) else None


__all__ = [
    "DEFAULT_EARLIER",
    "DEFAULT_PLAN",
    "Progress",
    "QueryRun",
    "ReportData",
    "collect",
    "language_of",
    "lexical",
    "planned_queries",
    "shared_params",
]
