"""The assembled reports a server keeps: one per (release, language, plan, version).

Assembling a report runs its queries and draws its charts (seconds on the shipped release);
its page, its CSVs and every later request read the one kept here (and its content, rendered
with the site's links, once per link language). A server that opens its own
store assembles the default report in each interface language in a background thread as it
starts (:func:`start_warm_up`), so even the first reader gets it at once. One assembly per key
at a time: a request that arrives while the warm-up assembles the same report waits for it.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI
from markupsafe import Markup
from pydantic import AfterValidator, Field

from aspen_graph.api.deps import AppState
from aspen_graph.api.pages import link_language, resource_href, with_lang
from aspen_graph.api.params import TrimmedParameters, language_tag
from aspen_graph.api.routes.plan_scope import Plan, Version, plan_version
from aspen_graph.curie import compress
from aspen_graph.errors import AspenError, QueryParameterError
from aspen_graph.i18n import interface_languages
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

if TYPE_CHECKING:  # the report pulls in matplotlib: imported when a report is first made
    from aspen_graph.report import Links, Report

log = logging.getLogger(__name__)

Key = tuple[str, str, str, str]
"""(release tag, language, plan CURIE, version CURIE)."""


class ReportParameters(TrimmedParameters):
    lang: Annotated[
        str | None,
        AfterValidator(language_tag),  # a default (None) is not validated
        Field(
            description="Language of the report: en or vi (default: the best for Accept-Language)."
        ),
    ] = None
    plan: Plan = None
    version: Version = None


Scope = tuple[tuple[str, str], ...]
"""The query string naming a report as asked (``lang``, ``plan``, ``version``): its CSV links."""


LIMIT = 64
"""Most request spellings (and rendered contents) kept per release: a plan named by CURIE, by
IRI, with or without a version… (the reports themselves are one per plan version and language,
which the graph bounds)."""


def _bound(kept: dict[Any, Any]) -> None:
    """Drop the oldest entries beyond :data:`LIMIT` (a dict keeps insertion order)."""
    for old in list(kept)[: max(0, len(kept) - LIMIT)]:
        del kept[old]


class ReportMemo:
    """Assembled reports of the served release (older releases' are dropped on a new one),
    the plan and version each request names, and each report's content as the site shows it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reports: dict[Key, Report] = {}
        self._building: dict[Key, threading.Lock] = {}
        self._keys: dict[tuple[str, str, str | None, str | None], Key] = {}
        self._contents: dict[tuple[Key, str | None, Scope], Markup] = {}

    def key(
        self, state: AppState, store: GraphStore, lang: str, plan: str | None, version: str | None
    ) -> Key:
        """:func:`report_key`, remembered for the release (two queries saved a request)."""
        asked = (state.release.tag, lang, plan, version)
        with self._lock:
            found = self._keys.get(asked)
        if found is None:
            found = report_key(state, store, lang, plan, version)
            with self._lock:
                self._keys = {k: v for k, v in self._keys.items() if k[0] == asked[0]}
                self._keys[asked] = found
                _bound(self._keys)
        return found

    def content(
        self, key: Key, link_lang: str | None, scope: Scope, base: str, report: Report
    ) -> Markup:
        """The report's content with the site's links (:func:`site_links`), rendered once."""
        from aspen_graph.report import render_sections

        at = (key, link_lang, scope)
        with self._lock:
            found = self._contents.get(at)
        if found is None:
            found = render_sections(report, site_links(base, link_lang, scope))
            with self._lock:
                self._contents = {k: v for k, v in self._contents.items() if k[0][0] == key[0]}
                self._contents[at] = found
                _bound(self._contents)
        return found

    def get(self, key: Key, store: GraphStore, catalog: QueryCatalog) -> Report:
        with self._lock:
            found = self._reports.get(key)
            if found is not None:
                return found
            building = self._building.setdefault(key, threading.Lock())
        with building:  # one assembly per key; the others wait for it
            with self._lock:
                found = self._reports.get(key)
            if found is None:
                from aspen_graph.report import assemble_report

                _, lang, plan, version = key
                found = assemble_report(store, catalog, lang=lang, plan=plan, version=version)
                with self._lock:
                    self._reports = {k: v for k, v in self._reports.items() if k[0] == key[0]}
                    self._reports[key] = found
                    self._building.pop(key, None)
        return found

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._reports


_MEMO_LOCK = threading.Lock()


def memo_of(app: FastAPI) -> ReportMemo:
    """The app's report memo (made on first use)."""
    with _MEMO_LOCK:
        memo: ReportMemo | None = getattr(app.state, "report_memo", None)
        if memo is None:
            memo = ReportMemo()
            app.state.report_memo = memo
        return memo


def report_key(
    state: AppState, store: GraphStore, lang: str, plan: str | None, version: str | None
) -> Key:
    """The key of a report: its plan and version resolved (an unknown one: 404), as CURIEs, so
    a plan named by IRI or CURIE is the same report."""
    plan_iri, version_iri = plan_version(store, state.catalog, plan, version)
    return (state.release.tag, lang, compress(plan_iri), compress(version_iri))


def site_links(base: str, link_lang: str | None, scope: Scope) -> Links:
    """The report's links in the site: each named thing to its page (carrying ``?lang=``),
    each table to its CSV (``/report/tables/{table}.csv`` with the report's ``scope``)."""
    from aspen_graph.report import Links

    query = "?" + urlencode(scope) if scope else ""
    return Links(
        resource=lambda iri: with_lang(resource_href(base, iri), link_lang),
        table_csv=lambda table: f"/report/tables/{table}.csv{query}",
    )


def report_for(
    app: FastAPI,
    store: GraphStore,
    catalog: QueryCatalog,
    lang: str,
    plan: str | None,
    version: str | None,
) -> tuple[Key, Report]:
    """The report in ``lang`` for the plan and version asked (defaults: the latest of ASPEN
    2026-2035), assembled on first use and kept for the release, and its key."""
    state: AppState = app.state.aspen
    if lang not in interface_languages():
        languages = ", ".join(interface_languages())
        raise QueryParameterError(f"report language {lang!r}: use one of {languages}")
    memo = memo_of(app)
    key = memo.key(state, store, lang, plan, version)
    return key, memo.get(key, store, catalog)


def warm_up(app: FastAPI) -> None:
    """Assemble the default report in every interface language (errors logged, not raised:
    a request would meet and report them; a server stopping meanwhile ends it quietly)."""
    state: AppState = app.state.aspen
    for lang in interface_languages():
        store = state.store
        if store is None:
            return
        try:
            key, report = report_for(app, store, state.catalog, lang, None, None)
            # the content of /report (English by default) and of /report?lang=xx
            link_lang = link_language(None if lang == "en" else lang, lang)
            scope = (("lang", link_lang),) if link_lang else ()
            memo_of(app).content(key, link_lang, scope, state.settings.base_iri, report)
        except Exception as error:  # a background thread: logged, never a stray traceback
            if state.store is None:  # the server stopped (and closed its store) meanwhile
                return
            shown = str(error) if isinstance(error, AspenError) else repr(error)
            log.warning("report warm-up (%s) failed: %s", lang, shown)
            return
    log.info("report warm-up done (%s)", ", ".join(interface_languages()))


def start_warm_up(app: FastAPI) -> threading.Thread:
    """:func:`warm_up` in a daemon thread (the server answers meanwhile)."""
    thread = threading.Thread(target=warm_up, args=(app,), name="report-warm-up", daemon=True)
    thread.start()
    return thread


__all__ = [
    "ReportMemo",
    "ReportParameters",
    "memo_of",
    "report_for",
    "report_key",
    "site_links",
    "start_warm_up",
    "warm_up",
]
