"""``build_release``: everything the build publishes, from its graphs and its store."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph

from aspen_graph.namespaces import GRAPH
from aspen_graph.publish.description import describe_dataset
from aspen_graph.publish.docs import ONTOLOGY_HTML, render_ontology_html
from aspen_graph.publish.release import write_release
from aspen_graph.publish.sssom import write_sssom
from aspen_graph.publish.tables import write_tables
from aspen_graph.publish.version import Stamp
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore

SSSOM_FILE = "alignments.sssom.tsv"
SSSOM_QUERY = "export/sssom-mappings"


def release_texts(
    graphs: Mapping[str, Graph], store: GraphStore, catalog: QueryCatalog, base: str
) -> dict[str, str]:
    """The release's text files made from queries and the ontology: the CSV tables, the SSSOM
    mapping set and the vocabulary's documentation page."""
    texts = write_tables(store, catalog)
    texts[SSSOM_FILE] = write_sssom(store.select(catalog.get(SSSOM_QUERY).text))
    ontology = graphs.get(str(GRAPH["ontology"]))
    if ontology is not None and len(ontology):
        texts[ONTOLOGY_HTML] = render_ontology_html(ontology, f"{base}ont/")
    return texts


def build_release(
    out_dir: Path,
    graphs: Mapping[str, Graph],
    *,
    store: GraphStore,
    nquads: bytes,
    catalog: QueryCatalog,
    base: str,
    stamp: Stamp,
    manifest: Mapping[str, object],
) -> Path:
    """Write the release of ``graphs`` (already stamped) into ``out_dir``, atomically."""

    def describe(sizes: Mapping[str, int]) -> Graph:
        return describe_dataset(base, graphs, version=stamp.version, prior=stamp.prior, sizes=sizes)

    return write_release(
        out_dir,
        graphs,
        nquads=nquads,
        describe=describe,
        manifest={**manifest, **stamp.manifest(base)},
        texts=release_texts(graphs, store, catalog, base),
    )


__all__ = ["SSSOM_FILE", "build_release", "release_texts"]
