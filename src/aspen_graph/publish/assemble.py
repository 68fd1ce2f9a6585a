"""``build_release``: everything the build publishes, from its graphs and its store."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.term import Node

from aspen_graph.namespaces import GRAPH
from aspen_graph.publish.dataset_description import Counts, describe_dataset
from aspen_graph.publish.docs import ONTOLOGY_HTML, render_ontology_html
from aspen_graph.publish.release_folder import write_release
from aspen_graph.publish.sssom import write_sssom
from aspen_graph.publish.tables import write_tables
from aspen_graph.publish.version import Stamp
from aspen_graph.queries import QueryCatalog, bind_params
from aspen_graph.store import GraphStore, OxigraphStore

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


def store_counts(store: GraphStore, catalog: QueryCatalog, base: str) -> Counts:
    """What the description counts (:func:`~aspen_graph.publish.dataset_description.count`),
    asked of the store: the same numbers without an rdflib copy of millions of triples."""

    def number(value: Node | None) -> int:
        return int(value) if isinstance(value, Literal) else 0

    classes = store.select(catalog.get("system/void-classes").text).rows
    properties = store.select(catalog.get("system/void-properties").text).rows
    spec = catalog.get("system/void-subjects")
    subjects = store.select(spec.text, bindings=bind_params(spec, {"space": f"{base}id/"})).rows
    _space, distinct, entities = subjects[0] if subjects else (None, None, None)
    return Counts(
        graphs=store.graph_sizes(),
        classes={cls: number(n) for cls, n in classes if cls is not None},
        properties={prop: number(n) for prop, n in properties if prop is not None},
        subjects=number(distinct),
        entities=number(entities),
    )


def build_release(
    out_dir: Path,
    graphs: Mapping[str, Graph],
    *,
    store: OxigraphStore,
    catalog: QueryCatalog,
    base: str,
    stamp: Stamp,
    manifest: Mapping[str, object],
    from_store: bool = False,
    extra: Mapping[str, str] | None = None,
) -> Path:
    """Write the release of ``store`` (``graphs``: its sources, already stamped) into
    ``out_dir``, atomically.

    ``from_store``: write the RDF files with pyoxigraph from the store, for releases too big
    for rdflib (then ``graphs`` need not hold every graph of the store). ``extra``: further
    text files of the release, by name (the review rejections).
    """
    counts = store_counts(store, catalog, base)

    def describe(sizes: Mapping[str, int]) -> Graph:
        return describe_dataset(
            base, graphs, version=stamp.version, prior=stamp.prior, sizes=sizes, counts=counts
        )

    return write_release(
        out_dir,
        graphs,
        nquads=None if from_store else store.dump_nquads(),
        describe=describe,
        manifest={**manifest, **stamp.manifest(base)},
        texts={**release_texts(graphs, store, catalog, base), **(extra or {})},
        store=store if from_store else None,
    )


__all__ = ["SSSOM_FILE", "build_release", "release_texts", "store_counts"]
