"""The compiler: every targeted shape of a shapes graph into SPARQL result queries."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from aspen_graph.validation.sparql.conditions import Conditions
from aspen_graph.validation.sparql.program import (
    CompiledShapes,
    ResultQuery,
    UnsupportedShapeError,
)
from aspen_graph.validation.sparql.sparql_constraints import sparql_constraint
from aspen_graph.validation.sparql.templates import (
    COMPARISONS,
    FOCUS,
    Q_COMPARE,
    Q_COUNT,
    Q_DISJOINT,
    Q_MIN_ONE,
    Q_NODE_HAS_VALUE,
    Q_NODE_VALUES,
    Q_PATH_VALUES,
    SH_IRI,
    SHAPE_LINKS,
    T_CLASS,
    T_NODE,
    T_OBJECTS_OF,
    T_SUBJECTS_OF,
    TARGETS,
    XSD_PREFIX,
)
from aspen_graph.validation.sparql.terms import comparable, curie, n3, term_text


class _Compiler(Conditions):
    """The top-level result queries of each shape."""

    # --- top-level result queries ---------------------------------------------------------
    def focus(self, node: Node) -> str | None:
        targets = []
        for cls in self.g.objects(node, SH.targetClass):
            targets.append(T_CLASS.format(rdf_type=RDF.type, subclass=RDFS.subClassOf, cls=n3(cls)))
        class_kinds = {RDFS.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}
        if any(kind in class_kinds for kind in self.g.objects(node, RDF.type)):
            targets.append(
                T_CLASS.format(rdf_type=RDF.type, subclass=RDFS.subClassOf, cls=n3(node))
            )
        for target in self.g.objects(node, SH.targetNode):
            targets.append(T_NODE.format(node=n3(target)))
        for predicate in self.g.objects(node, SH.targetSubjectsOf):
            targets.append(T_SUBJECTS_OF.format(pred=n3(predicate)))
        for predicate in self.g.objects(node, SH.targetObjectsOf):
            targets.append(T_OBJECTS_OF.format(pred=n3(predicate)))
        if (node, SH.target, None) in self.g:
            raise UnsupportedShapeError(node, "sh:target (SHACL-AF custom targets)")
        if not targets:
            return None
        return FOCUS.format(targets=" UNION ".join(targets))

    def results(self, node: Node, focus: str, out: list[ResultQuery], depth: int = 0) -> None:
        """Queries for the results of ``node`` evaluated at the focus nodes bound by ``focus``."""
        if depth > 8:
            raise UnsupportedShapeError(node, "sh:property", "nesting this deep is")
        shape = self.shape(node)
        if shape.deactivated:
            return
        self.check_parameters(node)
        severity = str(shape.severity).removeprefix(SH_IRI)
        path = shape.path

        def emit(text: str, component: str, **extra: object) -> None:
            out.append(
                ResultQuery(
                    text=XSD_PREFIX + text,
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
                    Q_NODE_VALUES.format(focus=focus, cond=" || ".join(conds)),
                    "value",
                    value_is_focus=True,
                )
            for value in self.g.objects(node, SH.hasValue):
                emit(Q_NODE_HAS_VALUE.format(focus=focus, value=n3(value)), "sh:hasValue")
            for other in self.g.objects(node, SH.disjoint):
                emit(
                    f"SELECT DISTINCT ?this WHERE {{ {focus} ?this {n3(other)} ?this . }}",
                    "sh:disjoint",
                    value_is_focus=True,
                )
            self.check_node_shape(node)
            for prop in self.g.objects(node, SH.property):
                self.results(prop, focus, out, depth + 1)
        else:
            conds = self.conditions(node, "?value", stack)
            if conds:
                emit(
                    Q_PATH_VALUES.format(focus=focus, path=path, cond=" || ".join(conds)),
                    "value",
                    has_value=True,
                )
            self.count_checks(node, focus, path, stack, emit)
            for other in self.g.objects(node, SH.disjoint):
                emit(
                    Q_DISJOINT.format(focus=focus, path=path, other=n3(other)),
                    "sh:disjoint",
                    has_value=True,
                )
            for predicate, op in COMPARISONS.items():
                for other in self.g.objects(node, predicate):
                    emit(
                        Q_COMPARE.format(
                            focus=focus,
                            path=path,
                            other=n3(other),
                            left=comparable("?value"),
                            op=op,
                            right=comparable("?_sh_o"),
                        ),
                        curie(predicate),
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
            out.append(sparql_constraint(self.g, node, constraint, focus, shape))

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
            having.append(f"SUM(IF(COALESCE(sameTerm(?_sh_v, {n3(value)}), false), 1, 0)) = 0")
        if not having:
            return
        if having == ["COUNT(DISTINCT ?_sh_v) < 1"]:
            emit(Q_MIN_ONE.format(focus=focus, path=path), "sh:minCount")
            return
        if self._counts_small(node):
            fails = self.count_fails(node, "?this", path, stack)
            emit(Q_NODE_VALUES.format(focus=focus, cond=" || ".join(fails)), "counts")
            return
        emit(
            Q_COUNT.format(
                focus=focus, path=path, filter=" ".join(binds), having=" || ".join(having)
            ),
            "counts",
        )


def _describe(shapes: Graph, node: Node, depth: int = 0) -> str:
    """A shape's name; a blank node is named by where it hangs (``ex:S sh:property [...]``)."""
    if not isinstance(node, BNode) or depth > 4:
        return term_text(node)
    for subject, predicate in shapes.subject_predicates(node):
        if predicate in (RDF.first, RDF.rest):
            return _describe(shapes, subject, depth + 1)
        return f"{_describe(shapes, subject, depth + 1)} {curie(predicate)} [...]"
    return term_text(node)


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
    for predicate in (*TARGETS, SH.target):
        candidates.update(shapes.subjects(predicate, None))
    for node in sorted(candidates, key=str):
        compiler.check_parameters(node)
        focus = compiler.focus(node)
        if focus is not None:
            compiler.results(node, focus, program.queries)
    # Shapes reached only through others are compiled there; check the rest too, so an
    # unsupported component anywhere in the shapes graph is an error, not a silent skip.
    for predicate in SHAPE_LINKS:
        for node in shapes.objects(None, predicate):
            compiler.check_parameters(node)
    return program
