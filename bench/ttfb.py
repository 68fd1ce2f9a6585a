"""Time to first byte of the site's HTML pages and of search, through ``aspen serve``.

Every page type of the browser tests' list (``PAGES`` in tests/api/test_site_browser.py, the one
list; a page type added there is measured here too), asked for as a browser asks
(``Accept: text/html``) in English and Vietnamese: the **first** request of each page type after
the server started (nothing of it cached yet; one sample per language, so the column is the
worse of two) and then ``--requests`` **warm** requests each, p50 and p95. Search: ``GET
/search?q=…`` (the HTML page) and ``GET /search/suggest?q=…`` (the autocomplete's JSON) over a
fixed mix of codes, English words and Vietnamese words with and without diacritics.
``--downloads``: instead, the JSON, CSV and XLSX answers of ``/gaps``, ``/coverage`` and
``/alignments`` (``DOWNLOADS``), each asked with its own ``Accept``.

TTFB is the time from sending the request on a kept-alive connection to having the status line
and headers (``http.client``'s ``getresponse()``); the body is then read in full.

    .venv/bin/aspen build
    .venv/bin/python bench/ttfb.py                                   # the shipped data
    .venv/bin/python bench/ttfb.py --dist bench/.cache/dist-2000000  # the 2M workload

The 2M release is built as in ``bench/scale.py`` (``bench/synthetic.py --triples 2000000``, then
``aspen build --include``). Targets (issue 15): page p95 < 100 ms on the shipped data, < 300 ms at
2M; search p95 < 50 ms at 2M.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "api"))
sys.path.insert(0, str(ROOT / "tests"))

from servers import free_port, spawn, stop, wait_until_up  # noqa: E402
from test_site_browser import PAGES  # noqa: E402  (the one list of page types)

LANGS = ("en", "vi")
SEARCHES = (
    "14.1",
    "GBF 7",
    "marine",
    "plastic pollution",
    "biodiversity",
    "climate change adaptation",
    "đa dạng sinh học",
    "da dang sinh hoc",
    "ô nhiễm",
    "o nhiem",
    "wetlands",
    "SDG 6",
)
"""Codes as people type them, English words, Vietnamese with and without diacritics."""
NATIONAL = {"national-plan": "/id/plan/example-vn-nsep"}
"""A member state's plan of the synthetic workload: a page that grows with it (2M only)."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = {
    "gaps": "/gaps?challenge=pollution",
    "coverage": "/coverage",
    "alignments": "/alignments?element=priority:aspen-2026-2035-p2",
}
"""``--downloads``: the programs' answers of these routes, each as JSON, CSV and XLSX."""
SEARCH_ROUTES = (
    ("/search", "/search?q=", "text/html"),
    ("/search/suggest", "/search/suggest?q=", "application/json"),
)
DOWNLOAD_TYPES = {"json": "application/json", "csv": "text/csv", "xlsx": XLSX}
TARGETS = {"page_p95_ms": (100.0, 300.0), "search_p95_ms": (None, 50.0)}
"""Target per figure: (shipped data, 2M workload)."""


def with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


class Client:
    """One kept-alive HTTP/1.1 connection to the server; times each request's first byte."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=1800)

    def ttfb(self, path: str, accept: str = "text/html") -> tuple[float, int]:
        """Seconds to the first byte (status line and headers) and the status code."""
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Accept": accept})
        response = self.connection.getresponse()
        first = time.perf_counter() - started
        response.read()
        return first, response.status

    def close(self) -> None:
        self.connection.close()


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures(times: list[float]) -> dict[str, float]:
    return {
        "n": len(times),
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "max_ms": max(times) * 1000,
    }


def downloads() -> dict[str, tuple[str, str]]:
    """Name → (path, Accept) of every download measured by ``--downloads``."""
    out = {}
    for name, path in DOWNLOADS.items():
        for fmt, accept in DOWNLOAD_TYPES.items():
            asked = (
                path if fmt == "json" else path + ("&" if "?" in path else "?") + f"format={fmt}"
            )
            out[f"{name}.{fmt}"] = (asked, accept)
    return out


def measure(
    base: str, pages: dict[str, str], requests: int, accepts: dict[str, str] | None = None
) -> dict[str, Any]:
    """Pages (``Accept: text/html``, or ``accepts[name]``), then search unless ``accepts``."""
    client = Client(base)
    out: dict[str, Any] = {"pages": {}, "search": {}}
    try:
        for name, path in pages.items():
            accept = (accepts or {}).get(name, "text/html")
            first: list[float] = []
            warm: list[float] = []
            statuses = set()
            for lang in LANGS:
                seconds, status = client.ttfb(with_lang(path, lang), accept)
                first.append(seconds)
                statuses.add(status)
            for i in range(requests):
                seconds, status = client.ttfb(with_lang(path, LANGS[i % len(LANGS)]), accept)
                warm.append(seconds)
                statuses.add(status)
            out["pages"][name] = {
                "path": path,
                "status": sorted(statuses),
                "first_ms": max(first) * 1000,
                **figures(warm),
            }
            print(
                f"  {name:16} {sorted(statuses)} first {max(first) * 1000:8.1f} ms  {figures(warm)}",
                flush=True,
            )
        for name, path, accept in () if accepts else SEARCH_ROUTES:
            times = []
            codes: dict[str, list[int]] = {}
            for i in range(max(requests, len(SEARCHES)) * 2):
                q = SEARCHES[i % len(SEARCHES)]
                seconds, status = client.ttfb(path + quote(q), accept)
                codes.setdefault(q, []).append(status)
                times.append(seconds)
            failed = {q: c for q, c in codes.items() if set(c) != {200}}
            out["search"][name] = {**figures(times), "status": failed or 200}
            print(f"  {name:16} {figures(times)} not 200: {failed}", flush=True)
    finally:
        client.close()
    return out


def table(result: dict[str, Any], big: bool) -> str:
    """The Markdown table of one run (bench/README.md)."""
    page_target = TARGETS["page_p95_ms"][1 if big else 0]
    search_target = TARGETS["search_p95_ms"][1 if big else 0]
    lines = [
        "| page type | status | first ms | p50 ms | p95 ms | max ms | target p95 |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for name, row in result["pages"].items():
        met = "met" if row["p95_ms"] < page_target else "**missed**"
        lines.append(
            f"| {name} | {'/'.join(map(str, row['status']))} | {row['first_ms']:.1f} | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['max_ms']:.1f} | "
            f"< {page_target:.0f} ms — {met} |"
        )
    for name, row in result["search"].items():
        if search_target is None:
            met = "(target at 2M only)"
        else:
            met = f"< {search_target:.0f} ms — " + (
                "met" if row["p95_ms"] < search_target else "**missed**"
            )
        lines.append(
            f"| search `{name}` | {row['status']} | — | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['max_ms']:.1f} | {met} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="the release folder")
    parser.add_argument("--requests", type=int, default=40, help="warm requests per page type")
    parser.add_argument("--big", action="store_true", help="hold to the 2M targets")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument(
        "--pages", nargs="+", metavar="NAME", help="only these page types (default: all)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        help="seconds to wait once the server is up before measuring: its start-up warm-ups "
        "(report, search index, entry pages) then do not compete with the first pages measured",
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        help="ASPEN_QUERY_TIMEOUT for the server (default: its own, 10 s; at 2M the search "
        "index's query needs more, see bench/README.md)",
    )
    parser.add_argument(
        "--downloads",
        action="store_true",
        help="measure the JSON, CSV and XLSX answers of /gaps, /coverage and /alignments "
        "(DOWNLOADS) instead of the pages and search",
    )
    args = parser.parse_args()
    big = args.big or "2000000" in str(args.dist)
    pages = {**PAGES, **(NATIONAL if big else {})}
    accepts = None
    if args.downloads:
        asked = downloads()
        pages = {name: path for name, (path, _) in asked.items()}
        accepts = {name: accept for name, (_, accept) in asked.items()}
    if args.pages:
        unknown = sorted(set(args.pages) - set(pages))
        if unknown:
            parser.error(f"no page type {unknown[0]!r}: use {', '.join(pages)}")
        pages = {name: path for name, path in pages.items() if name in args.pages}
    env = {"ASPEN_DIST_DIR": str(args.dist.resolve())}  # otherwise the defaults of `aspen serve`
    if args.query_timeout:
        env["ASPEN_QUERY_TIMEOUT"] = str(args.query_timeout)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = spawn([str(Path(sys.executable).parent / "aspen"), "serve", "--port", str(port)], env)
    try:
        wait_until_up(base + "/health", timeout=900)
        print(
            f"aspen serve on {args.dist}: up in {time.perf_counter() - started:.1f} s", flush=True
        )
        time.sleep(args.settle)
        result = measure(base, pages, args.requests, accepts)
    finally:
        stop(process)
    result["dist"] = str(args.dist)
    result["query_timeout"] = args.query_timeout
    result["settle"] = args.settle
    print()
    print(table(result, big))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
