"""The ``aspen`` command line on a tiny project: commands, exit codes 0/1/2, query output."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli_runner import invoke, run_app

from aspen_graph.cli import context
from aspen_graph.config import get_settings

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "projects" / "tiny"
ASPEN = Path(sys.executable).with_name("aspen")
COMMANDS = ["build", "validate", "generate", "query", "coverage", "gaps", "explain", "export"]
PRIORITIES_QUERY = (
    "PREFIX aspen: <https://w3id.org/aspen/ont/> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?priority ?label WHERE { ?priority a aspen:StrategicPriority ; rdfs:label ?label } "
    "ORDER BY ?priority"
)
PRIORITIES_CSV = (
    "priority,label\n"
    "https://w3id.org/aspen/id/priority/tiny-p1,Tiny priority one\n"
    "https://w3id.org/aspen/id/priority/tiny-p2,Tiny priority two\n"
)


@pytest.fixture
def project(tiny_root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings read from the environment point at the tiny project; wide, plain output."""
    monkeypatch.setenv("ASPEN_ROOT", str(tiny_root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(tiny_root / "dist"))
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    get_settings.cache_clear()
    context.catalog.cache_clear()  # cached per process, not per settings
    yield tiny_root
    get_settings.cache_clear()
    context.catalog.cache_clear()


@pytest.fixture
def built_project(project: Path) -> Path:
    """The tiny project with a fresh dist/ (built in process, without the reasoner)."""
    from aspen_graph.pipeline import run_build

    result = run_build(get_settings(), reason=False)
    assert result.ok, result.report.summary()
    assert (project / "dist" / "aspen.nq").is_file()
    return project


def run_process(
    root: Path, *args: str, columns: str | None = "1000"
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``aspen`` script with ASPEN_ROOT pointing at ``root``."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env.update({"ASPEN_ROOT": str(root), "ASPEN_DIST_DIR": str(root / "dist")})
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run(
        [str(ASPEN), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def remove_label_of_p2(root: Path) -> None:
    plan = root / "data" / "graph" / "plan.ttl"
    text = plan.read_text("utf-8")
    assert '    rdfs:label "Tiny priority two"@en ;\n' in text
    plan.write_text(text.replace('    rdfs:label "Tiny priority two"@en ;\n', ""), "utf-8")


def table_cells(text: str) -> list[list[str]]:
    """The body rows of Rich tables (``│ a │ b │``), as lists of cell texts."""
    return [
        [cell.strip() for cell in line.strip().strip("│").split("│")]
        for line in text.splitlines()
        if line.startswith("│")
    ]


def table_rows(text: str) -> dict[str, str]:
    """Two-column Rich table rows as a dictionary."""
    return {cells[0]: cells[1] for cells in table_cells(text) if len(cells) == 2}


# --- help -------------------------------------------------------------------------------------


def test_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    listed = re.findall(r"^│ ([a-z]+) ", result.output, flags=re.MULTILINE)
    missing = [name for name in COMMANDS if name not in listed]
    assert not missing, f"not in --help: {missing} (listed: {listed})"


def test_query_help_shows_the_forms() -> None:
    result = invoke("query", "--help")
    assert result.exit_code == 0
    assert "aspen query list" in result.output
    assert "--param" in result.output


# --- validate ---------------------------------------------------------------------------------


def test_validate_conforming_project_exits_0(project: Path) -> None:
    result = invoke("validate", "--no-reason")
    assert result.exit_code == 0, result.output
    files = len(list((project / "ontology").glob("*.ttl"))) + 1 + 3 + 2
    assert (
        f"SHACL: conforms: 0 violation(s), 0 warning(s), 0 info, over {files} file(s)"
        in result.stdout
    )
    assert table_rows(result.stdout)["derived"] == "12"
    assert "OWL (HermiT)" not in result.stdout
    assert not (project / "dist").exists()  # validate writes nothing


@pytest.mark.reasoner
def test_validate_with_reasoner(project: Path) -> None:
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert re.search(r"OWL \(HermiT\): consistent in \d+\.\d s", result.stdout)


def test_validate_shape_violation_exits_1_and_names_everything(project: Path) -> None:
    remove_label_of_p2(project)
    result = invoke("validate", "--no-reason")
    assert result.exit_code == 1, result.output
    finding = [
        "[Violation] <https://w3id.org/aspen/id/priority/tiny-p2>",
        "    in data/graph/plan.ttl",
        "    property: rdfs:label",
        "    A strategic priority has an English label.",
        "    (shape aspensh:StrategicPriority-label)",
    ]
    lines = result.stdout.splitlines()
    start = lines.index(finding[0])
    assert lines[start : start + len(finding)] == finding
    assert "SHACL: does not conform: 1 violation(s), 0 warning(s)" in result.stdout


def test_validate_turtle_syntax_error_exits_2_with_file_and_line(tiny_root: Path) -> None:
    broken = tiny_root / "data" / "graph" / "broken.ttl"
    broken.write_text(
        'PREFIX ex: <http://example.org/>\n\nex:a ex:p "fine" .\nex:b ex:p "no end .\n', "utf-8"
    )
    done = run_process(tiny_root, "validate", "--no-reason")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: {broken}:4: Turtle syntax error")
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_error_line_is_not_wrapped_when_piped(tiny_root: Path) -> None:
    broken = tiny_root / "data" / "graph" / "a-data-file-whose-name-is-long-enough-to-wrap.ttl"
    broken.write_text('PREFIX ex: <http://example.org/>\nex:b ex:p "no end .\n', "utf-8")
    done = run_process(tiny_root, "validate", "--no-reason", columns=None)
    assert done.returncode == 2
    assert f"{broken}:2: Turtle syntax error" in done.stderr


def test_validate_table_error_exits_2_listing_rows(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    table = project / "data" / "tables" / "alignments.csv"
    with table.open("a", encoding="utf-8") as handle:
        handle.write(
            "priority:tiny-p1,sdg:14.2,5,0.5,A score that is off the seven-point scale.,"
            "https://example.org/e,aspen-graph,2026-11-25,maybe\n"
        )
    code, _out, err = run_app(monkeypatch, capsys, "validate", "--no-reason")
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {table}: ")
    assert lines[0].endswith(" bad row(s); nothing was loaded")
    assert lines[1:] == [
        "  row 6, column 'interaction': 5 is outside the scale -3 … +3",
        "  row 6, column 'status': 'maybe' is not one of proposed, accepted, rejected",
    ]


# --- build ------------------------------------------------------------------------------------


def test_build_prints_counts_per_class(project: Path) -> None:
    result = invoke("build", "--no-reason")
    assert result.exit_code == 0, result.output
    assert f"release written to {(project / 'dist').resolve()}" in result.stdout
    assert (project / "dist" / "aspen.nq").is_file()
    counts = table_rows(result.stdout.split("Instances per class", 1)[1])
    data_classes = {
        "aspen:Alignment": "4",
        "aspen:ChallengeRelevance": "1",
        "aspen:InteractionLevel": "7",
        "aspen:StrategicGoal": "1",
        "aspen:StrategicPlan": "1",
        "aspen:StrategicPriority": "2",
        "prov:Agent": "1",
        "sdgo:Goal": "2",
        "sdgo:Target": "3",
    }
    assert {k: v for k, v in counts.items() if k in data_classes} == data_classes


def test_build_with_violation_exits_1_and_keeps_dist(project: Path) -> None:
    assert invoke("build", "--no-reason").exit_code == 0
    before = (project / "dist" / "aspen.nq").read_bytes()
    remove_label_of_p2(project)
    result = invoke("build", "--no-reason")
    assert result.exit_code == 1
    assert "build failed validation; dist/ left as it was" in result.stderr
    assert "Instances per class" not in result.stdout
    assert (project / "dist" / "aspen.nq").read_bytes() == before


# --- query ------------------------------------------------------------------------------------


def test_query_list_shows_the_catalogue(project: Path) -> None:
    result = invoke("query", "list")
    assert result.exit_code == 0, result.output
    names = {line.strip("│ ").split(" ")[0] for line in result.stdout.splitlines()}
    api = {path.stem for path in (project / "sparql" / "api").glob("*.rq")}
    assert api
    assert api <= names
    assert "class-counts" not in names  # only the api group is listed
    assert "element: iri" in result.stdout


def test_query_text_as_csv(built_project: Path) -> None:
    result = invoke("query", PRIORITIES_QUERY, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == PRIORITIES_CSV


def test_query_text_as_json(built_project: Path) -> None:
    result = invoke("query", PRIORITIES_QUERY, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"priority": "https://w3id.org/aspen/id/priority/tiny-p1", "label": "Tiny priority one"},
        {"priority": "https://w3id.org/aspen/id/priority/tiny-p2", "label": "Tiny priority two"},
    ]


def test_query_text_as_table(built_project: Path) -> None:
    result = invoke("query", PRIORITIES_QUERY)
    assert result.exit_code == 0, result.output
    assert table_cells(result.stdout) == [
        ["priority:tiny-p1", "Tiny priority one"],
        ["priority:tiny-p2", "Tiny priority two"],
    ]
    assert result.stdout.rstrip().endswith("2 row(s)")


def test_query_file(built_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "trade-offs.rq"
    path.write_text(
        "# which element works against which target\n"
        "PREFIX aspen: <https://w3id.org/aspen/ont/>\n"
        "SELECT ?element ?target WHERE { ?element aspen:hasTradeOffWith ?target }\n",
        encoding="utf-8",
    )
    result = invoke("query", str(path), "-f", "csv")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["element", "target"],
        ["https://w3id.org/aspen/id/priority/tiny-p2", "http://metadata.un.org/sdg/14.2"],
    ]


def test_query_run_named_query(built_project: Path) -> None:
    result = invoke(
        "query", "run", "alignments-by-element", "-p", "element=priority:tiny-p1", "-f", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["target"], r["score"], r["status"]) for r in rows] == [
        ("https://w3id.org/aspen/id/goal/tiny-g1", "3", "accepted"),
        ("http://metadata.un.org/sdg/14.1", "2", "accepted"),
        ("http://metadata.un.org/sdg/13.1", "1", "rejected"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "query",
                "run",
                "alignments-by-element",
                "-p",
                "element=priority:tiny-p1",
                "-p",
                "colour=blue",
            ],
            "error: query 'alignments-by-element' has no parameter colour "
            "(parameters: element, lang)",
        ),
        (
            ["query", "run", "alignments-by-element", "-p", "element"],
            "error: --param 'element': write key=value",
        ),
        (
            ["query", "run", "alignments-by-element"],
            "error: query 'alignments-by-element' needs parameter 'element'",
        ),
        (
            ["query", "run", "alignments-by-element", "-p", "element=sdg:14.1"],
            "error: parameter 'element': sdg:14.1 is not a aspen:StrategicGoal or "
            "aspen:StrategicPriority or aspen:FocalArea or aspen:Intervention or aspen:Milestone",
        ),
        (
            ["query", "run", "no-such-question"],
            "error: no query named 'no-such-question' (see 'aspen query list')",
        ),
        (
            ["query", "run"],
            "error: write: aspen query run NAME [--param key=value …]",
        ),
    ],
)
def test_query_run_bad_input_exits_2(
    built_project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, out, err = run_app(monkeypatch, capsys, *args)
    assert code == 2
    assert err.strip() == message
    assert out == ""


def test_query_syntax_error_exits_2(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_app(monkeypatch, capsys, "query", "SELECT ?s WHERE { ?s ?p }")
    assert code == 2
    assert err.startswith("error: ")
    code, _out, err = run_app(monkeypatch, capsys, "query", "ASK { ?s ?p ?o }")
    assert code == 2
    assert err.strip() == "error: expected a SELECT query"


@pytest.mark.parametrize(
    "args",
    [
        ["query", "SELECT * WHERE { ?s ?p ?o }"],
        ["query", "run", "alignments-by-element", "-p", "element=priority:tiny-p1"],
    ],
)
def test_missing_dist_exits_2(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    code, out, err = run_app(monkeypatch, capsys, *args)
    assert code == 2
    assert out == ""
    assert err.strip() == (
        f"error: {project / 'dist' / 'aspen.nq'}: no built graph here; run 'aspen build' first"
    )


def test_successful_entry_point_exits_0(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_app(monkeypatch, capsys, "query", PRIORITIES_QUERY, "-f", "csv")
    assert (code, out, err) == (0, PRIORITIES_CSV, "")


def test_long_query_text(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    padding = "x" * 300
    query = f'SELECT ?label WHERE {{ ?s ?p ?label FILTER (STR(?label) = "Tiny goal one" || STR(?label) = "{padding}") }}'
    code, out, _err = run_app(monkeypatch, capsys, "query", query, "-f", "csv")
    assert (code, out) == (0, "label\nTiny goal one\n")
