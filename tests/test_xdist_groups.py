"""The suite's own xdist scheduling (tests/xdist_groups.py, tests/conftest.py): units longest
first by the last run's seconds, test count where no run left a time; the [virtuoso] parts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from virtuoso_server import VIRTUOSO_PARTS, virtuoso_part
from xdist_groups import DURATIONS, GroupScheduling


class Cache:
    def __init__(self, known: dict[str, float]) -> None:
        self.known = known

    def get(self, key: str, default: Any) -> Any:
        return self.known if key == DURATIONS else default


def ordered(known: dict[str, float], units: dict[str, list[str]]) -> list[str]:
    scheduling = GroupScheduling.__new__(GroupScheduling)  # order() needs only the config
    scheduling.config = SimpleNamespace(cache=Cache(known))  # type: ignore[assignment]
    return scheduling.order({scope: dict.fromkeys(ids, False) for scope, ids in units.items()})


UNITS = {"a::one": ["a::one"], "virtuoso": ["v1", "v2", "v3"], "browser": ["b1", "b2"]}


def test_units_go_longest_first_by_the_last_run() -> None:
    known = {"a::one": 50.0, "v1": 1.0, "v2": 1.0, "v3": 1.0, "b1": 30.0, "b2": 5.0}
    assert ordered(known, UNITS) == ["a::one", "browser", "virtuoso"]


def test_without_times_the_biggest_units_go_first() -> None:
    assert ordered({}, UNITS) == ["virtuoso", "browser", "a::one"]
    # a test the last run did not see counts as one second
    assert ordered({"b1": 0.5, "b2": 0.5}, UNITS) == ["virtuoso", "a::one", "browser"]


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
