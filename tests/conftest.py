"""Shared fixtures: the repository's paths, the catalogue, and stores built from fixtures.

**Three backends.** The catalogue, coverage and page tests run three times: on the embedded
store, on a real Oxigraph server (the ``oxigraph`` package's binary) and on a real Virtuoso
(Debian's ``virtuoso-opensource-7-bin``; tests/virtuoso_server.py), each started here on free
loopback ports, loaded with ``aspen publish`` (the shipped build) or through the Graph Store
Protocol / SPARQL Update (the small fixtures). This is done by parametrising fixtures, not by
copying tests: ``store_backend`` is ``embedded``, ``remote`` or ``virtuoso`` for the tests under
:data:`BOTH_BACKENDS`, and ``embedded`` for the rest; ``mini_store``, ``shipped_store``,
``examples_store`` and ``shipped_serving_store`` hand out the matching store. A test id ends in
``[embedded]``, ``[remote]`` or ``[virtuoso]``. The Virtuoso servers (one per data set) start
once per session, those of one part of the tests together (:data:`VIRTUOSO_PARTS`); without
``virtuoso-t`` the ``[virtuoso]`` tests are skipped, except under CI, where they fail.

**In parallel.** ``make test`` runs the suite on pytest-xdist workers (``-n 2 --dist
loadgroup``). Each worker has its own session: its own temporary folders, servers on ports of
its own, its own session fixtures. What would be costly to repeat per worker is shared or kept
on one worker: the release builds (:func:`built`, :func:`built_examples`) are made once per run
and read by every worker (:func:`build_once`), and the tests that need a server of a session
or module fixture run on one worker together (:func:`xdist_group`, tests/xdist_groups.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from rdflib import Graph

if os.environ.get("PYTEST_XDIST_WORKER"):
    # An xdist worker starts with COLUMNS=80 and LINES=24 in its environment (a serial run has
    # neither); the CLI's Rich consoles, made when the tests import it, would keep 80 columns
    # whatever COLUMNS a test sets later, and wrap the lines the CLI tests read.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)

from aspen_graph.config import Settings, get_settings
from aspen_graph.pipeline.build import derive
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import GraphStore, OxigraphStore, RemoteStore, SandboxStore, open_store
from aspen_server import AspenServer
from oxigraph_server import OxigraphServer, publish_with_cli
from virtuoso_server import VIRTUOSO_PARTS, VirtuosoServer, start_all, virtuoso_part

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
BACKENDS = ("embedded", "remote", "virtuoso")
BOTH_BACKENDS = (
    "tests/queries/",
    "tests/test_shipped_data.py",
    "tests/analysis/test_network.py",
    "tests/api/test_pages.py",
    "tests/api/test_api_analytics.py",
)
"""Tests (folders or files, from the repository root) that run on every backend."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the tests under :data:`BOTH_BACKENDS` once per backend."""
    if "store_backend" not in metafunc.fixturenames:
        return
    path = Path(str(metafunc.definition.path)).relative_to(ROOT).as_posix()
    if path.startswith(BOTH_BACKENDS):
        metafunc.parametrize("store_backend", BACKENDS, indirect=True, scope="session")


SERVER_BACKENDS = ("remote", "virtuoso")


def xdist_group(item: pytest.Item) -> str | None:
    """The group of tests ``item`` runs with on one xdist worker, or ``None`` (any worker).

    The ``[remote]`` and ``[virtuoso]`` tests share their session's servers (started, then
    loaded with a release: seconds to a minute each), so each backend's tests form one group
    (one set of servers per run, not per worker); the ``[virtuoso]`` tests, the longest, form
    two (:data:`VIRTUOSO_PARTS`), each starting only its own servers. A test module with a
    module-scoped fixture of its own (an ``aspen serve``, a browser, a reverse proxy, a parsed
    release) is one group: the fixture is made once, as in a serial run; except a module that
    says ``XDIST_SPREAD = True``, whose module fixtures are cheap to make again on each worker
    (parsed shapes, say) and whose tests are long enough to be worth spreading.
    """
    marked = item.get_closest_marker("xdist_group")  # a group a test names itself
    if marked is not None:
        return str(marked.args[0] if marked.args else marked.kwargs.get("name", "default"))
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("store_backend") if callspec is not None else None
    if backend == "virtuoso":
        return f"virtuoso-{virtuoso_part(item)}"
    if backend in SERVER_BACKENDS:
        return str(backend)
    if getattr(getattr(item, "module", None), "XDIST_SPREAD", False):
        return None  # its module fixtures are parsed files: each worker parses its own
    fixtures = getattr(item, "_fixtureinfo", None)
    for definitions in fixtures.name2fixturedefs.values() if fixtures is not None else ():
        # baseid "" is a plugin's fixture (pytest's own tmp_path_factory and the like)
        if any(d.scope in ("module", "class") and d.baseid for d in definitions):
            return item.nodeid.split("::", 1)[0]
    return None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--write-test-seconds",
        metavar="PATH",
        help="write each xdist unit's seconds from the cache to PATH (make test-seconds)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist"):
        import xdist_groups

        xdist_groups.prepare(config)
        xdist_groups.remember(config)


@pytest.hookimpl(trylast=True)  # after the session fixtures' teardown has reaped their servers
def pytest_sessionfinish(session: pytest.Session) -> None:
    import xdist_groups

    xdist_groups.report_cpu(session.config)  # on an xdist worker only


@pytest.hookimpl(optionalhook=True)  # an xdist hook: pytest -p no:xdist still runs
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """``--dist loadgroup`` keeps each group (:func:`xdist_group`) on one worker and spreads
    every other test over all of them (tests/xdist_groups.py says why it is done here)."""
    if config.getoption("dist", "no") != "loadgroup":
        return None
    from xdist_groups import GroupScheduling

    return GroupScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test's group (:func:`xdist_group`), sent to the xdist scheduler (or, with
    ``--write-test-seconds``, each unit's seconds written for it)."""
    import xdist_groups

    groups = {item.nodeid: group for item in items if (group := xdist_group(item)) is not None}
    if os.environ.get("PYTEST_XDIST_WORKER"):
        builds = {
            item.nodeid: needs
            for item in items
            if (needs := sorted(SHARED_BUILDS.intersection(getattr(item, "fixturenames", ()))))
        }
        xdist_groups.record(groups, builds)
    if path := config.getoption("write_test_seconds"):
        xdist_groups.write_seconds(config, groups, [item.nodeid for item in items], Path(path))


SHARED_BUILDS = frozenset({"built", "built_examples", "site"})
"""The fixtures made by :func:`build_once` (one worker builds, the others wait for it); the
scheduler starts the workers on units that need different ones (tests/xdist_groups.py)."""


def build_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """``build(dist)`` once per test run; returns ``dist``.

    Serially, in a fresh temporary folder. Under xdist, in a folder every worker of this run
    shares (the parent of the workers' temporary folders): the first worker there builds,
    holding a lock; the others wait for the lock and find the build done (the "session fixture
    once" recipe of the xdist docs). A build that failed leaves no mark, so the next worker
    tries (and fails) again rather than using half a release.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        dist = tmp_path_factory.mktemp(name) / "dist"
        build(dist)
        return dist
    shared = tmp_path_factory.getbasetemp().parent / name
    with FileLock(f"{shared}.lock"):
        dist = shared / "dist"
        done = shared / "built"
        if not done.is_file():
            shutil.rmtree(shared, ignore_errors=True)
            build(dist)
            done.touch()
    return dist


@pytest.fixture(scope="session")
def shared_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, Callable[[Path], None]], Path]:
    """:func:`build_once` for the fixtures of other folders (``shared_build(name, build)``)."""
    return lambda name, build: build_once(tmp_path_factory, name, build)


@pytest.fixture(scope="session")
def store_backend(request: pytest.FixtureRequest) -> str:
    """``embedded``, ``remote`` or ``virtuoso`` (see the module docstring)."""
    return str(getattr(request, "param", "embedded"))


@pytest.fixture(scope="session")
def oxigraph_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str], OxigraphServer]]:
    """Start an Oxigraph server per name (each its own location), all stopped at the end."""
    servers: dict[str, OxigraphServer] = {}

    def server(name: str) -> OxigraphServer:
        if name not in servers:
            location = tmp_path_factory.mktemp(f"oxigraph-{name}") / "store"
            servers[name] = OxigraphServer(location).start()
        return servers[name]

    try:
        yield server
    finally:
        for each in servers.values():
            each.stop()


@pytest.fixture(scope="session")
def aspen_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[Settings], str]]:
    """``aspen serve`` over a release (``Settings``: its root and dist), started the first time a
    test asks for that release and kept for the rest of the session (one per release and xdist
    worker, not one per test module: a start loads the release into two query workers and warms
    the page cache up); yields its base URL. All are stopped at the end. For tests that only
    read pages: a test that changes a server's state starts a server of its own."""
    servers: dict[tuple[Path, Path], AspenServer] = {}

    def server(settings: Settings) -> str:
        key = (settings.root.resolve(), settings.dist.resolve())
        if key not in servers:
            log = tmp_path_factory.mktemp("aspen-serve") / "server.log"
            servers[key] = AspenServer(settings, log).start()
        return servers[key].url

    try:
        yield server
    finally:
        for each in servers.values():
            each.stop()


@pytest.fixture(scope="session")
def virtuoso_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str], VirtuosoServer]]:
    """A Virtuoso server per data set; the first time one is asked for, the servers of its
    part (:data:`VIRTUOSO_PARTS`) start together; all are stopped at the end."""
    servers: dict[str, VirtuosoServer] = {}

    def server(name: str) -> VirtuosoServer:
        if name not in servers:
            part = next(names for names in VIRTUOSO_PARTS.values() if name in names)
            fresh = {
                n: VirtuosoServer(tmp_path_factory.mktemp(f"virtuoso-{n}"))
                for n in part
                if n not in servers
            }
            start_all(list(fresh.values()))
            servers.update(fresh)
        return servers[name]

    try:
        yield server
    finally:
        for each in servers.values():
            each.stop()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def catalog() -> QueryCatalog:
    return QueryCatalog(ROOT / "sparql")


def store_from_turtle(*paths: Path, catalog: QueryCatalog) -> OxigraphStore:
    """A store holding the given Turtle files (one graph each) plus derived shortcuts."""
    store = open_store()
    for path in paths:
        graph = Graph()
        graph.parse(path, format="turtle")
        store.replace_graph(f"urn:test:{path.stem}", graph)
    derive(store, catalog)
    return store


def _remote_copy(
    servers: Callable[[str], OxigraphServer], name: str, store: OxigraphStore
) -> RemoteStore:
    server = servers(name)
    server.load_nquads(store.dump_nquads())
    return server.store(timeout=30.0)


@pytest.fixture(scope="session")
def mini_store(
    catalog: QueryCatalog,
    store_backend: str,
    oxigraph_servers: Callable[[str], OxigraphServer],
    request: pytest.FixtureRequest,
) -> GraphStore:
    """The catalogue fixture (tests/fixtures/catalogue/mini.ttl) with the concept schemes."""
    store = store_from_turtle(
        FIXTURES / "catalogue" / "mini.ttl",
        ROOT / "ontology" / "aspen-schemes.ttl",
        catalog=catalog,
    )
    if store_backend == "remote":
        return _remote_copy(oxigraph_servers, "mini", store)
    if store_backend == "virtuoso":
        virtuoso: VirtuosoServer = request.getfixturevalue("virtuoso_servers")("mini")
        virtuoso.load_nquads(store.dump_nquads())
        return virtuoso.store(timeout=30.0)
    return store


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings whose dist/ holds a fresh build of the shipped data (built once per run)."""
    from aspen_graph.pipeline import run_build

    def build(dist: Path) -> None:
        result = run_build(Settings(root=ROOT, dist_dir=dist), reason=False)
        assert result.ok, result.report.summary()

    yield Settings(root=ROOT, dist_dir=build_once(tmp_path_factory, "dist", build))


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings whose dist/ holds a build of the shipped data plus ``data/examples/``."""
    from aspen_graph.pipeline import run_build

    def build(dist: Path) -> None:
        result = run_build(Settings(root=ROOT, dist_dir=dist, examples=True), reason=False)
        assert result.ok, [finding.describe() for finding in result.report.sorted()[:20]]

    dist = build_once(tmp_path_factory, "dist-examples", build)
    yield Settings(root=ROOT, dist_dir=dist, examples=True)


@pytest.fixture(scope="session")
def remote_built(built: Settings, oxigraph_servers: Callable[[str], OxigraphServer]) -> str:
    """The URL of an Oxigraph server holding the shipped build, loaded with ``aspen publish``."""
    server = oxigraph_servers("shipped")
    publish_with_cli(server.url, built.dist)
    return server.url


@pytest.fixture(scope="session")
def virtuoso_built(built: Settings, virtuoso_servers: Callable[[str], VirtuosoServer]) -> str:
    """The SPARQL endpoint of a Virtuoso holding the shipped build, loaded with ``aspen
    publish``."""
    server = virtuoso_servers("shipped")
    publish_with_cli(server.url, built.dist)
    return server.url


def _published_store(request: pytest.FixtureRequest, backend: str) -> RemoteStore:
    """The shipped build in the Oxigraph server or Virtuoso that ``aspen publish`` loaded."""
    if backend == "virtuoso":
        endpoint: str = request.getfixturevalue("virtuoso_built")
        return RemoteStore(endpoint, timeout=30.0)
    url: str = request.getfixturevalue("remote_built")
    return RemoteStore(url + "/query", timeout=30.0)


@pytest.fixture(scope="session")
def examples_store(
    built_examples: Settings,
    store_backend: str,
    oxigraph_servers: Callable[[str], OxigraphServer],
    request: pytest.FixtureRequest,
) -> GraphStore:
    """The release built with the example plans, loaded into an in-memory store (or published
    to an Oxigraph server or Virtuoso)."""
    if store_backend == "remote":
        server = oxigraph_servers("examples")
        publish_with_cli(server.url, built_examples.dist)
        return server.store(timeout=30.0)
    if store_backend == "virtuoso":
        virtuoso: VirtuosoServer = request.getfixturevalue("virtuoso_servers")("examples")
        publish_with_cli(virtuoso.url, built_examples.dist)
        return virtuoso.store(timeout=30.0)
    store = open_store()
    store.load_dataset(built_examples.dist / "aspen.nq")
    return store


@pytest.fixture(scope="session")
def shipped_store(
    built: Settings, store_backend: str, request: pytest.FixtureRequest
) -> GraphStore:
    """The shipped release loaded into an in-memory store (or, for ``remote`` and ``virtuoso``,
    the Oxigraph server or Virtuoso ``aspen publish`` loaded)."""
    if store_backend in ("remote", "virtuoso"):
        return _published_store(request, store_backend)
    store = open_store()
    store.load_dataset(built.dist / "aspen.nq")
    return store


@pytest.fixture(scope="session")
def shipped_serving_store(
    built: Settings, store_backend: str, request: pytest.FixtureRequest
) -> Iterator[SandboxStore | RemoteStore]:
    """What ``aspen serve`` serves the shipped release from: the worker pool, or the remote
    store."""
    if store_backend in ("remote", "virtuoso"):
        with _published_store(request, store_backend) as remote:
            yield remote
        return
    with SandboxStore(built.dist / "aspen.nq", workers=2, timeout=30.0) as pool:
        yield pool


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    """A fresh copy of the tiny project (tests/fixtures/projects/tiny: 3 data graphs, 2 tables,
    1 shape of its own) with the repository's ontology and queries."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "projects" / "tiny", root)
    (root / "ontology").mkdir()
    for path in (ROOT / "ontology").glob("*.ttl"):
        shutil.copy2(path, root / "ontology" / path.name)
    shutil.copytree(ROOT / "sparql", root / "sparql")
    return root
