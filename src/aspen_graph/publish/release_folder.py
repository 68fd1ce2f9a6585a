"""Writing a release folder (``dist/``) atomically: all files or the previous release untouched.

=========================  ==================================================================
file                       what
=========================  ==================================================================
aspen.nq                   every named graph (what the server loads)
aspen.trig                 the same in TriG
aspen.nt, aspen.nt.gz      the union of the named graphs in N-Triples, plain and gzip
aspen.jsonld               every named graph in JSON-LD, compacted with the context (inline)
context.jsonld             that JSON-LD context, to reuse (served at ``/context.jsonld``)
alignments.sssom.tsv       every alignment as an SSSOM mapping set
alignments.csv             analyst tables (CSV, IRIs as CURIEs)
coverage-by-challenge.csv
gaps.csv
ontology.html              the vocabulary's documentation (pyLODE), served at ``/ont/``
void.ttl                   the DCAT + VoID description, with each file's byte size
manifest.json              version, stamped versions, triple counts, files with sha256
=========================  ==================================================================
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from aspen_graph.namespaces import PREFIXES
from aspen_graph.publish.context import CONTEXT_FILE, context_document, jsonld_context
from aspen_graph.sources import sorted_jsonld
from aspen_graph.store import OxigraphStore, formats, write_trig

RELEASE_FILES = (
    "aspen.nq",
    "aspen.trig",
    "aspen.nt",
    "aspen.nt.gz",
    "aspen.jsonld",
    CONTEXT_FILE,
    "alignments.sssom.tsv",
    "alignments.csv",
    "coverage-by-challenge.csv",
    "gaps.csv",
    "ontology.html",
    "void.ttl",
    "manifest.json",
)
MEDIA_TYPES: dict[str, str] = {file: formats.media_type_of_file(file) for file in RELEASE_FILES}
"""Every file a release may hold, with the media type it is served as (``/download/{file}``)."""

Describe = Callable[[Mapping[str, int]], Graph]
"""Makes the dataset description, given the byte size of every file written before it."""


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
    nquads: bytes | None,
    describe: Describe,
    manifest: Mapping[str, object],
    texts: Mapping[str, str] | None = None,
    store: OxigraphStore | None = None,
) -> Path:
    """Write every release file into a fresh folder, then swap it in for ``out_dir``.

    The RDF files come from ``graphs`` with rdflib (and ``nquads`` as given), or, with
    ``store``, from the store with pyoxigraph's serialisers (for releases of millions of
    triples; the JSON-LD is then expanded, without the context). ``texts`` are further files
    (tables, SSSOM, documentation) written as given. A failure at any point leaves ``out_dir``
    as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-staging-", dir=out_dir.parent))
    try:
        if store is not None:
            _write_rdf_from_store(staging, store)
        else:
            _write_rdf(staging, graphs, nquads or b"")
        (staging / CONTEXT_FILE).write_bytes(context_document())
        for name, text in (texts or {}).items():
            (staging / name).write_text(text, encoding="utf-8", newline="")
        sizes = {path.name: path.stat().st_size for path in sorted(staging.iterdir())}
        describe(sizes).serialize(destination=str(staging / "void.ttl"), format="turtle")
        files = {
            path.name: {"bytes": path.stat().st_size, "sha256": _sha256(path)}
            for path in sorted(staging.iterdir())
        }
        document = {**manifest, "files": files}
        (staging / "manifest.json").write_text(
            json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def _write_rdf(staging: Path, graphs: Mapping[str, Graph], nquads: bytes) -> None:
    (staging / "aspen.nq").write_bytes(nquads)
    # The TriG comes from the same quads as the N-Quads, by pyoxigraph's writer (not rdflib's)
    write_trig(nquads, staging / "aspen.trig", prefixes=PREFIXES)
    dataset = _dataset(graphs)
    union = Graph()
    for graph in graphs.values():
        union += graph
    # Sorted lines and JSON arrays: rdflib writes in an order that changes from run to run
    # (Python's string hashes), and a release must be the same bytes for the same sources.
    lines = union.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    (staging / "aspen.nt").write_bytes(b"".join(sorted(lines)))
    (staging / "aspen.nt.gz").write_bytes(
        gzip.compress((staging / "aspen.nt").read_bytes(), compresslevel=9, mtime=0)
    )
    document = json.loads(dataset.serialize(format="json-ld", context=jsonld_context()))
    (staging / "aspen.jsonld").write_text(
        json.dumps(sorted_jsonld(document), indent=1, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


def _write_rdf_from_store(staging: Path, store: OxigraphStore) -> None:
    for media in ("nq", "trig", "nt", "jsonld"):
        store.dump_to(staging / f"aspen.{media}", media, prefixes=dict(PREFIXES))
    # Streamed, and level 6: level 9 takes ~3x as long on hundreds of MB for ~3 % smaller.
    with (
        (staging / "aspen.nt").open("rb") as plain,
        gzip.GzipFile(staging / "aspen.nt.gz", "wb", compresslevel=6, mtime=0) as packed,
    ):
        shutil.copyfileobj(plain, packed, 1 << 20)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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


__all__ = ["MEDIA_TYPES", "Describe", "write_release"]
