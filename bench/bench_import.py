"""``aspen import`` at size: seconds and peak memory for a workbook of N focal-area rows.

Each size runs in its own process (``--one``), on a fresh copy of ontology/, shapes/, sparql/
and data/ (the example plan included), importing into ``plan-version:example-plan-draft-2``:

    python bench/bench_import.py --rows 100 1000 10000
    python bench/bench_import.py --rows 10000 --dry-run

Prints one JSON object per size: rows, seconds to read the workbook, seconds for the whole
import (reading, checking every row, validating the build with SHACL, writing), peak RSS (MiB),
and the exit code of the import (0 = imported).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_workbook(path: Path, rows: int) -> Path:
    """A ``focal-areas`` sheet of ``rows`` good rows under priority P5."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    from aspen_graph.sources.tables.kinds import FOCAL_AREAS

    book = Workbook(write_only=True)
    sheet = book.create_sheet(FOCAL_AREAS.name)
    sheet.append(list(FOCAL_AREAS.columns))
    for number in range(1, rows + 1):
        cells = {
            "code": f"P5.FA{number}",
            "priority": "P5",
            "label_en": f"Focal area number {number} (example)",
            "label_vi": f"Lĩnh vực trọng tâm {number} (ví dụ)",
            "sequence": str(number),
            "source": "document:example-data",
        }
        sheet.append([cells.get(column, "") for column in FOCAL_AREAS.columns])
    book.save(path)
    return path


def one(rows: int, dry_run: bool) -> dict[str, object]:
    from aspen_graph.config import Settings
    from aspen_graph.errors import DataLoadError
    from aspen_graph.pipeline.importer import import_rows
    from aspen_graph.sources.spreadsheet import read_tables

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "project"
        for name in ("ontology", "shapes", "sparql", "data"):
            shutil.copytree(ROOT / name, root / name)
        book = make_workbook(Path(scratch) / "focal-areas.xlsx", rows)
        size = book.stat().st_size
        started = time.monotonic()
        read_tables(book)
        read = time.monotonic() - started
        settings = Settings(root=root, dist_dir=root / "dist")
        started = time.monotonic()
        try:
            result = import_rows(settings, book, "example-plan-draft-2", dry_run=dry_run)
            code, problems = (0 if result.ok else 1), len(result.problems)
        except DataLoadError as error:
            code, problems = 2, 0
            print(f"refused: {error}", file=sys.stderr)
        total = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": rows,
        "bytes": size,
        "read_seconds": round(read, 2),
        "import_seconds": round(total, 2),
        "peak_rss_mib": round(peak),
        "exit": code,
        "problems": problems,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.rows[0], args.dry_run)))
        return
    for rows in args.rows:
        command = [sys.executable, __file__, "--one", "--rows", str(rows)]
        command += ["--dry-run"] if args.dry_run else []
        subprocess.run(command, check=False)


if __name__ == "__main__":
    main()
