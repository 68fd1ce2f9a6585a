"""How long a reader waits for ``/report``: the first load and a warm one, with and without the
warm-up a server runs at start (the target: a first load under 1 s).

    .venv/bin/aspen build
    .venv/bin/python bench/report_load.py

Three servers on the built release (``dist/``), each an app on a fresh worker pool driven
through the TestClient (no network):

- ``cold``: no warm-up (an app given its store, as the tests make it): the first reader of
  each language waits for the report to be assembled (its ten queries and four charts);
- ``warmed``: an app that opens its own store, as ``aspen serve`` does, so it assembles the
  default report in English and Vietnamese in the background as it starts; the bench waits
  for that, then loads ``/report`` first in each language;
- ``warm``: the same page again (answered from the result cache).

Printed: seconds per load, the warm-up's own time, the ratio of the cold first load to the
first load after the warm-up, and the page's size.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.0
"""Seconds: the longest a first load may take."""


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def line(label: str, value: float, target: float | None = None) -> None:
    verdict = "" if target is None else ("  ok" if value < target else f"  MISSED (< {target:g} s)")
    print(f"  {label:<48} {value:8.3f} s{verdict}")


def get(client: object, url: str) -> bytes:
    response = client.get(url, headers={"Accept": "text/html"})  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:300]}")
    body: bytes = response.content
    return body


def first_load(client: object, lang: str) -> float:
    return seconds(lambda: get(client, f"/report?lang={lang}"))


def wait_for_warm_up(limit: float = 300.0) -> float:
    """Seconds until the server's warm-up thread has finished."""
    start = time.perf_counter()
    while any(t.name == "report-warm-up" for t in threading.enumerate()):
        if time.perf_counter() - start > limit:
            raise SystemExit(f"the warm-up took more than {limit:g} s")
        time.sleep(0.02)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="the built release")
    parser.add_argument("--repeat", type=int, default=5, help="warm loads to time (median)")
    args = parser.parse_args()
    if not (args.dist / "aspen.nq").is_file():
        raise SystemExit(f"{args.dist / 'aspen.nq'}: not found; run 'aspen build' first")

    from fastapi.testclient import TestClient

    from aspen_graph.api import create_app
    from aspen_graph.config import Settings
    from aspen_graph.store import SandboxStore

    settings = Settings(root=ROOT, dist_dir=args.dist)
    print(f"/report on {args.dist}")

    print("cold (no warm-up):")
    with (
        SandboxStore(args.dist / "aspen.nq", workers=2, timeout=60.0) as pool,
        TestClient(create_app(settings, pool)) as client,
    ):
        cold = {lang: first_load(client, lang) for lang in ("en", "vi")}
        for lang, value in cold.items():
            line(f"first load, {lang}", value, TARGET)

    print("warmed (a server that opens its store: warm-up at start):")
    with TestClient(create_app(settings)) as client:
        warm_up = wait_for_warm_up()
        line("warm-up (in the background, en + vi)", warm_up)
        first = {lang: first_load(client, lang) for lang in ("en", "vi")}
        for lang, value in first.items():
            line(f"first load, {lang}", value, TARGET)
        size = len(get(client, "/report"))
        warm = statistics.median(
            seconds(lambda: get(client, "/report")) for _ in range(max(1, args.repeat))
        )
        line(f"warm load, en (median of {args.repeat})", warm, TARGET)
        csv_first = seconds(lambda: get(client, "/report/tables/coverage-by-element.csv"))
        line("a table's CSV, first", csv_first, TARGET)

    for lang in ("en", "vi"):
        print(f"  ratio cold / warmed first load, {lang}: {cold[lang] / first[lang]:.1f}x")
    print(f"  ratio cold first / warm load, en: {cold['en'] / warm:.1f}x")
    print(f"  page size, en: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
