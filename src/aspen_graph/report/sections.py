"""Assembling the report: sections of tables and figures from the query runs, in one language."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from aspen_graph.report import charts
from aspen_graph.report.data import Progress, QueryRun, ReportData, lexical
from aspen_graph.report.model import Bars, Figure, Flow, Grid, Report, Section, TableView
from aspen_graph.report.tables import (
    Col,
    PivotSpec,
    Record,
    below,
    chart_label,
    equals,
    flow_paths,
    is_false,
    make_cell,
    pivot_table,
    select_table,
)
from aspen_graph.report.text import Words

WEAK_CONFIDENCE = Decimal("0.5")
"""Elements whose positive alignments have a mean confidence below this have weak evidence."""

CHART_STEPS = 4


def _gbf_number(record: Record) -> str:
    code = lexical(record["gbf_code"])
    number = re.search(r"(\d+)$", code)
    return str(int(number.group(1))) if number else code


def _sdg_code(record: Record) -> str:
    return lexical(record["sdg_code"])


class _Builder:
    def __init__(self, data: ReportData, progress: Progress | None, steps: tuple[int, int]):
        self.data = data
        self.words = Words(data.lang)
        self.progress = progress
        self.done, self.total = steps

    def step(self, what: str) -> None:
        if self.progress is not None:
            self.progress(f"chart {what}", self.done, self.total)
        self.done += 1

    def figure(
        self,
        key: str,
        caption: str,
        alt: str,
        run: QueryRun,
        drawn: Bars | Grid | Flow,
        draw: Callable[[], bytes],
    ) -> Figure:
        self.step(key)
        return Figure(key=key, caption=caption, alt=alt, png=draw(), run=run, drawn=drawn)

    def summary(self) -> Section:
        w, run = self.words, self.data.runs["coverage"]
        records = run.records()
        bars = Bars(
            labels=tuple(chart_label(w, r["challenge_label"]) for r in records),
            reached=tuple(int(lexical(r["reached"])) for r in records),
            relevant=tuple(int(lexical(r["relevant"])) for r in records),
            ratios=tuple(float(lexical(r["ratio"])) for r in records),
        )
        items = "; ".join(
            f"{label} {reached}/{relevant}"
            for label, reached, relevant in zip(
                bars.labels, bars.reached, bars.relevant, strict=True
            )
        )
        figure = self.figure(
            "coverage-by-challenge", w("f_coverage"), w("f_coverage_alt", items=items), run, bars,
            lambda: charts.bar_chart(bars, w),
        )  # fmt: skip
        table = select_table(
            "coverage-by-challenge", w("t_coverage"), run,
            [Col("challenge_label", "c_challenge"), Col("relevant", "c_relevant", "int"),
             Col("reached", "c_reached", "int"), Col("ratio", "c_ratio", "ratio"),
             Col("sdg_reached", "c_sdg_reached", "int"), Col("sdg_relevant", "c_sdg_relevant", "int"),
             Col("gbf_reached", "c_gbf_reached", "int"), Col("gbf_relevant", "c_gbf_relevant", "int")],
            w,
        )  # fmt: skip
        return Section("summary", w("s_summary"), w("s_summary_intro"), (figure, table))

    def elements(self) -> Section:
        w, run = self.words, self.data.runs["elements"]
        table = select_table(
            "coverage-by-element", w("t_elements"), run,
            [Col("element_label", "c_element"), Col("kind", "c_kind", "kind"),
             Col("sdg_targets", "c_sdg_targets", "int"), Col("gbf_targets", "c_gbf_targets", "int"),
             Col("provisions", "c_provisions", "int"), Col("asean_documents", "c_documents", "int"),
             Col("alignments", "c_alignments", "int"), Col("strongest", "c_strongest", "score"),
             Col("mean_confidence", "c_mean_confidence", "decimal")],
            w,
        )  # fmt: skip
        return Section("elements", w("s_elements"), w("s_elements_intro"), (table,))

    def heatmaps(self) -> Section:
        w = self.words
        sdg_run, gbf_run = self.data.runs["sdg_grid"], self.data.runs["gbf_grid"]
        sdg_spec = PivotSpec(
            "element", "element_label", "sdg_goal", _sdg_code, "sdg_label", "targets_reached",
            lambda r: f"{_sdg_code(r)} {chart_label(w, r['sdg_label'])}",
        )  # fmt: skip
        sdg_table, sdg_grid = pivot_table("sdg-reach-by-element", w("t_sdg"), sdg_run, sdg_spec, w)
        cells = [(v, sdg_grid.rows[i], sdg_grid.columns[j])
                 for i, row in enumerate(sdg_grid.values) for j, v in enumerate(row)]  # fmt: skip
        top = max(cells, key=lambda c: c[0], default=(0, "", ""))
        sdg_alt = w("f_sdg_alt", rows=len(sdg_grid.rows), cols=len(sdg_grid.columns),
                    top=f"{top[1]} × SDG {top[2]}: {top[0]}")  # fmt: skip
        sdg_figure = self.figure("sdg-reach-by-element", w("f_sdg"), sdg_alt, sdg_run, sdg_grid,
                                 lambda: charts.heatmap(sdg_grid, w))  # fmt: skip
        gbf_spec = PivotSpec(
            "element", "element_label", "gbf_target", _gbf_number, "gbf_label", "strongest",
            lambda r: f"{_gbf_number(r)} {chart_label(w, r['gbf_label'])}",
        )  # fmt: skip
        gbf_table, gbf_grid = pivot_table("gbf-reach-by-element", w("t_gbf"), gbf_run, gbf_spec, w)
        reached = sum(1 for j in range(len(gbf_grid.columns)) if any(r[j] for r in gbf_grid.values))
        gbf_alt = w(
            "f_gbf_alt", rows=len(gbf_grid.rows), cols=len(gbf_grid.columns), reached=reached
        )
        gbf_figure = self.figure("gbf-reach-by-element", w("f_gbf"), gbf_alt, gbf_run, gbf_grid,
                                 lambda: charts.heatmap(gbf_grid, w, scores=True, transpose=True))  # fmt: skip
        blocks = (sdg_figure, sdg_table, gbf_figure, gbf_table)
        return Section("heatmaps", w("s_heatmaps"), w("s_heatmaps_intro"), blocks)

    def flow(self) -> Section:
        w, run = self.words, self.data.runs["flow"]
        flow = flow_paths(run, w)
        counts = [len({keys[s] for keys, _ in flow.paths}) for s in range(4)]
        alt = w("f_flow_alt", challenges=counts[0], goals=counts[1], priorities=counts[2],
                sdgs=counts[3])  # fmt: skip
        figure = self.figure("challenge-flow", w("f_flow"), alt, run, flow,
                             lambda: charts.flow_chart(flow, w))  # fmt: skip
        table = select_table(
            "challenge-flow", w("t_flow"), run,
            [Col("challenge_label", "c_challenge"), Col("goal_label", "c_goal"),
             Col("priority_label", "c_priority"), Col("sdg_code", "c_sdg_code", "code"),
             Col("sdg_label", "c_sdg_goal"), Col("targets_reached", "c_targets", "int")],
            w, collapsed=True,
        )  # fmt: skip
        return Section("flow", w("s_flow"), w("s_flow_intro"), (figure, table))

    def gaps(self) -> Section:
        w, run = self.words, self.data.runs["gaps"]
        blocks: list[TableView] = []
        seen: dict[str, int] = {}
        for index, record in enumerate(run.records()):
            seen.setdefault(lexical(record["challenge"]), index)
        for challenge, first in seen.items():
            label = make_cell(w, run.records()[first]["challenge_label"], "text", first,
                              "challenge_label")  # fmt: skip
            blocks.append(select_table(
                "gaps-" + challenge.split(":")[-1], w("t_gaps", challenge=label.text), run,
                [Col("code", "c_code", "code"), Col("framework", "c_framework"),
                 Col("text", "c_text")],
                w, where=equals("challenge", challenge), heading=label,
                note=w("filtered", condition=w("cond_challenge", challenge=challenge)),
            ))  # fmt: skip
        gbf = self.data.runs["gbf"]
        blocks.append(select_table(
            "gbf-unsupported", w("t_gbf_unreached"), gbf,
            [Col("component", "c_component", "code"), Col("component_label", "c_label")],
            w, where=is_false("reached"), note=w("filtered", condition=w("cond_unreached")),
        ))  # fmt: skip
        threshold = w.number(str(WEAK_CONFIDENCE), digits=1)
        blocks.append(select_table(
            "weak-evidence", w("t_weak", threshold=threshold), self.data.runs["elements"],
            [Col("element_label", "c_element"), Col("kind", "c_kind", "kind"),
             Col("alignments", "c_alignments", "int"),
             Col("mean_confidence", "c_mean_confidence", "decimal")],
            w, where=below("mean_confidence", WEAK_CONFIDENCE),
            note=w("filtered", condition=w("cond_weak", threshold=WEAK_CONFIDENCE)),
        ))  # fmt: skip
        return Section("gaps", w("s_gaps"), w("s_gaps_intro"), tuple(blocks))

    def trade_offs(self) -> Section:
        w, run = self.words, self.data.runs["trade_offs"]
        table = select_table(
            "trade-offs", w("t_tradeoffs"), run,
            [Col("element_label", "c_element"), Col("target_label", "c_target"),
             Col("interaction", "c_interaction"), Col("score", "c_score", "score"),
             Col("confidence", "c_confidence", "decimal"), Col("rationale", "c_rationale")],
            w,
        )  # fmt: skip
        return Section("trade-offs", w("s_tradeoffs"), w("s_tradeoffs_intro"), (table,))

    def continuity(self) -> Section:
        w, earlier = self.words, self.data.earlier
        heading = w("s_continuity", earlier=earlier)
        runs = self.data.runs
        if "continuity" not in runs or "lost" not in runs:
            note = w("s_continuity_missing", earlier=earlier)
            return Section("continuity", heading, w("s_continuity_intro"), (), note=note)
        moved = select_table(
            "continuity", w("t_continuity", earlier=earlier), runs["continuity"],
            [Col("old_label", "c_old"), Col("new_label", "c_new", empty="no_successor"),
             Col("score", "c_score", "score"),
             Col("confidence", "c_confidence", "decimal"), Col("rationale", "c_rationale")],
            w,
        )  # fmt: skip
        lost = select_table(
            "coverage-lost", w("t_lost", earlier=earlier), runs["lost"],
            [Col("target", "c_target", "code"), Col("target_label", "c_label"),
             Col("reached_before_by", "c_reached_before_by", "code")],
            w,
        )  # fmt: skip
        return Section("continuity", heading, w("s_continuity_intro"), (moved, lost))


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def assemble(data: ReportData, *, progress: Progress | None = None,
             steps: tuple[int, int] = (0, CHART_STEPS)) -> Report:  # fmt: skip
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
    words = builder.words
    has_fallbacks = any(
        cell.fallback
        for table in (b for s in sections for b in s.blocks if isinstance(b, TableView))
        for cell in (
            *(c for row in table.rows for c in row),
            *([table.heading] if table.heading else []),
        )
    )
    return Report(
        lang=data.lang,
        title=words("title"),
        subtitle=words("subtitle", plan=data.plan),
        sections=sections,
        data=data,
        has_fallbacks=has_fallbacks,
    )


__all__ = ["CHART_STEPS", "WEAK_CONFIDENCE", "assemble"]
