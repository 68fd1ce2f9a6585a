"""The release's DCAT + VoID description: it validates against shapes/dcat-void.ttl, each of
those shapes can fail, and its counts are the store's."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, VOID, XSD

from aspen_graph.config import Settings
from aspen_graph.namespaces import ASPENSH
from aspen_graph.publish import DISTRIBUTIONS, describe_dataset
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import OxigraphStore

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "shapes" / "dcat-void.ttl"
BASE = "https://w3id.org/aspen/"
DATASET = URIRef(f"{BASE}dataset")


@pytest.fixture(scope="module")
def description(built: Settings) -> Graph:
    return Graph().parse(built.dist / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def fired(data: Graph, shapes: Graph) -> set[str]:
    """The shapes a validation report names (empty when the data conforms)."""
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert isinstance(report, Graph)
    shapes_fired = {str(s)[len(str(ASPENSH)) :] for s in report.objects(None, SH.sourceShape)}
    assert conforms == (not shapes_fired)
    return shapes_fired


def test_description_conforms(description: Graph, shapes: Graph) -> None:
    assert fired(description, shapes) == set()
    for distribution in description.objects(DATASET, DCAT.distribution):
        assert description.value(distribution, DCAT.byteSize) is not None


def _without(graph: Graph, *triples: tuple[object, object, object]) -> Graph:
    copy = Graph()
    copy += graph
    for triple in triples:
        copy.remove(triple)  # type: ignore[arg-type]
    return copy


def test_each_shape_can_fail(description: Graph, shapes: Graph) -> None:
    distribution = next(iter(description.objects(DATASET, DCAT.distribution)))
    partition = next(iter(description.objects(DATASET, VOID.classPartition)))
    cases = {
        "DatasetDescription-title": _without(description, (DATASET, DCTERMS.title, None)),
        "DatasetDescription-license": _without(description, (DATASET, DCTERMS.license, None)),
        "DatasetDescription-publisher": _without(description, (DATASET, DCTERMS.publisher, None)),
        "Distribution-downloadURL": _without(description, (distribution, DCAT.downloadURL, None)),
        "Distribution-mediaType": _without(description, (distribution, DCAT.mediaType, None)),
        "PartitionShape": _without(description, (partition, VOID.entities, None)),
    }
    wrong_count = _without(description, (DATASET, VOID.triples, None))
    wrong_count.add((DATASET, VOID.triples, Literal("13039")))
    cases["DatasetDescription-triples"] = wrong_count
    no_distribution = _without(description)
    for d in list(no_distribution.objects(DATASET, DCAT.distribution)):
        no_distribution.remove((d, RDF.type, DCAT.Distribution))
    cases["DatasetDescription-distribution"] = no_distribution
    bad_size = _without(description, (distribution, DCAT.byteSize, None))
    bad_size.add((distribution, DCAT.byteSize, Literal(-1, datatype=XSD.integer)))
    cases["Distribution-byteSize"] = bad_size
    for shape, data in cases.items():
        assert shape in fired(data, shapes), shape


def test_counts_are_the_stores(
    description: Graph, shipped_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    sizes = shipped_store.graph_sizes()
    assert (
        description.value(DATASET, VOID.triples).toPython()
        == len(shipped_store)
        == sum(sizes.values())
    )
    subsets = {
        str(s): description.value(s, VOID.triples).toPython()
        for s in description.objects(DATASET, VOID.subset)
    }
    assert subsets == sizes
    classes = {
        description.value(p, VOID["class"]): description.value(p, VOID.entities).toPython()
        for p in description.objects(DATASET, VOID.classPartition)
    }
    counted = {
        row[0]: int(row[1]) for row in shipped_store.select(catalog.get("system/class-counts").text)
    }  # type: ignore[arg-type]
    assert classes == counted
    properties = {
        description.value(p, VOID.property): description.value(p, VOID.triples).toPython()
        for p in description.objects(DATASET, VOID.propertyPartition)
    }
    per_property = shipped_store.select(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p"
    )
    assert properties == {row[0]: int(row[1]) for row in per_property}  # type: ignore[arg-type]
    assert sum(properties.values()) == len(shipped_store)
    assert description.value(DATASET, VOID.classes).toPython() == len(classes)
    assert description.value(DATASET, VOID.properties).toPython() == len(properties)


def test_description_names_what_partners_need(description: Graph, built: Settings) -> None:
    assert description.value(DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert description.value(DATASET, VOID.sparqlEndpoint) == URIRef(f"{BASE}sparql")
    assert (URIRef(f"{BASE}sparql"), RDF.type, DCAT.DataService) in description
    examples = set(description.objects(DATASET, VOID.exampleResource))
    assert URIRef(f"{BASE}id/priority/aspen-2026-2035-p2") in examples
    assert URIRef("http://metadata.un.org/sdg/14.1") in examples
    dumps = {str(d).rsplit("/", 1)[-1] for d in description.objects(DATASET, VOID.dataDump)}
    assert dumps == {"aspen.trig", "aspen.nq", "aspen.nt", "aspen.nt.gz", "aspen.jsonld"}
    urls = {
        str(description.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1]: d
        for d in description.objects(DATASET, DCAT.distribution)
    }
    assert set(urls) == {d.file for d in DISTRIBUTIONS}
    for file, distribution in urls.items():
        size = description.value(distribution, DCAT.byteSize).toPython()
        assert size == (built.dist / file).stat().st_size, file


def test_distributions_listed_are_those_written() -> None:
    graph = describe_dataset(BASE, {}, version="1", sizes={"aspen.nq": 3, "other.txt": 1})
    distributions = list(graph.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 1
    # Whole numbers are xsd:integer everywhere (a subtype would come back from a store changed).
    assert graph.value(distributions[0], DCAT.byteSize) == Literal(3, datatype=XSD.integer)


# The DCAT/VoID shapes' fixtures live with all the others in tests/fixtures/shapes/ and are
# proven by tests/validation/test_shapes.py.
