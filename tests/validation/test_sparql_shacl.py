"""The SPARQL SHACL engine gives pyshacl's findings, on every fixture and on the real builds.

Both engines see the same triples: the fixture plus the concept schemes, with the ontology mixed
in the way pyshacl mixes an ``ont_graph`` (its ``inoculate``), is loaded into a store; pyshacl
validates the store's own dump (pyoxigraph canonicalises some literals, e.g. a valid
``xsd:positiveInteger`` is stored as ``xsd:integer``, so the dump, not the Turtle, is what the
store holds; the project writes whole numbers as xsd:integer, so its data has no such literal:
test_whole_numbers_are_xsd_integer). pyshacl runs with the options :func:`run_shacl` uses.
Compared per result:
(focus, path, value, source shape, severity), and the messages.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from pyshacl import validate
from pyshacl.rdfutil.inoculate import inoculate
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from aspen_graph.config import Settings
from aspen_graph.store import OxigraphStore, open_store
from aspen_graph.validation.engine import PYSHACL_MAX_TRIPLES, choose_engine
from aspen_graph.validation.report import Finding
from aspen_graph.validation.sparql import (
    CompiledShapes,
    UnsupportedShapeError,
    compile_shapes,
    run_queries,
    to_findings,
    validate_store,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES_DIR = ROOT / "tests" / "fixtures" / "shapes"
FIXTURES = sorted(FIXTURES_DIR.glob("*/*/*.ttl"))
EX = "http://example.org/"

Key = tuple[Node | None, str | None, Node | None, Node | None, str]
XDIST_SPREAD = True
"""Spread the tests over the xdist workers (tests/conftest.py ``xdist_group``): minutes of
pyshacl runs; the module fixtures are parsed files, a second or two to make on each worker."""


def _load(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _load(sorted((ROOT / "shapes").glob("*.ttl")))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _load(sorted((ROOT / "ontology").glob("*.ttl")))


@pytest.fixture(scope="module")
def program(shapes: Graph) -> CompiledShapes:
    """The project's shapes compiled once (seconds; the same program for every fixture)."""
    return compile_shapes(shapes)


def _norm(node: Node | None) -> Node | None:
    return BNode("b") if isinstance(node, BNode) else node


def _path_text(graph: Graph, path: Node | None) -> str | None:
    """A SHACL path node as SPARQL text, the way the compiler writes it."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(str(_path_text(graph, p)) for p in Collection(graph, path)) + ")"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        inner = str(_path_text(graph, inverse))
        return "^" + (inner if inner.startswith(("<", "(")) else f"({inner})")
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return (
            "(" + "|".join(str(_path_text(graph, p)) for p in Collection(graph, alternatives)) + ")"
        )
    raise AssertionError(f"unexpected path {path!r}")


def _pyshacl(data: Graph, shapes: Graph) -> dict[Key, set[str]]:
    _conforms, report, _text = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    assert isinstance(report, Graph)
    found: dict[Key, set[str]] = defaultdict(set)
    for result in report.objects(None, SH.result):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        key = (
            _norm(report.value(result, SH.focusNode)),
            _path_text(report, report.value(result, SH.resultPath)),
            _norm(report.value(result, SH.value)),
            report.value(result, SH.sourceShape),
            severity,
        )
        found[key] |= {str(m) for m in report.objects(result, SH.resultMessage)}
    return dict(found)


def _sparql(
    store: OxigraphStore, shapes: Graph, program: CompiledShapes | None = None
) -> dict[Key, set[str]]:
    program = compile_shapes(shapes) if program is None else program
    found: dict[Key, set[str]] = defaultdict(set)
    for r in run_queries(store, program):
        found[(_norm(r.focus), r.path, _norm(r.value), r.shape, r.severity)] |= set(r.messages)
    return dict(found)


def _dump(store: OxigraphStore) -> Graph:
    dataset = Dataset()
    dataset.parse(data=store.dump_nquads(), format="nquads")
    graph = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _assert_same(
    store: OxigraphStore, shapes: Graph, label: str, program: CompiledShapes | None = None
) -> dict[Key, set[str]]:
    """pyshacl's findings on the store's dump equal the SPARQL engine's (``program``: the
    shapes already compiled)."""
    expected = _pyshacl(_dump(store), shapes)
    actual = _sparql(store, shapes, program)
    missing = sorted(map(str, set(expected) - set(actual)))
    extra = sorted(map(str, set(actual) - set(expected)))
    assert not missing and not extra, f"{label}: pyshacl only {missing}; SPARQL only {extra}"
    for key, messages in expected.items():
        # Where the shape has sh:message pyshacl reports it, and the messages must be equal.
        if (key[3], SH.message, None) in shapes:
            assert actual[key] == messages, f"{label}: messages differ for {key}"
    return expected


def _fixture_store(path: Path, ontology: Graph) -> OxigraphStore:
    data = _load([path, ROOT / "ontology" / "aspen-schemes.ttl"])
    mixed = inoculate(data, ontology)  # what pyshacl validates when given ont_graph
    store = open_store()
    store.replace_graph("urn:test:data", mixed)
    return store


@pytest.mark.parametrize(
    "path", FIXTURES, ids=[str(p.relative_to(FIXTURES_DIR).with_suffix("")) for p in FIXTURES]
)
def test_fixture_same_as_pyshacl(
    path: Path, shapes: Graph, ontology: Graph, program: CompiledShapes
) -> None:
    found = _assert_same(_fixture_store(path, ontology), shapes, path.name, program)
    if path.parent.name == "invalid":
        assert found, f"{path.name}: an invalid fixture has findings"


def test_fixtures_exercise_every_component(shapes: Graph) -> None:
    """Every construct the compiler translates appears in the shapes the fixtures exercise."""
    used = {p for p in shapes.predicates() if str(p).startswith(str(SH))}
    assert {SH["or"], SH.qualifiedValueShape, SH.node, SH.sparql, SH.uniqueLang} <= used
    assert {SH.lessThanOrEquals, SH.hasValue, SH.disjoint, SH.languageIn, SH.pattern} <= used


@pytest.mark.slow
def test_shipped_build_same_as_pyshacl(
    built: Settings, shapes: Graph, program: CompiledShapes
) -> None:
    store = open_store()
    store.load_dataset(built.dist / "aspen.nq")
    _assert_same(store, shapes, "dist/aspen.nq", program)


@pytest.mark.slow
def test_example_build_same_as_pyshacl(
    built_examples: Settings, shapes: Graph, program: CompiledShapes
) -> None:
    store = open_store()
    store.load_dataset(built_examples.dist / "aspen.nq")
    _assert_same(store, shapes, "dist/aspen.nq with examples", program)


SHAPE_PREFIXES = f"""
PREFIX sh: <{SH}>
PREFIX ex: <{EX}>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def _store(turtle: str) -> OxigraphStore:
    graph = Graph().parse(data=SHAPE_PREFIXES + turtle, format="turtle")
    store = open_store()
    store.replace_graph("urn:test:data", graph)
    return store


def test_subclass_aware_class_and_target(shapes: Graph) -> None:
    tiny = Graph().parse(
        data=SHAPE_PREFIXES
        + """
ex:S a sh:NodeShape ; sh:targetClass ex:Animal ; sh:message "m"@en ;
    sh:property [ sh:path ex:eats ; sh:class ex:Food ] .
""",
        format="turtle",
    )
    store = _store(
        """
ex:Dog rdfs:subClassOf ex:Animal . ex:Meat rdfs:subClassOf ex:Food .
ex:rex a ex:Dog ; ex:eats ex:bone , ex:stone . ex:bone a ex:Meat .
"""
    )
    findings = validate_store(store, tiny)
    assert [(f.focus, f.value) for f in findings] == [(f"{EX}rex", f"{EX}stone")]
    assert _assert_same(store, tiny, "subclasses")


def test_sparql_constraint_message_template() -> None:
    tiny = Graph().parse(
        data=SHAPE_PREFIXES
        + """
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "shape says {$this}"@en ;
    sh:sparql [ sh:message "value {?value} of {$this}" ;
        sh:select "SELECT $this ?value WHERE { $this <http://example.org/size> ?value . FILTER (?value > 2) }" ] .
""",
        format="turtle",
    )
    store = _store("ex:a a ex:Thing ; ex:size 3 . ex:b a ex:Thing ; ex:size 1 .")
    found = _assert_same(store, tiny, "template")
    assert list(found.values()) == [{f"value 3 of {EX}a", f"shape says {EX}a"}]


INTEGER_SUBTYPES = {
    XSD.positiveInteger,
    XSD.nonNegativeInteger,
    XSD.negativeInteger,
    XSD.nonPositiveInteger,
    XSD.long,
    XSD.int,
    XSD.short,
    XSD.byte,
    XSD.unsignedLong,
    XSD.unsignedInt,
    XSD.unsignedShort,
    XSD.unsignedByte,
}


def test_whole_numbers_are_xsd_integer(shapes: Graph) -> None:
    """No shape names, and no source writes, a subtype of xsd:integer: the store would hold it
    as xsd:integer, so the engines and the release formats would disagree about it."""
    named = {str(o) for o in shapes.objects(None, SH.datatype) if o in INTEGER_SUBTYPES}
    assert named == set()
    sources = sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "data").rglob("*.ttl"))
    written = {
        (path.relative_to(ROOT).as_posix(), str(o.datatype))
        for path in sources
        for o in Graph().parse(path, format="turtle").objects()
        if getattr(o, "datatype", None) in INTEGER_SUBTYPES
    }
    assert written == set()
    assert len(sources) > 10


def test_canonical_integers_option() -> None:
    """A valid positiveInteger comes back from pyoxigraph as xsd:integer (see module doc):
    strict by default, as pyshacl on the dump; ``canonical_integers`` accepts it in range."""
    tiny = Graph().parse(
        data=SHAPE_PREFIXES
        + """
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:n ; sh:datatype xsd:positiveInteger ] .
""",
        format="turtle",
    )
    store = _store(
        'ex:a a ex:Thing ; ex:n "1"^^xsd:positiveInteger . ex:b a ex:Thing ; ex:n "0"^^xsd:positiveInteger .'
    )
    assert {f.focus for f in validate_store(store, tiny)} == {f"{EX}a", f"{EX}b"}
    _assert_same(store, tiny, "strict integer subtypes")
    lenient = run_queries(store, compile_shapes(tiny, canonical_integers=True))
    assert {str(r.focus) for r in lenient} == {f"{EX}b"}


@pytest.mark.parametrize(
    ("turtle", "component"),
    [
        ("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true .", "sh:closed"),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:xone ( ex:A ex:B ) .", "sh:xone"),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:T ; "
            "sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ] .",
            "sh:path",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select """SELECT $this '
            'WHERE { ?x <http://example.org/p> ?y . { FILTER (isIRI($this)) } }""" ] .',
            "sh:sparql",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:node ex:N . "
            'ex:N a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/p> 1 }" ] .',
            "sh:sparql",
        ),
    ],
)
def test_unsupported_is_a_compile_error(turtle: str, component: str) -> None:
    tiny = Graph().parse(data=SHAPE_PREFIXES + turtle, format="turtle")
    with pytest.raises(UnsupportedShapeError) as raised:
        compile_shapes(tiny)
    assert component in str(raised.value)
    assert "ex" in str(raised.value) or EX in str(raised.value)


def test_findings_carry_labels_and_origins() -> None:
    tiny = Graph().parse(
        data=SHAPE_PREFIXES
        + """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:severity sh:Warning ; sh:message "m"@en ;
        sh:property ex:S-p . ex:S-p sh:path ex:p ; sh:minCount 1 ; sh:message "needs ex:p"@en .""",
        format="turtle",
    )
    store = _store('ex:a a ex:T ; rdfs:label "A"@en , "Ą"@vi .')
    program = compile_shapes(tiny)
    findings = to_findings(store, run_queries(store, program), origins={URIRef(f"{EX}a"): "x.ttl"})
    assert [(f.focus_label, f.source_file, f.severity, f.message) for f in findings] == [
        ("A", "x.ttl", "Violation", "needs ex:p")
    ]


UNSUPPORTED = "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ."


def test_choose_engine() -> None:
    """SPARQL at every size; pyshacl when forced, or for shapes the compiler refuses on a
    graph small enough for pyshacl (with a note); above that, the compile error with a hint."""
    assert [choose_engine(n) for n in (10, 50_000, 300_001, 10**7)] == ["sparql"] * 4
    assert choose_engine(10**7, "pyshacl") == "pyshacl"
    assert choose_engine(10, "sparql") == "sparql"
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        choose_engine(1, "jena")

    supported = Graph().parse(ROOT / "shapes" / "plan-element.ttl", format="turtle")
    notes: list[str] = []
    assert choose_engine(PYSHACL_MAX_TRIPLES, shapes=supported, notes=notes) == "sparql"
    assert notes == []

    unsupported = Graph().parse(data=SHAPE_PREFIXES + UNSUPPORTED, format="turtle")
    assert choose_engine(PYSHACL_MAX_TRIPLES, shapes=unsupported, notes=notes) == "pyshacl"
    assert len(notes) == 1 and "pyshacl" in notes[0] and "sh:closed" in notes[0]
    with pytest.raises(UnsupportedShapeError, match="ASPEN_SHACL_ENGINE=pyshacl"):
        choose_engine(PYSHACL_MAX_TRIPLES + 1, shapes=unsupported)
    assert choose_engine(PYSHACL_MAX_TRIPLES + 1, "pyshacl", shapes=unsupported) == "pyshacl"
    assert choose_engine(10, "sparql", shapes=unsupported) == "sparql"  # fails when it compiles


@pytest.mark.parametrize("limit", [2, 6])
def test_counts_small_and_grouped(limit: int) -> None:
    """Counts up to 4 use pairwise-distinct values, larger ones GROUP BY: same answers."""
    tiny = Graph().parse(
        data=SHAPE_PREFIXES
        + f"""
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:message "m"@en ;
    sh:property [ sh:path ex:p ; sh:minCount {limit} ; sh:maxCount {limit} ; sh:uniqueLang true ;
        sh:message "p"@en ] .
""",
        format="turtle",
    )
    values = ", ".join(f'"v{i}"@x-{chr(97 + i)}' for i in range(limit))
    store = _store(
        f"""ex:ok a ex:T ; ex:p {values} .
        ex:few a ex:T ; ex:p "x"@en .
        ex:many a ex:T ; ex:p {values}, "extra"@x-a ."""
    )
    found = _assert_same(store, tiny, f"counts {limit}")
    assert {str(key[0]) for key in found} == {f"{EX}few", f"{EX}many"}


@pytest.mark.parametrize("extra", ["", "sh:minLength 3 ;"])
def test_or_of_classes(extra: str) -> None:
    """An sh:or of pure class checks is one type lookup; with more in it, the general form."""
    tiny = Graph().parse(
        data=SHAPE_PREFIXES
        + f"""
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:message "m"@en ;
    sh:property [ sh:path ex:p ; sh:or ( ex:IsA ex:AOrB ) ; sh:message "p"@en ] .
ex:IsA a sh:NodeShape ; sh:class ex:A ; {extra} sh:message "a"@en .
ex:AOrB a sh:NodeShape ; sh:or ( ex:IsB [ sh:class ex:C ] ) .
ex:IsB a sh:NodeShape ; sh:class ex:B .
""",
        format="turtle",
    )
    store = _store(
        """ex:Sub rdfs:subClassOf ex:C .
        ex:t a ex:T ; ex:p ex:a, ex:b, ex:c, ex:none, "literal" .
        ex:a a ex:A . ex:b a ex:B . ex:c a ex:Sub . ex:none a ex:D ."""
    )
    found = _assert_same(store, tiny, f"or of classes {extra!r}")
    assert {str(key[2]) for key in found} >= {f"{EX}none", "literal"}


@pytest.mark.slow
@pytest.mark.parametrize("examples", [False, True])
def test_build_inputs_same_as_run_shacl(examples: bool) -> None:
    """What the build would do: run_shacl on the rdflib union vs validate_store on its store.

    Default settings (strict datatypes): pyshacl sees the Turtle's own datatypes, the store its
    canonical forms, and the findings agree because the project writes whole numbers as
    xsd:integer.
    """
    from aspen_graph.pipeline.build import derive, load_into_store
    from aspen_graph.pipeline.inputs import DERIVED_GRAPH, gather_inputs
    from aspen_graph.queries import QueryCatalog
    from aspen_graph.validation import run_shacl

    settings = Settings(root=ROOT, examples=examples)
    inputs = gather_inputs(settings)
    store = load_into_store(inputs)
    inputs.graphs[DERIVED_GRAPH] = derive(store, QueryCatalog(settings.sparql_dir))
    expected = run_shacl(
        inputs.data_union(), inputs.shapes, inputs.ontology, origins=inputs.origins
    )
    actual = validate_store(store, inputs.shapes, origins=inputs.origins)

    def keys(findings: list[Finding]) -> set[tuple[str | None, ...]]:
        return {
            (f.focus, f.value, f.shape, f.severity, f.message, f.source_file, f.focus_label)
            for f in findings
        }

    assert keys(actual) == keys(expected)
