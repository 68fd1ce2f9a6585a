"""The assembled reports a server keeps: one per (release, language, plan, version).

Assembling a report runs its queries and draws its charts (seconds on the shipped release);
its page, its CSVs and every later request read the one kept here. A server that opens its own
store assembles the default report in each interface language in a background thread as it
starts (:func:`start_warm_up`), so even the first reader gets it at once. One assembly per key
at a time: a request that arrives while the warm-up assembles the same report waits for it.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Annotated

from fastapi import FastAPI
from pydantic import AfterValidator, Field

from aspen_graph.api.deps import AppState
from aspen_graph.api.params import TrimmedParameters, language_tag
from aspen_graph.api.routes.plan_scope import Plan, Version, plan_version
from aspen_graph.curie import compress
from aspen_graph.errors import AspenError, QueryParameterError
from aspen_graph.i18n import interface_languages
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

if TYPE_CHECKING:  # the report pulls in matplotlib: imported when a report is first made
    from aspen_graph.report import Report

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


class ReportMemo:
    """Assembled reports of the served release (older releases' are dropped on a new one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reports: dict[Key, Report] = {}
        self._building: dict[Key, threading.Lock] = {}

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


def report_for(
    app: FastAPI,
    store: GraphStore,
    catalog: QueryCatalog,
    lang: str,
    plan: str | None,
    version: str | None,
) -> Report:
    """The report in ``lang`` for the plan and version asked (defaults: the latest of ASPEN
    2026-2035), assembled on first use and kept for the release."""
    state: AppState = app.state.aspen
    if lang not in interface_languages():
        languages = ", ".join(interface_languages())
        raise QueryParameterError(f"report language {lang!r}: use one of {languages}")
    key = report_key(state, store, lang, plan, version)
    return memo_of(app).get(key, store, catalog)


def warm_up(app: FastAPI) -> None:
    """Assemble the default report in every interface language (errors logged, not raised:
    a request would meet and report them)."""
    state: AppState = app.state.aspen
    for lang in interface_languages():
        store = state.store
        if store is None:
            return
        try:
            report_for(app, store, state.catalog, lang, None, None)
        except AspenError as error:
            log.warning("report warm-up (%s) failed: %s", lang, error)
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
    "start_warm_up",
    "warm_up",
]
