"""Reading the shapes graph: one shape's path, severity and messages, and its parameters."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from aspen_graph.validation.sparql.program import UnsupportedShapeError
from aspen_graph.validation.sparql.templates import (
    COMPARISONS,
    NOT_CONSTRAINTS,
    SET_LEVEL,
    SH_IRI,
    VALUE_LEVEL,
)
from aspen_graph.validation.sparql.terms import curie


@dataclass
class Shape:
    """One shape as the compiler needs it (``path`` is SPARQL text)."""

    node: Node
    path: str | None
    severity: URIRef
    messages: tuple[Literal, ...]
    deactivated: bool


class ShapeReader:
    """The shapes graph with each shape read once, and fresh variable names."""

    def __init__(self, shapes: Graph, *, canonical_integers: bool) -> None:
        self.g = shapes
        self.canonical_integers = canonical_integers
        self.fresh = count()
        self._shapes: dict[Node, Shape] = {}

    # --- shapes and paths ---------------------------------------------------------------
    def shape(self, node: Node) -> Shape:
        if node not in self._shapes:
            path_node = self.g.value(node, SH.path)
            deactivated = self.g.value(node, SH.deactivated)
            severity = self.g.value(node, SH.severity)
            self._shapes[node] = Shape(
                node=node,
                path=self.path(node, path_node) if path_node is not None else None,
                severity=severity if isinstance(severity, URIRef) else SH.Violation,
                messages=tuple(
                    m for m in self.g.objects(node, SH.message) if isinstance(m, Literal)
                ),
                deactivated=isinstance(deactivated, Literal) and bool(deactivated.value),
            )
        return self._shapes[node]

    def path(self, shape: Node, node: Node, depth: int = 0) -> str:
        if depth > 10:
            raise UnsupportedShapeError(shape, "sh:path", "path nested too deep")
        if isinstance(node, URIRef):
            return f"<{node}>"
        if isinstance(node, BNode):
            if (node, RDF.first, None) in self.g:
                items = list(Collection(self.g, node))
                return "(" + "/".join(self.path(shape, i, depth + 1) for i in items) + ")"
            inverse = self.g.value(node, SH.inversePath)
            if inverse is not None:
                return "^" + self._group(self.path(shape, inverse, depth + 1))
            alternatives = self.g.value(node, SH.alternativePath)
            if alternatives is not None:
                items = list(Collection(self.g, alternatives))
                return "(" + "|".join(self.path(shape, i, depth + 1) for i in items) + ")"
            kinds = [str(p).removeprefix(SH_IRI) for p in self.g.predicates(node, None)]
            raise UnsupportedShapeError(shape, f"sh:path ({', '.join(sorted(kinds))})")
        raise UnsupportedShapeError(shape, "sh:path", "a literal path is")

    @staticmethod
    def _group(path: str) -> str:
        return path if path.startswith(("<", "(")) else f"({path})"

    def var(self, stem: str = "v") -> str:
        return f"?_sh_{stem}{next(self.fresh)}"

    def one(self, shape: Node, predicate: URIRef) -> Node:
        values = list(self.g.objects(shape, predicate))
        if len(values) != 1:
            raise UnsupportedShapeError(shape, curie(predicate), "needs exactly one value; it is")
        return values[0]

    def integer(self, shape: Node, predicate: URIRef) -> int:
        value = self.one(shape, predicate)
        if not isinstance(value, Literal) or not isinstance(value.value, int):
            raise UnsupportedShapeError(shape, curie(predicate), "a non-integer value is")
        return int(value.value)

    def check_parameters(self, shape: Node) -> None:
        for predicate in set(self.g.predicates(shape, None)):
            if not str(predicate).startswith(SH_IRI) or predicate in NOT_CONSTRAINTS:
                continue
            if predicate not in VALUE_LEVEL and predicate not in SET_LEVEL:
                raise UnsupportedShapeError(shape, curie(predicate))
        if (shape, RDF.type, SH.ConstraintComponent) in self.g:
            raise UnsupportedShapeError(shape, "sh:ConstraintComponent (custom components)")

    def check_node_shape(self, shape: Node) -> None:
        """Refuses, on a shape without a path, what only a property shape can have."""
        for predicate in (SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.uniqueLang):
            if (shape, predicate, None) in self.g:
                raise UnsupportedShapeError(shape, curie(predicate), "on a node shape, it is")
        for predicate in COMPARISONS:
            if (shape, predicate, None) in self.g:
                raise UnsupportedShapeError(shape, curie(predicate), "on a node shape, it is")
