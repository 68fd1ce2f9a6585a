"""The server's memo of assembled reports: one assembly per report however many ask at once,
none kept from an older release, request spellings bounded."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

import aspen_graph.report
from aspen_graph.api.report_memo import LIMIT, ReportMemo, _bound


def test_one_assembly_per_report_for_concurrent_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def slow_assembly(*args: Any, **kwargs: Any) -> object:
        calls.append(kwargs)
        time.sleep(0.2)  # long enough for every reader to arrive while it runs
        return object()

    monkeypatch.setattr(aspen_graph.report, "assemble_report", slow_assembly)
    memo = ReportMemo()
    key = ("r1", "vi", "plan:p", "plan-version:v")
    found: list[object] = []
    readers = [
        threading.Thread(target=lambda: found.append(memo.get(key, None, None)))  # type: ignore[arg-type]
        for _ in range(5)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(10)
    assert len(calls) == 1 and calls[0]["lang"] == "vi" and calls[0]["plan"] == "plan:p"
    assert len(found) == 5 and all(report is found[0] for report in found)
    assert key in memo
    # a new release: the old one's report is dropped when the new one's is kept
    memo.get(("r2", "vi", "plan:p", "plan-version:v"), None, None)  # type: ignore[arg-type]
    assert key not in memo and len(calls) == 2


def test_kept_spellings_are_bounded() -> None:
    kept = {n: n for n in range(LIMIT + 10)}
    _bound(kept)
    assert list(kept) == list(range(10, LIMIT + 10))
