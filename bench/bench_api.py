"""HTTP benchmark: aspen serve vs Oxigraph server vs rdflib-endpoint, with wrk, interleaved.

For each size, the same release (shipped data + a synthetic graph) is served by every server;
each query of the mix is then run with wrk against every server in turn (one interleaved run,
so machine noise hits all of them alike), at concurrency 1 and 16. The report gives ratios
(ours ÷ theirs), not absolute times.

    python bench/bench_api.py --sizes 10000 200000 --seconds 3 --out bench/results
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import Server, start_aspen, start_oxigraph, start_rdflib_endpoint
from synthetic import build_release

from aspen_graph.config import get_settings
from aspen_graph.curie import expand
from aspen_graph.queries import QueryCatalog, QuerySpec

JSON_RESULTS = "application/sparql-results+json"
TURTLE = "text/turtle"
REQUIRED = {
    "element": "priority:aspen-2026-2035-p2",
    "target": "14.1",
    "framework": "agreement:kmgbf",
}
RAW = {
    "raw-select-labels": (
        "SELECT ?s ?label WHERE { ?s a <https://w3id.org/aspen/ont/Intervention> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 100",
        JSON_RESULTS,
    ),
    "raw-construct-alignments": (
        "CONSTRUCT { ?a ?p ?o } WHERE { ?a a <https://w3id.org/aspen/ont/Alignment> ; "
        "<https://w3id.org/aspen/ont/alignmentSource> "
        "<https://w3id.org/aspen/id/priority/aspen-2026-2035-p2> ; ?p ?o }",
        TURTLE,
    ),
    "raw-describe-priority": (
        "DESCRIBE <https://w3id.org/aspen/id/priority/aspen-2026-2035-p2>",
        TURTLE,
    ),
}


@dataclass
class Measure:
    query: str
    server: str
    concurrency: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _term(kind: str, value: str) -> str:
    if kind == "iri":
        return f"<{expand(value)}>"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def inline_defaults(spec: QuerySpec) -> str:
    """The query text with its parameters bound by a VALUES block at the top of WHERE."""
    names, values = [], []
    for param in spec.params:
        value = REQUIRED.get(param.name) if param.required else param.default
        if value is None:
            continue
        names.append(f"?{param.name}")
        values.append(_term(param.type, value))
    if not names:
        return spec.text
    block = f"VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}"
    match = re.search(r"\bWHERE\s*\{", spec.text, re.IGNORECASE)
    if match is None:
        raise ValueError(f"{spec.name}: no WHERE")
    return spec.text[: match.end()] + "\n  " + block + spec.text[match.end() :]


def _without_header(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def query_mix(catalog: QueryCatalog) -> dict[str, tuple[str, str]]:
    mix = {
        spec.name: (_without_header(inline_defaults(spec)), JSON_RESULTS)
        for spec in catalog.in_group("api")
    }
    mix.update(RAW)
    return mix


_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(
    url: str, accept: str, concurrency: int, seconds: float
) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, errors) of one wrk run."""
    threads = 1 if concurrency == 1 else 2
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "30s",
            "-H",
            f"Accept: {accept}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    latency = {m.group(1): float(m.group(2)) * _UNIT[m.group(3)] for m in _LATENCY.finditer(output)}
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"timeout (\d+)"):
        found = re.search(pattern, output)
        errors += int(found.group(1)) if found else 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+)", output)
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    return rps, latency.get("50", math.nan), latency.get("99", math.nan), errors


def check_answers(servers: list[Server], mix: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Every server answers every SELECT of the mix with the same number of rows."""
    problems = {}
    for name, (text, accept) in mix.items():
        if accept != JSON_RESULTS:
            continue
        counts = {}
        for server in servers:
            url = server.sparql + "?" + urllib.parse.urlencode({"query": text})
            request = urllib.request.Request(url, headers={"Accept": accept})
            timeout = 60 if server.name == "rdflib-endpoint" else 300
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    counts[server.name] = len(json.load(response)["results"]["bindings"])
            except Exception as error:  # a server's failure is a finding, not a crash
                counts[server.name] = f"error {error}"  # type: ignore[assignment]
        if len({str(v) for v in counts.values()}) > 1:
            problems[name] = json.dumps(counts)
    return problems


def geometric_mean(values: list[float]) -> float:
    positive = [v for v in values if v > 0 and math.isfinite(v)]
    return math.exp(sum(math.log(v) for v in positive) / len(positive)) if positive else math.nan


def bench_size(size: int, args: argparse.Namespace, catalog: QueryCatalog) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix=f"aspen-bench-{size}-"))
    dist = workdir / "dist"
    shutil.copytree(get_settings().dist, dist)
    nquads = dist / "aspen.nq"
    build = build_release(get_settings().dist / "aspen.nq", size, nquads)
    ntriples_mib = nquads.stat().st_size / 2**20
    mix = query_mix(catalog)
    if args.queries:
        mix = {name: mix[name] for name in args.queries}
    servers = [
        start_aspen(dist, cache=True),
        start_aspen(dist, cache=False),
        start_oxigraph(nquads),
    ]
    if not args.skip_rdflib:
        servers.append(start_rdflib_endpoint(nquads))
    measures: list[Measure] = []
    try:
        mismatches = check_answers(servers, mix)
        for name, (text, accept) in mix.items():
            for concurrency in args.concurrency:
                for server in servers:
                    url = server.sparql + "?" + urllib.parse.urlencode({"query": text})
                    seconds = (
                        args.seconds if server.name != "rdflib-endpoint" else args.rdflib_seconds
                    )
                    rps, p50, p99, errors = run_wrk(url, accept, concurrency, seconds)
                    measures.append(Measure(name, server.name, concurrency, rps, p50, p99, errors))
                    print(
                        f"{size:>8} {name:32} c={concurrency:<3} {server.name:16} "
                        f"{rps:9.1f} req/s  p50 {p50:8.2f} ms  p99 {p99:8.2f} ms  errors {errors}",
                        flush=True,
                    )
        memory = {server.name: server.rss_mib() for server in servers}
        startup = {server.name: server.startup_seconds for server in servers}
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "size": size,
        "quads": build["quads"],
        "nquads_mib": ntriples_mib,
        "memory_mib": memory,
        "startup_seconds": startup,
        "answer_mismatches": mismatches,
        "measures": [asdict(m) for m in measures],
    }


def ratio_table(result: dict[str, object]) -> str:
    """Markdown: per query and concurrency, throughput ratios and our p99."""
    measures = [Measure(**m) for m in result["measures"]]  # type: ignore[arg-type]
    index = {(m.query, m.server, m.concurrency): m for m in measures}
    queries = sorted({m.query for m in measures})
    concurrencies = sorted({m.concurrency for m in measures})
    servers = {m.server for m in measures}
    lines = [
        "| query | c | ours÷oxigraph (cache) | ours÷oxigraph (no cache) | ours÷rdflib-endpoint | our p99 ms (no cache) |",
        "|---|---|---|---|---|---|",
    ]
    summary: dict[tuple[str, int], list[float]] = {}
    for query in queries:
        for c in concurrencies:
            ours = index[(query, "aspen", c)].requests_per_second
            bare = index[(query, "aspen-nocache", c)].requests_per_second
            oxi = index[(query, "oxigraph", c)].requests_per_second
            cells = [f"{ours / oxi:.2f}" if oxi else "∞", f"{bare / oxi:.2f}" if oxi else "∞"]
            summary.setdefault(("cache", c), []).append(ours / oxi if oxi else math.nan)
            summary.setdefault(("nocache", c), []).append(bare / oxi if oxi else math.nan)
            if "rdflib-endpoint" in servers:
                rdf = index[(query, "rdflib-endpoint", c)].requests_per_second
                cells.append(f"{bare / rdf:.0f}" if rdf else "> all (0 req/s)")
                if rdf:
                    summary.setdefault(("rdflib", c), []).append(bare / rdf)
            else:
                cells.append("—")
            cells.append(f"{index[(query, 'aspen-nocache', c)].p99_ms:.1f}")
            lines.append(f"| {query} | {c} | " + " | ".join(cells) + " |")
    for c in concurrencies:
        lines.append(
            f"| **geometric mean** | {c} | **{geometric_mean(summary.get(('cache', c), [])):.2f}** | "
            f"**{geometric_mean(summary.get(('nocache', c), [])):.2f}** | "
            f"**{geometric_mean(summary.get(('rdflib', c), [])):.0f}** | |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 200_000])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rdflib-seconds", type=float, default=5.0)
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--queries", nargs="*", help="only these queries of the mix")
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    catalog = QueryCatalog(get_settings().sparql_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for size in args.sizes:
        result = bench_size(size, args, catalog)
        (args.out / f"api-{size}-{stamp}.json").write_text(json.dumps(result, indent=1))
        table = ratio_table(result)
        (args.out / f"api-{size}-{stamp}.md").write_text(table + "\n")
        print(f"\n## ~{size:,} synthetic triples ({result['quads']:,.0f} quads)\n\n{table}\n")
        print(f"memory MiB: {result['memory_mib']}; N-Quads file {result['nquads_mib']:.1f} MiB")
        print(
            f"startup s: {result['startup_seconds']}; answer mismatches: {result['answer_mismatches']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
