"""The updates that publish a release to a remote store: one graph replaced per request, large
graphs split into operations a store accepts, and the release read graph by graph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from aspen_graph.errors import (
    DataLoadError,
)

INSERT_DATA_TRIPLES = 2000
"""Most triples in one ``INSERT DATA`` operation: Virtuoso's SPARQL parser runs out of stack
near 5,000 lines (``SP030 … memory exhausted``); a larger graph is sent as several operations
in the same request (still one transaction)."""
INSERT_TEMPLATE_TRIPLES = 500
"""Most triples in one ``INSERT { … } WHERE {}`` (used for blank nodes): Virtuoso compiles it to
SQL and refuses more than 10,000 lines of that (SP031), about 1,000 triples."""
STAGING_GRAPHS = "urn:aspen:staging:"
"""Prefix of the graphs a publish to Virtuoso loads a large graph into before switching it in
(``aspen_graph.publish.to_store``); never part of the store's graph list or of a query."""


def replace_graph_update(graph_iri: str, ntriples: str) -> str:
    """The update that replaces one graph: ``DROP SILENT GRAPH`` then ``INSERT DATA``, in one
    request, hence one transaction where the store makes each request one (Oxigraph, Fuseki
    TDB2, GraphDB; Virtuoso too, as measured: docs/remote-stores.md). A graph of more than
    :data:`INSERT_DATA_TRIPLES` triples is inserted by several operations of that request.

    >>> print(replace_graph_update("http://g", "<http://a> <http://b> <http://c> .\\n"))
    DROP SILENT GRAPH <http://g> ;
    INSERT DATA { GRAPH <http://g> {
    <http://a> <http://b> <http://c> .
    } }
    """
    name = str(ox.NamedNode(graph_iri))
    return " ;\n".join([f"DROP SILENT GRAPH {name}", *insert_data_updates(graph_iri, ntriples)])


def insert_data_updates(graph_iri: str, ntriples: str) -> list[str]:
    """``INSERT DATA`` operations adding N-Triples to a graph, each of at most
    :data:`INSERT_DATA_TRIPLES` triples, except that the triples sharing a blank node stay in
    one operation (a blank node label means a new node in each operation).

    >>> insert_data_updates("http://g", "_:b <http://p> <http://o> .\\n")
    ['INSERT { GRAPH <http://g> {\\n_:b <http://p> <http://o> .\\n} } WHERE {}']

    >>> lines = "".join(f"<http://a> <http://b> <http://c{i}> .\\n" for i in range(2500))
    >>> [part.count("\\n") for part in insert_data_updates("http://g", lines)]
    [2001, 501]
    """
    name = str(ox.NamedNode(graph_iri))
    lines = [line for line in ntriples.splitlines() if line.strip()]
    if not lines:
        return []
    if len(lines) <= INSERT_DATA_TRIPLES and not _BLANK_LABEL.search(_LITERAL.sub("", ntriples)):
        return [f"INSERT DATA {{ GRAPH {name} {{\n{ntriples}}} }}"] if lines else []
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    labels_of = [_BLANK_LABEL.findall(_LITERAL.sub("", line)) for line in lines]
    for labels in labels_of:  # union the blank nodes that share a triple
        for label in labels:
            parent.setdefault(label, label)
        for label in labels[1:]:
            parent[root(label)] = root(labels[0])
    groups: dict[str | int, list[str]] = {}
    for index, (line, labels) in enumerate(zip(lines, labels_of, strict=True)):
        groups.setdefault(root(labels[0]) if labels else index, []).append(line)
    plain = [group for key, group in groups.items() if isinstance(key, int)]
    blank = [group for key, group in groups.items() if isinstance(key, str)]
    return [
        *(_insert_data(name, chunk) for chunk in _packed(plain, INSERT_DATA_TRIPLES)),
        *(_insert_data(name, chunk) for chunk in _packed(blank, INSERT_TEMPLATE_TRIPLES)),
    ]


def _packed(groups: list[list[str]], size: int) -> Iterator[list[str]]:
    """The groups' lines in chunks of at most ``size`` (a larger group is a chunk of its own)."""
    chunk: list[str] = []
    for group in groups:
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
_BLANK_LABEL = re.compile(r"_:[A-Za-z0-9_.\-]+")


def _insert_data(name: str, lines: list[str]) -> str:
    """One ``INSERT DATA``, or ``INSERT … WHERE {}`` when blank nodes are in it: Virtuoso
    refuses them in ``INSERT DATA`` (SP031), and the template makes the same fresh nodes."""
    body = "\n".join(lines)
    if any(_BLANK_LABEL.search(_LITERAL.sub("", line)) for line in lines):
        return f"INSERT {{ GRAPH {name} {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"


class ReleaseGraphs:
    """The named graphs of a release file (N-Quads or TriG), parsed once: their sizes at once,
    then each as N-Triples in IRI order. Triples in the file's default graph are refused:
    queries over the union of the named graphs would not see them.
    """

    def __init__(self, path: Path) -> None:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            raise DataLoadError(
                "a release to publish must be N-Quads (.nq) or TriG (.trig)", path=str(path)
            )
        self._store = ox.Store()
        try:
            self._store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as error:
            raise DataLoadError(str(error), path=str(path)) from error
        except OSError as error:
            raise DataLoadError(error.strerror or str(error), path=str(path)) from error
        default = ox.DefaultGraph()
        if next(iter(self._store.quads_for_pattern(None, None, None, default)), None) is not None:
            raise DataLoadError(
                "the release has triples outside any named graph; publish only named graphs",
                path=str(path),
            )
        self.names = sorted(str(graph.value) for graph in self._store.named_graphs())

    def ntriples(self, graph_iri: str) -> tuple[bytes, int]:
        """One graph as N-Triples, and its number of triples."""
        name = ox.NamedNode(graph_iri)
        triples = [quad.triple for quad in self._store.quads_for_pattern(None, None, None, name)]
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", len(triples)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the release."""
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def __iter__(self) -> Iterator[tuple[str, bytes, int]]:
        """``(graph IRI, N-Triples, triples)`` for each graph."""
        for graph_iri in self.names:
            yield (graph_iri, *self.ntriples(graph_iri))


def dataset_graphs(path: Path) -> Iterator[tuple[str, bytes, int]]:
    """``(graph IRI, N-Triples, triples)`` for each named graph of a release file."""
    return iter(ReleaseGraphs(path))
