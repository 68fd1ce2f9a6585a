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
took in the last run (setup, call and teardown, kept in pytest's cache by :func:`remember`);
where no run left a time (a fresh clone, a new test), the number of its tests, as xdist orders.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
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


def prepare(config: pytest.Config) -> None:
    """On the controller of a ``--dist loadgroup`` run: make the folder, removed at the end."""
    if hasattr(config, "workerinput") or config.getoption("dist", "no") != "loadgroup":
        return
    folder = tempfile.mkdtemp(prefix="aspen-xdist-groups-")
    os.environ[FOLDER] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def record(groups: dict[str, str]) -> None:
    """On a worker: write its collection's ``{nodeid: group}`` (every worker collects the same
    tests, so any one file is the whole map)."""
    folder, worker = os.environ.get(FOLDER), os.environ.get("PYTEST_XDIST_WORKER")
    if folder is None or worker is None:
        return
    path = Path(folder) / f"{worker}.json"
    path.with_suffix(".tmp").write_text(json.dumps(groups), encoding="utf-8")
    path.with_suffix(".tmp").replace(path)  # whole, or not there


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


def remember(config: pytest.Config) -> None:
    """On the controller of a ``--dist loadgroup`` run: record the tests' times
    (:class:`Durations`)."""
    if hasattr(config, "workerinput") or config.getoption("dist", "no") != "loadgroup":
        return
    config.pluginmanager.register(Durations(config), "aspen-test-seconds")


class GroupScheduling(LoadGroupScheduling):
    """Load scheduling where the tests of one group form one unit of work (longest first); a
    test renamed ``nodeid@group`` (an xdist that renames again) is grouped as xdist does."""

    groups: dict[str, str] | None = None
    ordered = False

    def order(self, units: dict[str, dict[str, bool]]) -> list[str]:
        """The units, longest first (last run's seconds, else :data:`UNKNOWN_SECONDS` a test)."""
        seconds = Durations(self.config).known()

        def length(scope: str) -> float:
            return sum(seconds.get(nodeid, UNKNOWN_SECONDS) for nodeid in units[scope])

        return sorted(units, key=length, reverse=True)

    def _assign_work_unit(self, node: WorkerController) -> None:
        if not self.ordered:  # the first call: schedule() has queued every unit
            units = dict(self.workqueue)
            self.workqueue.clear()
            self.workqueue.update((scope, units[scope]) for scope in self.order(units))
            self.ordered = True
        super()._assign_work_unit(node)

    def _split_scope(self, nodeid: str) -> str:
        if self.groups is None:  # read once every worker has collected (schedule() runs then)
            self.groups = {}
            for path in sorted(Path(os.environ[FOLDER]).glob("*.json")):
                self.groups.update(json.loads(path.read_text(encoding="utf-8")))
        group = self.groups.get(nodeid)
        return super()._split_scope(nodeid) if group is None else group
