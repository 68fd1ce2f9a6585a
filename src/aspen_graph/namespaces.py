"""The one prefix map of the project, and rdflib namespaces for the vocabularies we use.

Every Turtle file, query and export binds a prefix to the same IRI as here.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

DEFAULT_BASE = "https://w3id.org/aspen/"

ASPEN = Namespace(DEFAULT_BASE + "ont/")
"""Our vocabulary: classes and properties."""
ASPENID = Namespace(DEFAULT_BASE + "id/")
"""Things: plans, goals, priorities, alignments … as ``id/{kind}/{key}``."""
ASPENSH = Namespace(DEFAULT_BASE + "shapes/")
GRAPH = Namespace(DEFAULT_BASE + "graph/")
"""Named graphs: ``graph/{key}``, one per source file."""

SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
QB = Namespace("http://purl.org/linked-data/cube#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
DCAT_VERSION = URIRef(f"{DCAT}version")
"""dcat:version (DCAT 3), which rdflib's closed DCAT namespace does not list."""

# Kinds of things under id/: the first path segment after id/, also used as CURIE prefixes in
# analyst tables (``priority:aspen-2026-2035-p2`` = <https://w3id.org/aspen/id/priority/aspen-2026-2035-p2>).
ID_KINDS: tuple[str, ...] = (
    "plan",
    "plan-version",
    "goal",
    "priority",
    "focal-area",
    "intervention",
    "milestone",
    "mel-framework",
    "mel-indicator",
    "mel-target",
    "dataset",
    "observation",
    "challenge",
    "agreement",
    "document",
    "provision",
    "gbf-goal",
    "gbf-target",
    "ascc",
    "body",
    "event",
    "input",
    "alignment",
    "relevance",
    "place",
    "agent",
    "interaction",
    "alignment-status",
    "version-status",
    "disposition",
    "scheme",
)

PREFIXES: dict[str, str] = {
    "aspen": str(ASPEN),
    "aspenid": str(ASPENID),
    "aspensh": str(ASPENSH),
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "qb": str(QB),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sd": str(SD),
    "sdg": str(SDG),
    "sdgo": str(SDGO),
    "sh": str(SH),
    "skos": str(SKOS),
    "vann": str(VANN),
    "void": str(VOID),
    "xsd": str(XSD),
}

__all__ = [
    "ASPEN",
    "ASPENID",
    "ASPENSH",
    "DCAT_VERSION",
    "DEFAULT_BASE",
    "FOAF",
    "GRAPH",
    "ID_KINDS",
    "ORG",
    "PREFIXES",
    "QB",
    "SCHEMA",
    "SD",
    "SDG",
    "SDGO",
    "VANN",
]
