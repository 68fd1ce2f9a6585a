"""The suggestions a reviewer rejected, remembered per plan version so that the same pair is not
proposed again: ``data/versions/<version>/suggestions-rejected.csv``.

Columns ``source,target,rejected_by,date``, one line per pair (source and target CURIEs as the
review file wrote them), sorted by pair, UTF-8 with ``\\n`` line ends. It is a record of the
review loop, not a table of the graph: no triple comes of it
(:func:`~aspen_graph.sources.tables.context.folder_tables` leaves it out), ``aspen import`` of a
review file writes it, ``aspen suggest`` reads it (:func:`read_rejections`), and the build copies
every version's pairs into the release (``dist/suggestions-rejected.csv``) for the API's
suggester.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aspen_graph.errors import DataLoadError
from aspen_graph.sources.folders import read_text

REJECTED_FILE = "suggestions-rejected.csv"
REJECTED_COLUMNS = ("source", "target", "rejected_by", "date")


@dataclass(frozen=True, slots=True)
class Rejection:
    """One rejected pair: who rejected it (an agent key, or "") and when (YYYY-MM-DD)."""

    source: str
    target: str
    rejected_by: str = ""
    date: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return (self.source, self.target)


def read_rejections(folder: Path) -> list[Rejection]:
    """The rejections of the version whose folder is ``folder`` (none when it has no file).

    A file without the four columns is broken input naming the file and line 1."""
    path = folder / REJECTED_FILE
    if not path.is_file():
        return []
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    header = [column.strip() for column in next(reader, [])]
    if tuple(header) != REJECTED_COLUMNS:
        raise DataLoadError(
            f"expected the columns {','.join(REJECTED_COLUMNS)}", path=str(path), line=1
        )
    found = []
    for cells in reader:
        cells = [cell.strip() for cell in cells] + [""] * (len(REJECTED_COLUMNS) - len(cells))
        if cells[0] and cells[1]:
            found.append(Rejection(*cells[: len(REJECTED_COLUMNS)]))
    return found


def rejected_pairs(folder: Path) -> set[tuple[str, str]]:
    """(source, target) of every rejection of the version whose folder is ``folder``."""
    return {rejection.pair for rejection in read_rejections(folder)}


def rejections_csv(rejections: Iterable[Rejection]) -> str:
    """The file's text: one line per pair (the first one given wins), sorted by pair."""
    by_pair: dict[tuple[str, str], Rejection] = {}
    for rejection in rejections:
        by_pair.setdefault(rejection.pair, rejection)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REJECTED_COLUMNS)
    for pair in sorted(by_pair):
        each = by_pair[pair]
        writer.writerow([each.source, each.target, each.rejected_by, each.date])
    return buffer.getvalue()


__all__ = [
    "REJECTED_COLUMNS",
    "REJECTED_FILE",
    "Rejection",
    "read_rejections",
    "rejected_pairs",
    "rejections_csv",
]
