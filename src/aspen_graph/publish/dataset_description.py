"""The dataset's own description, DCAT 3 and VoID (``dist/void.ttl``, ``/.well-known/void``).

One ``dcat:Dataset``/``void:Dataset`` with its licence, publisher, version, SPARQL endpoint (a
``dcat:DataService``), one ``dcat:Distribution`` per release file (download URL, media type,
byte size), one ``void:subset`` per named graph, and partitions: ``void:classPartition``
(instances per class) and ``void:propertyPartition`` (triples per property). Counts are of
quads, as the store holds them: the dataset's ``void:triples`` is the sum of its named graphs,
and so is the sum of its property partitions. Partitions and distributions get hash IRIs on the
dataset IRI (``…/dataset#class-aspen-Alignment``), which dereference to this description.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD
from rdflib.term import Node

from aspen_graph.curie import compress
from aspen_graph.namespaces import DCAT_VERSION, PREFIXES, SD
from aspen_graph.publish.build_date import build_date
from aspen_graph.store import formats

DCAT_PREVIOUS_VERSION = URIRef(f"{DCAT}previousVersion")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "https://www.iana.org/assignments/media-types/"
SSSOM_SPEC = URIRef("https://w3id.org/sssom/spec")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
LANGUAGES = ("en", "vi")
KEYWORDS = (
    "ASEAN",
    "ASPEN",
    "environment",
    "Sustainable Development Goals",
    "Kunming-Montreal Global Biodiversity Framework",
    "Paris Agreement",
    "climate change",
    "biodiversity loss",
    "pollution",
    "linked data",
)
EXAMPLES = (
    "id/plan/aspen-2026-2035",
    "id/goal/aspen-2026-2035-g1",
    "id/priority/aspen-2026-2035-p2",
    "id/alignment/priority-aspen-2026-2035-p2--sdg-14.1",
    "http://metadata.un.org/sdg/14.1",
    "ont/Alignment",
)
"""Example resources (paths under the base, or full IRIs); those the data holds are listed."""


@dataclass(frozen=True, slots=True)
class Distribution:
    """One release file as a ``dcat:Distribution``."""

    file: str
    title: str
    description: str
    dump: bool = False
    """An RDF dump of the whole dataset (also a ``void:dataDump``)."""
    conforms_to: URIRef | None = None

    @property
    def compression(self) -> str | None:
        """The media type of the compression (``aspen.nt.gz``: gzip), else ``None``."""
        packed = formats.media_type_of_file(self.file)
        return packed if packed == formats.GZIP.media_type else None

    @property
    def media_type(self) -> str:
        """The media type of the content (of a compressed file, what it unpacks to).

        >>> Distribution("aspen.nt.gz", "", "").media_type
        'application/n-triples'
        """
        content = self.file.removesuffix(".gz") if self.compression else self.file
        return formats.media_type_of_file(content)


DISTRIBUTIONS: tuple[Distribution, ...] = (
    Distribution(
        "aspen.trig",
        "The graph in TriG",
        "Every named graph in one TriG file.",
        dump=True,
    ),
    Distribution(
        "aspen.nq",
        "The graph in N-Quads",
        "Every named graph, one quad a line.",
        dump=True,
    ),
    Distribution(
        "aspen.nt",
        "The graph in N-Triples",
        "The union of the named graphs, one triple a line.",
        dump=True,
    ),
    Distribution(
        "aspen.nt.gz",
        "The graph in N-Triples, gzip-compressed",
        "The union of the named graphs, one triple a line, compressed with gzip.",
        dump=True,
    ),
    Distribution(
        "aspen.jsonld",
        "The graph in JSON-LD",
        "Every named graph, compacted with the published context (carried inline).",
        dump=True,
    ),
    Distribution(
        "alignments.sssom.tsv",
        "Alignments as an SSSOM mapping set",
        "Every alignment of a plan element to a target, with score, confidence and evidence.",
        conforms_to=SSSOM_SPEC,
    ),
    Distribution(
        "alignments.csv",
        "Alignments (CSV)",
        "Every alignment with labels, interaction score, confidence, rationale and evidence.",
    ),
    Distribution(
        "coverage-by-challenge.csv",
        "Coverage by challenge (CSV)",
        "For each global challenge: relevant targets, targets reached by ASPEN 2026-2035, ratio.",
    ),
    Distribution(
        "gaps.csv",
        "Gaps (CSV)",
        "Relevant targets no element of ASPEN 2026-2035 reaches, with their official texts.",
    ),
)


@dataclass(frozen=True, slots=True)
class Counts:
    """What the description counts in the release's named graphs."""

    graphs: dict[str, int]
    classes: dict[Node, int]
    properties: dict[Node, int]
    subjects: int
    entities: int

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def count(graphs: Mapping[str, Graph], base: str) -> Counts:
    """Quads per named graph and per property, distinct instances per class, distinct subjects.

    >>> from rdflib.namespace import RDF, RDFS
    >>> g = Graph(); _ = g.add((URIRef("http://x/a"), RDF.type, RDFS.Class))
    >>> count({"http://g": g}, "http://x/").classes
    {rdflib.term.URIRef('http://www.w3.org/2000/01/rdf-schema#Class'): 1}
    """
    properties: Counter[Node] = Counter()
    instances: defaultdict[Node, set[Node]] = defaultdict(set)
    subjects: set[Node] = set()
    for graph in graphs.values():
        for s, p, o in graph:
            properties[p] += 1
            subjects.add(s)
            if p == RDF.type:
                instances[o].add(s)
    entities = sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(f"{base}id/"))
    return Counts(
        graphs={iri: len(graph) for iri, graph in graphs.items()},
        classes={cls: len(things) for cls, things in instances.items()},
        properties=dict(properties),
        subjects=len(subjects),
        entities=entities,
    )


def _slug(term: Node) -> str:
    curie = compress(str(term))
    if curie != str(term):
        return curie.replace(":", "-")
    return "iri-" + hashlib.sha1(str(term).encode("utf-8")).hexdigest()[:12]


def _add_service(g: Graph, base: str, dataset: URIRef) -> None:
    service = URIRef(f"{base}sparql")
    g.add((dataset, VOID.sparqlEndpoint, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, RDF.type, SD.Service))
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.endpointDescription, service))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((service, DCTERMS.license, LICENSE))
    g.add((service, SD.endpoint, service))


def _add_distributions(
    g: Graph, base: str, dataset: URIRef, sizes: Mapping[str, int] | None
) -> None:
    for item in DISTRIBUTIONS:
        if sizes is not None and item.file not in sizes:
            continue
        distribution = URIRef(f"{dataset}#distribution-{item.file}")
        url = URIRef(f"{base}download/{item.file}")
        g.add((dataset, DCAT.distribution, distribution))
        if item.dump:
            g.add((dataset, VOID.dataDump, url))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCTERMS.title, Literal(item.title, lang="en")))
        g.add((distribution, DCTERMS.description, Literal(item.description, lang="en")))
        g.add((distribution, DCAT.downloadURL, url))
        g.add((distribution, DCAT.accessURL, url))
        g.add((distribution, DCAT.mediaType, URIRef(IANA + item.media_type)))
        g.add((distribution, DCTERMS.license, LICENSE))
        if item.compression is not None:
            g.add((distribution, DCAT.compressFormat, URIRef(IANA + item.compression)))
        if item.conforms_to is not None:
            g.add((distribution, DCTERMS.conformsTo, item.conforms_to))
        if sizes is not None:
            g.add(
                (
                    distribution,
                    DCAT.byteSize,
                    # xsd:integer like every count here (DCAT 3 only says "typically"
                    # nonNegativeInteger); the shape states the range, sh:minInclusive 0.
                    Literal(sizes[item.file], datatype=XSD.integer),
                )
            )


def _add_partitions(g: Graph, dataset: URIRef, counts: Counts) -> None:
    for cls, instances in sorted(counts.classes.items(), key=lambda item: str(item[0])):
        partition = URIRef(f"{dataset}#class-{_slug(cls)}")
        g.add((dataset, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, Literal(instances)))
    for prop, triples in sorted(counts.properties.items(), key=lambda item: str(item[0])):
        partition = URIRef(f"{dataset}#property-{_slug(prop)}")
        g.add((dataset, VOID.propertyPartition, partition))
        g.add((partition, VOID.property, prop))
        g.add((partition, VOID.triples, Literal(triples)))


def describe_dataset(
    base: str,
    graphs: Mapping[str, Graph],
    *,
    version: str,
    prior: str | None = None,
    sizes: Mapping[str, int] | None = None,
    today: date | None = None,
    counts: Counts | None = None,
) -> Graph:
    """The DCAT + VoID description of a release made of ``graphs`` (named graph IRI → graph).

    ``sizes`` (release file → bytes) lists the distributions that exist, with their byte sizes;
    without it every distribution of :data:`DISTRIBUTIONS` is listed, without sizes.

    >>> g = describe_dataset("http://x/", {"http://x/graph/a": Graph()}, version="1.0")
    >>> g.value(URIRef("http://x/dataset"), VOID.triples)
    rdflib.term.Literal('0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    # ``counts`` from the store, when the release is too big to count in rdflib Graphs.
    counts = counts or count(graphs, base)
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    dataset = URIRef(f"{base}dataset")
    publisher = URIRef(f"{base}id/agent/aspen-graph")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    for lang, title in (("en", "ASPEN knowledge graph"), ("vi", "Đồ thị tri thức ASPEN")):
        g.add((dataset, RDFS.label, Literal(title, lang=lang)))
        g.add((dataset, DCTERMS.title, Literal(title, lang=lang)))
    g.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "The ASEAN Strategic Plan on Environment 2026-2035 as linked data, with qualified "
                "alignments to the SDGs, the Kunming-Montreal Global Biodiversity Framework, the "
                "Paris Agreement and the ASEAN Community Vision 2045. Alignments and challenge "
                "taggings are proposals of the aspen-graph project, not ASEAN positions.",
                lang="en",
            ),
        )
    )
    g.add((dataset, DCTERMS.license, LICENSE))
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, DCTERMS.creator, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("aspen-graph project")))
    g.add((publisher, RDFS.label, Literal("aspen-graph project", lang="en")))
    issued = today or build_date()
    g.add((dataset, DCTERMS.modified, Literal(issued, datatype=XSD.date)))
    g.add((dataset, DCAT_VERSION, Literal(version)))
    if prior is not None:
        g.add((dataset, DCAT_PREVIOUS_VERSION, Literal(prior)))
    for lang in LANGUAGES:
        g.add((dataset, DCTERMS.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{lang}")))
    for keyword in KEYWORDS:
        g.add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
    g.add((dataset, DCAT.landingPage, URIRef(base)))
    g.add((dataset, FOAF.homepage, URIRef(base)))
    g.add((dataset, VOID.triples, Literal(counts.triples)))
    g.add((dataset, VOID.entities, Literal(counts.entities)))
    g.add((dataset, VOID.distinctSubjects, Literal(counts.subjects)))
    g.add((dataset, VOID.classes, Literal(len(counts.classes))))
    g.add((dataset, VOID.properties, Literal(len(counts.properties))))
    g.add((dataset, VOID.uriSpace, Literal(f"{base}id/")))
    for vocabulary in (
        f"{base}ont/",
        PREFIXES["sdgo"],
        PREFIXES["skos"],
        PREFIXES["prov"],
        PREFIXES["dct"],
    ):
        g.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    subjects = {s for graph in graphs.values() for s in graph.subjects()}
    root = URIRef(f"{base}id/plan/aspen-2026-2035")
    if root in subjects:
        g.add((dataset, VOID.rootResource, root))
    for example in EXAMPLES:
        iri = URIRef(example if "://" in example else base + example)
        if iri in subjects:
            g.add((dataset, VOID.exampleResource, iri))
    _add_service(g, base, dataset)
    _add_distributions(g, base, dataset, sizes)
    for graph_iri, size in sorted(counts.graphs.items()):
        subset = URIRef(graph_iri)
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(size)))
        g.add((subset, RDFS.label, Literal(graph_iri.rsplit("/", 1)[-1], lang="en")))
    _add_partitions(g, dataset, counts)
    return g


__all__ = ["DISTRIBUTIONS", "Counts", "Distribution", "count", "describe_dataset"]
