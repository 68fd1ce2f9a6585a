"""The README cannot drift: its commands and options exist, its map names real paths, its layers
are the import-linter contract, and the commands it shows give the output it pastes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aspen_graph.cli import context, main
from aspen_graph.config import Settings, get_settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def section(title: str) -> str:
    """The text of one ``##``/``###`` section of the README."""
    start = README.index(f"# {title}\n")
    end = README.find("\n#", start + len(title) + 2)
    return README[start : end if end != -1 else None]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def help_of(*command: str) -> str:
    result = CliRunner().invoke(main._app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, (command, result.output)
    return result.output


def test_every_command_and_option_in_the_table_exists() -> None:
    table = section("The command line").split("### Exit codes")[0]
    cells = [
        re.split(r"(?<!\\)\|", line)[1]
        for line in table.splitlines()
        if line.startswith("| `aspen ")
    ]
    assert len(cells) >= 15
    for cell in cells:
        words = cell.strip(" `").split()
        command = words[1:3] if words[1] == "export" else words[1:2]
        text = help_of(*command)
        for option in re.findall(r"(--[a-z-]+)", cell):
            assert option in text, (command, option)


def test_the_map_names_real_paths() -> None:
    (block,) = blocks(section("Repository map"), "")
    named = [
        name
        for line in block.splitlines()
        for match in [re.match(r"^([\w./-]+(?:, [\w./-]+)*)", line)]
        if match
        for name in match[1].split(", ")
    ]
    assert "data/versions/" in named and len(named) >= 20
    for name in named:
        assert (ROOT / name).exists(), name


def test_the_layers_are_the_import_linter_contract() -> None:
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["type"] == "layers"]
    layers = " → ".join(f"`{layer}`" for layer in contract["layers"])
    text = " ".join(section("Repository map").split())
    assert layers in text


def test_the_licence_file_exists() -> None:
    licence = PYPROJECT["project"]["license"]["text"]
    paths = re.findall(r"data/\S+\.md", licence)
    assert paths and all((ROOT / path).is_file() for path in paths)
    assert "data/source/SOURCES.md" in README


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main._app, list(args), env={"COLUMNS": "2000"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def release(built: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("ASPEN_DIST_DIR", str(built.dist))
    get_settings.cache_clear()
    context.catalog.cache_clear()
    return built


@pytest.mark.slow
def test_the_quick_start_commands_run(
    release: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every ``.venv/bin/aspen`` line of the quick start exits 0 (serve aside)."""
    monkeypatch.chdir(tmp_path)  # export -o writes here
    quick = section("Quick start")
    lines = [
        line.removeprefix(".venv/bin/aspen ")
        for block in blocks(quick, "sh")
        for line in block.splitlines()
        if line.startswith(".venv/bin/aspen ")
    ]
    assert len(lines) >= 8
    for line in lines:
        args = [arg.strip("'") for arg in re.findall(r"'[^']*'|\S+", line)]
        if "#" in args:  # a comment follows the command
            args = args[: args.index("#")]
        code, out, err = _run(*args)
        assert code == 0, (line, out, err)
        assert out.strip(), line if args[0] != "export" else None


@pytest.mark.slow
def test_the_diff_the_walkthrough_shows(
    built_examples: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's ``aspen diff`` output, but for the interventions its step 3 imports."""
    monkeypatch.setenv("ASPEN_DIST_DIR", str(built_examples.dist))
    get_settings.cache_clear()
    context.catalog.cache_clear()
    walkthrough = section("Drafts, spreadsheets and versions: a walkthrough")
    console = next(b for b in blocks(walkthrough, "console") if "aspen diff" in b)
    shown = console.split("aspen diff example-plan-draft-1 example-plan-draft-2\n", 1)[1]
    shown = shown.split("\n$ ", 1)[0]
    code, out, err = _run("diff", "example-plan-draft-1", "example-plan-draft-2")
    assert code == 0, err
    imported = re.compile(r"^  \+ intervention P5\.I\d|^Elements added \(")
    expected = [line for line in shown.splitlines() if not imported.match(line)]
    actual = [line for line in out.splitlines() if not imported.match(line)]
    assert actual == expected
