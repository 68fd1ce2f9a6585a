"""The report's files: CSV per table, Markdown with sibling PNGs, HTML; and ``aspen report``."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aspen_graph.cli.main import _app
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import QueryCatalog, run_select
from aspen_graph.report import Report, build_report
from aspen_graph.report.data import lexical
from aspen_graph.store import OxigraphStore


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_one_file_per_table(
    tmp_path: Path, mini_store: OxigraphStore, catalog: QueryCatalog, mini_report: Report
) -> None:
    files = build_report(
        mini_store, catalog, fmt="csv", out_dir=tmp_path, plan="plan:new", earlier="plan:old"
    )
    tables = {f"{t.key}.csv": t for t in mini_report.tables()}
    assert sorted(p.name for p in files) == sorted(tables)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(tables)
    for path in files:
        table = tables[path.name]
        rows = read_csv(path)
        answer = run_select(mini_store, catalog, table.run.name, dict(table.run.params))
        assert tuple(rows[0]) == answer.columns, path.name
        assert len(rows) - 1 == len(table.indices), path.name
        if table.note == "":  # a whole query: as many rows as the query has
            assert len(rows) - 1 == len(answer), path.name
        for line, index in zip(rows[1:], table.indices, strict=True):
            assert line == [lexical(v) for v in answer.rows[index]], path.name


def test_markdown_with_sibling_pngs(
    tmp_path: Path, mini_store: OxigraphStore, catalog: QueryCatalog, mini_report: Report
) -> None:
    files = build_report(
        mini_store,
        catalog,
        fmt="md",
        out_dir=tmp_path,
        lang="vi",
        plan="plan:new",
        earlier="plan:old",
    )
    markdown = files[0]
    assert markdown.name == "report.md"
    text = markdown.read_text(encoding="utf-8")
    images = [p for p in files if p.suffix == ".png"]
    assert len(images) == 4
    for image in images:
        data = image.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1024
        assert f"]({image.name})" in text
    assert text.startswith("# Báo cáo")
    assert "Ưu tiên một" in text and "| Priority two (EN) |" in text
    assert "> (EN) " in text
    for table in mini_report.tables():
        assert f"[`{table.run.name}`](/queries/{table.run.name}" in text
    # The coverage table, as Markdown: same numbers as the query.
    assert "\n| biến đổi khí hậu | 3 | 2 | 67% | 1 | 2 | 1 | 1 |\n" in text
    assert " \n" not in text, "no trailing spaces"


def test_html_file(tmp_path: Path, mini_store: OxigraphStore, catalog: QueryCatalog) -> None:
    seen: list[tuple[str, int, int]] = []
    files = build_report(
        mini_store,
        catalog,
        out_dir=tmp_path / "new",
        progress=lambda what, done, total: seen.append((what, done, total)),
        plan="plan:new",
        earlier="plan:old",
    )
    assert [p.name for p in files] == ["report.html"]
    assert files[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    total = seen[-1][2]
    assert {t for _, _, t in seen} == {total} and seen[-1] == ("done", total, total)
    assert [done for _, done, _ in seen] == sorted(done for _, done, _ in seen)


def test_the_same_report_twice_is_the_same_bytes(
    tmp_path: Path, mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    """Charts included: matplotlib's clip-path ids hash object addresses, which changed every
    render (and made a static site rebuild rewrite the report each time)."""
    pages = []
    for run in ("a", "b"):
        files = build_report(
            mini_store, catalog, out_dir=tmp_path / run, plan="plan:new", earlier="plan:old"
        )
        pages.append(files[0].read_bytes())
    assert b"<svg" in pages[0] and b"clip-path" in pages[0]
    assert pages[0] == pages[1]
    # within one process the addresses may repeat; across builds they do not: no hashed id left
    assert re.findall(rb' id="[^"]*-[a-z][0-9a-f]{10}"', pages[0]) == []


def test_bad_format_language_and_plan(
    tmp_path: Path, mini_store: OxigraphStore, catalog: QueryCatalog
) -> None:
    with pytest.raises(QueryParameterError, match="format 'pdf'"):
        build_report(
            mini_store, catalog, fmt="pdf", out_dir=tmp_path, plan="plan:new", earlier="plan:old"
        )
    with pytest.raises(QueryParameterError, match="language 'fr'"):
        build_report(
            mini_store, catalog, lang="fr", out_dir=tmp_path, plan="plan:new", earlier="plan:old"
        )
    with pytest.raises(QueryParameterError, match="names nothing"):
        build_report(mini_store, catalog, plan="plan:nope", out_dir=tmp_path)
    assert not list(tmp_path.iterdir())


def test_cli_report(
    tmp_path: Path, mini_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "aspen.nq").write_bytes(mini_store.dump_nquads())
    monkeypatch.setenv("ASPEN_DIST_DIR", str(dist))
    out = tmp_path / "out"
    args = ["report", "--out", str(out), "--plan", "plan:new", "--earlier", "plan:old"]
    result = CliRunner().invoke(_app, [*args, "--lang", "vi", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert (out / "report.md").is_file() and (out / "challenge-flow.png").is_file()
    assert "report.md" in result.output
    result = CliRunner().invoke(_app, [*args, "--format", "pdf"])
    assert result.exit_code == 2 and "pdf" in result.output


def test_templates_ship_with_the_package() -> None:
    templates = resources.files("aspen_graph.report") / "templates"
    assert {"report.html.j2", "report.md.j2"} <= {p.name for p in templates.iterdir()}
