"""``aspen publish``: load a built release (``dist/``) into a store that serves it.

**A remote store** (:func:`publish_remote`) receives the release graph by graph. Each named
graph is replaced by *one* SPARQL Update request, ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH
<g> { … } }``. Oxigraph, Fuseki (TDB2) and GraphDB run one update request as one transaction, so
a reader sees either the whole old graph or the whole new one, and a publish killed mid-request
changes nothing in that graph. The Graph Store Protocol's ``PUT`` was not used: Oxigraph server
(0.5) implements it as a clear followed by a separate load, so a reader can see the graph empty
or half loaded, and a cut connection leaves it so. Staging graphs (upload, then ``MOVE``) were
not used either: while uploaded, a staging graph is part of the union default graph, and every
count would include it twice.

The order makes a failure harmless: graphs are replaced one at a time (each atomic); graphs of
ours that the release no longer has are dropped after all others are in; the publication record
(:data:`~aspen_graph.store.remote.PUBLICATION_GRAPH`: version, time, graph sizes, manifest) is
written last, so it names the previous release until the new one is complete. A publish that
stops midway leaves every graph it did not reach serving its previous content, and the next
publish simply replaces everything again.

**A directory** (:func:`publish_directory`) becomes an embedded on-disk store that
``aspen serve --store DIR`` opens read-only without parsing anything. The release is bulk-loaded
into a new sibling directory, which then takes the place of the old one by an atomic exchange
(``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere two renames, recovered on the next publish),
so a crash never leaves a half-loaded store under the name being served.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from aspen_graph.errors import DataLoadError
from aspen_graph.namespaces import GRAPH
from aspen_graph.sources import exchange
from aspen_graph.store import (
    PUBLICATION_FILE,
    PUBLICATION_GRAPH,
    STAGING_GRAPHS,
    OxigraphStore,
    ReleaseGraphs,
    RemoteStore,
    insert_data_updates,
    replace_graph_update,
    system_query,
    virtuoso_changes,
)

RELEASE_FILES = ("aspen.nq", "aspen.trig")

Progress = Callable[[str, int, int], None]
"""Called as ``(graph IRI, triples, bytes)`` after each graph is in place."""


@dataclass
class PublishResult:
    """What a publish did."""

    target: str
    version: str
    graphs: dict[str, int] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    """Graphs left as they were: the same content as the previous publication's."""
    seconds: float = 0.0


def release_file(dist: Path) -> Path:
    """The release to publish: ``dist/aspen.nq`` (else ``dist/aspen.trig``)."""
    for name in RELEASE_FILES:
        if (dist / name).is_file():
            return dist / name
    raise DataLoadError("no built release here; run 'aspen build' first", path=str(dist))


def read_manifest(dist: Path) -> dict[str, Any]:
    """``dist/manifest.json``, which names the release's version and graphs."""
    path = dist / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataLoadError("no manifest; run 'aspen build' first", path=str(path)) from None
    except (OSError, ValueError) as error:
        raise DataLoadError(f"unreadable manifest: {error}", path=str(path)) from None
    if not isinstance(manifest, dict):
        raise DataLoadError("the manifest is not a JSON object", path=str(path))
    return manifest


def publication_record(manifest: dict[str, Any], graphs: dict[str, int]) -> dict[str, Any]:
    """The record written last: version, time (UTC), graph sizes and the release's manifest."""
    return {
        "version": str(manifest.get("version", "unknown")),
        "issued": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "graphs": graphs,
        "manifest": manifest,
    }


def record_graph(record: dict[str, Any], digests: dict[str, str] | None = None) -> Graph:
    """The publication record as RDF (what ``sparql/system/publication-record.rq`` reads), with
    each graph's size and the SHA-256 of the N-Triples sent for it."""
    graph = Graph()
    subject = URIRef(PUBLICATION_GRAPH)
    manifest = dict(record["manifest"])
    manifest["published_graphs"] = record["graphs"]
    manifest["published_digests"] = digests or {}
    graph.add((subject, DCTERMS.hasVersion, Literal(record["version"])))
    graph.add((subject, DCTERMS.issued, Literal(record["issued"], datatype=XSD.dateTime)))
    graph.add((subject, DCTERMS.description, Literal(json.dumps(manifest, sort_keys=True))))
    return graph


def check_virtuoso_forms(release: ReleaseGraphs, source: Path) -> None:
    """Refuse a release whose literals Virtuoso would give back in another lexical form (the
    answers would then differ from the embedded store's): nothing is sent."""
    changed = virtuoso_changes(release.quads())
    if changed:
        graph, literal, form = changed[0]
        raise DataLoadError(
            f"Virtuoso would give back {len(changed):,} literal(s) in another form, e.g. "
            f'{literal} (in {graph}) as "{form}"; write numbers in '
            "canonical form in the source data, or publish to another store",
            path=str(source),
        )


VIRTUOSO_REQUEST_BYTES = 4_000_000
"""Largest update request sent to Virtuoso: it refuses a request body over 10 MB (``HT057 The
STRING session … is longer than 10Mb``)."""


SWITCH_STAGED = "switch-staged-graph.ru"
"""The update that switches a staged graph in (``sparql/system/``)."""


def replace_graph(store: RemoteStore, graph_iri: str, ntriples: str, timeout: float) -> None:
    """Replace one graph atomically: in one update request (``replace_graph_update``), or, for
    a graph too large for one Virtuoso request, by loading it into a staging graph in several
    requests and switching it in with one (``DROP``, copy, ``DROP`` staging: one transaction,
    measured). The staging graph is outside every query's dataset on Virtuoso (the remote store
    names the graphs it queries there and leaves staging graphs out)."""
    update = replace_graph_update(graph_iri, ntriples)
    if not store.virtuoso or len(update.encode("utf-8")) <= VIRTUOSO_REQUEST_BYTES:
        store.update(update, timeout=timeout)
        return
    target, staging = f"<{graph_iri}>", f"<{STAGING_GRAPHS}{graph_iri}>"
    store.update(f"DROP SILENT GRAPH {staging}", timeout=timeout)  # a crashed publish's
    batch: list[str] = []
    size = 0
    for operation in insert_data_updates(f"{STAGING_GRAPHS}{graph_iri}", ntriples):
        if batch and size + len(operation) > VIRTUOSO_REQUEST_BYTES:
            store.update(" ;\n".join(batch), timeout=timeout)
            batch, size = [], 0
        batch.append(operation)
        size += len(operation.encode("utf-8"))
    if batch:
        store.update(" ;\n".join(batch), timeout=timeout)
    switch = system_query(SWITCH_STAGED)
    switch = switch.replace("<urn:aspen:param:target>", target)
    store.update(switch.replace("<urn:aspen:param:staging>", staging), timeout=timeout)


def _ours(store: RemoteStore, previous: dict[str, Any] | None) -> set[str]:
    """Graphs a previous publish wrote: named in its record, or under the project's namespace."""
    named = set((previous or {}).get("manifest", {}).get("published_graphs", {}))
    return named | {name for name in store.graph_sizes() if name.startswith(str(GRAPH))}


def publish_remote(
    store: RemoteStore,
    dist: Path,
    *,
    timeout: float = 600.0,
    progress: Progress | None = None,
    force: bool = False,
) -> PublishResult:
    """Load the release in ``dist`` into a remote store, graph by graph (module docstring).

    A graph whose N-Triples have the digest the previous publication recorded, and which still
    holds that many triples, is left as it is (``force`` replaces it anyway): re-publishing a
    release where one table changed sends one graph, not all of them.
    """
    started = time.monotonic()
    manifest = read_manifest(dist)
    source = release_file(dist)
    release = ReleaseGraphs(source)
    expected = manifest.get("graphs")
    if isinstance(expected, dict) and set(expected) != set(release.names):
        raise DataLoadError(
            "the release's graphs differ from its manifest's; rebuild it ('aspen build')",
            path=str(source),
        )
    previous = store.publication()
    if store.virtuoso:  # known from the answer just received
        check_virtuoso_forms(release, source)
    published = (previous or {}).get("manifest", {})
    digests_before: dict[str, str] = published.get("published_digests", {})
    sizes_before = store.graph_sizes()
    result = PublishResult(store.name, str(manifest.get("version", "unknown")))
    digests: dict[str, str] = {}
    for graph_iri, ntriples, count in release:
        digests[graph_iri] = hashlib.sha256(ntriples).hexdigest()
        unchanged = digests_before.get(graph_iri) == digests[graph_iri]
        if force or not unchanged or sizes_before.get(graph_iri) != count:
            replace_graph(store, graph_iri, ntriples.decode("utf-8"), timeout)
        else:
            result.unchanged.append(graph_iri)
        result.graphs[graph_iri] = count
        if progress is not None:
            progress(graph_iri, count, len(ntriples))
    store.forget_sizes()
    for graph_iri in sorted(_ours(store, previous) - set(result.graphs)):
        store.update(f"DROP SILENT GRAPH <{graph_iri}>", timeout=timeout)
        result.dropped.append(graph_iri)
    record = publication_record(manifest, result.graphs)
    store.replace_graph(PUBLICATION_GRAPH, record_graph(record, digests))
    store.forget_sizes()
    result.seconds = time.monotonic() - started
    return result


# -- the embedded on-disk store ------------------------------------------------------------------


def _is_store_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def _siblings(target: Path, tag: str) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.{tag}-*"))


def recover_directory(target: Path) -> None:
    """Finish or undo a swap a crash interrupted, and remove leftovers of earlier publishes.

    Only the two-rename fallback can be interrupted between its steps: then the previous store
    waits under ``.NAME.old-*`` and is put back.
    """
    if not target.exists():
        olds = [old for old in _siblings(target, "old") if _is_store_dir(old)]
        if olds:
            olds[-1].rename(target)
    for leftover in [*_siblings(target, "new"), *_siblings(target, "old")]:
        shutil.rmtree(leftover, ignore_errors=True)


def publish_directory(
    target: Path, dist: Path, *, progress: Progress | None = None
) -> PublishResult:
    """Bulk-load the release into a new directory beside ``target`` and swap it in."""
    started = time.monotonic()
    manifest = read_manifest(dist)
    source = release_file(dist)
    target = target.absolute()
    if target.exists() and not target.is_dir():
        raise DataLoadError(
            "not a directory; give a store directory to publish into", path=str(target)
        )
    if target.is_dir() and any(target.iterdir()) and not _is_store_dir(target):
        raise DataLoadError(
            "this directory is not an Oxigraph store; refusing to replace it", path=str(target)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    recover_directory(target)
    fresh = target.parent / f".{target.name}.new-{os.getpid()}"
    store = OxigraphStore(fresh)
    try:
        store.load_dataset(source)
        graphs = store.graph_sizes()
    finally:
        store.close()
        del store
    result = PublishResult(str(target), str(manifest.get("version", "unknown")), graphs)
    if progress is not None:
        for graph_iri, count in graphs.items():
            progress(graph_iri, count, 0)
    record = publication_record(manifest, graphs)
    (fresh / PUBLICATION_FILE).write_text(json.dumps(record, indent=1), encoding="utf-8")
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        if target.exists():
            target.rmdir()
        fresh.rename(target)
    elif exchange(fresh, target):
        shutil.rmtree(fresh)  # it now holds the previous store
    else:
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old)
    result.seconds = time.monotonic() - started
    return result


def read_directory_record(path: Path) -> dict[str, Any] | None:
    """The publication record of an on-disk store, or ``None``."""
    try:
        record = json.loads((path / PUBLICATION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


__all__ = [
    "PUBLICATION_FILE",
    "PublishResult",
    "publication_record",
    "publish_directory",
    "publish_remote",
    "read_directory_record",
    "read_manifest",
    "record_graph",
    "recover_directory",
    "release_file",
]
