"""The form of a question page: one control per parameter of a catalogue query, built from its
``#+ param:`` header. An IRI parameter declaring its classes is a ``<select>`` of the things of
those classes (one ``<optgroup>`` per class when there are several), filled from the graph by
``sparql/pages/picker-options.rq`` (the plan versions as every page's version picker reads
them, :func:`~aspen_graph.api.routes.page_links.plan_versions`); a language is a ``<select>`` of
the languages the graph has labels in; only literal types (string, number, date) are typed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request
from rdflib import Literal

from aspen_graph.api.deps import per_release
from aspen_graph.api.pages import LANGUAGES
from aspen_graph.api.routes.page_links import plan_versions
from aspen_graph.curie import compress, expand
from aspen_graph.errors import UnknownReferenceError
from aspen_graph.model import natural_key
from aspen_graph.namespaces import ASPEN
from aspen_graph.queries import LATEST, Param, QueryCatalog, QuerySpec
from aspen_graph.store import GraphStore

PICKER_QUERY = "pages/picker-options"
INPUT_TYPES = {"integer": "number", "decimal": "number", "date": "date", "string": "text"}


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    selected: bool = False
    lang: str | None = None
    """The language of the label, when it is not the page's (a language named in itself)."""


@dataclass(frozen=True, slots=True)
class OptionGroup:
    label: str
    """The class's label; empty for the only group of a picker."""
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class FormField:
    """One control of a question's form."""

    name: str
    doc: str
    required: bool
    kind: str
    """``select``, or an ``<input type>`` (text, number, date)."""
    value: str = ""
    groups: tuple[OptionGroup, ...] = ()
    blank: bool = False
    """Whether the select offers "not set" (an optional parameter without default)."""
    latest: bool = False
    """Whether the select offers "the latest version" (the default of a version parameter)."""


Choices = tuple[str, tuple[tuple[str, str], ...]]
"""A class's label and its things as (CURIE, label), in code order."""
Rows = tuple[str, list[tuple[str, str, str]]]
"""A class's label and its things as (IRI, code, label), as read."""


def _rows(store: GraphStore, catalog: QueryCatalog, cls: str, lang: str) -> Rows:
    """The class's label and its things as (IRI, code, label): the plan versions from the
    pages' one reader of them (:func:`~.page_links.plan_versions`), any other class from
    :data:`PICKER_QUERY`."""
    if expand(cls) == ASPEN.PlanVersion:
        return "", [(v.iri, v.code, v.label.value) for v in plan_versions(store, catalog, lang)]
    table = store.select(
        catalog.get(PICKER_QUERY).text,
        bindings={"class": expand(cls), "lang": Literal(lang)},
    )
    class_label = ""
    found = []
    for row in table.records():
        class_label = class_label or str(row.get("class_label") or "")
        found.append((str(row["item"]), str(row.get("code") or ""), str(row.get("label") or "")))
    return class_label, found


def choices(store: GraphStore, catalog: QueryCatalog, cls: str, lang: str) -> Choices:
    class_label, rows = _rows(store, catalog, cls, lang)
    items: dict[str, tuple[str, str]] = {}
    for item, code, label in rows:
        # a code with a number (14.1, P2) helps to pick; a name-like key (pollution) does not
        numbered = any(ch.isdigit() for ch in code) and not label.startswith(code)
        shown = f"{code} {label}".strip() if numbered else label
        items.setdefault(item, (code, shown or compress(item)))
    ordered = sorted(items.items(), key=lambda kv: (natural_key(kv[1][0]), kv[1][1]))
    return class_label or cls, tuple((compress(iri), shown) for iri, (_, shown) in ordered)


def _same(given: str, option: str) -> bool:
    if given == option:
        return True
    try:
        return expand(given) == expand(option)
    except UnknownReferenceError:
        return False


def _select(param: Param, value: str, picks: list[Choices]) -> FormField:
    groups = tuple(
        OptionGroup(
            label if len(picks) > 1 else "",
            tuple(Option(v, shown, bool(value) and _same(value, v)) for v, shown in options),
        )
        for label, options in picks
    )
    return FormField(
        param.name,
        param.doc,
        param.required,
        "select",
        value,
        groups,
        blank=not param.required and param.default is None,
        latest=param.default == LATEST,
    )


def form_fields(
    cached: CachedChoices, spec: QuerySpec, values: Mapping[str, str], lang: str
) -> list[FormField]:
    """The controls of ``spec``'s form, each set to the value given (else its default)."""
    fields = []
    for param in spec.params:
        value = values.get(param.name) or param.default or ""
        if param.type == "iri" and param.classes:
            fields.append(_select(param, value, [cached(cls, lang) for cls in param.classes]))
        elif param.type == "language":
            options = tuple(
                Option(code, name, code == value, code) for code, name in LANGUAGES.items()
            )
            fields.append(
                FormField(
                    param.name,
                    param.doc,
                    param.required,
                    "select",
                    value,
                    (OptionGroup("", options),),
                )
            )
        else:
            kind = INPUT_TYPES.get(param.type, "text")
            fields.append(FormField(param.name, param.doc, param.required, kind, value))
    return fields


class CachedChoices:
    """The pickers' options of the served release, built on first use and kept on the app
    (the graph does not change while it is served)."""

    def __init__(self, request: Request, store: GraphStore, catalog: QueryCatalog) -> None:
        self.request = request
        self.store = store
        self.catalog = catalog

    def __call__(self, cls: str, lang: str) -> Choices:
        return per_release(
            self.request,
            f"picker {cls} {lang}",
            lambda: choices(self.store, self.catalog, cls, lang),
        )


__all__ = ["CachedChoices", "FormField", "Option", "OptionGroup", "choices", "form_fields"]
