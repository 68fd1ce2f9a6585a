"""``aspen publish``: into a real Oxigraph server and a real Virtuoso (graph by graph, dropping
what the release no longer has, the publication record last) and into an on-disk store directory
(swapped in whole); a publish stopped midway — the server killed, the publish process killed —
leaves every graph it did not reach serving its previous content, and the next publish succeeds.
The remote tests run on both servers (``[oxigraph]``, ``[virtuoso]``); the Virtuoso one is
started once for this module and emptied before each test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from aspen_graph.api import create_app
from aspen_graph.api.main import release_of
from aspen_graph.cli.main import _app
from aspen_graph.config import Settings
from aspen_graph.errors import DataLoadError, StoreUnavailableError
from aspen_graph.publish import to_store
from aspen_graph.publish.to_store import (
    PUBLICATION_FILE,
    publish_directory,
    publish_remote,
    recover_directory,
)
from aspen_graph.store import PUBLICATION_GRAPH, OxigraphStore, RemoteStore
from aspen_graph.store.remote_updates import STAGING_GRAPHS
from aspen_graph.store.virtuoso import is_virtuoso_system_graph
from oxigraph_server import OxigraphServer
from virtuoso_server import VirtuosoServer

EX = "http://example.org/"
GRAPH = "https://w3id.org/aspen/graph/"
ROOT = Path(__file__).resolve().parents[2]
FOREIGN = "http://other.example/graph"


def write_dist(root: Path, version: str, graphs: Sequence[str], per_graph: int) -> Path:
    """A release in ``root/dist-<version>``: each triple's object names the version."""
    dist = root / f"dist-{version}"
    dist.mkdir(parents=True)
    lines = [
        f'<{EX}{name}/s{j}> <{EX}p> "{version}-{j}" <{GRAPH}{name}> .'
        for name in graphs
        for j in range(per_graph)
    ]
    (dist / "aspen.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = {
        "version": version,
        "graphs": {GRAPH + name: per_graph for name in graphs},
        "triples": len(lines),
    }
    (dist / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return dist


def versions_per_graph(store: RemoteStore | OxigraphStore) -> dict[str, dict[str, int]]:
    """For each graph, how many of its triples come from each release version."""
    table = store.select(
        f"""SELECT ?g ?version (COUNT(*) AS ?n) WHERE {{
          GRAPH ?g {{ ?s <{EX}p> ?o }} BIND(STRBEFORE(STR(?o), "-") AS ?version)
        }} GROUP BY ?g ?version"""
    )
    found: dict[str, dict[str, int]] = {}
    for graph, version, count in table.rows:
        found.setdefault(str(graph), {})[str(version)] = int(str(count))
    return found


def cli(*args: str) -> None:
    environment = dict(os.environ)
    result = CliRunner().invoke(_app, ["publish", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    assert dict(os.environ) == environment  # --store is for this command only


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    running = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-publish")).start()
    yield running
    running.stop()


def emptied(server: VirtuosoServer) -> VirtuosoServer:
    """The module's Virtuoso with every graph but its own system graphs dropped."""
    if server.process is None:
        server.start()
    with server.store() as store:
        for graph in [*store.graph_sizes(), PUBLICATION_GRAPH]:
            store.update(f"DROP SILENT GRAPH <{graph}>")
    return server


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[OxigraphServer | VirtuosoServer]:
    if request.param == "virtuoso":
        yield emptied(request.getfixturevalue("virtuoso"))
        return
    running = OxigraphServer(tmp_path / "store").start()
    yield running
    running.stop()


def test_publish_replaces_graphs_drops_ours_and_records_last(
    server: OxigraphServer | VirtuosoServer, tmp_path: Path
) -> None:
    server.load_nquads(f'<{EX}x> <{EX}y> "kept" <{FOREIGN}> .\n'.encode())
    cli("--store", server.url, "--dist", str(write_dist(tmp_path, "v1", "abc", 5)))
    store = server.store()
    assert versions_per_graph(store) == {GRAPH + n: {"v1": 5} for n in "abc"}
    cli("--store", server.url, "--dist", str(write_dist(tmp_path, "v2", "ab", 7)))
    store.forget_sizes()
    assert versions_per_graph(store) == {GRAPH + n: {"v2": 7} for n in "ab"}
    assert store.graph_sizes() == {GRAPH + "a": 7, GRAPH + "b": 7, FOREIGN: 1}  # c dropped
    record = store.publication()
    assert record is not None and record["version"] == "v2"
    assert record["manifest"]["published_graphs"] == {GRAPH + "a": 7, GRAPH + "b": 7}
    # `aspen serve --store URL` needs no dist/: the release comes from the record.
    settings = Settings(root=ROOT, dist_dir=tmp_path / "no-dist", store=server.url)
    with TestClient(create_app(settings)) as client:
        assert client.get("/version").json()["version"] == "v2"
        health = client.get("/health").json()
        assert (health["status"], health["quads"]) == ("ok", 15)


@pytest.mark.parametrize("fault", ["store killed", "store error"])
def test_a_publish_cut_off_midway_leaves_the_rest_serving(
    server: OxigraphServer | VirtuosoServer, tmp_path: Path, fault: str
) -> None:
    names = "abcde"
    cli("--store", server.url, "--dist", str(write_dist(tmp_path, "v1", names, 50)))
    second = write_dist(tmp_path, "v2", names, 60)
    done: list[str] = []
    store = server.store(probe=False)
    send = store.update

    def cut_after_two(graph: str, triples: int, size: int) -> None:
        done.append(graph)
        if len(done) == 2 and fault == "store killed":
            server.kill()  # the network is cut / the store crashes mid-publish

    def failing_third(text: str, *, timeout: float | None = None) -> None:
        if len(done) == 2 and fault == "store error":
            raise StoreUnavailableError(f"the store at {store.name} answered 500: disk full")
        send(text, timeout=timeout)

    store.update = failing_third  # type: ignore[method-assign]
    with pytest.raises(StoreUnavailableError, match=r"cannot be reached|answered 500"):
        publish_remote(store, second, progress=cut_after_two)
    store.close()
    if fault == "store killed":
        server.start()
    store = server.store()
    expected = {GRAPH + n: {"v2": 60} if i < 2 else {"v1": 50} for i, n in enumerate(names)}
    assert versions_per_graph(store) == expected
    assert store.publication()["version"] == "v1"  # type: ignore[index]
    cli("--store", server.url, "--dist", str(second))
    assert versions_per_graph(store) == {GRAPH + n: {"v2": 60} for n in names}
    assert store.publication()["version"] == "v2"  # type: ignore[index]


@pytest.mark.slow
def test_a_killed_publish_process_leaves_every_graph_whole(
    server: OxigraphServer | VirtuosoServer, tmp_path: Path
) -> None:
    names = [f"g{i:02d}" for i in range(12)]
    cli("--store", server.url, "--dist", str(write_dist(tmp_path, "v1", names, 10)))
    second = write_dist(tmp_path, "v2", names, 4000)
    store = server.store()
    command = [str(Path(sys.executable).parent / "aspen"), "publish", "--store", server.url]
    process = subprocess.Popen(
        [*command, "--dist", str(second)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ASPEN_ROOT": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if store.ask(f'ASK {{ GRAPH <{GRAPH}g00> {{ ?s <{EX}p> "v2-0" }} }}'):
            break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    found = versions_per_graph(store)
    assert found[GRAPH + "g00"] == {"v2": 4000}, "the publish was not under way"
    replaced = [g for g, counts in found.items() if counts == {"v2": 4000}]
    assert len(replaced) < len(names), "the publish finished before it was killed"
    for counts in found.values():
        assert counts in ({"v1": 10}, {"v2": 4000})  # each graph whole: old or new
    assert store.publication()["version"] == "v1"  # type: ignore[index]
    cli("--store", server.url, "--dist", str(second))
    assert versions_per_graph(store) == {GRAPH + n: {"v2": 4000} for n in names}


def test_credentials_in_the_url_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        _app,
        [
            "publish",
            "--store",
            "http://aspen:pw-5521@127.0.0.1:9",
            "--dist",
            str(write_dist(tmp_path, "v1", "a", 1)),
        ],
    )
    assert isinstance(result.exception, StoreUnavailableError)
    assert "pw-5521" not in str(result.exception) + result.output


# -- the embedded on-disk store ----------------------------------------------------------------


def test_publish_into_a_directory_swaps_whole_stores(tmp_path: Path) -> None:
    target = tmp_path / "stores" / "aspen"
    cli("--location", str(target), "--dist", str(write_dist(tmp_path, "v1", "abc", 5)))
    store = OxigraphStore(target, read_only=True)
    assert versions_per_graph(store) == {GRAPH + n: {"v1": 5} for n in "abc"}
    del store
    cli("--store", str(target), "--dist", str(write_dist(tmp_path, "v2", "ab", 7)))
    store = OxigraphStore(target, read_only=True)
    assert versions_per_graph(store) == {GRAPH + n: {"v2": 7} for n in "ab"}
    record = json.loads((target / PUBLICATION_FILE).read_text(encoding="utf-8"))
    assert record["version"] == "v2" and record["graphs"] == {GRAPH + "a": 7, GRAPH + "b": 7}
    assert sorted(p.name for p in target.parent.iterdir()) == ["aspen"]  # nothing left over
    settings = Settings(root=ROOT, dist_dir=tmp_path / "no-dist", store=str(target))
    assert release_of(settings, None).version == "v2"


def test_a_crash_midway_through_a_directory_publish_is_recovered(tmp_path: Path) -> None:
    target = tmp_path / "aspen"
    publish_directory(target, write_dist(tmp_path, "v1", "ab", 3))
    # A crash between the two renames of the fallback swap: the store waits under .old-*.
    old = tmp_path / ".aspen.old-4242"
    target.rename(old)
    (tmp_path / ".aspen.new-4242").mkdir()  # and a half-loaded new one was left behind
    recover_directory(target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".aspen")) == []
    assert versions_per_graph(OxigraphStore(target, read_only=True)) == {
        GRAPH + n: {"v1": 3} for n in "ab"
    }
    result = publish_directory(target, write_dist(tmp_path, "v2", "ab", 4))
    assert result.version == "v2" and sum(result.graphs.values()) == 8


def test_a_directory_that_is_not_a_store_is_never_replaced(tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(DataLoadError, match="not an Oxigraph store"):
        publish_directory(precious, write_dist(tmp_path, "v1", "a", 1))
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "keep me"


def test_publish_needs_a_target_and_a_release(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app, ["publish", "--dist", str(tmp_path)])
    assert isinstance(result.exception, DataLoadError)
    result = CliRunner().invoke(
        _app, ["publish", "--store", str(tmp_path / "s"), "--dist", str(tmp_path)]
    )
    assert isinstance(result.exception, DataLoadError)
    assert "aspen build" in str(result.exception)


def test_the_publish_command_is_registered() -> None:
    result = CliRunner().invoke(_app, ["publish", "--help"])
    assert result.exit_code == 0 and "--location" in result.output


def test_workers_take_a_published_directory_size_from_its_record(tmp_path: Path) -> None:
    """Counting every quad at each worker start took seconds at 2M triples; the record knows."""
    from aspen_graph.store import SandboxStore

    target = tmp_path / "aspen"
    publish_directory(target, write_dist(tmp_path, "v1", "ab", 3))
    with SandboxStore(target, workers=1) as pool:
        assert len(pool) == 6
    record = json.loads((target / PUBLICATION_FILE).read_text(encoding="utf-8"))
    record["graphs"] = {"x": 12345}
    (target / PUBLICATION_FILE).write_text(json.dumps(record), encoding="utf-8")
    with SandboxStore(target, workers=1) as pool:
        assert len(pool) == 12345
    (target / PUBLICATION_FILE).unlink()
    with SandboxStore(target, workers=1) as pool:
        assert len(pool) == 6  # no record: counted


def test_republishing_sends_only_what_changed(
    server: OxigraphServer | VirtuosoServer, tmp_path: Path
) -> None:
    first = write_dist(tmp_path, "v1", "abc", 4)
    with server.store(probe=False) as store:
        assert publish_remote(store, first).unchanged == []
        again = publish_remote(store, first)
        assert again.unchanged == [GRAPH + n for n in "abc"]
        assert sum(again.graphs.values()) == 12
        # A graph changed behind our back (here: a triple removed) is sent again.
        store.update(f'DELETE DATA {{ GRAPH <{GRAPH}b> {{ <{EX}b/s0> <{EX}p> "v1-0" }} }}')
        store.forget_sizes()
        assert publish_remote(store, first).unchanged == [GRAPH + "a", GRAPH + "c"]
        assert versions_per_graph(store)[GRAPH + "b"] == {"v1": 4}
        assert publish_remote(store, first, force=True).unchanged == []
        # One graph of a new release differs: only it is sent.
        second = tmp_path / "dist-v1b"
        second.mkdir()
        text = (first / "aspen.nq").read_text(encoding="utf-8")
        (second / "aspen.nq").write_text(
            text.replace('"v1-3" <' + GRAPH + "c>", '"v9-3" <' + GRAPH + "c>")
        )
        (second / "manifest.json").write_text((first / "manifest.json").read_text())
        result = publish_remote(store, second)
        assert result.unchanged == [GRAPH + "a", GRAPH + "b"]
        assert versions_per_graph(store)[GRAPH + "c"] == {"v1": 3, "v9": 1}


def test_virtuoso_refuses_a_release_whose_doubles_it_would_write_otherwise(
    virtuoso: VirtuosoServer, tmp_path: Path
) -> None:
    server = emptied(virtuoso)
    dist = write_dist(tmp_path, "v1", "a", 2)
    double = "<http://www.w3.org/2001/XMLSchema#double>"
    with (dist / "aspen.nq").open("a", encoding="utf-8") as release:
        release.write(f'<{EX}x> <{EX}q> "1.0E1"^^{double} <{GRAPH}a> .\n')
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    manifest["graphs"][GRAPH + "a"] = 3
    (dist / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(_app, ["publish", "--store", server.url, "--dist", str(dist)])
    assert isinstance(result.exception, DataLoadError)  # the entry point makes it exit 2
    # pyoxigraph (the embedded store) writes this double "10", Virtuoso "10.0".
    assert '"10"^^' in str(result.exception) and 'as "10.0"' in str(result.exception)
    with server.store() as store:
        assert store.graph_sizes() == {} and store.publication() is None  # nothing was sent
    canonical = (dist / "aspen.nq").read_text(encoding="utf-8").replace('"1.0E1"', '"1.5E0"')
    (dist / "aspen.nq").write_text(canonical, encoding="utf-8")
    cli("--store", server.url, "--dist", str(dist))
    with server.store() as store:
        answer = store.select(f"SELECT ?v WHERE {{ <{EX}x> <{EX}q> ?v }}").rows
        assert [str(row[0]) for row in answer] == ["1.5"]  # as the embedded store has it


def graphs_in(server: VirtuosoServer) -> set[str]:
    """Every graph of the server but its own system graphs, staging graphs included: asked
    directly, past the remote store (which leaves staging graphs out of every query)."""
    answer = httpx.post(
        server.url,
        data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    names = {row["g"]["value"] for row in answer.json()["results"]["bindings"]}
    return {name for name in names if not is_virtuoso_system_graph(name)}


def test_large_graphs_go_through_staging_on_virtuoso_and_stay_whole(
    virtuoso: VirtuosoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = emptied(virtuoso)
    monkeypatch.setattr(to_store, "VIRTUOSO_REQUEST_BYTES", 20_000)  # ~300 triples a request
    names = "abcd"
    cli("--store", server.url, "--dist", str(write_dist(tmp_path, "v1", names, 600)))
    second = write_dist(tmp_path, "v2", names, 700)
    store = server.store(probe=False)
    send = store.update
    switches: list[str] = []

    def failing_third_switch(text: str, *, timeout: float | None = None) -> None:
        if "WHERE { GRAPH <urn:aspen:staging:" in text:
            switches.append(text)
            if len(switches) == 3:
                raise StoreUnavailableError(f"the store at {store.name} answered 500: disk full")
        send(text, timeout=timeout)

    store.update = failing_third_switch  # type: ignore[method-assign]
    with pytest.raises(StoreUnavailableError, match="answered 500"):
        publish_remote(store, second)
    store.close()
    store = server.store()
    expected = {GRAPH + n: {"v2": 700} if i < 2 else {"v1": 600} for i, n in enumerate(names)}
    assert versions_per_graph(store) == expected  # each graph whole: old or new
    assert store.graph_sizes() == {GRAPH + n: 700 if i < 2 else 600 for i, n in enumerate(names)}
    assert f"{STAGING_GRAPHS}{GRAPH}c" in graphs_in(server)  # left behind, yet never queried
    assert store.publication()["version"] == "v1"  # type: ignore[index]
    cli("--store", server.url, "--dist", str(second))
    assert versions_per_graph(store) == {GRAPH + n: {"v2": 700} for n in names}
    assert not any(name.startswith(STAGING_GRAPHS) for name in graphs_in(server))
