"""``sh:sparql`` constraints: checked, then rewritten to run for every focus node at once."""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from aspen_graph.validation.sparql.program import ResultQuery, UnsupportedShapeError
from aspen_graph.validation.sparql.shapes import Shape
from aspen_graph.validation.sparql.templates import (
    CURRENT_SHAPE_IN_QUERY,
    PATH_IN_QUERY,
    SH_IRI,
    SHAPES_GRAPH_IN_QUERY,
)
from aspen_graph.validation.sparql.terms import n3


def sparql_constraint(
    shapes: Graph, node: Node, constraint: Node, focus: str, shape: Shape
) -> ResultQuery:
    """The query giving the results of ``constraint`` (an ``sh:sparql`` of ``node``) at every
    focus node bound by ``focus``.

    ``$PATH`` is replaced by the path, and the focus-node sub-query is put at the head of the
    WHERE group so ``$this`` is bound for every focus node at once (see
    :func:`_check_batchable` for when that equals pyshacl's pre-binding)."""
    deactivated = shapes.value(constraint, SH.deactivated)
    select = shapes.value(constraint, SH.select)
    if not isinstance(select, Literal):
        raise UnsupportedShapeError(node, "sh:sparql", "a constraint without sh:select is")
    text = str(select)
    if SHAPES_GRAPH_IN_QUERY.search(text):
        raise UnsupportedShapeError(node, "sh:sparql", "$shapesGraph is")
    if PATH_IN_QUERY.search(text):
        if shape.path is None:
            raise UnsupportedShapeError(node, "sh:sparql", "$PATH on a node shape is")
        text = PATH_IN_QUERY.sub(lambda m: m.group(1) + (shape.path or ""), text)
    text = CURRENT_SHAPE_IN_QUERY.sub(lambda m: m.group(1) + n3(node), text)
    prefixes = sparql_prefixes(shapes, node, constraint)
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
    messages = tuple(m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal))
    return ResultQuery(
        text=rewritten,
        shape=node,
        component="sh:sparql",
        severity=str(shape.severity).removeprefix(SH_IRI),
        path=shape.path,
        messages=shape.messages,
        value_is_focus=shape.path is None,
        has_value=True,
        sparql_messages=messages,
        sparql=not (isinstance(deactivated, Literal) and bool(deactivated.value)),
    )


def sparql_prefixes(shapes: Graph, node: Node, constraint: Node) -> str:
    """PREFIX lines: rdf, rdfs, owl and what the constraint declares with ``sh:prefixes``."""
    declared = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": "http://www.w3.org/2002/07/owl#"}
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise UnsupportedShapeError(node, "sh:prefixes", "an incomplete sh:declare is")
            declared[str(prefix)] = str(namespace)
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in declared.items())


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
