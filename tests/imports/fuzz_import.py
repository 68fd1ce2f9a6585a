"""A bounded fuzz of ``aspen import`` (run by test_fuzz.py in a process of its own, so the
peak memory it reports is the import's).

Files: CSV or .xlsx of a random kind, with a right, shuffled or wrong header and random cells
(control characters, codes that exist and do not, formulas, cells around the length limit),
some of them then damaged (the zip cut short or overwritten, a part replaced by junk or given a
DTD, invalid UTF-8). Every import must end with exit code 0, 1 or 2 and never a traceback, and
a refused one (1 or 2) must leave ``data/`` byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.imports.conftest import tree_hash
from tests.imports.hostile import SHEET, sheet_xml, workbook

from aspen_graph.config import get_settings
from aspen_graph.sources.tables.kinds import TABLE_KINDS
from aspen_graph.sources.tables.screen import MAX_CELL_CHARS

KINDS = ["focal-areas", "interventions", "milestones", "alignments", "mel-observations"]
CELLS = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0xA0), max_size=12),
    st.sampled_from(
        [
            "P5",
            "P5.FA1",
            "P1.FA1",
            "P2.FA1",
            "1",
            "2030",
            "-1",
            "0.5",
            "document:example-data",
            "focal-area:example-plan-draft-1-p1.fa1",
            "focal-area:example-plan-draft-2-p2.fa1",
            "sdg:13.1",
            "Focal area (example)",
            "=A1",
            "",
        ]
    ),
    st.integers(MAX_CELL_CHARS - 1, MAX_CELL_CHARS + 1).map(lambda n: "y" * n),
)
EXTRA_XML = st.sampled_from(
    [
        "",
        '<c r="K2"><f>1+1</f><v>2</v></c>',
        '<c r="L2" t="s"><v>99</v></c>',
        '<c r="M2" t="inlineStr"><is><t>&amp;</t></is></c>',
        '<c r="ZZ9"><v>1</v></c>',
        "<c><v>1</v></c>",
    ]
)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    columns = list(TABLE_KINDS[kind].columns)
    header = draw(
        st.one_of(
            st.just(columns),
            st.just(columns),
            st.just(columns),
            st.permutations(columns),
            st.lists(st.sampled_from([*columns, "junk"]), max_size=len(columns) + 1),
        )
    )
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 1), max_size=5))
    if draw(st.booleans()):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        data = buffer.getvalue().encode("utf-8", "surrogatepass")
        tail = draw(st.sampled_from([b"", b"\xff\xfe", b"\x00", b'"unclosed']))
        return f"{kind}.csv", data + tail
    scratch = io.BytesIO()
    sheet = sheet_xml([header, *rows], extra=draw(EXTRA_XML))
    doctype = draw(st.sampled_from(["", "", "", '<!DOCTYPE w [<!ENTITY e "x">]>']))
    sheet = sheet.replace("?>", "?>" + doctype, 1)
    path = Path(_scratch_dir()) / "book.xlsx"
    workbook(path, {SHEET: sheet.encode("utf-8", "surrogatepass")}, kind=kind)
    data = path.read_bytes()
    damage = draw(st.sampled_from(["none", "none", "none", "cut", "overwrite", "junk-part"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "overwrite":
        at = draw(st.integers(0, max(0, len(data) - 8)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 8 :]
    elif damage == "junk-part":
        with zipfile.ZipFile(scratch, "w") as out, zipfile.ZipFile(io.BytesIO(data)) as book:
            for info in book.infolist():
                if info.filename == "xl/workbook.xml":
                    out.writestr(info, draw(st.binary(max_size=64)))
                else:
                    out.writestr(info, book.read(info))
        data = scratch.getvalue()
    return f"{kind}.xlsx", data


_SCRATCH: list[str] = []


def _scratch_dir() -> str:
    return _SCRATCH[0]


def run(root: Path, scratch: Path, examples: int) -> None:
    """Fuzz imports into ``root`` (a copy of the project) with ``examples`` files."""
    from aspen_graph.cli import main

    _SCRATCH.append(str(scratch))
    get_settings.cache_clear()
    outcomes: dict[int, int] = {}

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(files())
    def one(file: tuple[str, bytes]) -> None:
        name, data = file
        path = scratch / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        before = tree_hash(root / "data")
        sys.argv = ["aspen", "import", str(path), "--into", "example-plan-draft-2"]
        try:
            main.app()
            code: int = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        assert code in (0, 1, 2), code
        outcomes[code] = outcomes.get(code, 0) + 1
        if code != 0:
            assert tree_hash(root / "data") == before, f"data/ changed after exit {code}"

    one()
    print(f"outcomes {sorted(outcomes.items())}", file=sys.stderr)
