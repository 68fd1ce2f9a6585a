"""The SPARQL text the compiler fills in, and the tables of SHACL components it knows.

Templates are small named strings rather than ``.rq`` files: they are fragments, filled in
per shape, and are never run on their own.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import RDF, SH, XSD

# --- query templates ---------------------------------------------------------------------
# Focus nodes of one target declaration, binding ?this.
T_CLASS = "{{ ?this <{rdf_type}>/<{subclass}>* {cls} . }}"
T_NODE = "{{ VALUES ?this {{ {node} }} }}"
T_SUBJECTS_OF = "{{ ?this {pred} ?_sh_o . }}"
T_OBJECTS_OF = "{{ ?_sh_s {pred} ?this . }}"
FOCUS = "{{ SELECT DISTINCT ?this WHERE {{ {targets} }} }}"

# Result queries. {focus} binds ?this; {path} is a SPARQL property path.
Q_NODE_VALUES = "SELECT DISTINCT ?this WHERE {{ {focus} FILTER ({cond}) }}"
Q_PATH_VALUES = (
    "SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . FILTER ({cond}) }}"
)
Q_MIN_ONE = "SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?_sh_v }} }}"
Q_COUNT = (
    "SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?_sh_v . {filter} }} }} "
    "GROUP BY ?this HAVING ({having})"
)
Q_NODE_HAS_VALUE = "SELECT DISTINCT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {value})) }}"
Q_DISJOINT = (
    "SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . ?this {other} ?value . }}"
)
Q_COMPARE = (
    "SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . ?this {other} ?_sh_o . "
    "FILTER (!COALESCE({left} {op} {right}, false)) }}"
)

# Conditions on one value node {v}: true when the value node FAILS the constraint.
COND_CLASS = "NOT EXISTS {{ {v} <{rdf_type}>/<{subclass}>* {cls} }}"
COND_DATATYPE = "!(isLiteral({v}) && datatype({v}) = {dt})"
COND_DATATYPE_CAST = (
    "!(isLiteral({v}) && datatype({v}) = {dt} && COALESCE(isLiteral({dt}({v})), false))"
)
COND_DATATYPE_RANGE = "!(isLiteral({v}) && ({typed}) && COALESCE({bounds}, false))"
COND_LANGSTRING = '!(isLiteral({v}) && lang({v}) != "")'
COND_RANGE = "!COALESCE(isLiteral({v}) && {v} {op} {limit}, false)"
COND_LENGTH = "!(!isBlank({v}) && STRLEN(STR({v})) {op} {limit})"
COND_PATTERN = "!(!isBlank({v}) && REGEX(STR({v}), {regex}, {flags}))"
COND_LANGUAGE_IN = (
    '!(isLiteral({v}) && lang({v}) != "" && (LCASE(lang({v})) IN ({langs}) '
    '|| STRBEFORE(CONCAT(LCASE(lang({v})), "-"), "-") IN ({langs})))'
)

NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
CASTABLE = {
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
INTEGER_RANGES: dict[URIRef, tuple[int | None, int | None]] = {
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
RANGES = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
COMPARISONS = {SH.lessThanOrEquals: "<=", SH.lessThan: "<"}
VALUE_LEVEL = {
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
    *RANGES,
}
SET_LEVEL = {
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
    *COMPARISONS,
}
# Shape-describing predicates that are not constraints.
NOT_CONSTRAINTS = {
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
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
SHAPE_LINKS = (SH.node, SH.property, SH.qualifiedValueShape)
SH_IRI = str(SH)
PATH_IN_QUERY = re.compile(r"([\s{}()])[\$\?]PATH\b")
CURRENT_SHAPE_IN_QUERY = re.compile(r"([\s{}()])[\$\?]currentShape\b")
SHAPES_GRAPH_IN_QUERY = re.compile(r"[\$\?]shapesGraph\b")
NESTED_COUNT_LIMIT = 4

XSD_PREFIX = f"PREFIX xsd: <{XSD}>\n"
