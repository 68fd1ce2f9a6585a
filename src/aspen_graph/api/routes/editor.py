"""``/editor``: a SPARQL editor page (YASGUI, bundled under ``/static/yasgui/``).

Every catalogue query is an example. Its text is the ``.rq`` file with the ``#+`` header turned
into comments and the parameter values (defaults, or an example for a required parameter) bound
by a ``VALUES`` line at the top of the ``WHERE`` clause, so it runs as is against ``/sparql``
and answers what ``/queries/{name}`` answers with the same values. Without JavaScript the page
is a plain form that GETs ``/sparql``, and the examples are links to ``/queries/{name}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from rdflib.term import Node

from aspen_graph.api.deps import CatalogDep, ReleaseDep
from aspen_graph.api.edge import EDITOR_POLICY
from aspen_graph.api.pages import choose_language, render
from aspen_graph.api.protocol import query_params, single
from aspen_graph.api.routes.resources import page_context
from aspen_graph.curie import converter
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import Param, QuerySpec, bind_params, latest_version_clause, version_params

GROUP = "api"
STARTER_QUERY = "system/class-counts"
"""The query the editor opens with (sparql/system/class-counts.rq)."""
_WHERE = re.compile(r"^(\s*WHERE\s*\{)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_OPEN = re.compile(r"\{")
_PARENTHESES = re.compile(r"\(([^()]*)\)")

router = APIRouter(tags=["editor"])


@dataclass(frozen=True, slots=True)
class Setting:
    """One parameter of an example as the editor sets it: the value, and where it came from."""

    param: Param
    value: str | None
    origin: str
    """``default``, ``example`` (a required parameter, value from its description), ``given``
    (a question page's value) or ``unset``."""


@dataclass(frozen=True, slots=True)
class Example:
    """A catalogue query as an editor example."""

    name: str
    summary: str
    tags: tuple[str, ...]
    settings: tuple[Setting, ...]
    text: str


def example_value(spec: QuerySpec, param: Param) -> str | None:
    """A value for a required parameter without default: the first one its description gives
    in parentheses that binds.

    >>> from aspen_graph.queries import Param, QuerySpec
    >>> from pathlib import Path
    >>> param = Param("target", "iri", True, doc="a code (14.1), CURIE (gbf-target:3) or IRI")
    >>> spec = QuerySpec("q", "api", "Q", "SELECT * {}", Path("q.rq"), "SELECT", params=(param,))
    >>> example_value(spec, param)
    '14.1'
    """
    for group in _PARENTHESES.findall(param.doc):
        for candidate in re.split(r"[\s,;]+", group):
            if not candidate or candidate in ("…", "..."):
                continue
            try:
                bind_params(spec, {param.name: candidate})
            except QueryParameterError:
                continue
            return candidate
    return None


def settings_of(spec: QuerySpec) -> tuple[Setting, ...]:
    """The value each parameter of ``spec`` gets in its example."""
    settings = []
    for param in spec.params:
        if param.default is not None:
            settings.append(Setting(param, param.default, "default"))
        elif param.required and (value := example_value(spec, param)) is not None:
            settings.append(Setting(param, value, "example"))
        else:
            settings.append(Setting(param, None, "unset"))
    return tuple(settings)


def values_clause(bindings: dict[str, Node]) -> str:
    """A ``VALUES`` line binding each parameter variable to its term.

    >>> from rdflib import Literal, URIRef
    >>> values_clause({"plan": URIRef("https://example.org/p"), "lang": Literal("en")})
    'VALUES (?plan ?lang) { (<https://example.org/p> "en") }'
    >>> values_clause({"lang": Literal("en")})
    'VALUES ?lang { "en" }'
    """
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    if len(bindings) == 1:
        return f"VALUES {names} {{ {terms} }}"
    return f"VALUES ({names}) {{ ({terms}) }}"


def latest_versions(spec: QuerySpec, bindings: dict[str, Node]) -> str:
    """Sub-SELECTs giving each version parameter left at ``latest`` the latest version of its
    plan, so the example answers what ``/queries/{name}`` answers (sparql/system/latest-version.rq
    in the same query folder)."""
    root = spec.path.parents[spec.group.count("/") + 1]
    latest = None
    clauses = []
    for version, plan in version_params(spec).items():
        if version in bindings or plan is None or plan not in bindings:
            continue
        if latest is None:
            latest = (root / "system" / "latest-version.rq").read_text(encoding="utf-8")
        clauses.append(latest_version_clause(latest, bindings[plan], version))
    return "".join(f"\n  {clause}" for clause in clauses)


def _describe(setting: Setting) -> str:
    param = setting.param
    if setting.origin == "unset":
        state = "required, not set" if param.required else "optional, not set"
    elif setting.origin == "example":
        state = f"required, example {setting.value}"
    elif setting.origin == "given":
        state = f"set to {setting.value}"
    else:
        state = f"default {setting.value}"
    doc = f" -- {param.doc}" if param.doc else ""
    return f"#   {param.name}: {param.type}, {state}{doc}"


def example_text(spec: QuerySpec, settings: tuple[Setting, ...]) -> str:
    """The query text of an example: comments, then the query with its values bound."""
    given = {s.param.name: s.value for s in settings if s.value is not None}
    bindings = bind_params(spec, given) if given else {}
    body = "\n".join(line for line in spec.text.splitlines() if not line.startswith("#+"))
    if bindings:
        values = values_clause(bindings) + latest_versions(spec, bindings)
        match = _WHERE.search(body)
        if match is not None:
            body = f"{body[: match.end(1)]}\n  {values}{body[match.end(1) :]}"
        elif (brace := _OPEN.search(body)) is not None:
            body = f"{body[: brace.end()]}\n  {values}\n{body[brace.end() :]}"
    lines = [f"# {spec.name}: {spec.summary}"]
    if settings:
        lines.append("# Parameters (bound by the VALUES line at the top of WHERE; set them there):")
        lines.extend(_describe(setting) for setting in settings)
    lines.append(f"# The same question through the API: /queries/{spec.name}")
    return "\n".join(lines) + "\n" + body.strip() + "\n"


def examples_of(specs: list[QuerySpec]) -> list[Example]:
    """The catalogue's queries as editor examples, by name."""
    examples = []
    for spec in sorted(specs, key=lambda s: s.name):
        settings = settings_of(spec)
        examples.append(
            Example(
                name=spec.name,
                summary=spec.summary,
                tags=spec.tags,
                settings=settings,
                text=example_text(spec, settings),
            )
        )
    return examples


@router.get("/editor", response_class=HTMLResponse, summary="SPARQL editor (HTML)")
def editor(request: Request, catalog: CatalogDep, release: ReleaseDep) -> HTMLResponse:
    """A SPARQL query editor with the query catalogue as examples; a plain form without
    JavaScript. ``?query=`` opens with that query."""
    examples = examples_of(catalog.in_group(GROUP))
    params = query_params(request)
    given = single(params, "query")  # a question page's "open in the editor"
    starter = given or example_text(catalog.get(STARTER_QUERY), ())
    config = {
        "endpoint": "/sparql",
        "starter": starter,
        "open": bool(given),
        "prefixes": dict(sorted(converter().prefix_map.items())),
    }
    lang = choose_language(single(params, "lang"), request.headers.get("accept-language"))
    body = render(
        "editor.html",
        ctx=page_context(request, lang),
        examples=examples,
        config=config,
        starter=starter,
        version=release.version,
    )
    return HTMLResponse(
        body,
        headers={"Content-Security-Policy": EDITOR_POLICY, "Vary": "Accept-Language"},
    )


__all__ = ["Example", "Setting", "example_text", "examples_of", "router", "values_clause"]
