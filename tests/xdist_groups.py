"""``--dist loadgroup`` for this suite: each test's group, from the workers to the scheduler.

pytest-xdist's own ``loadgroup`` renames each grouped test (``nodeid@group``) by setting
``item._nodeid``; pytest 9 keeps the id elsewhere (``item._id``), so with the pinned versions
the rename does nothing and every test is scheduled on its own (servers then start on every
worker). Here the workers write each grouped test's group to a folder the controller made
(:func:`record`), and the scheduler (:class:`GroupScheduling`, from the public
``pytest_xdist_make_scheduler`` hook) sends a group to one worker as one unit and spreads every
other test over all workers, as loadgroup means to.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadGroupScheduling

FOLDER = "TESTS_XDIST_GROUPS"
"""Environment variable naming the folder (the workers inherit it from the controller)."""


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


class GroupScheduling(LoadGroupScheduling):
    """Load scheduling where the tests of one group form one unit of work (biggest first); a
    test renamed ``nodeid@group`` (an xdist that renames again) is grouped as xdist does."""

    groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self.groups is None:  # read once every worker has collected (schedule() runs then)
            self.groups = {}
            for path in sorted(Path(os.environ[FOLDER]).glob("*.json")):
                self.groups.update(json.loads(path.read_text(encoding="utf-8")))
        group = self.groups.get(nodeid)
        return super()._split_scope(nodeid) if group is None else group
