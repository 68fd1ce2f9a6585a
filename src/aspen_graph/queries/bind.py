"""Parameter values (text from the CLI or HTTP) → RDF terms, checked against the declaration.

Values are bound by the engine (substitutions), never pasted into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from aspen_graph.curie import compress, expand
from aspen_graph.errors import QueryParameterError, UnknownReferenceError
from aspen_graph.namespaces import PREFIXES
from aspen_graph.queries.catalog import Param, QueryCatalog, QuerySpec
from aspen_graph.store import GraphStore

LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
"""What a ``lang`` parameter may be: a language tag (``en``, ``vi``, ``zh-Hant-TW``)."""


def _term(param: Param, text: str) -> Node:
    value = text.strip()
    if param.type == "iri":
        try:
            return expand(value)
        except UnknownReferenceError as error:
            raise QueryParameterError(f"parameter {param.name!r}: {error}") from error
    if param.type == "integer":
        try:
            return Literal(int(value), datatype=XSD.integer)
        except ValueError:
            raise QueryParameterError(
                f"parameter {param.name!r}: {value!r} is not a whole number"
            ) from None
    if param.type == "decimal":
        try:
            return Literal(Decimal(value), datatype=XSD.decimal)
        except InvalidOperation:
            raise QueryParameterError(
                f"parameter {param.name!r}: {value!r} is not a number"
            ) from None
    if param.type == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise QueryParameterError(
                f"parameter {param.name!r}: {value!r} is not a date (YYYY-MM-DD)"
            ) from None
        return Literal(value, datatype=XSD.date)
    if param.type == "language":
        if not LANGUAGE_TAG.match(value):
            raise QueryParameterError(f"parameter {param.name!r}: {value!r} is not a language tag")
        return Literal(value.lower())
    return Literal(value)


def _expand_class(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def check_types(store: GraphStore, types_query: str, param: Param, iri: URIRef) -> None:
    """Raise :class:`QueryParameterError` when ``iri`` is unknown or not of a declared class."""
    found = {row[1] for row in store.select(types_query, bindings={"resource": iri}).rows}
    if not found:
        raise QueryParameterError(
            f"parameter {param.name!r}: {compress(iri)} names nothing in the graph"
        )
    wanted = {_expand_class(curie) for curie in param.classes}
    if wanted and not wanted & found:
        raise QueryParameterError(
            f"parameter {param.name!r}: {compress(iri)} is not a {' or '.join(param.classes)}"
        )


LATEST = "latest"
"""The default of a version parameter: the latest version of its plan."""
VERSION_CLASS = "aspen:PlanVersion"
TYPES_QUERY = "system/resource-types"
LATEST_QUERY = "system/latest-version"
VERSION_OF_QUERY = "versions/version-of"


def version_params(spec: QuerySpec) -> dict[str, str | None]:
    """The version parameters of ``spec`` (iri parameters of class aspen:PlanVersion), each with
    the plan parameter it pairs with: ``version`` → ``plan``, ``X_version`` → ``X``.

    >>> from pathlib import Path
    >>> params = (
    ...     Param("earlier", "iri"),
    ...     Param("earlier_version", "iri", default="latest", classes=("aspen:PlanVersion",)),
    ...     Param("version", "iri", classes=("aspen:PlanVersion",)),
    ... )
    >>> spec = QuerySpec("q", "api", "Q", "SELECT * {}", Path("q.rq"), "SELECT", params=params)
    >>> version_params(spec)
    {'earlier_version': 'earlier', 'version': None}
    """
    pairs: dict[str, str | None] = {}
    for param in spec.params:
        if param.type != "iri" or VERSION_CLASS not in param.classes:
            continue
        plan = "plan" if param.name == "version" else param.name.removesuffix("_version")
        pairs[param.name] = plan if plan != param.name and spec.param(plan) else None
    return pairs


def latest_version(store: GraphStore, catalog: QueryCatalog, plan: URIRef) -> URIRef | None:
    """The latest version of ``plan`` (``sparql/system/latest-version.rq``), if it has one."""
    table = store.select(catalog.get(LATEST_QUERY).text, bindings={"plan": plan})
    found = table.column("version")
    return found[0] if found and isinstance(found[0], URIRef) else None


def plan_of(store: GraphStore, catalog: QueryCatalog, version: URIRef) -> URIRef | None:
    """The plan ``version`` is a version of (``sparql/versions/version-of.rq``)."""
    table = store.select(catalog.get(VERSION_OF_QUERY).text, bindings={"version": version})
    found = [term for term in table.column("plan") if isinstance(term, URIRef)]
    return found[0] if found else None


def _resolve_versions(
    spec: QuerySpec,
    given: set[str],
    bindings: dict[str, Node],
    store: GraphStore | None,
    catalog: QueryCatalog | None,
) -> None:
    """Fill in version parameters and the plans they pair with, and check that they agree.

    ``latest`` becomes the latest version of the (given or default) plan; a version given
    without its plan gives the plan; a version of another plan is an error. Without a store
    nothing can be looked up: a ``latest`` version stays unbound (every version matches).
    """
    for name, plan_name in version_params(spec).items():
        version = bindings.get(name)
        plan = bindings.get(plan_name) if plan_name else None
        if store is None or catalog is None:
            continue
        if version is None:
            if plan_name is None or not isinstance(plan, URIRef):
                continue
            latest = latest_version(store, catalog, plan)
            if latest is None:
                raise QueryParameterError(
                    f"parameter {name!r}: {compress(plan)} has no version "
                    f"(no aspen:PlanVersion with aspen:versionOf {compress(plan)})"
                )
            bindings[name] = latest
            continue
        assert isinstance(version, URIRef)
        owner = plan_of(store, catalog, version)
        if owner is None:
            raise QueryParameterError(
                f"parameter {name!r}: {compress(version)} is not a version of any plan "
                "(it has no aspen:versionOf)"
            )
        if plan_name is None:
            continue
        if plan_name in given and plan != owner:
            raise QueryParameterError(
                f"parameter {name!r}: {compress(version)} is a version of {compress(owner)}, "
                f"not of {compress(str(plan))} (parameter {plan_name!r})"
            )
        bindings[plan_name] = owner


def bind_params(
    spec: QuerySpec,
    values: Mapping[str, str],
    *,
    store: GraphStore | None = None,
    types_query: str | None = None,
    catalog: QueryCatalog | None = None,
) -> dict[str, Node]:
    """Typed, checked bindings for ``spec`` from text values; defaults fill the gaps.

    With a ``store``, iri values must name something in it (of the declared class). With a
    ``catalog`` too, version parameters are resolved (see :func:`_resolve_versions`): the
    default ``latest`` becomes a version IRI, and a version given alone sets its plan.
    """
    unknown = sorted(set(values) - {p.name for p in spec.params})
    if unknown:
        allowed = ", ".join(p.name for p in spec.params) or "none"
        raise QueryParameterError(
            f"query {spec.name!r} has no parameter {', '.join(unknown)} (parameters: {allowed})"
        )
    if catalog is not None and types_query is None:
        types_query = catalog.get(TYPES_QUERY).text
    versions = version_params(spec)
    given = {name for name, text in values.items() if text and text.strip()}
    # A plan paired with a version the caller gave comes from that version, not the default.
    derived = {
        plan
        for version, plan in versions.items()
        if plan and version in given and values[version].strip() != LATEST
    }
    bindings: dict[str, Node] = {}
    for param in spec.params:
        text = values.get(param.name)
        if text is None or text.strip() == "":
            if param.required:
                raise QueryParameterError(f"query {spec.name!r} needs parameter {param.name!r}")
            if param.default is None or param.name in derived:
                continue
            text = param.default
        if param.name in versions and text.strip() == LATEST:
            given.discard(param.name)
            continue
        term = _term(param, text)
        if param.type == "iri" and store is not None and types_query is not None:
            check_types(store, types_query, param, term)  # type: ignore[arg-type]
        bindings[param.name] = term
    if versions:
        _resolve_versions(spec, given, bindings, store, catalog)
    return bindings


def resolve_version(
    store: GraphStore,
    catalog: QueryCatalog,
    *,
    plan: str | None,
    version: str | None,
    default_plan: str,
) -> tuple[URIRef, URIRef]:
    """(plan, version) for a command or route that takes both, resolved and checked exactly as
    a catalogue query's ``plan`` and ``version`` parameters are."""
    spec = QuerySpec(
        name="plan-version",
        group="versions",
        summary="A plan and one of its versions.",
        text="",
        path=catalog.root,
        form="SELECT",
        params=(
            Param("plan", "iri", default=default_plan, classes=("aspen:StrategicPlan",)),
            Param("version", "iri", default=LATEST, classes=(VERSION_CLASS,)),
        ),
    )
    values = {name: text for name, text in (("plan", plan), ("version", version)) if text}
    bindings = bind_params(spec, values, store=store, catalog=catalog)
    found_plan, found_version = bindings.get("plan"), bindings.get("version")
    assert isinstance(found_plan, URIRef) and isinstance(found_version, URIRef)
    return found_plan, found_version


_PREFIXED = re.compile(r"(?<![\w<?$])([a-z][\w-]*):([A-Za-z_][\w-]*)")
_WHERE_BODY = re.compile(r"WHERE\s*\{(?P<body>.*)\}\s*(?P<tail>ORDER BY.*)$", re.DOTALL)


def latest_version_clause(latest_query: str, plan: Node, variable: str = "version") -> str:
    """A sub-SELECT binding ``?variable`` to the latest version of ``plan``, made from the text
    of ``sparql/system/latest-version.rq``: for query text that must pick the latest version by
    itself (the editor's examples run on ``/sparql``, where nothing binds parameters).

    Prefixed names are written out in full, since the query it goes into may not declare them.

    >>> text = '''PREFIX aspen: <https://w3id.org/aspen/ont/>
    ... SELECT ?version WHERE {
    ...   ?version aspen:versionOf ?plan .
    ... }
    ... ORDER BY DESC(?version)
    ... LIMIT 1'''
    >>> clause = latest_version_clause(text, URIRef("https://example.org/p"), "later_version")
    >>> clause.startswith("{ SELECT ?later_version WHERE { VALUES ?plan { <https://example.org/p")
    True
    >>> clause.endswith(
    ...     "?later_version <https://w3id.org/aspen/ont/versionOf> ?plan . } "
    ...     "ORDER BY DESC(?later_version) LIMIT 1 }"
    ... )
    True
    """
    lines = [line for line in latest_query.splitlines() if not line.lstrip().startswith("#")]
    match = _WHERE_BODY.search("\n".join(lines))
    if match is None:
        raise ValueError("the latest-version query has no 'WHERE { … } ORDER BY' to reuse")

    def full(found: re.Match[str]) -> str:
        namespace = PREFIXES.get(found[1])
        return f"<{namespace}{found[2]}>" if namespace else found[0]

    body = " ".join(_PREFIXED.sub(full, match["body"]).split())
    tail = " ".join(match["tail"].split())
    clause = f"{{ SELECT ?version WHERE {{ VALUES ?plan {{ {plan.n3()} }} {body} }} {tail} }}"
    return re.sub(r"\?version\b", f"?{variable}", clause)
