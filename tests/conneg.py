"""Content-negotiation expectations shared by the server's tests (tests/api/test_pages.py) and
the static site's Apache tests (tests/site/): what a browser sends, and for each RDF media type
a resource is offered in, its file extension and rdflib's parser."""

from __future__ import annotations

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF_TYPES = {
    "text/turtle": ("ttl", "turtle"),
    "application/ld+json": ("jsonld", "json-ld"),
    "application/n-triples": ("nt", "nt"),
    "application/rdf+xml": ("rdf", "xml"),
}
