"""SHACL as SPARQL on the store: the project's shapes compiled into SELECT queries.

pyshacl works on an rdflib graph, and at two million triples parsing into rdflib alone takes
longer than the whole build may. This package compiles the shapes graph into SPARQL SELECT
queries that run on a :class:`~aspen_graph.store.GraphStore` (the build's pyoxigraph store,
which holds the data graphs and the ontology graph), and returns the same
:class:`~aspen_graph.validation.report.Finding` objects as
:func:`~aspen_graph.validation.shacl.run_shacl`. It is the default engine at every size
(:func:`~aspen_graph.validation.engine.choose_engine`): pyshacl stays the reference the tests
compare with, and the fallback for shapes the compiler refuses on a graph small enough for it.

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
  (the ``COND_*`` templates of :mod:`.templates`) and are OR-ed into ONE query per shape, so
  the value nodes are enumerated once. The checks on the number of values of a focus node
  (min/maxCount, qualified counts, uniqueLang, hasValue) give results that look alike (focus,
  path, no value) and share ONE query per shape: an OR of ``(NOT) EXISTS`` over
  pairwise-distinct values (``Q_NODE_VALUES``), which pyoxigraph answers 5x faster than
  GROUP BY/HAVING (``Q_COUNT``, kept for counts above 4); disjoint and lessThan(OrEquals) get
  a query each.
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

Modules, in the order a validation uses them: :mod:`.templates` (SPARQL fragments and the
tables of components), :mod:`.terms` (terms as SPARQL text), :mod:`.program` (what is
compiled and returned), :mod:`.shapes` (reading one shape), :mod:`.conditions` (constraints
as boolean expressions), :mod:`.sparql_constraints` (``sh:sparql``), :mod:`.compile` (whole
result queries), :mod:`.run` (queries to findings).
"""

from __future__ import annotations

from aspen_graph.validation.sparql.compile import compile_shapes
from aspen_graph.validation.sparql.program import (
    CompiledShapes,
    ResultQuery,
    ShaclResult,
    UnsupportedShapeError,
)
from aspen_graph.validation.sparql.run import run_queries, to_findings, validate_store

__all__ = [
    "CompiledShapes",
    "ResultQuery",
    "ShaclResult",
    "UnsupportedShapeError",
    "compile_shapes",
    "run_queries",
    "to_findings",
    "validate_store",
]
