"""SHACL as SPARQL on the store: the project's shapes compiled into SELECT queries.

pyshacl works on an rdflib graph, and at two million triples parsing into rdflib alone takes
longer than the whole build may. This module compiles the shapes graph into SPARQL SELECT
queries that run on a :class:`~aspen_graph.store.GraphStore` (the build's pyoxigraph store,
which holds the data graphs and the ontology graph), and returns the same
:class:`~aspen_graph.validation.report.Finding` objects as
:func:`~aspen_graph.validation.shacl.run_shacl`. It is the default engine at every size
(:func:`choose_engine`): pyshacl stays the reference the tests compare with, and the fallback
for shapes the compiler refuses on a graph small enough for it.

How it is built
---------------
* :func:`compile_shapes` reads the shapes graph once into :class:`CompiledShapes`: one or a
  few queries per targeted shape. It raises :class:`UnsupportedShapeError`, naming the shape
  and the component, for anything it cannot translate -- a constraint is never skipped.
* Focus nodes: ``sh:targetClass C`` is ``?this rdf:type/rdfs:subClassOf* C`` (pyshacl, with the
  ontology mixed into the data graph, follows subclasses the same way), ``sh:targetNode``,
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf`` and implicit class targets; the union is one
  ``SELECT DISTINCT ?this`` sub-query.
* Per shape, the constraints that judge one value node at a time (class, datatype, nodeKind,
  pattern, languageIn, in, lengths, ranges, node, or) become one boolean condition each
  (the ``_COND_*`` templates below) and are OR-ed into ONE query per shape, so the value nodes
  are enumerated once. The checks on the number of values of a focus node (min/maxCount,
  qualified counts, uniqueLang, hasValue) give results that look alike (focus, path, no value)
  and share ONE query per shape: an OR of ``(NOT) EXISTS`` over pairwise-distinct values
  (``_Q_NODE_VALUES``), which pyoxigraph answers 5x faster than GROUP BY/HAVING (``_Q_COUNT``,
  kept for counts above 4); disjoint and lessThan(OrEquals) get a query each.
* Nested shapes (``sh:node``, ``sh:or``, ``sh:qualifiedValueShape``, ``sh:property`` below them)
  become a boolean expression "the shape is violated at ?x": plain conditions where no triple
  is needed (class checks, datatypes …), ``EXISTS``/``NOT EXISTS`` where one is.
  As in pyshacl, ``sh:node`` fails when the nested shape yields any result, while ``sh:or``,
  ``sh:qualifiedValueShape`` and ``sh:property`` ask whether the nested shape *conforms*, and
  with ``allow_warnings`` (what :func:`run_shacl` passes) a Warning or Info shape always conforms.
* ``sh:sparql`` constraints: ``$PATH`` is replaced by the path, and the focus-node sub-query is
  put at the head of the query's WHERE group so ``$this`` is bound for every focus node at
  once. That equals pyshacl's pre-binding when every FILTER/BIND that mentions ``$this``
  sits in a group that binds it; other queries are refused at compile time.
* Messages: the shape's ``sh:message`` values (and a SPARQL constraint's own, with
  ``{?var}``/``{$var}`` filled from the solution, as pyshacl does), sorted and joined by "; ".

Whole numbers: pyoxigraph stores a valid ``"1"^^xsd:positiveInteger`` (and the other types
derived from xsd:integer) as ``"1"^^xsd:integer``, so a store cannot tell them apart. The
project therefore writes every whole number as xsd:integer and states its range with
``sh:minInclusive`` (docs/model.md), and ``sh:datatype`` is checked strictly, as pyshacl does:
the findings equal pyshacl's on the store's own triples (tests/validation/test_sparql_shacl.py).
The one difference left is outside the shapes' reach: a source file that writes a subtype
(``"1"^^xsd:positiveInteger``) where a shape says xsd:integer is refused by pyshacl on the
rdflib graph but passes here, because the store holds it as the xsd:integer the release then
publishes. ``canonical_integers=True`` (for shapes that still name a derived type) lets an
xsd:integer within that type's range satisfy it.

Templates are small named strings rather than ``.rq`` files: they are fragments, filled in
per shape, and are never run on their own.

Measured (bench/bench_validation.py, this 2-core machine shared with other jobs): 241 queries
for the 30 shape files. 2.0M triples: 34 s (27 s queries, 7 s findings and labels) with 772k
findings (synthetic observations the new MEL shapes reject), peak RSS 1.4 GiB of which the store
is most. 210k triples: 3.8 s, 221 MiB (pyshacl: 554 s plus 31 s to build its rdflib graph,
1.3 GiB, same findings). 30k triples: 0.27 s (pyshacl 19.6 s).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, count
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from aspen_graph.errors import AspenError
from aspen_graph.sources.curie import compress
from aspen_graph.store.base import GraphStore
from aspen_graph.validation.report import Finding

Engine = TypingLiteral["pyshacl", "sparql"]

PYSHACL_MAX_TRIPLES = 100_000
"""Up to this many triples ``auto`` falls back to pyshacl when the shapes use something the
SPARQL compiler refuses (pyshacl took 19.6 s at 30k triples and 554 s at 210k)."""

# --- query templates ---------------------------------------------------------------------
# Focus nodes of one target declaration, binding ?this.
_T_CLASS = "{{ ?this <{rdf_type}>/<{subclass}>* {cls} . }}"
_T_NODE = "{{ VALUES ?this {{ {node} }} }}"
_T_SUBJECTS_OF = "{{ ?this {pred} ?_sh_o . }}"
_T_OBJECTS_OF = "{{ ?_sh_s {pred} ?this . }}"
_FOCUS = "{{ SELECT DISTINCT ?this WHERE {{ {targets} }} }}"

# Result queries. {focus} binds ?this; {path} is a SPARQL property path.
_Q_NODE_VALUES = "SELECT DISTINCT ?this WHERE {{ {focus} FILTER ({cond}) }}"
_Q_PATH_VALUES = (
    "SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . FILTER ({cond}) }}"
)
_Q_MIN_ONE = "SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?_sh_v }} }}"
_Q_COUNT = (
    "SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?_sh_v . {filter} }} }} "
    "GROUP BY ?this HAVING ({having})"
)
_Q_NODE_HAS_VALUE = "SELECT DISTINCT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {value})) }}"
_Q_DISJOINT = (
    "SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . ?this {other} ?value . }}"
)
_Q_COMPARE = (
    "SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . ?this {other} ?_sh_o . "
    "FILTER (!COALESCE({left} {op} {right}, false)) }}"
)

# Conditions on one value node {v}: true when the value node FAILS the constraint.
_COND_CLASS = "NOT EXISTS {{ {v} <{rdf_type}>/<{subclass}>* {cls} }}"
_COND_DATATYPE = "!(isLiteral({v}) && datatype({v}) = {dt})"
_COND_DATATYPE_CAST = (
    "!(isLiteral({v}) && datatype({v}) = {dt} && COALESCE(isLiteral({dt}({v})), false))"
)
_COND_DATATYPE_RANGE = "!(isLiteral({v}) && ({typed}) && COALESCE({bounds}, false))"
_COND_LANGSTRING = '!(isLiteral({v}) && lang({v}) != "")'
_COND_RANGE = "!COALESCE(isLiteral({v}) && {v} {op} {limit}, false)"
_COND_LENGTH = "!(!isBlank({v}) && STRLEN(STR({v})) {op} {limit})"
_COND_PATTERN = "!(!isBlank({v}) && REGEX(STR({v}), {regex}, {flags}))"
_COND_LANGUAGE_IN = (
    '!(isLiteral({v}) && lang({v}) != "" && (LCASE(lang({v})) IN ({langs}) '
    '|| STRBEFORE(CONCAT(LCASE(lang({v})), "-"), "-") IN ({langs})))'
)

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_CASTABLE = {
    XSD.integer,
    XSD.decimal,
    XSD.float,
    XSD.double,
    XSD.boolean,
    XSD.date,
    XSD.time,
    XSD.dateTime,
}
# Bounds of the types derived from xsd:integer (None: unbounded; pyoxigraph integers are 64-bit).
_INTEGER_RANGES: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.positiveInteger: (1, None),
    XSD.nonNegativeInteger: (0, None),
    XSD.negativeInteger: (None, -1),
    XSD.nonPositiveInteger: (None, 0),
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-128, 127),
    XSD.unsignedLong: (0, None),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 255),
}
_RANGES = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
_COMPARISONS = {SH.lessThanOrEquals: "<=", SH.lessThan: "<"}
_VALUE_LEVEL = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.pattern,
    SH.flags,
    SH.languageIn,
    SH["in"],
    SH.minLength,
    SH.maxLength,
    SH.node,
    SH["or"],
    *_RANGES,
}
_SET_LEVEL = {
    SH.minCount,
    SH.maxCount,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.uniqueLang,
    SH.hasValue,
    SH.disjoint,
    SH.property,
    SH.sparql,
    *_COMPARISONS,
}
# Shape-describing predicates that are not constraints.
_NOT_CONSTRAINTS = {
    RDF.type,
    SH.path,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.deactivated,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_SHAPE_LINKS = (SH.node, SH.property, SH.qualifiedValueShape)
_SH = str(SH)
_THIS_IN_QUERY = re.compile(r"([\s{}()])[\$\?]this\b")
_PATH_IN_QUERY = re.compile(r"([\s{}()])[\$\?]PATH\b")
_CURRENT_SHAPE_IN_QUERY = re.compile(r"([\s{}()])[\$\?]currentShape\b")
_SHAPES_GRAPH_IN_QUERY = re.compile(r"[\$\?]shapesGraph\b")
_MESSAGE_VARIABLE = re.compile(r"\{[\$\?]([A-Za-z_][A-Za-z0-9_]*)\}")
_NESTED_COUNT_LIMIT = 4


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
        message = f"shape {name or _text(shape)}: {component}: {reason} by the SPARQL SHACL engine"
        super().__init__(message + (f"; {hint}" if hint else ""))


def _describe(shapes: Graph, node: Node, depth: int = 0) -> str:
    """A shape's name; a blank node is named by where it hangs (``ex:S sh:property [...]``)."""
    if not isinstance(node, BNode) or depth > 4:
        return _text(node)
    for subject, predicate in shapes.subject_predicates(node):
        if predicate in (RDF.first, RDF.rest):
            return _describe(shapes, subject, depth + 1)
        return f"{_describe(shapes, subject, depth + 1)} {_curie(predicate)} [...]"
    return _text(node)


_compress = lru_cache(maxsize=1 << 16)(compress)
"""Findings repeat the same shapes, paths and values: compress each IRI once."""


def _text(node: Node) -> str:
    return _compress(str(node)) if isinstance(node, URIRef) else str(node)


def _n3(node: Node) -> str:
    """A term as SPARQL text."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise ValueError(f"cannot write {node!r} into a query")


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


@dataclass
class _Shape:
    node: Node
    path: str | None
    severity: URIRef
    messages: tuple[Literal, ...]
    deactivated: bool


class _Compiler:
    def __init__(self, shapes: Graph, *, canonical_integers: bool) -> None:
        self.g = shapes
        self.canonical_integers = canonical_integers
        self.fresh = count()
        self._shapes: dict[Node, _Shape] = {}

    # --- shapes and paths ---------------------------------------------------------------
    def shape(self, node: Node) -> _Shape:
        if node not in self._shapes:
            path_node = self.g.value(node, SH.path)
            deactivated = self.g.value(node, SH.deactivated)
            severity = self.g.value(node, SH.severity)
            self._shapes[node] = _Shape(
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
            kinds = [str(p).removeprefix(_SH) for p in self.g.predicates(node, None)]
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
            raise UnsupportedShapeError(shape, _curie(predicate), "needs exactly one value; it is")
        return values[0]

    def integer(self, shape: Node, predicate: URIRef) -> int:
        value = self.one(shape, predicate)
        if not isinstance(value, Literal) or not isinstance(value.value, int):
            raise UnsupportedShapeError(shape, _curie(predicate), "a non-integer value is")
        return int(value.value)

    def check_parameters(self, shape: Node) -> None:
        for predicate in set(self.g.predicates(shape, None)):
            if not str(predicate).startswith(_SH) or predicate in _NOT_CONSTRAINTS:
                continue
            if predicate not in _VALUE_LEVEL and predicate not in _SET_LEVEL:
                raise UnsupportedShapeError(shape, _curie(predicate))
        if (shape, RDF.type, SH.ConstraintComponent) in self.g:
            raise UnsupportedShapeError(shape, "sh:ConstraintComponent (custom components)")

    # --- value-level conditions: true when value node {v} fails ---------------------------
    def conditions(self, shape: Node, v: str, stack: tuple[Node, ...]) -> list[str]:
        self.check_parameters(shape)
        g = self.g
        conds: list[str] = []
        for cls in g.objects(shape, SH["class"]):
            conds.append(
                _COND_CLASS.format(v=v, rdf_type=RDF.type, subclass=RDFS.subClassOf, cls=_n3(cls))
            )
        for datatype in g.objects(shape, SH.datatype):
            conds.append(self.datatype(shape, datatype, v))
        for kind in g.objects(shape, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise UnsupportedShapeError(shape, "sh:nodeKind", f"the kind {kind} is")
            conds.append("!" + _NODE_KINDS[URIRef(str(kind))].format(v=v))
        flags = g.value(shape, SH.flags)
        for pattern in g.objects(shape, SH.pattern):
            conds.append(
                _COND_PATTERN.format(
                    v=v, regex=_string(str(pattern)), flags=_string(str(flags or ""))
                )
            )
        for languages in g.objects(shape, SH.languageIn):
            langs = ", ".join(_string(str(x).lower()) for x in Collection(g, languages))
            if any(str(x) == "*" for x in Collection(g, languages)):
                conds.append(f'!(isLiteral({v}) && lang({v}) != "")')
            else:
                conds.append(_COND_LANGUAGE_IN.format(v=v, langs=langs or '""'))
        for members in g.objects(shape, SH["in"]):
            same = " || ".join(f"sameTerm({v}, {_n3(m)})" for m in Collection(g, members))
            conds.append(f"!({same or 'false'})")
        for predicate, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            for limit in g.objects(shape, predicate):
                if predicate == SH.minLength and _int(limit) == 0:
                    continue  # pyshacl: a minimum length of zero passes even blank nodes
                conds.append(_COND_LENGTH.format(v=v, op=op, limit=_int(limit)))
        for predicate, op in _RANGES.items():
            for limit in g.objects(shape, predicate):
                conds.append(_COND_RANGE.format(v=v, op=op, limit=_n3(limit)))
        for nested in g.objects(shape, SH.node):
            conds.append(self.violation(nested, v, "reports", stack))
        for members in g.objects(shape, SH["or"]):
            classes = self.class_union(list(Collection(g, members)), stack)
            if classes:
                # Every alternative is "is an instance of C": one lookup of the value's types
                # instead of one NOT EXISTS per alternative (measured 4 s of 36 s at 2M).
                branches = " UNION ".join(
                    f"{{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {_n3(cls)} }}"
                    for cls in sorted(classes, key=str)
                )
                conds.append(f"NOT EXISTS {{ {branches} }}")
                continue
            alternatives = [self.violation(m, v, "conform", stack) for m in Collection(g, members)]
            conds.append("(" + " && ".join(alternatives or ["true"]) + ")")
        return conds

    def class_union(self, members: list[Node], stack: tuple[Node, ...]) -> set[Node] | None:
        """The classes of an sh:or whose alternatives only say "is an instance of C".

        ``None`` when any alternative does more (or could conform on its own: deactivated,
        not a Violation, recursive) -- then the general translation applies.
        """
        classes: set[Node] = set()
        for member in members:
            if member in stack:
                return None
            shape = self.shape(member)
            if shape.deactivated or shape.severity != SH.Violation or shape.path is not None:
                return None
            parameters = {
                p
                for p in self.g.predicates(member, None)
                if str(p).startswith(_SH) and p not in _NOT_CONSTRAINTS
            }
            if parameters == {SH["class"]}:
                found = list(self.g.objects(member, SH["class"]))
                if len(found) != 1:
                    return None
                classes.add(found[0])
            elif parameters == {SH["or"]}:
                lists = list(self.g.objects(member, SH["or"]))
                inner = self.class_union(list(Collection(self.g, lists[0])), (*stack, member))
                if len(lists) != 1 or inner is None:
                    return None
                classes |= inner
            else:
                return None
        return classes or None

    def datatype(self, shape: Node, datatype: Node, v: str) -> str:
        if datatype == RDF.langString:
            return _COND_LANGSTRING.format(v=v)
        if datatype == RDFS.Literal:
            return f"!isLiteral({v})"
        if datatype in _CASTABLE:
            return _COND_DATATYPE_CAST.format(v=v, dt=_n3(datatype))
        if datatype in _INTEGER_RANGES:
            low, high = _INTEGER_RANGES[URIRef(str(datatype))]
            typed = f"datatype({v}) = {_n3(datatype)}"
            if self.canonical_integers:
                typed += f" || datatype({v}) = {_n3(XSD.integer)}"
            number = f"xsd:integer(STR({v}))"
            bounds = [f"isLiteral({number})"]
            bounds += [f"{low} <= {number}"] if low is not None else []
            bounds += [f"{number} <= {high}"] if high is not None else []
            return _COND_DATATYPE_RANGE.format(v=v, typed=typed, bounds=" && ".join(bounds))
        if isinstance(datatype, URIRef):
            return _COND_DATATYPE.format(v=v, dt=_n3(datatype))
        raise UnsupportedShapeError(shape, "sh:datatype", "a non-IRI datatype is")

    # --- "shape is violated at ?x" as a graph pattern (for EXISTS) ------------------------
    def violation(self, node: Node, x: str, mode: str, stack: tuple[Node, ...]) -> str:
        """A boolean expression, true iff ``node`` fails at the term bound to ``x``.

        ``mode`` "reports": any result at all (what sh:node asks); "conform": pyshacl's
        conformance with allow_warnings, where a Warning/Info shape always conforms (what
        sh:or, sh:qualifiedValueShape and sh:property ask). Checks that need triples are
        ``EXISTS { ... }``; the others stay plain expressions, which pyoxigraph evaluates
        without a sub-pattern.
        """
        if node in stack:
            raise UnsupportedShapeError(node, "recursive shape reference")
        stack = (*stack, node)
        shape = self.shape(node)
        if shape.deactivated or (mode == "conform" and shape.severity != SH.Violation):
            return "false"
        self.check_parameters(node)
        if (node, SH.sparql, None) in self.g:
            raise UnsupportedShapeError(node, "sh:sparql", "in a nested shape, it is")
        fails: list[str] = []
        if shape.path is None:
            fails += self.conditions(node, x, stack)
            for prop in self.g.objects(node, SH.property):
                fails.append(self.violation(prop, x, mode, stack))
            for value in self.g.objects(node, SH.hasValue):
                fails.append(f"!sameTerm({x}, {_n3(value)})")
            for other in self.g.objects(node, SH.disjoint):
                fails.append(f"EXISTS {{ {x} {_n3(other)} {x} . }}")
            for predicate in (SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.uniqueLang):
                if (node, predicate, None) in self.g:
                    raise UnsupportedShapeError(node, _curie(predicate), "on a node shape, it is")
            for predicate in _COMPARISONS:
                if (node, predicate, None) in self.g:
                    raise UnsupportedShapeError(node, _curie(predicate), "on a node shape, it is")
        else:
            path = shape.path
            v = self.var()
            conds = self.conditions(node, v, stack)
            if conds:
                fails.append(f"EXISTS {{ {x} {path} {v} . FILTER (" + " || ".join(conds) + ") }")
            for prop in self.g.objects(node, SH.property):
                w = self.var()
                inner = self.violation(prop, w, mode, stack)
                fails.append(f"EXISTS {{ {x} {path} {w} . FILTER ({inner}) }}")
            fails += self.count_fails(node, x, path, stack)
            for other in self.g.objects(node, SH.disjoint):
                w = self.var()
                fails.append(f"EXISTS {{ {x} {path} {w} . {x} {_n3(other)} {w} . }}")
            for predicate, op in _COMPARISONS.items():
                for other in self.g.objects(node, predicate):
                    w, o = self.var(), self.var()
                    fails.append(
                        f"EXISTS {{ {x} {path} {w} . {x} {_n3(other)} {o} . FILTER (!COALESCE("
                        f"{_comparable(w)} {op} {_comparable(o)}, false)) }}"
                    )
        if not fails:
            return "false"
        return "(" + " || ".join(fails) + ")"

    def count_fails(self, node: Node, x: str, path: str, stack: tuple[Node, ...]) -> list[str]:
        """min/maxCount, qualified counts, uniqueLang and hasValue of a property shape, each
        an expression true when it fails at ``x`` (pairwise-distinct values, no GROUP BY:
        measured 5x faster on pyoxigraph at 2M triples)."""
        fails: list[str] = []
        if (node, SH.minCount, None) in self.g:
            n = self.integer(node, SH.minCount)
            if n > 0:
                fails.append(f"NOT EXISTS {{ {self.distinct_values(node, x, path, n)} }}")
        if (node, SH.maxCount, None) in self.g:
            n = self.integer(node, SH.maxCount)
            fails.append(f"EXISTS {{ {self.distinct_values(node, x, path, n + 1)} }}")
        if (node, SH.qualifiedValueShape, None) in self.g:
            fails.extend(self.nested_qualified(node, x, path, stack))
        unique = self.g.value(node, SH.uniqueLang)
        if isinstance(unique, Literal) and unique.value is True:
            a, b = self.var(), self.var()
            fails.append(
                f"EXISTS {{ {x} {path} {a}, {b} . FILTER (!sameTerm({a}, {b}) "
                f'&& lang({a}) != "" && LCASE(lang({a})) = LCASE(lang({b}))) }}'
            )
        for value in self.g.objects(node, SH.hasValue):
            h = self.var()
            fails.append(f"NOT EXISTS {{ {x} {path} {h} . FILTER (sameTerm({h}, {_n3(value)})) }}")
        return fails

    def _counts_small(self, node: Node) -> bool:
        limits = [SH.minCount, SH.qualifiedMinCount]
        over = [SH.maxCount, SH.qualifiedMaxCount]
        return all(
            self.integer(node, p) <= _NESTED_COUNT_LIMIT
            for p in limits
            if (node, p, None) in self.g
        ) and all(
            self.integer(node, p) < _NESTED_COUNT_LIMIT for p in over if (node, p, None) in self.g
        )

    def distinct_values(self, shape: Node, x: str, path: str, n: int, keep: str = "") -> str:
        """A pattern matching when ``x`` has at least ``n`` distinct values (each kept)."""
        if n > _NESTED_COUNT_LIMIT:
            raise UnsupportedShapeError(
                shape, "count", f"a nested count above {_NESTED_COUNT_LIMIT} is"
            )
        names = [self.var() for _ in range(n)]
        parts = [f"{x} {path} {name} ." for name in names]
        if keep:
            parts += [keep.format(v=name) for name in names]
        different = [f"!sameTerm({a}, {b})" for a, b in combinations(names, 2)]
        if different:
            parts.append("FILTER (" + " && ".join(different) + ")")
        return " ".join(parts)

    def nested_qualified(self, node: Node, x: str, path: str, stack: tuple[Node, ...]) -> list[str]:
        keep = "FILTER (" + self.qualified_condition(node, "{v}", stack) + ")"
        keep = keep.replace("{", "{{").replace("}", "}}").replace("{{v}}", "{v}")
        fails = []
        if (node, SH.qualifiedMinCount, None) in self.g:
            n = self.integer(node, SH.qualifiedMinCount)
            if n > 0:
                pattern = self.distinct_values(node, x, path, n, keep)
                fails.append(f"NOT EXISTS {{ {pattern} }}")
        if (node, SH.qualifiedMaxCount, None) in self.g:
            n = self.integer(node, SH.qualifiedMaxCount)
            fails.append(f"EXISTS {{ {self.distinct_values(node, x, path, n + 1, keep)} }}")
        return fails

    def qualified_condition(self, node: Node, v: str, stack: tuple[Node, ...]) -> str:
        """True when value ``v`` counts for sh:qualifiedValueShape of ``node``."""
        qualified = self.one(node, SH.qualifiedValueShape)
        parts = [f"!{self.violation(qualified, v, 'conform', stack)}"]
        disjoint = self.g.value(node, SH.qualifiedValueShapesDisjoint)
        if isinstance(disjoint, Literal) and disjoint.value is True:
            for parent in self.g.subjects(SH.property, node):
                for sibling_property in self.g.objects(parent, SH.property):
                    for sibling in self.g.objects(sibling_property, SH.qualifiedValueShape):
                        if sibling != qualified:
                            parts.append(self.violation(sibling, v, "conform", stack))
        return " && ".join(parts)

    # --- top-level result queries ---------------------------------------------------------
    def focus(self, node: Node) -> str | None:
        targets = []
        for cls in self.g.objects(node, SH.targetClass):
            targets.append(
                _T_CLASS.format(rdf_type=RDF.type, subclass=RDFS.subClassOf, cls=_n3(cls))
            )
        class_kinds = {RDFS.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}
        if any(kind in class_kinds for kind in self.g.objects(node, RDF.type)):
            targets.append(
                _T_CLASS.format(rdf_type=RDF.type, subclass=RDFS.subClassOf, cls=_n3(node))
            )
        for target in self.g.objects(node, SH.targetNode):
            targets.append(_T_NODE.format(node=_n3(target)))
        for predicate in self.g.objects(node, SH.targetSubjectsOf):
            targets.append(_T_SUBJECTS_OF.format(pred=_n3(predicate)))
        for predicate in self.g.objects(node, SH.targetObjectsOf):
            targets.append(_T_OBJECTS_OF.format(pred=_n3(predicate)))
        if (node, SH.target, None) in self.g:
            raise UnsupportedShapeError(node, "sh:target (SHACL-AF custom targets)")
        if not targets:
            return None
        return _FOCUS.format(targets=" UNION ".join(targets))

    def results(self, node: Node, focus: str, out: list[ResultQuery], depth: int = 0) -> None:
        """Queries for the results of ``node`` evaluated at the focus nodes bound by ``focus``."""
        if depth > 8:
            raise UnsupportedShapeError(node, "sh:property", "nesting this deep is")
        shape = self.shape(node)
        if shape.deactivated:
            return
        self.check_parameters(node)
        severity = str(shape.severity).removeprefix(_SH)
        path = shape.path

        def emit(text: str, component: str, **extra: object) -> None:
            out.append(
                ResultQuery(
                    text=_PREFIXES + text,
                    shape=node,
                    component=component,
                    severity=severity,
                    path=path,
                    messages=shape.messages,
                    **extra,  # type: ignore[arg-type]
                )
            )

        stack = (node,)
        if path is None:
            conds = self.conditions(node, "?this", stack)
            if conds:
                emit(
                    _Q_NODE_VALUES.format(focus=focus, cond=" || ".join(conds)),
                    "value",
                    value_is_focus=True,
                )
            for value in self.g.objects(node, SH.hasValue):
                emit(_Q_NODE_HAS_VALUE.format(focus=focus, value=_n3(value)), "sh:hasValue")
            for other in self.g.objects(node, SH.disjoint):
                emit(
                    f"SELECT DISTINCT ?this WHERE {{ {focus} ?this {_n3(other)} ?this . }}",
                    "sh:disjoint",
                    value_is_focus=True,
                )
            for predicate in (SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.uniqueLang):
                if (node, predicate, None) in self.g:
                    raise UnsupportedShapeError(node, _curie(predicate), "on a node shape, it is")
            for predicate in _COMPARISONS:
                if (node, predicate, None) in self.g:
                    raise UnsupportedShapeError(node, _curie(predicate), "on a node shape, it is")
            for prop in self.g.objects(node, SH.property):
                self.results(prop, focus, out, depth + 1)
        else:
            conds = self.conditions(node, "?value", stack)
            if conds:
                emit(
                    _Q_PATH_VALUES.format(focus=focus, path=path, cond=" || ".join(conds)),
                    "value",
                    has_value=True,
                )
            self.count_checks(node, focus, path, stack, emit)
            for other in self.g.objects(node, SH.disjoint):
                emit(
                    _Q_DISJOINT.format(focus=focus, path=path, other=_n3(other)),
                    "sh:disjoint",
                    has_value=True,
                )
            for predicate, op in _COMPARISONS.items():
                for other in self.g.objects(node, predicate):
                    emit(
                        _Q_COMPARE.format(
                            focus=focus,
                            path=path,
                            other=_n3(other),
                            left=_comparable("?value"),
                            op=op,
                            right=_comparable("?_sh_o"),
                        ),
                        _curie(predicate),
                        has_value=True,
                    )
            if any(True for _ in self.g.objects(node, SH.property)):
                values = self.var("f")
                # Value nodes of this shape are the focus nodes of its property shapes.
                outer = focus.replace("?this", values)
                inner = f"{{ SELECT DISTINCT ?this WHERE {{ {outer} {values} {path} ?this . }} }}"
                for prop in self.g.objects(node, SH.property):
                    self.results(prop, inner, out, depth + 1)
        for constraint in self.g.objects(node, SH.sparql):
            out.append(self.sparql_constraint(node, constraint, focus, shape))

    def count_checks(
        self,
        node: Node,
        focus: str,
        path: str,
        stack: tuple[Node, ...],
        emit: Callable[..., None],
    ) -> None:
        """min/maxCount, qualified counts, uniqueLang and hasValue in ONE grouped query.

        Their results are all (focus, path, no value, shape): which one fired does not show
        in a finding, so one pass over the values of each focus node answers them all.
        """
        having: list[str] = []
        binds: list[str] = []
        min_count = self.integer(node, SH.minCount) if (node, SH.minCount, None) in self.g else 0
        if min_count > 0:
            having.append(f"COUNT(DISTINCT ?_sh_v) < {min_count}")
        if (node, SH.maxCount, None) in self.g:
            having.append(f"COUNT(DISTINCT ?_sh_v) > {self.integer(node, SH.maxCount)}")
        if (node, SH.qualifiedValueShape, None) in self.g:
            keep = self.qualified_condition(node, "?_sh_v", stack)
            binds.append(f"BIND (IF(COALESCE({keep}, false), ?_sh_v, ?_sh_none) AS ?_sh_q)")
            if (node, SH.qualifiedMinCount, None) in self.g:
                minimum = self.integer(node, SH.qualifiedMinCount)
                having.append(f"COUNT(DISTINCT ?_sh_q) < {minimum}")
            if (node, SH.qualifiedMaxCount, None) in self.g:
                maximum = self.integer(node, SH.qualifiedMaxCount)
                having.append(f"COUNT(DISTINCT ?_sh_q) > {maximum}")
        unique = self.g.value(node, SH.uniqueLang)
        if isinstance(unique, Literal) and unique.value is True:
            binds.append('BIND (IF(lang(?_sh_v) != "", ?_sh_v, ?_sh_none) AS ?_sh_lv)')
            binds.append('BIND (IF(lang(?_sh_v) != "", LCASE(lang(?_sh_v)), ?_sh_none) AS ?_sh_l)')
            having.append("COUNT(DISTINCT ?_sh_lv) > COUNT(DISTINCT ?_sh_l)")
        for value in self.g.objects(node, SH.hasValue):
            having.append(f"SUM(IF(COALESCE(sameTerm(?_sh_v, {_n3(value)}), false), 1, 0)) = 0")
        if not having:
            return
        if having == ["COUNT(DISTINCT ?_sh_v) < 1"]:
            emit(_Q_MIN_ONE.format(focus=focus, path=path), "sh:minCount")
            return
        if self._counts_small(node):
            fails = self.count_fails(node, "?this", path, stack)
            emit(_Q_NODE_VALUES.format(focus=focus, cond=" || ".join(fails)), "counts")
            return
        emit(
            _Q_COUNT.format(
                focus=focus, path=path, filter=" ".join(binds), having=" || ".join(having)
            ),
            "counts",
        )

    def sparql_constraint(
        self, node: Node, constraint: Node, focus: str, shape: _Shape
    ) -> ResultQuery:
        deactivated = self.g.value(constraint, SH.deactivated)
        select = self.g.value(constraint, SH.select)
        if not isinstance(select, Literal):
            raise UnsupportedShapeError(node, "sh:sparql", "a constraint without sh:select is")
        text = str(select)
        if _SHAPES_GRAPH_IN_QUERY.search(text):
            raise UnsupportedShapeError(node, "sh:sparql", "$shapesGraph is")
        if _PATH_IN_QUERY.search(text):
            if shape.path is None:
                raise UnsupportedShapeError(node, "sh:sparql", "$PATH on a node shape is")
            text = _PATH_IN_QUERY.sub(lambda m: m.group(1) + (shape.path or ""), text)
        text = _CURRENT_SHAPE_IN_QUERY.sub(lambda m: m.group(1) + _n3(node), text)
        prefixes = self.sparql_prefixes(node, constraint)
        full = prefixes + text
        projected = _check_batchable(node, full)
        open_brace = text.find("{")
        if open_brace < 0:
            raise UnsupportedShapeError(node, "sh:sparql", "a query without a WHERE group is")
        head, body = text[:open_brace], text[open_brace + 1 :]
        if "this" not in projected:
            head = re.sub(
                r"(SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)", r"\1?this ", head, count=1, flags=re.I
            )
        rewritten = f"{prefixes}{head}{{ {focus} {body}"
        messages = tuple(
            m for m in self.g.objects(constraint, SH.message) if isinstance(m, Literal)
        )
        return ResultQuery(
            text=rewritten,
            shape=node,
            component="sh:sparql",
            severity=str(shape.severity).removeprefix(_SH),
            path=shape.path,
            messages=shape.messages,
            value_is_focus=shape.path is None,
            has_value=True,
            sparql_messages=messages,
            sparql=not (isinstance(deactivated, Literal) and bool(deactivated.value)),
        )

    def sparql_prefixes(self, node: Node, constraint: Node) -> str:
        declared = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": "http://www.w3.org/2002/07/owl#"}
        for holder in self.g.objects(constraint, SH.prefixes):
            for declaration in self.g.objects(holder, SH.declare):
                prefix = self.g.value(declaration, SH.prefix)
                namespace = self.g.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise UnsupportedShapeError(node, "sh:prefixes", "an incomplete sh:declare is")
                declared[str(prefix)] = str(namespace)
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in declared.items())


_PREFIXES = f"PREFIX xsd: <{XSD}>\n"


def _int(value: Node) -> int:
    return int(value.value) if isinstance(value, Literal) and isinstance(value.value, int) else -1


def _curie(predicate: Node) -> str:
    text = str(predicate)
    return "sh:" + text.removeprefix(_SH) if text.startswith(_SH) else _text(predicate)


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _comparable(v: str) -> str:
    """pyshacl compares IRIs and strings by their text, other literals by value."""
    return (
        f"IF(isIRI({v}) || datatype({v}) = xsd:string || datatype({v}) = <{RDF.langString}>, "
        f"STR({v}), {v})"
    )


def _check_batchable(shape: Node, query: str) -> set[str]:
    """The projected variables; refuses queries whose meaning needs ``$this`` pre-bound.

    The focus sub-query is joined at the head of the WHERE group. That gives pyshacl's
    answer when every FILTER/BIND mentioning ``this`` is evaluated over a pattern that binds
    it (the top-level group always does once the focus pattern is in it).
    """
    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception as error:  # rdflib raises pyparsing errors of several kinds
        raise UnsupportedShapeError(
            shape, "sh:sparql", f"a query rdflib cannot parse ({error}) is"
        ) from error
    if algebra.name != "SelectQuery":
        raise UnsupportedShapeError(shape, "sh:sparql", "a query that is not SELECT is")
    projected = {str(v) for v in algebra.get("PV") or []}
    this = Variable("this")

    def walk(node: object, top: bool) -> None:
        if isinstance(node, CompValue):
            if node.name in ("Filter", "Extend") and not top:
                expression = node.get("expr")
                if _mentions(expression, this) and this not in _binds(node.get("p")):
                    raise UnsupportedShapeError(
                        shape,
                        "sh:sparql",
                        "a FILTER or BIND using $this outside the group binding it is",
                    )
            child_top = top and node.name in (
                "SelectQuery",
                "Project",
                "Distinct",
                "Reduced",
                "Slice",
                "OrderBy",
                "Filter",
            )
            for value in node.values():
                walk(value, child_top)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item, top)

    walk(algebra, True)
    return projected


def _mentions(node: object, variable: Variable) -> bool:
    if node == variable:
        return True
    if isinstance(node, CompValue):
        return any(_mentions(v, variable) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_mentions(v, variable) for v in node)
    return False


def _binds(node: object) -> set[Variable]:
    """Variables a pattern certainly or possibly binds (triples, BIND, VALUES, sub-selects)."""
    found: set[Variable] = set()
    if isinstance(node, CompValue):
        if node.name == "BGP":
            for triple in node.get("triples") or []:
                found.update(t for t in triple if isinstance(t, Variable))
        if node.name == "Extend":
            found.add(node.get("var"))
        if node.name == "Project":
            found.update(node.get("PV") or [])
            return found
        for key, value in node.items():
            if key != "expr":
                found |= _binds(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            found |= _binds(item)
    return found


def compile_shapes(shapes: Graph, *, canonical_integers: bool = False) -> CompiledShapes:
    """Compile every shape that has targets (and all it references) into SPARQL queries.

    Raises :class:`UnsupportedShapeError` for anything the compiler cannot translate.
    """
    try:
        return _compile(shapes, canonical_integers=canonical_integers)
    except UnsupportedShapeError as error:
        if not isinstance(error.shape, BNode):
            raise
        name = _describe(shapes, error.shape)
        raise UnsupportedShapeError(error.shape, error.component, error.reason, name=name) from None


def _compile(shapes: Graph, *, canonical_integers: bool) -> CompiledShapes:
    compiler = _Compiler(shapes, canonical_integers=canonical_integers)
    program = CompiledShapes()
    candidates: set[Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        candidates.update(shapes.subjects(RDF.type, kind))
    for predicate in (*_TARGETS, SH.target):
        candidates.update(shapes.subjects(predicate, None))
    for node in sorted(candidates, key=str):
        compiler.check_parameters(node)
        focus = compiler.focus(node)
        if focus is not None:
            compiler.results(node, focus, program.queries)
    # Shapes reached only through others are compiled there; check the rest too, so an
    # unsupported component anywhere in the shapes graph is an error, not a silent skip.
    for predicate in _SHAPE_LINKS:
        for node in shapes.objects(None, predicate):
            compiler.check_parameters(node)
    return program


def _format_message(message: Literal, bindings: Mapping[str, Node | None]) -> str:
    text = str(message)

    def fill(match: re.Match[str]) -> str:
        value = bindings.get(match.group(1))
        return str(value) if value is not None else match.group(0)

    return _MESSAGE_VARIABLE.sub(fill, text)


def run_queries(
    store: GraphStore,
    program: CompiledShapes,
    *,
    timings: dict[str, float] | None = None,
) -> list[ShaclResult]:
    """Run every compiled query; results are de-duplicated (pyshacl may repeat one)."""
    seen: set[ShaclResult] = set()
    results: list[ShaclResult] = []
    for query in program.queries:
        if query.component == "sh:sparql" and not query.sparql:
            continue  # a deactivated SPARQL constraint
        started = time.perf_counter()
        table = store.select(query.text)
        if timings is not None:
            key = f"{_text(query.shape)} {query.component}"
            timings[key] = timings.get(key, 0.0) + time.perf_counter() - started
        for record in table.records():
            result = _result(query, record)
            if result is not None and result not in seen:
                seen.add(result)
                results.append(result)
    return results


def _result(query: ResultQuery, record: Mapping[str, Node | None]) -> ShaclResult | None:
    focus = record.get("this")
    if focus is None:
        return None
    if query.component == "sh:sparql":
        value = record.get("value")
        path_term = record.get("path")
        path = _n3(path_term) if isinstance(path_term, URIRef) else query.path
        if value is None and query.value_is_focus:
            value = focus
        bindings = dict(record)
        bindings["value"] = value
        texts = {_format_message(m, bindings) for m in query.sparql_messages}
        texts |= {_format_message(m, bindings) for m in query.messages}
        return ShaclResult(focus, path, value, query.shape, query.severity, tuple(sorted(texts)))
    value = focus if query.value_is_focus else record.get("value") if query.has_value else None
    messages = tuple(sorted({str(m) for m in query.messages}))
    return ShaclResult(focus, query.path, value, query.shape, query.severity, messages)


def _short(text: str | None) -> str | None:
    """A path as the report shows it: a CURIE for one predicate, else the SPARQL path."""
    if text is None:
        return None
    if re.fullmatch(r"<[^<>]*>", text):
        return _compress(text[1:-1])
    return re.sub(r"<([^<>]*)>", lambda m: _compress(m.group(1)), text)


def _labels(store: GraphStore, focus_nodes: Iterable[Node]) -> dict[Node, str]:
    """English rdfs:label, else any, else skos:prefLabel -- the label run_shacl shows."""
    iris = sorted({f for f in focus_nodes if isinstance(f, URIRef)}, key=str)
    labels: dict[Node, str] = {}
    for predicate in (RDFS.label, SKOS.prefLabel):
        # One predicate per query: pyoxigraph then looks each VALUES row up in its index.
        missing = [i for i in iris if i not in labels]
        for start in range(0, len(missing), 5000):
            chunk = " ".join(_n3(i) for i in missing[start : start + 5000])
            table = store.select(
                f"SELECT ?f ?l WHERE {{ VALUES ?f {{ {chunk} }} ?f <{predicate}> ?l }}"
            )
            options: dict[Node, list[Literal]] = {}
            for f, label in table.rows:
                if f is not None and isinstance(label, Literal):
                    options.setdefault(f, []).append(label)
            for f, found in options.items():
                found.sort(key=str)
                english = [label for label in found if label.language == "en"]
                labels[f] = str((english or found)[0])
    return labels


def to_findings(
    store: GraphStore,
    results: list[ShaclResult],
    *,
    origins: Mapping[Node, str] | None = None,
) -> list[Finding]:
    """Findings as :func:`run_shacl` gives them (labels looked up in the store)."""
    labels = _labels(store, (r.focus for r in results))
    findings = []
    for result in results:
        value = result.value
        findings.append(
            Finding(
                severity=result.severity,
                focus=str(result.focus),
                message="; ".join(result.messages) or "constraint not met",
                focus_label=labels.get(result.focus),
                path=_short(result.path),
                value=_text(value) if value is not None else None,
                shape=_text(result.shape),
                source_file=(origins or {}).get(result.focus),
            )
        )
    return findings


def validate_store(
    store: GraphStore,
    shapes: Graph,
    *,
    origins: Mapping[Node, str] | None = None,
    canonical_integers: bool = False,
    timings: dict[str, float] | None = None,
) -> list[Finding]:
    """Validate everything in ``store`` (data and ontology graphs) against ``shapes``.

    The same findings as :func:`~aspen_graph.validation.shacl.run_shacl` on the same triples;
    ``origins`` maps subjects to their file. ``timings`` (if given) collects seconds per query.
    """
    program = compile_shapes(shapes, canonical_integers=canonical_integers)
    return to_findings(store, run_queries(store, program, timings=timings), origins=origins)


def choose_engine(
    triples: int,
    setting: str = "auto",
    *,
    shapes: Graph | None = None,
    notes: list[str] | None = None,
) -> Engine:
    """Which SHACL engine validates a store of ``triples`` triples.

    ``setting`` is ``ASPEN_SHACL_ENGINE``: ``pyshacl`` or ``sparql`` force one. ``auto`` picks
    the SPARQL engine at every size: its findings are pyshacl's, and it is the only one that
    scales (210k triples: 3.8 s, against 554 s for pyshacl plus 31 s to build its rdflib graph,
    with 77k findings; 30k: 0.27 s against 19.6 s). Given the ``shapes``, ``auto`` first
    compiles them: if the compiler refuses one (:class:`UnsupportedShapeError`) and the graph
    has at most :data:`PYSHACL_MAX_TRIPLES` triples, the answer is pyshacl, with a line in
    ``notes`` saying why; above that the error is raised, with a hint to force pyshacl.
    Without ``shapes`` (the old call) the compile error comes later, from validate_store.

    >>> choose_engine(50_000), choose_engine(2_000_000), choose_engine(10, "pyshacl")
    ('sparql', 'sparql', 'pyshacl')
    """
    if setting == "pyshacl":
        return "pyshacl"
    if setting == "sparql":
        return "sparql"
    if setting != "auto":
        raise ValueError(f"unknown SHACL engine {setting!r} (use auto, pyshacl or sparql)")
    if shapes is None:
        return "sparql"
    try:
        compile_shapes(shapes)
    except UnsupportedShapeError as error:
        if triples > PYSHACL_MAX_TRIPLES:
            raise UnsupportedShapeError(
                error.shape,
                error.component,
                error.reason,
                name=error.name,
                hint=(
                    f"pyshacl can check it, but {triples:,} triples is above the "
                    f"{PYSHACL_MAX_TRIPLES:,} it is chosen for (it may take many minutes); "
                    "set ASPEN_SHACL_ENGINE=pyshacl to use it anyway"
                ),
            ) from None
        if notes is not None:
            notes.append(f"SHACL: pyshacl, because {error}.")
        return "pyshacl"
    return "sparql"


ProgressCallback = Callable[[str], None]

__all__ = [
    "PYSHACL_MAX_TRIPLES",
    "CompiledShapes",
    "ResultQuery",
    "ShaclResult",
    "UnsupportedShapeError",
    "choose_engine",
    "compile_shapes",
    "run_queries",
    "to_findings",
    "validate_store",
]
