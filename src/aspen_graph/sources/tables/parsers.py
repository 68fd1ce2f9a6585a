"""Cell parsers: one cell of a row → the value it stands for, or a :class:`RowError` saying
what is wrong with it. :func:`collect` runs every parser of a row so that one pass reports all
of the row's problems; the converters of ``converters/`` are built from these."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from aspen_graph.curie import expand, is_valid_iri
from aspen_graph.errors import UnknownReferenceError
from aspen_graph.namespaces import ASPENID
from aspen_graph.sources.tables.model import CODE, EXAMPLE_MARK, Row, RowError, VersionContext

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = re.compile(r"^\d{4}$")
WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")
_AGENT_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def required(row: Row, column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(column, "is empty")
    return value


def reference(row: Row, column: str, known: Collection[URIRef]) -> URIRef:
    return resolve(required(row, column), column, known)


def resolve(text: str, column: str, known: Collection[URIRef]) -> URIRef:
    try:
        iri = expand(text)
    except UnknownReferenceError as error:
        raise RowError(column, str(error)) from error
    if known and iri not in known:
        raise RowError(column, f"{text!r} names nothing in the graph ({iri})")
    return iri


def split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def iris(row: Row, column: str) -> list[URIRef]:
    parts = split(required(row, column))
    for part in parts:
        if not part.startswith(("http://", "https://")) or not is_valid_iri(part):
            raise RowError(column, f"{part!r} is not an http(s) IRI")
    return [URIRef(part) for part in parts]


def sources(row: Row, column: str) -> list[URIRef]:
    """IRIs or CURIEs (``document:example-data``) of the sources, separated by ``;``."""
    found = []
    for part in split(required(row, column)):
        if part.startswith(("http://", "https://")):
            if not is_valid_iri(part):
                raise RowError(column, f"{part!r} is not a valid IRI")
            found.append(URIRef(part))
        else:
            found.append(resolve(part, column, ()))
    return found


def iso_date(row: Row, column: str) -> Literal:
    text = required(row, column)
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        date.fromisoformat(text)
    except ValueError as error:
        raise RowError(column, f"{text!r} is not a date (YYYY-MM-DD)") from error
    return Literal(text, datatype=XSD.date)


def text(row: Row, column: str, minimum: int = 20, lang: str = "en") -> Literal:
    text = " ".join(required(row, column).split())
    if len(text) < minimum:
        raise RowError(column, f"is shorter than {minimum} characters")
    return Literal(text, lang=lang)


def optional_text(row: Row, column: str, lang: str) -> Literal | None:
    text = " ".join((row.get(column) or "").split())
    return Literal(text, lang=lang) if text else None


def agent(row: Row, column: str) -> URIRef:
    key = required(row, column)
    if not _AGENT_KEY.match(key):
        raise RowError(column, f"{key!r} is not an agent key (letters, digits, hyphens)")
    return ASPENID[f"agent/{key}"]


def collect(steps: dict[str, Callable[[], object]]) -> dict[str, Any]:
    """Run every cell check of a row, so one pass reports all of the row's problems."""
    values: dict[str, Any] = {}
    problems: list[RowError] = []
    for column, step in steps.items():
        try:
            values[column] = step()
        except RowError as error:
            problems.append(error)
    if problems:
        raise ExceptionGroup("row", problems)
    return values


def choice(row: Row, column: str, allowed: tuple[str, ...]) -> str:
    value = required(row, column).lower()
    if value not in allowed:
        raise RowError(column, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def code(row: Row) -> str:
    code = required(row, "code")
    if not CODE.match(code):
        raise RowError(
            "code", f"{code!r} is not a code (letters and digits, joined by '.', '-' or '_')"
        )
    return code


def label_en(row: Row, context: VersionContext) -> Literal:
    label = text(row, "label_en", minimum=3)
    if context.example and not str(label).endswith(EXAMPLE_MARK):
        raise RowError("label_en", f"an example's English label ends with ' {EXAMPLE_MARK}'")
    return label


def positive(row: Row, column: str) -> Literal | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    if not WHOLE_NUMBER.match(text) or int(text) < 1:
        raise RowError(column, f"{text!r} is not a whole number from 1 up")
    # xsd:integer, not xsd:positiveInteger: pyoxigraph stores the subtypes as xsd:integer, so
    # the project writes every whole number so and the shapes state the range (sh:minInclusive).
    return Literal(str(int(text)), datatype=XSD.integer)


def body(row: Row, column: str, known: Collection[URIRef]) -> URIRef | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    return resolve(text if ":" in text else f"body:{text.lower()}", column, known)


def year(row: Row, column: str) -> Literal:
    text = required(row, column)
    if not YEAR.match(text):
        raise RowError(column, f"{text!r} is not a year (YYYY)")
    return Literal(text, datatype=XSD.gYear)


def _kinds_text(kinds: tuple[str, ...]) -> str:
    """``goal, priority or focal-area``."""
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


def element(
    text: str,
    column: str,
    kinds: tuple[str, ...],
    context: VersionContext,
    known: Collection[URIRef],
) -> URIRef:
    """The element a cell names: a code of this version (``P2``), or a CURIE/IRI of one."""
    if ":" in text:
        iri = resolve(text, column, known)
        in_version = {node for (kind, _code), node in context.elements.items() if kind in kinds}
        if iri not in in_version:
            raise RowError(
                column, f"{text!r} is not a {_kinds_text(kinds)} of version {context.name}"
            )
        return iri
    found = [
        context.elements[(kind, text.casefold())]
        for kind in kinds
        if (kind, text.casefold()) in context.elements
    ]
    if not found:
        raise RowError(
            column, f"no {_kinds_text(kinds)} has code {text!r} in version {context.name}"
        )
    if len(found) > 1:
        raise RowError(column, f"code {text!r} is ambiguous here; write it as kind:key")
    return found[0]


def elements(
    row: Row,
    column: str,
    kinds: tuple[str, ...],
    context: VersionContext,
    known: Collection[URIRef],
) -> list[URIRef]:
    return [element(part, column, kinds, context, known) for part in split(required(row, column))]


def decimal(text: str, column: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise RowError(column, f"{text!r} is not a number") from error
    if not value.is_finite():
        raise RowError(column, f"{text!r} is not a number")
    return value


def expand_or_none(text: str) -> URIRef | None:
    """The IRI of a CURIE, or ``None`` when it is not one."""
    try:
        return expand(text)
    except UnknownReferenceError:
        return None


__all__ = [
    "WHOLE_NUMBER",
    "YEAR",
    "agent",
    "body",
    "choice",
    "code",
    "collect",
    "decimal",
    "element",
    "elements",
    "expand_or_none",
    "iris",
    "iso_date",
    "label_en",
    "optional_text",
    "positive",
    "reference",
    "required",
    "resolve",
    "sources",
    "split",
    "text",
    "year",
]
