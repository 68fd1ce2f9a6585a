"""The examples in the package's docstrings run, and say what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import aspen_graph

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(aspen_graph.__path__, prefix="aspen_graph.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    failures, _tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert failures == 0, f"{failures} doctest example(s) failed in {name}"


def test_doctests_exist() -> None:
    """Guard against a collection that silently finds nothing."""
    total = 0
    for name in MODULES:
        finder = doctest.DocTestFinder()
        total += sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
    assert total >= 30
