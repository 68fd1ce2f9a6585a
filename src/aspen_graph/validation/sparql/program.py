"""What the compiler produces and the runner returns, and the compiler's one error."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.term import Node

from aspen_graph.errors import AspenError
from aspen_graph.validation.sparql.terms import term_text


class UnsupportedShapeError(AspenError):
    """The shapes use something the SPARQL compiler cannot translate (never silently skipped)."""

    def __init__(
        self,
        shape: Node,
        component: str,
        reason: str = "not supported",
        *,
        name: str = "",
        hint: str = "",
    ) -> None:
        self.shape = shape
        self.component = component
        self.reason = reason
        self.name = name
        message = (
            f"shape {name or term_text(shape)}: {component}: {reason} by the SPARQL SHACL engine"
        )
        super().__init__(message + (f"; {hint}" if hint else ""))


@dataclass(frozen=True, slots=True)
class ShaclResult:
    """One validation result, with rdflib terms (``path`` is the SPARQL text of the path)."""

    focus: Node
    path: str | None
    value: Node | None
    shape: Node
    severity: str
    messages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResultQuery:
    """One generated query and how its rows become results."""

    text: str
    shape: Node
    component: str
    severity: str
    path: str | None
    messages: tuple[Literal, ...]
    value_is_focus: bool = False
    has_value: bool = False
    sparql_messages: tuple[Literal, ...] = ()
    sparql: bool = False


@dataclass
class CompiledShapes:
    """The compiled program: every query a validation runs."""

    queries: list[ResultQuery] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.queries)
