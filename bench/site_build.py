"""``aspen site``: time, CPU and size of the static site, for the shipped release and a synthetic one.

For the shipped release (``dist/``, ``aspen build`` first), in one run so the load is alike:
a first build with ``--jobs 1`` (serial) and one with ``--jobs N`` (default one per CPU) into
fresh folders, then an incremental rebuild after a one-triple change (a note on a goal: six
files change); then a first build and an unchanged rebuild of the shipped release plus a
synthetic workload of ``--triples`` quads (bench/synthetic.py; 0 skips it). Prints wall
seconds, CPU seconds (this process and its finished children: the rendering processes and
their query workers), files, MB, write counts, the load average and the peak RSS. Target: the
shipped data under 60 s on a quiet machine.

    .venv/bin/python bench/site_build.py
    .venv/bin/python bench/site_build.py --triples 200000 --skip-shipped
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from aspen_graph.config import Settings, get_settings
from aspen_graph.site import SiteOptions, build_site

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import build_release

CACHE = Path(__file__).resolve().parent / ".cache"
GOAL = "https://w3id.org/aspen/id/goal/aspen-2026-2035-g1"


def _cpu() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(name: str, settings: Settings, out: Path, jobs: int | None) -> None:
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), _cpu()
    summary = build_site(settings, SiteOptions(out=out, jobs=jobs))
    wall, used = time.perf_counter() - started, _cpu() - cpu
    counts = summary.counts
    print(
        f"{name:<34} jobs {summary.jobs}  {wall:7.1f} s wall {used:7.1f} s CPU"
        f" {counts.files:7,} files {counts.bytes / 1e6:7.1f} MB  written {counts.written:,},"
        f" unchanged {counts.unchanged:,}  load {load:.1f}",
        flush=True,
    )


def one_more_triple(dist: Path, into: Path) -> Path:
    shutil.copytree(dist, into)
    quads = (into / "aspen.nq").read_text("utf-8").splitlines()
    graph = next(line.rsplit(" ", 2)[-2] for line in quads if line.startswith(f"<{GOAL}> "))
    quads.append(f'<{GOAL}> <http://example.org/bench#note> "one more triple" {graph} .')
    (into / "aspen.nq").write_text("\n".join(quads) + "\n", "utf-8")
    return into


def peak_rss() -> str:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"peak RSS: build process {own:.0f} MB, largest child {child:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=200_000, help="synthetic quads (0: none)")
    parser.add_argument("--skip-shipped", action="store_true", help="only the synthetic release")
    parser.add_argument("--jobs", type=int, default=None, help="parallel processes (default: CPUs)")
    args = parser.parse_args(argv)
    settings = get_settings()
    if not (settings.dist / "aspen.nq").is_file():
        print("no dist/aspen.nq: run 'aspen build' first", file=sys.stderr)
        return 2
    print(f"{os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="aspen-site-") as folder:
        root = Path(folder)
        if not args.skip_shipped:
            run("shipped: first build, serial", settings, root / "serial", 1)
            run("shipped: first build, parallel", settings, root / "parallel", args.jobs)
            changed = one_more_triple(settings.dist, root / "dist")
            changed_settings = settings.model_copy(update={"dist_dir": changed})
            run("shipped: rebuild, one triple more", changed_settings, root / "parallel", args.jobs)
        if args.triples:
            dist = CACHE / f"site-synthetic-{args.triples}"
            if not (dist / "aspen.nq").is_file():
                shutil.copytree(settings.dist, dist, dirs_exist_ok=True)
                timings = build_release(settings.dist / "aspen.nq", args.triples, dist / "aspen.nq")
                print(f"synthetic release: {timings['quads']:,.0f} quads")
            synthetic = settings.model_copy(update={"dist_dir": dist})
            name = f"{args.triples:,} triples"
            run(f"{name}: first build", synthetic, root / "synthetic", args.jobs)
            run(f"{name}: rebuild, no change", synthetic, root / "synthetic", args.jobs)
    print(peak_rss())
    return 0


if __name__ == "__main__":
    sys.exit(main())
