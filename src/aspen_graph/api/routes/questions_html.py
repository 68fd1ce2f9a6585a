"""The question catalogue for browsers: ``/queries`` as a list of the questions, and
``/queries/{name}`` as a question's page (a form with a picker per parameter, the answer as a
sortable, filterable table, its downloads, and the query opened in the editor)."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request
from fastapi.responses import Response

from aspen_graph.api.deps import app_state
from aspen_graph.api.page_cache import cached_page
from aspen_graph.api.pages import render
from aspen_graph.api.protocol import query_params
from aspen_graph.api.routes.editor import Setting, example_text
from aspen_graph.api.routes.question_forms import CachedChoices, form_fields
from aspen_graph.api.routes.question_page import (
    QuestionPage,
    editor_href,
    finish,
    grid_of_table,
    question_language,
    render_page,
    serving_store,
)
from aspen_graph.api.routes.resources import error_language, html_error, page_context
from aspen_graph.api.tables import VIEW_PARAMETERS, arrange, read_view
from aspen_graph.errors import AspenError, QueryParameterError
from aspen_graph.queries import QuerySpec, run_select

PREFIX = "/queries"


def given_values(request: Request) -> dict[str, str]:
    """The query string as one value per name (a repeated name is a 422)."""
    values = {}
    for key, given in query_params(request).items():
        if len(given) > 1:
            raise QueryParameterError(f"give the parameter {key!r} once")
        values[key] = given[0]
    return values


def question_values(spec: QuerySpec | None, values: dict[str, str]) -> dict[str, str]:
    """The values of the question's own parameters: without the view's (sort, filter,
    format) and without ``lang`` when it only names the page's language."""
    own = {p.name for p in spec.params} if spec is not None else set()
    return {
        k: v for k, v in values.items() if k not in VIEW_PARAMETERS and (k != "lang" or k in own)
    }


def catalogue_page(request: Request, specs: Sequence[QuerySpec]) -> Response:
    """``/queries`` for a browser: every question with its summary, parameters and tags (kept
    in the result cache; other parameters than ``lang`` are ignored, and such pages not kept)."""
    lang = error_language(request)  # the list has no parameters: a bad ?lang= is ignored
    return cached_page(
        request,
        lang,
        lambda: render(
            "question-list.html",
            ctx=page_context(request, lang),
            specs=sorted(specs, key=lambda s: s.name),
        ),
        keep=set(query_params(request)) <= {"lang"},
    )


def _settings(spec: QuerySpec, values: dict[str, str]) -> tuple[Setting, ...]:
    """The values the editor binds: those of the form, else the defaults."""
    out = []
    for param in spec.params:
        if param.name in values:
            out.append(Setting(param, values[param.name], "given"))
        elif param.default is not None:
            out.append(Setting(param, param.default, "default"))
        else:
            out.append(Setting(param, None, "unset"))
    return tuple(out)


def query_page(request: Request, path: str) -> Response:
    """A catalogue question's page (see the module docstring); with a required parameter not
    set, the form alone. Kept in the result cache per query string and language."""
    name = path.removeprefix(f"{PREFIX}/")
    lang = error_language(request)
    try:
        params = given_values(request)
        lang = question_language(request, params)
        return cached_page(request, lang, lambda: _query_body(request, name, params, lang))
    except AspenError as error:
        return html_error(request, error)


def _query_body(request: Request, name: str, params: dict[str, str], lang: str) -> bytes:
    state = app_state(request)
    catalog = state.catalog
    spec = catalog.get(name)
    own = [p.name for p in spec.params]
    unknown = sorted(set(params) - set(own) - set(VIEW_PARAMETERS) - {"lang"})
    if unknown:
        raise QueryParameterError(
            f"unknown parameter {unknown[0]!r} (parameters: {', '.join(own) or 'none'})"
        )
    view = read_view(params)
    values = {k: params[k].strip() for k in own if params.get(k, "").strip()}
    if "lang" in own and "lang" not in values:
        values["lang"] = lang
    store = serving_store(request)
    page = QuestionPage(
        name=name,
        title=name,
        summary=spec.summary,
        action=f"{PREFIX}/{name}",
        fields=form_fields(CachedChoices(request, store, catalog), spec, values, lang),
        view=view,
        source=f"sparql/{spec.group}/{spec.path.name}",
    )
    if all(p.name in values for p in spec.params if p.required):
        table = run_select(store, catalog, name, values)
        page.grid = grid_of_table(table, state.settings.base_iri)
        page.order = arrange(page.grid, view)
        page.editor = editor_href(example_text(spec, _settings(spec, values)))
        finish(page, values)
    return render_page(request, page, lang)


__all__ = ["catalogue_page", "given_values", "query_page", "question_values"]
