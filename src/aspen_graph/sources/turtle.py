"""Reading Turtle files into rdflib graphs, with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from aspen_graph.curie import is_valid_iri
from aspen_graph.errors import DataLoadError


def _check_iris(graph: Graph, text: str, path: Path) -> None:
    for term in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
        # rdflib's parser lets some forbidden characters through.
        if not is_valid_iri(str(term)):
            position = text.find(str(term))
            line = text.count("\n", 0, position) + 1 if position >= 0 else None
            raise DataLoadError(
                f"Turtle syntax error: IRI <{term}> contains a character IRIs may not hold",
                path=str(path),
                line=line,
            )


def read_turtle(path: Path, *, into: Graph | None = None) -> Graph:
    """Parse one Turtle file; a syntax error raises :class:`DataLoadError` with file and line.

    >>> read_turtle(Path("missing.ttl"))
    Traceback (most recent call last):
    ...
    aspen_graph.errors.DataLoadError: missing.ttl: file not found
    """
    if not path.is_file():
        raise DataLoadError("file not found", path=str(path))
    graph = Graph()
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise DataLoadError(
            f"not valid UTF-8 ({error.reason})", path=str(path), line=line
        ) from error
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as error:  # rdflib raises BadSyntax and several builtin types
        lines = getattr(error, "lines", None)  # rdflib's BadSyntax counts lines from 0
        message = getattr(error, "message", None) or str(error)
        raise DataLoadError(
            f"Turtle syntax error: {message}",
            path=str(path),
            line=lines + 1 if isinstance(lines, int) else None,
        ) from error
    _check_iris(graph, text, path)
    if into is None:
        return graph
    into += graph
    return into
