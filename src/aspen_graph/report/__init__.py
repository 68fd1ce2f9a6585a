"""The coverage-gap report: numbers, tables and pictures from the named queries, for readers
who do not write SPARQL.

>>> from aspen_graph.report import FORMATS
>>> FORMATS
('html', 'md', 'csv')
"""

from __future__ import annotations

from pathlib import Path

from aspen_graph.curie import compress
from aspen_graph.errors import QueryParameterError
from aspen_graph.queries import QueryCatalog, resolve_version
from aspen_graph.report.data import (
    DEFAULT_EARLIER,
    DEFAULT_PLAN,
    Progress,
    collect,
    planned_queries,
)
from aspen_graph.report.diff import render_diff
from aspen_graph.report.document import Report
from aspen_graph.report.render import (
    Links,
    content_style,
    csv_names,
    inline_styles,
    render_html,
    render_markdown,
    render_sections,
    table_csv,
    write_csv,
)
from aspen_graph.report.sections import CHART_STEPS, assemble
from aspen_graph.report.text import LANGUAGES
from aspen_graph.store import GraphStore

FORMATS = ("html", "md", "csv")


def assemble_report(
    store: GraphStore,
    catalog: QueryCatalog,
    *,
    lang: str = "en",
    plan: str | None = None,
    earlier: str = DEFAULT_EARLIER,
    progress: Progress | None = None,
    extra_steps: int = 0,
    version: str | None = None,
) -> Report:
    """Run the report's queries and lay out its sections (charts drawn, nothing written).

    ``plan`` defaults to ASPEN 2026-2035, or to the plan of ``version``; ``version`` to the
    plan's latest. Both are resolved once, so every query reports on the same version.
    """
    if lang not in LANGUAGES:
        raise QueryParameterError(f"report language {lang!r}: use one of {', '.join(LANGUAGES)}")
    plan, version = scope(store, catalog, plan, version)
    queries = len(planned_queries(lang, plan, earlier, version))
    total = queries + CHART_STEPS + extra_steps
    data = collect(
        store,
        catalog,
        lang=lang,
        plan=plan,
        earlier=earlier,
        version=version,
        progress=progress,
        steps=(0, total),
    )
    return assemble(data, progress=progress, steps=(queries, total))


def scope(
    store: GraphStore, catalog: QueryCatalog, plan: str | None, version: str | None
) -> tuple[str, str]:
    """(plan, version) as CURIEs: the given or default plan and the given or latest version."""
    found = resolve_version(store, catalog, plan=plan, version=version, default_plan=DEFAULT_PLAN)
    return compress(str(found[0])), compress(str(found[1]))


def render_report_html(
    store: GraphStore,
    catalog: QueryCatalog,
    *,
    lang: str = "en",
    plan: str | None = None,
    version: str | None = None,
) -> str:
    """The report as one self-contained HTML document (what ``aspen report`` writes; the site
    serves the same content in its frame: :func:`render_sections`)."""
    return render_html(assemble_report(store, catalog, lang=lang, plan=plan, version=version))


def build_report(
    store: GraphStore,
    catalog: QueryCatalog,
    *,
    lang: str = "en",
    plan: str | None = None,
    fmt: str = "html",
    out_dir: Path,
    progress: Progress | None = None,
    earlier: str = DEFAULT_EARLIER,
    version: str | None = None,
) -> list[Path]:
    """Write the report into ``out_dir`` and return the files written.

    ``html``: ``report.html`` (self-contained, SVG charts); ``md``: ``report.md`` and one PNG
    per chart;
    ``csv``: one CSV file per table.
    """
    if fmt not in FORMATS:
        raise QueryParameterError(f"report format {fmt!r}: use one of {', '.join(FORMATS)}")
    plan, version = scope(store, catalog, plan, version)
    report = assemble_report(
        store,
        catalog,
        lang=lang,
        plan=plan,
        earlier=earlier,
        progress=progress,
        extra_steps=1,
        version=version,
    )
    total = len(planned_queries(lang, plan, earlier, version)) + CHART_STEPS + 1
    if progress is not None:
        progress(f"writing {fmt}", total - 1, total)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "html":
        path = out_dir / "report.html"
        path.write_text(render_html(report), encoding="utf-8")
        written.append(path)
    elif fmt == "md":
        images = {figure.key: f"{figure.key}.png" for figure in report.figures()}
        for figure in report.figures():
            path = out_dir / images[figure.key]
            path.write_bytes(figure.png)
            written.append(path)
        path = out_dir / "report.md"
        path.write_text(render_markdown(report, images), encoding="utf-8")
        written.insert(0, path)
    else:
        written += [write_csv(table, out_dir / name) for name, table in csv_names(report).items()]
    if progress is not None:
        progress("done", total, total)
    return written


__all__ = [
    "FORMATS",
    "Links",
    "Report",
    "assemble_report",
    "build_report",
    "content_style",
    "inline_styles",
    "render_diff",
    "render_report_html",
    "render_sections",
    "scope",
    "table_csv",
]
