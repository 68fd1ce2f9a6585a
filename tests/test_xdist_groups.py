"""The suite's own xdist scheduling (tests/xdist_groups.py, tests/conftest.py): units longest
first by the last run's seconds, test count where no run left a time; the [virtuoso] parts."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from virtuoso_server import VIRTUOSO_PARTS, virtuoso_part
from xdist_groups import (
    DURATIONS,
    LISTED,
    SECONDS_FILE,
    GroupScheduling,
    builds_apart,
    unit_seconds,
    write_seconds,
)


class Cache:
    def __init__(self, known: dict[str, float]) -> None:
        self.known = known

    def get(self, key: str, default: Any) -> Any:
        return self.known if key == DURATIONS else default


def ordered(
    known: dict[str, float], units: dict[str, list[str]], committed: dict[str, float] | None = None
) -> list[str]:
    scheduling = GroupScheduling.__new__(GroupScheduling)  # order() needs only the config
    scheduling.config = SimpleNamespace(cache=Cache(known))  # type: ignore[assignment]
    scheduling.committed = lambda: committed or {}  # type: ignore[method-assign]
    return scheduling.order({scope: dict.fromkeys(ids, False) for scope, ids in units.items()})


UNITS = {"a::one": ["a::one"], "virtuoso": ["v1", "v2", "v3"], "browser": ["b1", "b2"]}


def test_units_go_longest_first_by_the_last_run() -> None:
    known = {"a::one": 50.0, "v1": 1.0, "v2": 1.0, "v3": 1.0, "b1": 30.0, "b2": 5.0}
    assert ordered(known, UNITS) == ["a::one", "browser", "virtuoso"]


def test_without_times_the_biggest_units_go_first() -> None:
    assert ordered({}, UNITS) == ["virtuoso", "browser", "a::one"]
    # a test the last run did not see counts as one second
    assert ordered({"b1": 0.5, "b2": 0.5}, UNITS) == ["virtuoso", "a::one", "browser"]


def test_a_fresh_clone_orders_by_the_committed_seconds() -> None:
    committed = {"a::one": 40.0, "browser": 90.0, "virtuoso": 3.0}
    assert ordered({}, UNITS, committed) == ["browser", "a::one", "virtuoso"]
    # a unit the file does not list (under a second, or new) counts its tests
    assert ordered({}, UNITS, {"a::one": 40.0}) == ["a::one", "virtuoso", "browser"]


def test_this_checkouts_times_win_where_they_cover_the_whole_unit() -> None:
    committed = {"a::one": 40.0, "browser": 90.0, "virtuoso": 3.0}
    known = {"b1": 1.0, "b2": 1.0, "v1": 1.0}  # browser ran here; virtuoso only in part
    assert ordered(known, UNITS, committed) == ["a::one", "virtuoso", "browser"]


def test_the_workers_start_on_units_needing_different_shared_builds() -> None:
    order = ["site", "accessibility", "w3id", "journeys", "shacl", "small"]
    needs = {
        "site": {"built", "site"},
        "accessibility": {"built"},
        "w3id": {"built", "site"},
        "journeys": {"built_examples"},
        "shacl": {"built_examples"},
    }
    # the second worker starts on the longest unit that does not wait for the first one's build
    assert builds_apart(order, needs, 2) == [
        "site",
        "journeys",
        "accessibility",
        "w3id",
        "shacl",
        "small",
    ]
    assert builds_apart(order, needs, 3)[:3] == ["site", "journeys", "small"]
    # where every unit waits for the same build, the order stays longest first
    assert builds_apart(["a", "b"], {"a": {"built"}, "b": {"built"}}, 2) == ["a", "b"]
    assert builds_apart(order, {}, 2) == order


def test_unit_seconds_sum_a_groups_tests() -> None:
    groups = {"v1": "virtuoso", "v2": "virtuoso", "b1": "browser"}
    seconds = {"v1": 2.0, "v2": 3.5, "b1": 1.0, "a::one": 0.25}
    units = unit_seconds(groups, ["v1", "v2", "b1", "a::one", "a::new"], seconds)
    assert units == {"virtuoso": 5.5, "browser": 1.0, "a::one": 0.25, "a::new": 0.0}


def test_the_written_file_lists_the_units_of_a_second_or_more(tmp_path: Path) -> None:
    config = SimpleNamespace(cache=Cache({"v1": 2.04, "v2": 3.0, "b1": 0.5, "a::one": 7.0}))
    path = tmp_path / "seconds.json"
    groups = {"v1": "virtuoso", "v2": "virtuoso", "b1": "browser"}
    write_seconds(config, groups, ["v1", "v2", "b1", "a::one"], path)  # type: ignore[arg-type]
    assert LISTED == 1.0
    assert list(json.loads(path.read_text())) == ["a::one", "virtuoso"]  # longest first
    assert json.loads(path.read_text()) == {"a::one": 7.0, "virtuoso": 5.0}


def test_the_committed_file_is_unit_seconds() -> None:
    committed = json.loads(SECONDS_FILE.read_text(encoding="utf-8"))
    assert committed and all(
        isinstance(unit, str) and isinstance(s, float) and s >= LISTED
        for unit, s in committed.items()
    )


@pytest.mark.parametrize(
    ("fixtures", "part"),
    [
        ({"mini_store", "catalog"}, "mini"),
        ({"shipped_store"}, "shipped"),
        ({"client", "shipped_serving_store"}, "shipped"),
        ({"examples_store", "mini_store"}, "shipped"),
    ],
)
def test_virtuoso_parts(fixtures: set[str], part: str) -> None:
    assert virtuoso_part(SimpleNamespace(fixturenames=fixtures)) == part  # type: ignore[arg-type]
    assert set(VIRTUOSO_PARTS) == {"mini", "shipped"}
    assert sorted(n for names in VIRTUOSO_PARTS.values() for n in names) == [
        "examples",
        "mini",
        "shipped",
    ]
