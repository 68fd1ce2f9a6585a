"""The command line says only what is true: closed --lang/--challenge values, [en] marks on
English fallbacks, readable wide tables, hints for empty answers, and a build log whose
warnings read as what they are (issue 12)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rich.console import Console
from tests.cli_runner import invoke
from tests.cli_runner import run_app as run_entry_point

from aspen_graph.cli import context
from aspen_graph.cli.choices import Challenge, Language
from aspen_graph.cli.output import fits, show_table
from aspen_graph.config import Settings, get_settings
from aspen_graph.store import open_store

REPO = Path(__file__).resolve().parents[2]
ASPEN = Path(sys.executable).with_name("aspen")
SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture
def shipped(built: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The CLI reads the session's build of the shipped data; wide, plain output."""
    monkeypatch.setenv("ASPEN_DIST_DIR", str(built.dist))
    monkeypatch.setenv("COLUMNS", "2000")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    get_settings.cache_clear()
    context.catalog.cache_clear()
    yield built
    get_settings.cache_clear()
    context.catalog.cache_clear()


def run_process(dist: Path, *args: str, columns: str) -> subprocess.CompletedProcess[str]:
    """The installed script with stdout a pipe (not a terminal)."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR",)}
    env.update({"ASPEN_DIST_DIR": str(dist), "COLUMNS": columns})
    return subprocess.run(
        [str(ASPEN), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


# --- --lang and --challenge -------------------------------------------------------------------


def test_the_choices_are_the_data() -> None:
    """The closed lists match what the data and the report have (read here from the sources)."""
    with (REPO / "data" / "source" / "triple_planetary_crisis.csv").open(encoding="utf-8") as f:
        keys = [row["key"] for row in csv.DictReader(f)]
    assert sorted(c.value for c in Challenge) == sorted(keys)
    from aspen_graph.report.text import LANGUAGES

    assert tuple(lang.value for lang in Language) == LANGUAGES


LANG_COMMANDS = [
    ["coverage"],
    ["gaps"],
    ["explain", "goal:aspen-2026-2035-g2", "sdg:14"],
    ["diff", "a", "b"],
    ["report", "--out", "unused"],
]


@pytest.mark.parametrize("command", LANG_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("lang", ["xx", "fr"])
def test_unsupported_lang_is_a_usage_error(
    command: list[str], lang: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # No dist/ at all: the value is refused before anything is read.
    monkeypatch.setenv("ASPEN_DIST_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke(*command, "--lang", lang)
    assert result.exit_code == 2, result.output
    assert f"'{lang}' is not one of 'en', 'vi'" in result.output
    assert not (tmp_path / "unused").exists()


@pytest.mark.parametrize("command", LANG_COMMANDS, ids=lambda c: c[0])
def test_help_shows_the_languages_and_the_mark(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke(command[0], "--help")
    assert result.exit_code == 0
    assert "<en|vi>" in result.output or "[en|vi]" in result.output
    if command[0] in ("coverage", "gaps", "explain", "diff"):
        assert "marked [en]" in result.output


@pytest.mark.parametrize("command", ["coverage", "gaps"])
def test_unknown_challenge_lists_the_keys(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke(command, "--challenge", "biodiversity")
    assert result.exit_code == 2, result.output
    assert (
        "'biodiversity' is not a challenge; use one of: climate-change, biodiversity-loss, "
        "pollution" in result.output
    )


@pytest.mark.slow
def test_challenge_as_key_or_curie(shipped: Settings) -> None:
    by_key = invoke("gaps", "--challenge", "pollution", "-f", "json")
    by_curie = invoke("gaps", "--challenge", "challenge:pollution", "-f", "json")
    assert by_key.exit_code == by_curie.exit_code == 0, by_key.output
    rows = json.loads(by_key.stdout)
    assert rows and rows == json.loads(by_curie.stdout)
    assert {row["challenge"] for row in rows} == {"https://w3id.org/aspen/id/challenge/pollution"}


# --- [en] marks -------------------------------------------------------------------------------


def _languages_of_target_texts(dist: Path, targets: set[str]) -> dict[str, set[str]]:
    """The languages each target has a definition or prefLabel in, read straight from the
    release's triples (not through the gaps query)."""
    store = open_store()
    store.load_dataset(dist / "aspen.nq")
    found: dict[str, set[str]] = {target: set() for target in targets}
    for prop in ("definition", "prefLabel"):
        table = store.select(f"SELECT ?s ?o WHERE {{ ?s <{SKOS}{prop}> ?o }}")
        for subject, text in table.rows:
            if str(subject) in found and isinstance(text, Literal) and text.language:
                found[str(subject)].add(text.language)
    return found


@pytest.mark.slow
def test_gaps_in_vietnamese_mark_english_fallbacks(shipped: Settings) -> None:
    data = invoke("gaps", "--lang", "vi", "-f", "json")
    assert data.exit_code == 0, data.output
    rows = json.loads(data.stdout)
    assert rows
    languages = _languages_of_target_texts(shipped.dist, {row["target"] for row in rows})
    for row in rows:
        expected = "vi" if "vi" in languages[row["target"]] else "en"
        assert row["text_lang"] == expected, row["target"]
    fallbacks = {row["code"] for row in rows if row["text_lang"] == "en"}
    assert fallbacks  # the shipped data has English-only target texts
    table = invoke("gaps", "--lang", "vi")
    assert table.exit_code == 0, table.output
    # One block of lines per row (show_lines): a text with line breaks spans several lines.
    blocks: list[list[list[str]]] = [[]]
    for line in table.stdout.splitlines():
        if line.startswith("├"):
            blocks.append([])
        elif line.startswith("│"):
            blocks[-1].append([cell.strip() for cell in line.strip().strip("│").split("│")])
    marked = {block[0][2] for block in blocks if block[-1][3].endswith(" [en]")}
    assert marked == fallbacks
    english = invoke("gaps", "-f", "json")
    assert {row["text_lang"] for row in json.loads(english.stdout)} == {"en"}
    assert "[en]" not in invoke("gaps").stdout


# --- wide tables ------------------------------------------------------------------------------

COLUMNS = ["target", "element", "element_label", "how", "score", "confidence", "rationale"]
ROW = [
    "sdg:14.1",
    "priority:aspen-2026-2035-p4",
    "Pollution prevention and circular economy",
    "direct",
    "2",
    "0.6",
    "Pollution prevention reduces marine pollution of all kinds.",
]


def test_a_wide_table_on_an_80_column_terminal_becomes_records() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, color_system=None)
    assert not fits(console, COLUMNS, [ROW])
    show_table(console, COLUMNS, [ROW, ROW])
    lines = out.getvalue().splitlines()
    records = [line for line in lines if line.strip()]
    assert records == [f"{name:<13}  {value}" for name, value in zip(COLUMNS, ROW, strict=True)] * 2
    assert "…" not in out.getvalue()


def test_a_table_that_fits_stays_a_table_and_shows_brackets() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, color_system=None)
    show_table(console, ["code", "text"], [["6.a", "By 2030, expand cooperation [en]"]])
    assert "│ 6.a  │ By 2030, expand cooperation [en] │" in out.getvalue()


@pytest.mark.slow
def test_a_wide_table_in_a_pipe_is_csv(shipped: Settings) -> None:
    done = run_process(
        shipped.dist, "query", "run", "elements-by-target", "-p", "target=14.1", columns="80"
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0][:4] == ["target", "plan", "version", "lang"]
    assert len(rows) > 2 and all(len(row) == len(rows[0]) for row in rows)
    assert not any(cell.endswith("…") for row in rows for cell in row)
    assert "shown as CSV" in done.stderr


# --- hints ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_empty_answer_names_the_parameters_on_stderr(shipped: Settings) -> None:
    result = invoke("query", "run", "consultation-inputs", "-f", "csv")
    assert result.exit_code == 0, result.output
    header = "event,lang,number,input,submitted_by,submitter_label,concerns,concerns_label,"
    assert result.stdout.startswith(header) and result.stdout.count("\n") == 1  # clean CSV
    assert "'consultation-inputs' found no rows for event=" in result.stderr
    assert "its parameters: event (iri" in result.stderr
    assert "aspen build --examples" in result.stderr


@pytest.mark.slow
def test_an_example_version_without_examples_says_how_to_build_them(
    shipped: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_entry_point(
        monkeypatch, capsys, "diff", "example-plan-draft-1", "example-plan-draft-2"
    )
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "error: parameter 'version': plan-version:example-plan-draft-1 names nothing in the graph",
        "hint: the example plan (drafts, consultation, MEL) is built by 'aspen build --examples'",
    ]


# --- the build log ----------------------------------------------------------------------------


@pytest.mark.reasoner
def test_reasoning_over_the_mel_ontology_prints_no_owlready2_warning(
    capfd: pytest.CaptureFixture[str],
) -> None:
    from rdflib import Graph

    from aspen_graph.analysis.reasoning import check_consistency

    ontology = Graph()
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        ontology.parse(path)
    assert (URIRef("https://w3id.org/aspen/ont/indicator"), None, None) in ontology
    assert check_consistency(ontology).consistent
    assert "Owlready2 * WARNING" not in capfd.readouterr().err


WARNING_SHAPE = """PREFIX aspen: <https://w3id.org/aspen/ont/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
<https://example.org/shape> a sh:NodeShape ;
    sh:targetClass aspen:StrategicPriority ;
    sh:property <https://example.org/comment> .
<https://example.org/comment> a sh:PropertyShape ;
    sh:path rdfs:comment ; sh:minCount 1 ; sh:severity sh:Warning ;
    sh:message "A priority should have a comment."@en .
"""


def test_build_groups_warnings_and_says_they_do_not_fail(
    tiny_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tiny_root / "shapes" / "warning.ttl").write_text(WARNING_SHAPE, encoding="utf-8")
    monkeypatch.setenv("ASPEN_ROOT", str(tiny_root))
    monkeypatch.setenv("ASPEN_DIST_DIR", str(tiny_root / "dist"))
    monkeypatch.setenv("COLUMNS", "250")
    get_settings.cache_clear()
    context.catalog.cache_clear()
    result = invoke("build", "--no-reason")
    get_settings.cache_clear()
    context.catalog.cache_clear()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index(
        "[Warning] 2 node(s): A priority should have a comment. "
        "(property rdfs:comment, shape https://example.org/comment)"
    )
    assert lines[start + 1 : start + 3] == [
        '    priority:tiny-p1 "Tiny priority one" (data/graph/plan.ttl)',
        '    priority:tiny-p2 "Tiny priority two" (data/graph/plan.ttl)',
    ]
    assert "they never fail a build; violations do" in result.stdout
    assert "release written to" in result.stdout
