"""Content negotiation: the media type to answer with, from the ``Accept`` header (q-values).

Uses python-mimeparse; the candidate lists run from least to most preferred (its tie rule).
"""

from __future__ import annotations

from collections.abc import Sequence

import mimeparse  # type: ignore[import-untyped]

from aspen_graph.api.errors import ProtocolError

RESULTS = (
    "text/tab-separated-values",
    "text/csv",
    "application/sparql-results+xml",
    "application/json",
    "application/sparql-results+json",
)
"""SELECT / ASK answers; ``application/json`` is served as SPARQL JSON results."""
GRAPHS = (
    "application/trig",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-triples",
    "text/turtle",
)
"""CONSTRUCT / DESCRIBE answers and the service description."""
TABLES = ("text/csv", "application/json")
"""Named-query answers."""
ALIASES = {"application/json": "application/sparql-results+json"}
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
        best = str(mimeparse.best_match(list(offered), header))
    except (ValueError, IndexError):
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
