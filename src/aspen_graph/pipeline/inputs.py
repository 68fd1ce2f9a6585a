"""Gathering the build's inputs: ontology, shapes, Turtle graphs and analyst tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from aspen_graph.analysis import read_rejected
from aspen_graph.config import Settings
from aspen_graph.errors import DataLoadError
from aspen_graph.namespaces import GRAPH
from aspen_graph.sources import (
    REJECTED_FILE,
    Rejection,
    has_blank_nodes,
    read_folder_tables,
    read_rejections,
    read_table,
    read_turtle,
    stable_blank_nodes,
    version_context,
)
from aspen_graph.store import OxigraphStore

INCLUDE_SUFFIXES = (".nq", ".trig")
"""What ``aspen build --include`` reads: formats that put every triple in a named graph."""
ONTOLOGY_GRAPH = str(GRAPH["ontology"])
DERIVED_GRAPH = str(GRAPH["derived"])
VERSION_GRAPH_PREFIX = str(GRAPH["version/"])
"""``data/versions/<name>/`` loads into the named graph ``<this><name>``."""
EXAMPLE_GRAPH_PREFIX = str(GRAPH["example/"])
"""``data/examples/<name>/`` loads into ``<this><name>`` (only when examples are built)."""


def version_graph(name: str, *, example: bool = False) -> str:
    """The named graph of one version folder.

    >>> version_graph("example-plan-draft-1", example=True)
    'https://w3id.org/aspen/graph/example/example-plan-draft-1'
    """
    return (EXAMPLE_GRAPH_PREFIX if example else VERSION_GRAPH_PREFIX) + name


@dataclass
class BuildInputs:
    """Everything a build reads, parsed; graphs are keyed by named-graph IRI."""

    ontology: Graph
    shapes: Graph
    graphs: dict[str, Graph] = field(default_factory=dict)
    origins: dict[Node, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    """The pairs rejected in reviews (each version's ``suggestions-rejected.csv``): not facts
    of the graph, but part of the release, so that the served suggester never proposes them."""

    def data_union(self) -> Graph:
        """Every graph merged, for SHACL.

        The ontology graph is included because its concept schemes (interaction levels,
        statuses) are data that shapes check against; pyshacl's ``ont_graph`` only mixes in
        RDFS/OWL triples.
        """
        union = Graph()
        for graph in self.graphs.values():
            union += graph
        return union


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _turtle_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []


def gather_inputs(settings: Settings, *, extra_graph_dirs: tuple[Path, ...] = ()) -> BuildInputs:
    """Parse every input; the first broken file raises :class:`DataLoadError` (file and line)."""
    root = settings.root
    ontology_files = _turtle_files(settings.ontology_dir)
    shape_files = _turtle_files(settings.shapes_dir)
    if not ontology_files:
        raise DataLoadError("no ontology files (*.ttl) found", path=str(settings.ontology_dir))
    ontology = Graph()
    for path in ontology_files:
        read_turtle(path, into=ontology)
    shapes = Graph()
    for path in shape_files:
        read_turtle(path, into=shapes)
    inputs = BuildInputs(ontology=ontology, shapes=shapes)
    inputs.files += ontology_files + shape_files
    inputs.graphs[ONTOLOGY_GRAPH] = ontology
    graph_dirs = (settings.data_dir / "graph", *extra_graph_dirs)
    for folder in graph_dirs:
        for path in _turtle_files(folder):
            graph = read_turtle(path)
            _add(inputs, str(GRAPH[path.stem]), graph, _relative(path, root))
            inputs.files.append(path)
    folders = _version_folders(settings.versions_dir, example=False)
    if settings.examples:
        folders += _version_folders(settings.examples_dir, example=True)
    for folder, graph_iri in folders:
        graph = Graph()
        for path in _turtle_files(folder):
            read_turtle(path, into=graph)
            inputs.files.append(path)
        _add(inputs, graph_iri, graph, _relative(folder, root))
    known = _typed_subjects(inputs)
    table_dir = settings.data_dir / "tables"
    for path in sorted(table_dir.glob("*.csv")) if table_dir.is_dir() else []:
        graph = read_table(path, known)
        _add(inputs, str(GRAPH[path.stem]), graph, _relative(path, root))
        inputs.files.append(path)
    # A version folder's tables (alignments.csv, interventions.csv …) join its graph; they may
    # refer to anything typed in any graph, including Turtle of the same folder.
    for folder, graph_iri in folders:
        example = graph_iri.startswith(EXAMPLE_GRAPH_PREFIX)
        context = version_context(folder.name, inputs.graphs.values(), example=example)
        for table in read_folder_tables(folder, known, context):
            inputs.graphs[graph_iri] += table.graph
            _note_origins(inputs, table.graph, _relative(Path(table.where), root))
            inputs.files.append(Path(table.where))
        inputs.rejections += read_rejections(folder)
        if (folder / REJECTED_FILE).is_file():
            read_rejected(folder / REJECTED_FILE)  # an unknown prefix fails the build, not the API
    for graph_iri, graph in inputs.graphs.items():
        _stabilise(inputs, graph_iri, graph)
    return inputs


def _stabilise(inputs: BuildInputs, graph_iri: str, graph: Graph) -> None:
    """Give the graph's blank nodes labels from its content (the same in every build), and
    keep saying which file they came from when that is one file."""
    if not has_blank_nodes(graph):
        return
    blank = [s for s in set(graph.subjects()) if isinstance(s, BNode)]
    origins = {inputs.origins.pop(s) for s in blank if s in inputs.origins}
    stable_blank_nodes(graph, graph_iri)
    if len(origins) == 1:
        _note_origins(inputs, graph, origins.pop())


def _version_folders(parent: Path, *, example: bool) -> list[tuple[Path, str]]:
    """Each sub-folder of ``parent`` with the named graph it loads into.

    Hidden folders are skipped: an import stages a version folder as ``.{name}.staged-*``
    beside it (:mod:`aspen_graph.sources.folders`), and a crash may leave one there.
    """
    if not parent.is_dir():
        return []
    return [
        (folder, version_graph(folder.name, example=example))
        for folder in sorted(p for p in parent.iterdir() if p.is_dir())
        if not folder.name.startswith(".")
    ]


def _note_origins(inputs: BuildInputs, graph: Graph, origin: str) -> None:
    for subject in set(graph.subjects()):
        inputs.origins.setdefault(subject, origin)


def _add(inputs: BuildInputs, graph_iri: str, graph: Graph, origin: str) -> None:
    if graph_iri in inputs.graphs:
        raise DataLoadError(f"two sources map to the same named graph {graph_iri}", path=origin)
    inputs.graphs[graph_iri] = graph
    _note_origins(inputs, graph, origin)


def _typed_subjects(inputs: BuildInputs) -> set[URIRef]:
    """Every IRI that has a type in some graph: what table rows may refer to."""
    known: set[URIRef] = set()
    for graph in inputs.graphs.values():
        known.update(s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef))
    return known


def include_datasets(
    store: OxigraphStore, paths: Sequence[Path], taken: set[str]
) -> dict[str, Path]:
    """Bulk-load N-Quads or TriG files into ``store``; return each new named graph's file.

    Large inputs never become rdflib Graphs. Every triple must be in a named graph that no
    source (``taken``) and no other included file uses: triples in the default graph would
    vanish (queries see the union of the named graphs), and a shared graph would mix two
    sources. A violation raises :class:`DataLoadError` naming the file.
    """
    graphs: dict[str, Path] = {}
    sizes = store.graph_sizes() if paths else {}
    for path in paths:
        if path.suffix not in INCLUDE_SUFFIXES:
            raise DataLoadError(
                "an included dataset is N-Quads (.nq) or TriG (.trig)", path=str(path)
            )
        if not path.is_file():
            raise DataLoadError("no such file", path=str(path))
        store.load_dataset(path)
        if store.default_graph_size():
            raise DataLoadError(
                "has triples outside any named graph; put every triple in a named graph",
                path=str(path),
            )
        after = store.graph_sizes()
        for graph_iri, size in after.items():
            if size == sizes.get(graph_iri):
                continue
            if graph_iri in taken or graph_iri in sizes:
                owner = graphs.get(graph_iri, "a source of the repository")
                raise DataLoadError(
                    f"adds triples to the named graph {graph_iri}, which {owner} already fills",
                    path=str(path),
                )
            graphs[graph_iri] = path
        sizes = after
    return graphs


def read_included_graphs(paths: Sequence[Path]) -> dict[str, Graph]:
    """The named graphs of included files, parsed with rdflib (for a build small enough for
    pyshacl, and for the rdflib-written release files of a small build)."""
    graphs: dict[str, Graph] = {}
    for path in paths:
        dataset = Dataset()
        dataset.parse(path, format="nquads" if path.suffix == ".nq" else "trig")
        for graph in dataset.graphs():
            if len(graph) and isinstance(graph.identifier, URIRef):
                graphs.setdefault(str(graph.identifier), Graph()).__iadd__(graph)
    return graphs
