"""The embedded store: pyoxigraph, in memory or on disk."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from aspen_graph.errors import DataLoadError, QueryParameterError, QuerySyntaxError
from aspen_graph.store.system import GRAPH_SIZES, UNION_TRIPLES, sizes_of, system_query
from aspen_graph.store.terms import to_graph, to_oxigraph, to_table
from aspen_graph.store.types import Bindings, Table


class OxigraphStore:
    """A :class:`~aspen_graph.store.base.GraphStore` backed by pyoxigraph.

    Queries see the union of all named graphs as their default graph.

    >>> store = OxigraphStore()
    >>> store.load_ntriples("http://example.org/g", b'<http://a> <http://b> "c" .\\n')
    >>> store.select("SELECT ?s WHERE { ?s ?p ?o }").rows
    [(rdflib.term.URIRef('http://a'),)]
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(path))
        else:
            self._store = ox.Store(str(path))
        self.path = path
        self.read_only = read_only

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store itself, for the serving layer's own result writers."""
        return self._store

    def _run(self, query: str, bindings: Bindings | None) -> object:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(name): to_oxigraph(value) for name, value in (bindings or {}).items()
        }
        try:
            return self._store.query(
                query, use_default_graph_as_union=True, substitutions=substitutions or None
            )
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        except RuntimeError as error:
            if "projection" not in str(error):
                raise
            # pyoxigraph binds only variables that the SELECT projects.
            raise QueryParameterError(f"cannot bind parameters: {error}") from error

    def select(self, query: str, *, bindings: Bindings | None = None) -> Table:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        return to_table(result)

    def ask(self, query: str, *, bindings: Bindings | None = None) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, *, bindings: Bindings | None = None) -> Graph:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        return to_graph(result)

    def load_ntriples(self, graph_iri: str, data: bytes) -> None:
        """Add N-Triples to one named graph."""
        try:
            self._store.load(
                input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri)
            )
        except SyntaxError as error:
            raise DataLoadError(str(error), path=graph_iri) from error

    def load_dataset(self, path: Path) -> None:
        """Load a TriG or N-Quads file (a whole release) into the store."""
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt is None:
            raise DataLoadError("unknown RDF format (use .nq, .trig, .nt or .ttl)", path=str(path))
        try:
            self._store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as error:
            raise DataLoadError(str(error), path=str(path)) from error
        except OSError as error:
            raise DataLoadError(error.strerror or str(error), path=str(path)) from error

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace one named graph; the new content is parsed before the old is dropped.

        The triples go in sorted: rdflib iterates a graph in an order set by Python's
        per-process string hashes, and the store's answers (rows without a total ORDER BY,
        GROUP_CONCAT, dumps) follow the order triples went in, so builds differed.
        """
        data = b"".join(sorted(graph.serialize(format="nt", encoding="utf-8").splitlines(True)))
        name = ox.NamedNode(graph_iri)
        try:
            quads = [
                ox.Quad(quad.subject, quad.predicate, quad.object, name)
                for quad in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)
            ]
        except SyntaxError as error:
            raise DataLoadError(str(error), path=graph_iri) from error
        self._store.clear_graph(name)
        self._store.extend(quads)

    def default_graph_size(self) -> int:
        """Triples in the store's own default graph (which queries do not see: they see the
        union of the named graphs), so a loader can refuse triples that would vanish."""
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def graph_size(self, graph_iri: str) -> int:
        """Triples in one named graph."""
        name = ox.NamedNode(graph_iri)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, name))

    def construct_into(self, query: str, graph_iri: str) -> None:
        """Add the triples of a CONSTRUCT query to one named graph, without leaving the store
        (the build derives at millions of triples, where an rdflib round trip costs minutes).

        A triple another named graph already states is not added: queries see the union of
        the named graphs, which repeats a triple held by two (pyoxigraph 0.5 merges them as a
        multiset, oxigraph#1919), so a derived copy of a stated shortcut would count twice.
        """
        result = self._run(query, None)
        if not isinstance(result, ox.QueryTriples):
            raise QuerySyntaxError("expected a CONSTRUCT query")
        name = ox.NamedNode(graph_iri)
        self._store.extend(
            [
                ox.Quad(t.subject, t.predicate, t.object, name)
                for t in result
                if not self._stated_elsewhere(t, name)
            ]
        )

    def _stated_elsewhere(self, triple: ox.Triple, graph: ox.NamedNode) -> bool:
        """Whether a named graph other than ``graph`` holds ``triple`` (one index lookup)."""
        return any(
            isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name != graph
            for quad in self._store.quads_for_pattern(
                triple.subject, triple.predicate, triple.object
            )
        )

    def dump_to(self, path: Path, media: str, *, prefixes: dict[str, str] | None = None) -> None:
        """Write the whole store to ``path`` with pyoxigraph's serialiser: ``nq``, ``trig`` or
        ``jsonld`` (every named graph), or ``nt`` (the union of the named graphs, each triple
        once)."""
        if media == "nt":
            union = self._store.query(system_query(UNION_TRIPLES))
            assert isinstance(union, ox.QueryTriples)
            union.serialize(output=str(path), format=ox.RdfFormat.N_TRIPLES)
            return
        fmt = ox.RdfFormat.from_extension(media)
        if fmt is None:
            raise ValueError(f"unknown RDF format {media!r}")
        trig = fmt == ox.RdfFormat.TRIG
        self._store.dump(output=str(path), format=fmt, prefixes=prefixes if trig else None)

    def graph_sizes(self) -> dict[str, int]:
        return sizes_of(self.select(system_query(GRAPH_SIZES)))

    def dump_nquads(self) -> bytes:
        """The whole store as N-Quads."""
        return self._store.dump(format=ox.RdfFormat.N_QUADS) or b""

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> OxigraphStore:
    """Open the embedded store: in memory for ``None`` or ``"memory"``, else on disk.

    >>> len(open_store())
    0
    """
    if location is None or str(location) == "memory":
        return OxigraphStore()
    return OxigraphStore(Path(location), read_only=read_only)


def write_trig(nquads: bytes, path: Path, *, prefixes: Mapping[str, str]) -> None:
    """Write N-Quads to ``path`` as TriG with pyoxigraph's writer, quads in the given order
    (rdflib's TriG writer turns an xsd:decimal "1650" into 1650.0, another lexical form)."""
    ox.serialize(
        ox.parse(nquads, format=ox.RdfFormat.N_QUADS),
        str(path),
        format=ox.RdfFormat.TRIG,
        prefixes=dict(prefixes),
    )


__all__ = ["OxigraphStore", "open_store", "write_trig"]
