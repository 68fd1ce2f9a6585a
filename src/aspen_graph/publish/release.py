"""Writing a release folder (``dist/``) atomically: all files or the previous release untouched."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from aspen_graph.namespaces import PREFIXES


def _dataset(graphs: Mapping[str, Graph]) -> Dataset:
    dataset = Dataset()
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri)
    for graph_iri, graph in graphs.items():
        target = dataset.graph(URIRef(graph_iri))
        for triple in graph:
            target.add(triple)
    return dataset


def write_release(
    out_dir: Path,
    graphs: Mapping[str, Graph],
    *,
    nquads: bytes,
    description: Graph,
    manifest: Mapping[str, object],
) -> Path:
    """Write every release file into a fresh folder, then swap it in for ``out_dir``.

    A failure at any point leaves ``out_dir`` as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-staging-", dir=out_dir.parent))
    try:
        (staging / "aspen.nq").write_bytes(nquads)
        dataset = _dataset(graphs)
        dataset.serialize(destination=str(staging / "aspen.trig"), format="trig")
        union = Graph()
        for graph in graphs.values():
            union += graph
        union.serialize(destination=str(staging / "aspen.nt"), format="nt", encoding="utf-8")
        dataset.serialize(destination=str(staging / "aspen.jsonld"), format="json-ld", indent=1)
        description.serialize(destination=str(staging / "void.ttl"), format="turtle")
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def _swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` where ``out_dir`` is, keeping the old one until the new one is in place."""
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    retired = out_dir.with_name(f".{out_dir.name}-retired-{os.getpid()}")
    shutil.rmtree(retired, ignore_errors=True)
    os.replace(out_dir, retired)
    try:
        os.replace(staging, out_dir)
    except BaseException:
        os.replace(retired, out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
