"""Content negotiation: the media type to answer with, from the ``Accept`` header (q-values).

The candidate lists run from least to most preferred (the tie rule of :mod:`.accept`); the
formats themselves come from the registry, :mod:`aspen_graph.store.formats`.
"""

from __future__ import annotations

from collections.abc import Sequence

from aspen_graph.api.accept import best_match
from aspen_graph.api.errors import ProtocolError
from aspen_graph.store import formats

RESULTS = tuple(
    f.media_type
    for f in (formats.TSV, formats.CSV, formats.RESULTS_XML, formats.JSON, formats.RESULTS_JSON)
)
"""SELECT / ASK answers; ``application/json`` is served as SPARQL JSON results."""
GRAPHS = tuple(
    f.media_type
    for f in (formats.TRIG, formats.RDF_XML, formats.JSON_LD, formats.N_TRIPLES, formats.TURTLE)
)
"""CONSTRUCT / DESCRIBE answers and the service description."""
TABLES = (formats.CSV.media_type, formats.JSON.media_type)
"""Named-query answers."""
ALIASES = {formats.JSON.media_type: formats.RESULTS_JSON.media_type}
"""Media types answered with another type's writer."""


def negotiate(accept: str | None, offered: Sequence[str]) -> str:
    """The best of ``offered`` for an ``Accept`` header; raise 406 when none is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS)
    'application/sparql-results+xml'
    >>> negotiate(None, GRAPHS)
    'text/turtle'
    """
    header = (accept or "").strip() or "*/*"
    try:
        best = best_match(header, offered)
    except ValueError:
        raise ProtocolError(400, f"malformed Accept header {header[:200]!r}") from None
    if not best:
        raise ProtocolError(
            406,
            f"none of the media types in Accept ({header[:200]}) is available here; "
            f"available: {', '.join(reversed(offered))}",
        )
    return best


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type (UTF-8 for text types).

    >>> content_type("text/csv")
    'text/csv; charset=utf-8'
    """
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


__all__ = ["ALIASES", "GRAPHS", "RESULTS", "TABLES", "content_type", "negotiate"]
