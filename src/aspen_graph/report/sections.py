"""Assembling the report: sections of tables and figures from the query runs, in one language."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from aspen_graph.report import charts
from aspen_graph.report.data import Progress, QueryRun, ReportData, lexical
from aspen_graph.report.document import Bars, Figure, Flow, Grid, Report, Section, TableView
from aspen_graph.report.tables import (
    Col,
    PivotSpec,
    Record,
    below,
    chart_label,
    equals,
    flow_paths,
    gap_order,
    iri_of,
    is_false,
    make_cell,
    pivot_table,
    select_table,
)
from aspen_graph.report.text import Words

WEAK_CONFIDENCE = Decimal("0.5")
"""Elements whose positive alignments have a mean confidence below this have weak evidence."""

CHART_STEPS = 4
"""Charts drawn per report (for the progress bar)."""

COVERAGE = (
    Col("challenge_label", "c_challenge", link="challenge"),
    Col("relevant", "c_relevant", "int"),
    Col("reached", "c_reached", "int"),
    Col("ratio", "c_ratio", "ratio"),
    Col("sdg_reached", "c_sdg_reached", "int"),
    Col("sdg_relevant", "c_sdg_relevant", "int"),
    Col("gbf_reached", "c_gbf_reached", "int"),
    Col("gbf_relevant", "c_gbf_relevant", "int"),
)
ELEMENTS = (
    Col("element_label", "c_element", link="element"),
    Col("kind", "c_kind", "kind"),
    Col("sdg_targets", "c_sdg_targets", "int"),
    Col("gbf_targets", "c_gbf_targets", "int"),
    Col("provisions", "c_provisions", "int"),
    Col("asean_documents", "c_documents", "int"),
    Col("alignments", "c_alignments", "int"),
    Col("strongest", "c_strongest", "score"),
    Col("mean_confidence", "c_mean_confidence", "decimal"),
)
FLOW = (
    Col("challenge_label", "c_challenge", link="challenge"),
    Col("goal_label", "c_goal", link="goal"),
    Col("priority_label", "c_priority", link="priority"),
    Col("sdg_code", "c_sdg_code", "code", link="sdg_goal"),
    Col("sdg_label", "c_sdg_goal", link="sdg_goal"),
    Col("targets_reached", "c_targets", "int"),
)
GAPS = (
    Col("code", "c_code", "code", link="target"),
    Col("framework", "c_framework"),
    Col("text", "c_text", link="target"),
)
UNSUPPORTED = (
    Col("component", "c_component", "code", link="component"),
    Col("component_label", "c_label", link="component"),
)
WEAK = (
    Col("element_label", "c_element", link="element"),
    Col("kind", "c_kind", "kind"),
    Col("alignments", "c_alignments", "int"),
    Col("mean_confidence", "c_mean_confidence", "decimal"),
)
TRADE_OFFS = (
    Col("element_label", "c_element", link="element"),
    Col("target_label", "c_target", link="target"),
    Col("interaction", "c_interaction"),
    Col("score", "c_score", "score"),
    Col("confidence", "c_confidence", "decimal"),
    Col("rationale", "c_rationale"),
)
CONTINUITY = (
    Col("old_label", "c_old", link="old"),
    Col("new_label", "c_new", empty="no_successor", link="new"),
    Col("score", "c_score", "score"),
    Col("confidence", "c_confidence", "decimal"),
    Col("rationale", "c_rationale"),
)
LOST = (
    Col("target", "c_target", "code", link="target"),
    Col("target_label", "c_label", link="target"),
    Col("reached_before_by", "c_reached_before_by", "iris"),
)


def _gbf_number(record: Record) -> str:
    """``GBF-TARGET-07`` → ``7`` (the number people call the target by)."""
    code = lexical(record["gbf_code"])
    number = re.search(r"(\d+)$", code)
    return str(int(number.group(1))) if number else code


def _sdg_code(record: Record) -> str:
    return lexical(record["sdg_code"])


class _Builder:
    """Builds each section from the runs, drawing charts as it goes (and reporting progress)."""

    def __init__(self, data: ReportData, progress: Progress | None, steps: tuple[int, int]):
        self.data = data
        self.w = Words(data.lang)
        self.progress = progress
        self.done, self.total = steps

    def figure(
        self,
        key: str,
        texts: tuple[str, str],
        run: QueryRun,
        drawn: Bars | Grid | Flow,
        draw: Callable[[str], bytes],
        *,
        wide: bool = False,
    ) -> Figure:
        if self.progress is not None:
            self.progress(f"chart {key}", self.done, self.total)
        self.done += 1
        caption, alt = texts
        svg = draw("svg").decode("utf-8")
        return Figure(key, caption, alt, svg, run, drawn, draw, wide=wide)

    def summary(self) -> Section:
        w, run = self.w, self.data.runs["coverage"]
        records = run.records()
        bars = Bars(
            labels=tuple(chart_label(w, r["challenge_label"]) for r in records),
            reached=tuple(int(lexical(r["reached"])) for r in records),
            relevant=tuple(int(lexical(r["relevant"])) for r in records),
            ratios=tuple(float(lexical(r["ratio"])) for r in records),
            keys=tuple(iri_of(r["challenge"]) for r in records),
        )
        items = "; ".join(
            f"{label} {lexical(r['reached'])}/{lexical(r['relevant'])}"
            for label, r in zip(bars.labels, records, strict=True)
        )
        texts = (w("f_coverage"), w("f_coverage_alt", items=items))
        figure = self.figure(run.name, texts, run, bars, lambda fmt: charts.bar_chart(bars, w, fmt))
        table = select_table(run.name, w("t_coverage"), run, COVERAGE, w)
        return Section("summary", w("s_summary"), w("s_summary_intro"), (figure, table))

    def elements(self) -> Section:
        w, run = self.w, self.data.runs["elements"]
        table = select_table(run.name, w("t_elements"), run, ELEMENTS, w)
        return Section("elements", w("s_elements"), w("s_elements_intro"), (table,))

    def heatmaps(self) -> Section:
        w = self.w
        run = self.data.runs["sdg_grid"]
        spec = PivotSpec(
            row="element",
            row_label="element_label",
            column="sdg_goal",
            column_heading=_sdg_code,
            column_title="sdg_label",
            value="targets_reached",
            chart_column=lambda r: f"{_sdg_code(r)} {chart_label(w, r['sdg_label'])}",
        )
        sdg_table, sdg = pivot_table(run.name, w("t_sdg"), run, spec, w)
        cells = [(v, i, j) for i, row in enumerate(sdg.values) for j, v in enumerate(row)]
        most, i, j = max(cells, key=lambda cell: cell[0], default=(0, 0, 0))
        top = f"{sdg.rows[i]} × SDG {sdg.columns[j]}: {most}" if cells else "—"
        texts = (w("f_sdg"), w("f_sdg_alt", rows=len(sdg.rows), cols=len(sdg.columns), top=top))
        sdg_figure = self.figure(
            run.name, texts, run, sdg, lambda fmt: charts.heatmap(sdg, w, fmt=fmt), wide=True
        )

        run = self.data.runs["gbf_grid"]
        spec = PivotSpec(
            row="element",
            row_label="element_label",
            column="gbf_target",
            column_heading=_gbf_number,
            column_title="gbf_label",
            value="strongest",
            chart_column=lambda r: f"{_gbf_number(r)} {chart_label(w, r['gbf_label'])}",
        )
        gbf_table, gbf = pivot_table(run.name, w("t_gbf"), run, spec, w)
        reached = sum(1 for j in range(len(gbf.columns)) if any(row[j] for row in gbf.values))
        alt = w("f_gbf_alt", rows=len(gbf.rows), cols=len(gbf.columns), reached=reached)
        gbf_figure = self.figure(
            run.name,
            (w("f_gbf"), alt),
            run,
            gbf,
            lambda fmt: charts.heatmap(gbf, w, scores=True, transpose=True, fmt=fmt),
            wide=True,
        )
        blocks = (sdg_figure, sdg_table, gbf_figure, gbf_table)
        return Section("heatmaps", w("s_heatmaps"), w("s_heatmaps_intro"), blocks)

    def flow(self) -> Section:
        w, run = self.w, self.data.runs["flow"]
        flow = flow_paths(run, w)
        counts = [len({keys[stage] for keys, _ in flow.paths}) for stage in range(4)]
        alt = w(
            "f_flow_alt",
            challenges=counts[0],
            goals=counts[1],
            priorities=counts[2],
            sdgs=counts[3],
        )
        figure = self.figure(
            run.name,
            (w("f_flow"), alt),
            run,
            flow,
            lambda fmt: charts.flow_chart(flow, w, fmt),
            wide=True,
        )
        table = select_table(run.name, w("t_flow"), run, FLOW, w, collapsed=True)
        return Section("flow", w("s_flow"), w("s_flow_intro"), (figure, table))

    def gaps(self) -> Section:
        w, run = self.w, self.data.runs["gaps"]
        records = run.records()
        firsts: dict[str, int] = {}
        for index, record in enumerate(records):
            firsts.setdefault(lexical(record["challenge"]), index)
        blocks: list[TableView] = []
        for challenge, first in firsts.items():
            label = records[first]["challenge_label"]
            iri = iri_of(records[first]["challenge"])
            heading = make_cell(w, label, "text", first, "challenge_label", iri)
            blocks.append(
                select_table(
                    "gaps-" + challenge.split(":")[-1],
                    w("t_gaps", challenge=heading.text),
                    run,
                    GAPS,
                    w,
                    where=equals("challenge", challenge),
                    note=w("filtered", condition=w("cond_challenge", challenge=challenge)),
                    heading=heading,
                    order=gap_order,
                )
            )
        blocks.append(
            select_table(
                "gbf-unsupported",
                w("t_gbf_unreached"),
                self.data.runs["gbf"],
                UNSUPPORTED,
                w,
                where=is_false("reached"),
                note=w("filtered", condition=w("cond_unreached")),
            )
        )
        blocks.append(
            select_table(
                "weak-evidence",
                w("t_weak", threshold=w.number(str(WEAK_CONFIDENCE), digits=1)),
                self.data.runs["elements"],
                WEAK,
                w,
                where=below("mean_confidence", WEAK_CONFIDENCE),
                note=w("filtered", condition=w("cond_weak", threshold=WEAK_CONFIDENCE)),
            )
        )
        return Section("gaps", w("s_gaps"), w("s_gaps_intro"), tuple(blocks))

    def trade_offs(self) -> Section:
        w, run = self.w, self.data.runs["trade_offs"]
        table = select_table(run.name, w("t_tradeoffs"), run, TRADE_OFFS, w)
        return Section("trade-offs", w("s_tradeoffs"), w("s_tradeoffs_intro"), (table,))

    def continuity(self) -> Section:
        w, runs = self.w, self.data.runs
        earlier = self.data.title(self.data.earlier)  # "ASPEN 2016-2025", not its CURIE
        heading, intro = w("s_continuity", earlier=earlier), w("s_continuity_intro")
        if "continuity" not in runs or "lost" not in runs:
            note = w("s_continuity_missing", earlier=earlier)
            return Section("continuity", heading, intro, (), note=note)
        moved = select_table(
            "continuity",
            w("t_continuity", earlier=earlier),
            runs["continuity"],
            CONTINUITY,
            w,
        )
        lost = select_table("coverage-lost", w("t_lost", earlier=earlier), runs["lost"], LOST, w)
        return Section("continuity", heading, intro, (moved, lost))


def assemble(
    data: ReportData,
    *,
    progress: Progress | None = None,
    steps: tuple[int, int] = (0, CHART_STEPS),
) -> Report:
    """The report's sections, tables and figures for the answers in ``data``."""
    builder = _Builder(data, progress, steps)
    sections = (
        builder.summary(),
        builder.elements(),
        builder.heatmaps(),
        builder.flow(),
        builder.gaps(),
        builder.trade_offs(),
        builder.continuity(),
    )
    plan = data.title(data.plan)
    return Report(
        lang=data.lang,
        title=builder.w("title"),
        subtitle=builder.w(
            "subtitle", plan=f"{plan} ({data.title(data.version)})" if data.version else plan
        ),
        sections=sections,
        data=data,
    )


__all__ = ["CHART_STEPS", "WEAK_CONFIDENCE", "assemble"]
