"""Every format the project reads or writes, in one registry: media type, file extension,
``?format=`` name, label, rdflib's serializer name and pyoxigraph's own format.

The RDF and SPARQL-results formats are built on pyoxigraph's format enums (``RdfFormat``,
``QueryResultsFormat``), which know their media types and extensions; the few other documents a
release or the server holds (HTML, JSON, gzip) are declared alongside. Every layer asks here
instead of keeping a table of its own (pyoxigraph is imported only under ``store/``).

>>> by_media_type("text/turtle").ext, by_extension("jsonld").media_type
('ttl', 'application/ld+json')
>>> media_type_of_file("alignments.sssom.tsv")
'text/tab-separated-values'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True, slots=True)
class Format:
    """One format: how it is named in a URL, a file name, an HTTP header and by each library."""

    name: str
    """The ``?format=`` name (``ttl``, ``jsonld``, ``json``, ``csv`` …)."""
    media_type: str
    """The media type, without parameters."""
    ext: str
    """The file extension, without the dot."""
    label: str
    rdflib: str | None = None
    """rdflib's serializer (and parser) name; ``None`` for what rdflib does not write."""
    engine: ox.RdfFormat | ox.QueryResultsFormat | None = None
    """pyoxigraph's format; ``None`` for documents that are not RDF or SPARQL results."""
    aliases: tuple[str, ...] = ()
    """Further ``?format=`` names."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every ``?format=`` name, the main one first."""
        return (self.name, *self.aliases)

    @property
    def html(self) -> bool:
        """Whether this is a page (rendered, not serialised)."""
        return self.media_type == "text/html"


def _bare(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def _rdf(engine: ox.RdfFormat, rdflib: str, *aliases: str) -> Format:
    ext = engine.file_extension
    return Format(ext, _bare(engine.media_type), ext, engine.name, rdflib, engine, aliases)


def _results(engine: ox.QueryResultsFormat, name: str) -> Format:
    media_type = _bare(engine.media_type)
    return Format(name, media_type, engine.file_extension, engine.name, None, engine)


TURTLE = _rdf(ox.RdfFormat.TURTLE, "turtle", "turtle")
N_TRIPLES = _rdf(ox.RdfFormat.N_TRIPLES, "nt")
JSON_LD = _rdf(ox.RdfFormat.JSON_LD, "json-ld")
RDF_XML = _rdf(ox.RdfFormat.RDF_XML, "xml")
TRIG = _rdf(ox.RdfFormat.TRIG, "trig")
N_QUADS = _rdf(ox.RdfFormat.N_QUADS, "nquads")

RESULTS_JSON = _results(ox.QueryResultsFormat.JSON, "json")
RESULTS_XML = _results(ox.QueryResultsFormat.XML, "xml")
CSV = _results(ox.QueryResultsFormat.CSV, "csv")
TSV = _results(ox.QueryResultsFormat.TSV, "tsv")

HTML = Format("html", "text/html", "html", "HTML page")
JSON = Format("json", "application/json", "json", "JSON")
GZIP = Format("gz", "application/gzip", "gz", "gzip")

RESULT_FORMATS: tuple[Format, ...] = (RESULTS_JSON, RESULTS_XML, CSV, TSV)
"""What SELECT and ASK answers are served in (the first is the default)."""
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, TRIG)
"""What CONSTRUCT and DESCRIBE answers and the service description are served in (the first
is the default)."""
RESOURCE_FORMATS: tuple[Format, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
"""The representations of a resource page (``/id/…``, ``/ont/…``, the dataset description)."""
FORMATS: tuple[Format, ...] = (*GRAPH_FORMATS, N_QUADS, *RESULT_FORMATS, HTML, JSON, GZIP)
"""Every format the project knows (media types and extensions are unique among them)."""

RESULT_MEDIA_TYPES: dict[str, ox.QueryResultsFormat] = {
    f.media_type: f.engine for f in RESULT_FORMATS if isinstance(f.engine, ox.QueryResultsFormat)
}
"""Media types for SELECT and ASK results, with pyoxigraph's writer (the first is the default)."""
GRAPH_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    f.media_type: f.engine for f in GRAPH_FORMATS if isinstance(f.engine, ox.RdfFormat)
}
"""Media types for CONSTRUCT and DESCRIBE results, with pyoxigraph's writer (the first is the
default)."""

REMOTE_RESULT_FORMATS: tuple[Format, ...] = (RESULTS_JSON, RESULTS_XML, TSV)
"""What a remote store's SELECT and ASK answers are read in."""
REMOTE_GRAPH_FORMATS: tuple[Format, ...] = (N_TRIPLES, TURTLE, RDF_XML)
"""What a remote store's CONSTRUCT answers are read in (``text/plain``, Virtuoso's and old
Sesame's name for N-Triples, included: see :func:`read_format`)."""


def by_media_type(media_type: str, among: Iterable[Format] = FORMATS) -> Format | None:
    """The format of a media type (parameters and case ignored), else ``None``.

    >>> by_media_type("text/csv; charset=utf-8").name, by_media_type("image/png")
    ('csv', None)
    """
    wanted = _bare(media_type)
    return next((f for f in among if f.media_type == wanted), None)


def by_extension(ext: str, among: Iterable[Format] = FORMATS) -> Format | None:
    """The format of a file extension (with or without the dot), else ``None``.

    >>> by_extension(".nq").label
    'N-Quads'
    """
    wanted = ext.lower().lstrip(".")
    return next((f for f in among if f.ext == wanted), None)


def by_name(name: str, among: Iterable[Format]) -> Format | None:
    """The format a ``?format=`` name stands for among ``among``, else ``None``.

    >>> by_name("turtle", GRAPH_FORMATS).media_type, by_name("json", RESULT_FORMATS).ext
    ('text/turtle', 'srj')
    """
    wanted = name.strip().lower()
    return next((f for f in among if wanted in f.names), None)


def format_names(among: Iterable[Format]) -> dict[str, Format]:
    """Every ``?format=`` name of ``among``, in order.

    >>> list(format_names(RESULT_FORMATS))
    ['json', 'xml', 'csv', 'tsv']
    """
    return {name: f for f in among for name in f.names}


def media_type_of_file(file_name: str) -> str:
    """The media type a file is served as, by its last extension (``application/octet-stream``
    when unknown).

    >>> media_type_of_file("aspen.nt.gz"), media_type_of_file("void.ttl")
    ('application/gzip', 'text/turtle')
    """
    _, dot, ext = file_name.rpartition(".")
    fmt = by_extension(ext) if dot else None
    return fmt.media_type if fmt is not None else "application/octet-stream"


def read_format(
    media_type: str, among: Iterable[Format]
) -> ox.RdfFormat | ox.QueryResultsFormat | None:
    """pyoxigraph's format for reading a media type another server sent, among ``among``.

    pyoxigraph also knows the usual other names (``application/json`` for SPARQL JSON results,
    ``text/plain`` for N-Triples); a format outside ``among`` is ``None``.

    >>> read_format("text/plain", REMOTE_GRAPH_FORMATS).name
    'N-Triples'
    >>> read_format("text/plain", REMOTE_RESULT_FORMATS) is None
    True
    """
    engines = [f.engine for f in among if f.engine is not None]
    for reader in (ox.QueryResultsFormat, ox.RdfFormat):
        found = reader.from_media_type(media_type)
        if found is not None and found in engines:
            return found
    return None


__all__ = [
    "CSV",
    "FORMATS",
    "GRAPH_FORMATS",
    "GRAPH_MEDIA_TYPES",
    "GZIP",
    "HTML",
    "JSON",
    "JSON_LD",
    "N_QUADS",
    "N_TRIPLES",
    "RDF_XML",
    "REMOTE_GRAPH_FORMATS",
    "REMOTE_RESULT_FORMATS",
    "RESOURCE_FORMATS",
    "RESULTS_JSON",
    "RESULTS_XML",
    "RESULT_FORMATS",
    "RESULT_MEDIA_TYPES",
    "TRIG",
    "TSV",
    "TURTLE",
    "Format",
    "by_extension",
    "by_media_type",
    "by_name",
    "format_names",
    "media_type_of_file",
    "read_format",
]
