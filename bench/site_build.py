"""``aspen site``: time and size of the static site, for the shipped release and a synthetic one.

Builds the site of ``dist/`` (``aspen build`` first) into a temporary folder, then rebuilds it
unchanged (the incremental path: every file compared, none written); then the same for the
shipped release plus a synthetic workload of ``--triples`` quads (bench/synthetic.py; 0 skips
it). Prints seconds, files, bytes and the write counts of each run. Target: the shipped data
under 60 s on a quiet machine.

    .venv/bin/python bench/site_build.py
    .venv/bin/python bench/site_build.py --triples 200000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from aspen_graph.config import Settings, get_settings
from aspen_graph.site import SiteOptions, SiteSummary, build_site

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import build_release

CACHE = Path(__file__).resolve().parent / ".cache"


def _line(name: str, summary: SiteSummary) -> str:
    counts = summary.counts
    return (
        f"{name:<28} {summary.seconds:8.1f} s {counts.files:8,} files {counts.bytes / 1e6:9.1f} MB"
        f"  written {counts.written:,}, unchanged {counts.unchanged:,}, removed {counts.removed:,}"
    )


def measure(name: str, settings: Settings) -> None:
    with tempfile.TemporaryDirectory(prefix="aspen-site-") as folder:
        out = Path(folder) / "site"
        print(_line(f"{name}: first build", build_site(settings, SiteOptions(out=out))), flush=True)
        print(_line(f"{name}: rebuild, no change", build_site(settings, SiteOptions(out=out))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=200_000, help="synthetic quads (0: none)")
    parser.add_argument("--skip-shipped", action="store_true", help="only the synthetic release")
    args = parser.parse_args(argv)
    settings = get_settings()
    if not (settings.dist / "aspen.nq").is_file():
        print("no dist/aspen.nq: run 'aspen build' first", file=sys.stderr)
        return 2
    if not args.skip_shipped:
        measure("shipped", settings)
    if args.triples:
        dist = CACHE / f"site-synthetic-{args.triples}"
        if not (dist / "aspen.nq").is_file():
            shutil.copytree(settings.dist, dist, dirs_exist_ok=True)
            timings = build_release(settings.dist / "aspen.nq", args.triples, dist / "aspen.nq")
            print(f"synthetic release: {timings['quads']:,.0f} quads")
        measure(f"synthetic {args.triples:,}", settings.model_copy(update={"dist_dir": dist}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
