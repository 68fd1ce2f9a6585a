"""Every SHACL shape in ``shapes/`` is proven by fixtures in ``tests/fixtures/shapes/``.

Layout: ``tests/fixtures/shapes/<Shape>/{valid,invalid}/*.ttl``, one folder per shape that has
a target of its own (the node shapes and the ``aspensh:Text-*`` property shapes). A valid
fixture must produce no validation result at all, not even a warning. An invalid fixture starts
with one or more ``# expect: aspensh:<Shape>`` lines. Exactly those shapes must appear as
``sh:sourceShape`` in the report, and no others, so each fixture breaks the rule it names and
nothing else.

The setup is the one the build should use. The data graph is the fixture plus
``ontology/aspen-schemes.ttl``, whose SKOS concepts (interaction levels, statuses,
dispositions) are instance data. All of ``ontology/*.ttl`` is the ``ont_graph``. There is no
inference, and ``advanced=True``. From the ``ont_graph`` pyshacl copies into the data graph only
RDFS/OWL triples (``rdfs:subClassOf``, ``rdfs:label`` …). It never copies
``rdf:type aspen:InteractionLevel`` or ``aspen:scoreValue``, so the concepts must be in the data
graph itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from aspen_graph.namespaces import ASPEN, ASPENSH

ROOT = Path(__file__).resolve().parents[2]
SHAPES_DIR = ROOT / "shapes"
ONTOLOGY_DIR = ROOT / "ontology"
SCHEMES_FILE = ONTOLOGY_DIR / "aspen-schemes.ttl"
FIXTURES_DIR = ROOT / "tests" / "fixtures" / "shapes"

EXPECT_LINE = re.compile(r"^# expect: aspensh:(\S+)\s*$")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
FIXTURES = sorted(FIXTURES_DIR.glob("*/*/*.ttl"))
XDIST_SPREAD = True
"""Spread the tests over the xdist workers (tests/conftest.py ``xdist_group``): minutes of
pyshacl runs; the module fixtures are parsed files, a second or two to make on each worker."""

# Shapes that list the concrete subclasses of an abstract class, so that checks need no
# subclass inference. They must follow the ontology: see test_class_lists_follow_ontology.
CLASS_LISTS = {
    ASPEN.PlanElement: (ASPENSH.IsPlanElement, ASPENSH.PlanElementShape),
    ASPEN.Framework: (ASPENSH.IsFramework, ASPENSH.FrameworkShape),
    ASPEN.FrameworkComponent: (ASPENSH.IsFrameworkComponent, ASPENSH.FrameworkComponentShape),
}


def _load(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    paths = sorted(SHAPES_DIR.glob("*.ttl"))
    assert paths, f"no shapes in {SHAPES_DIR}"
    return _load(paths)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    paths = sorted(ONTOLOGY_DIR.glob("*.ttl"))
    assert paths, f"no ontology files in {ONTOLOGY_DIR}"
    return _load(paths)


@pytest.fixture(scope="module")
def schemes() -> Graph:
    return _load([SCHEMES_FILE])


def _local(node: Node | None) -> str:
    text = str(node)
    return text[len(str(ASPENSH)) :] if text.startswith(str(ASPENSH)) else text


def _expected(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return {m.group(1) for line in handle if (m := EXPECT_LINE.match(line))}


def _targeted_shapes(shapes: Graph) -> set[URIRef]:
    """Shapes that select focus nodes themselves; the rest are reached through them."""
    return {
        shape
        for kind in (SH.NodeShape, SH.PropertyShape)
        for shape in shapes.subjects(RDF.type, kind)
        if isinstance(shape, URIRef) and any((shape, t, None) in shapes for t in TARGETS)
    }


def _results(report: Graph) -> Iterator[tuple[str, Node | None]]:
    """(source shape, severity) of each result."""
    for result in report.objects(None, SH.result):
        yield _local(report.value(result, SH.sourceShape)), report.value(result, SH.resultSeverity)


def _run(path: Path, shapes: Graph, ontology: Graph, schemes: Graph) -> tuple[bool, Graph, str]:
    data = Graph()
    data += schemes
    data.parse(path, format="turtle")
    conforms, report, text = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    assert isinstance(report, Graph)
    return bool(conforms), report, text


@pytest.mark.parametrize(
    "path", FIXTURES, ids=[str(p.relative_to(FIXTURES_DIR).with_suffix("")) for p in FIXTURES]
)
def test_fixture(path: Path, shapes: Graph, ontology: Graph, schemes: Graph) -> None:
    kind = path.parent.name
    assert kind in {"valid", "invalid"}, f"{path}: put fixtures under valid/ or invalid/"
    expected = _expected(path)
    conforms, report, text = _run(path, shapes, ontology, schemes)
    results = list(_results(report))

    if kind == "valid":
        assert not expected, f"{path.name}: a valid fixture has no '# expect:' lines"
        assert conforms and not results, f"{path.name} should conform fully:\n{text}"
        return

    first_line = path.read_text(encoding="utf-8").partition("\n")[0]
    assert EXPECT_LINE.match(first_line), (
        f"{path.name}: an invalid fixture starts with '# expect: aspensh:<Shape>'"
    )
    unknown = {e for e in expected if (ASPENSH[e], RDF.type, None) not in shapes}
    assert not unknown, f"{path.name}: '# expect:' names no shape in shapes/: {sorted(unknown)}"
    owner = ASPENSH[path.parent.parent.name]
    owned = {_local(owner)} | {_local(p) for p in shapes.objects(owner, SH.property)}
    assert expected & owned, f"{path.name}: expects none of the shapes of {_local(owner)}"

    assert not conforms, f"{path.name} should not conform"
    fired = {shape for shape, _ in results}
    assert fired == expected, (
        f"{path.name}: expected {sorted(expected)}, report has {sorted(fired)}:\n{text}"
    )
    for name in expected:
        declared = shapes.value(ASPENSH[name], SH.severity)
        severities = {severity for shape, severity in results if shape == name}
        assert severities == {declared}, f"{path.name}: {name} reported as {severities}"


def test_every_targeted_shape_has_valid_and_invalid_fixtures(shapes: Graph) -> None:
    targeted = {_local(s) for s in _targeted_shapes(shapes)}
    assert targeted
    missing = {
        f"{name}/{kind}"
        for name in targeted
        for kind in ("valid", "invalid")
        if not list((FIXTURES_DIR / name / kind).glob("*.ttl"))
    }
    assert not missing, f"shapes without fixtures: {sorted(missing)}"
    stale = {p.name for p in FIXTURES_DIR.iterdir() if p.is_dir()} - targeted
    assert not stale, f"fixture folders that name no shape with a target: {sorted(stale)}"


def test_every_property_shape_has_an_invalid_fixture(shapes: Graph) -> None:
    proven = set().union(*(_expected(p) for p in FIXTURES if p.parent.name == "invalid"))
    properties = {
        _local(p) for s in _targeted_shapes(shapes) for p in shapes.objects(s, SH.property)
    }
    missing = properties - proven
    assert not missing, f"property shapes no invalid fixture expects: {sorted(missing)}"


def test_every_shape_has_message_and_severity(shapes: Graph) -> None:
    named = {
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    assert all(str(s).startswith(str(ASPENSH)) for s in named)
    for shape in named:
        messages = list(shapes.objects(shape, SH.message))
        assert any(isinstance(m, Literal) and m.language == "en" for m in messages), shape
        assert shapes.value(shape, SH.severity) in {SH.Violation, SH.Warning, SH.Info}, shape
    anonymous = [o for o in shapes.objects(None, SH.property) if not isinstance(o, URIRef)]
    assert not anonymous, "property shapes get IRIs (aspensh:<Class>-<property>)"


def test_class_lists_follow_ontology(shapes: Graph, ontology: Graph) -> None:
    for parent, (value_shape, node_shape) in CLASS_LISTS.items():
        subclasses = set(ontology.subjects(RDFS.subClassOf, parent))
        assert subclasses, parent
        assert all((c, RDF.type, OWL.Class) in ontology for c in subclasses)
        alternatives = shapes.value(value_shape, SH["or"])
        assert alternatives is not None, value_shape
        listed = {shapes.value(m, SH["class"]) for m in Collection(shapes, alternatives)}
        assert listed == subclasses, f"{_local(value_shape)} lists {listed}, ontology {subclasses}"
        targets = set(shapes.objects(node_shape, SH.targetClass))
        assert targets == subclasses, f"{_local(node_shape)} targets {targets}"


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    shacl_shacl = Graph().parse(
        str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle"
    )
    conforms, _, text = validate(shapes, shacl_graph=shacl_shacl, inference="none")
    assert conforms, text
