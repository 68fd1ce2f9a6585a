"""``--dist loadgroup`` for this suite: each test's group, from the workers to the scheduler.

pytest-xdist's own ``loadgroup`` renames each grouped test (``nodeid@group``) by setting
``item._nodeid``; pytest 9 keeps the id elsewhere (``item._id``), so with the pinned versions
the rename does nothing and every test is scheduled on its own (servers then start on every
worker). Here the workers write each grouped test's group to a folder the controller made
(:func:`record`), and the scheduler (:class:`GroupScheduling`, from the public
``pytest_xdist_make_scheduler`` hook) sends a group to one worker as one unit and spreads every
other test over all workers, as loadgroup means to.

The longest units go first (:meth:`GroupScheduling.order`): a long group handed out last keeps
one worker busy while the other has nothing left to do. How long a unit takes is what its tests
took in the last run here (setup, call and teardown, kept in pytest's cache by :func:`remember`);
where this checkout has no time for some of its tests (a fresh clone, as on CI), the committed
:data:`SECONDS_FILE` (unit → seconds of a whole run); for a unit neither knows (a new test), the
number of its tests. Refresh the file after a whole ``make test``: ``make test-seconds`` (it
collects the tests and writes each unit's seconds from the cache, :func:`write_seconds`).

At the end of a run the controller prints each worker's busy time, its idle time (the run's
length less its busy time: waiting for work, or for the other worker's shared build) and the
CPU seconds of its process and its finished child processes (:class:`Workers`).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from xdist.scheduler import LoadGroupScheduling
from xdist.workermanage import WorkerController

FOLDER = "TESTS_XDIST_GROUPS"
"""Environment variable naming the folder (the workers inherit it from the controller)."""
DURATIONS = "aspen/test-seconds"
"""pytest cache key: ``{nodeid: seconds}`` of the tests' last runs (on the controller)."""
UNKNOWN_SECONDS = 1.0
"""What a test without a recorded time counts for (about the suite's mean)."""
SECONDS_FILE = Path(__file__).with_name("test-seconds.json")
"""Committed: ``{unit: seconds}`` of a whole run, every unit of at least :data:`LISTED` seconds
(a unit is a group's name, or the node id of a test of no group)."""
LISTED = 1.0
CPU = "aspen_cpu_seconds"
"""A worker's ``workeroutput`` key: its CPU seconds (its own and its finished children's)."""


def prepare(config: pytest.Config) -> None:
    """On the controller of a ``--dist loadgroup`` run: make the folder, removed at the end."""
    if hasattr(config, "workerinput") or config.getoption("dist", "no") != "loadgroup":
        return
    folder = tempfile.mkdtemp(prefix="aspen-xdist-groups-")
    os.environ[FOLDER] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def record(groups: dict[str, str], builds: dict[str, list[str]] | None = None) -> None:
    """On a worker: write its collection's ``{nodeid: group}`` and ``{nodeid: [shared builds
    it needs]}`` (every worker collects the same tests, so any one file is the whole map)."""
    folder, worker = os.environ.get(FOLDER), os.environ.get("PYTEST_XDIST_WORKER")
    if folder is None or worker is None:
        return
    path = Path(folder) / f"{worker}.json"
    text = json.dumps({"groups": groups, "builds": builds or {}})
    path.with_suffix(".tmp").write_text(text, encoding="utf-8")
    path.with_suffix(".tmp").replace(path)  # whole, or not there


def builds_apart(order: list[str], needs: dict[str, set[str]], workers: int) -> list[str]:
    """``order`` with its first ``workers`` units (each worker starts on one) chosen, longest
    first, so that no two need the same shared build (``conftest.build_once``: the release, the
    site) while a unit needing other builds or none is left: a worker that starts on a build
    another worker holds the lock of waits, idle, for all of it."""
    head: list[str] = []
    taken: set[str] = set()
    rest = list(order)
    while rest and len(head) < workers:
        pick = next((unit for unit in rest if not needs.get(unit, set()) & taken), rest[0])
        rest.remove(pick)
        head.append(pick)
        taken |= needs.get(pick, set())
    return head + rest


class Durations:
    """The controller's record of each test's seconds (all three phases), saved in the pytest
    cache at the end of the run over the times of the runs before (a partial run keeps the
    times of the tests it did not run). A plugin: pytest calls its hooks."""

    def __init__(self, config: pytest.Config) -> None:
        self.cache = getattr(config, "cache", None)  # None under -p no:cacheprovider
        self.seconds: dict[str, float] = {}

    def known(self) -> dict[str, float]:
        found = self.cache.get(DURATIONS, {}) if self.cache is not None else {}
        return found if isinstance(found, dict) else {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration

    def pytest_sessionfinish(self) -> None:
        if self.cache is not None and self.seconds:
            self.cache.set(DURATIONS, {**self.known(), **self.seconds})


class Workers:
    """The controller's account of each worker, printed at the end of the run: when its first
    test began and its last ended, the seconds spent in tests (busy) and between them (idle:
    waiting for work, or for a build another worker holds the lock of), and its CPU seconds."""

    def __init__(self) -> None:
        self.began = time.time()
        self.busy: dict[str, float] = {}
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        node = getattr(report, "node", None)  # set by xdist on the controller
        worker = getattr(getattr(node, "gateway", None), "id", None)
        if worker is None:
            return
        self.busy[worker] = self.busy.get(worker, 0.0) + report.duration
        self.first[worker] = min(self.first.get(worker, report.start), report.start)
        self.last[worker] = max(self.last.get(worker, report.stop), report.stop)

    @pytest.hookimpl(optionalhook=True)  # an xdist hook
    def pytest_testnodedown(self, node: WorkerController, error: object) -> None:
        output = getattr(node, "workeroutput", None) or {}
        if CPU in output:
            self.cpu[node.gateway.id] = float(output[CPU])

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.busy:
            return
        length = time.time() - self.began
        terminalreporter.write_sep("-", f"xdist workers (seconds from the start, {length:.0f} s)")
        for worker in sorted(self.busy):
            first, last = self.first[worker] - self.began, self.last[worker] - self.began
            busy, cpu = self.busy[worker], self.cpu.get(worker)
            terminalreporter.write_line(
                f"{worker}: tests from {first:.0f} to {last:.0f}, busy {busy:.0f}, "
                f"idle {last - first - busy:.0f}"
                + ("" if cpu is None else f", CPU {cpu:.0f} (with its finished children)")
            )


def cpu_seconds() -> float:
    """This process's CPU seconds, with those of the children it has waited for."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def remember(config: pytest.Config) -> None:
    """On the controller of a ``--dist loadgroup`` run: record the tests' times
    (:class:`Durations`) and account for the workers (:class:`Workers`)."""
    if hasattr(config, "workerinput") or config.getoption("dist", "no") != "loadgroup":
        return
    config.pluginmanager.register(Durations(config), "aspen-test-seconds")
    config.pluginmanager.register(Workers(), "aspen-xdist-workers")


def report_cpu(config: pytest.Config) -> None:
    """On a worker, at its session's end: its CPU seconds, for :class:`Workers`."""
    output = getattr(config, "workeroutput", None)
    if output is not None:
        output[CPU] = cpu_seconds()


def unit_seconds(
    groups: dict[str, str], nodeids: list[str], seconds: dict[str, float]
) -> dict[str, float]:
    """Each unit's seconds: the sum of its tests' (a test without a time counts for none)."""
    units: dict[str, float] = {}
    for nodeid in nodeids:
        unit = groups.get(nodeid, nodeid)
        units[unit] = units.get(unit, 0.0) + seconds.get(nodeid, 0.0)
    return units


def write_seconds(
    config: pytest.Config, groups: dict[str, str], nodeids: list[str], path: Path
) -> None:
    """Write :data:`SECONDS_FILE` (to ``path``): the units of this collection of at least
    :data:`LISTED` seconds by the cache's times, longest first, rounded to a tenth."""
    units = unit_seconds(groups, nodeids, Durations(config).known())
    listed = {u: round(s, 1) for u, s in sorted(units.items(), key=lambda i: -i[1]) if s >= LISTED}
    path.write_text(json.dumps(listed, indent=0) + "\n", encoding="utf-8")


def committed() -> dict[str, float]:
    """:data:`SECONDS_FILE`, or nothing where it is missing or unreadable."""
    try:
        found = json.loads(SECONDS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


class GroupScheduling(LoadGroupScheduling):
    """Load scheduling where the tests of one group form one unit of work (longest first); a
    test renamed ``nodeid@group`` (an xdist that renames again) is grouped as xdist does."""

    groups: dict[str, str] | None = None
    builds: dict[str, list[str]] | None = None
    ordered = False
    committed = staticmethod(committed)

    def order(self, units: dict[str, dict[str, bool]]) -> list[str]:
        """The units, longest first: the last run's seconds where this checkout ran all of a
        unit's tests, else the committed seconds (:data:`SECONDS_FILE`), else the last run's
        seconds with :data:`UNKNOWN_SECONDS` for each test it did not run."""
        seconds, whole_runs = Durations(self.config).known(), self.committed()

        def length(scope: str) -> float:
            if scope in whole_runs and not all(nodeid in seconds for nodeid in units[scope]):
                return float(whole_runs[scope])
            return sum(seconds.get(nodeid, UNKNOWN_SECONDS) for nodeid in units[scope])

        return sorted(units, key=length, reverse=True)

    def _assign_work_unit(self, node: WorkerController) -> None:
        if not self.ordered:  # the first call: schedule() has queued every unit
            units, builds = dict(self.workqueue), self.builds or {}
            needs = {
                scope: {build for nodeid in tests for build in builds.get(nodeid, ())}
                for scope, tests in units.items()
            }
            order = builds_apart(self.order(units), needs, len(self.nodes))
            self.workqueue.clear()
            self.workqueue.update((scope, units[scope]) for scope in order)
            self.ordered = True
        super()._assign_work_unit(node)

    def _split_scope(self, nodeid: str) -> str:
        if self.groups is None:  # read once every worker has collected (schedule() runs then)
            self.groups, self.builds = {}, {}
            for path in sorted(Path(os.environ[FOLDER]).glob("*.json")):
                recorded = json.loads(path.read_text(encoding="utf-8"))
                self.groups.update(recorded["groups"])
                self.builds.update(recorded["builds"])
        group = self.groups.get(nodeid)
        return super()._split_scope(nodeid) if group is None else group
