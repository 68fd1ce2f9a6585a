"""The report's pictures, drawn with matplotlib's Agg canvas (no pyplot, no global state).

Every function takes what it draws (:class:`Bars`, :class:`Grid`, :class:`Flow`, built from
query runs) and returns PNG bytes; the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import textwrap

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.ticker import MaxNLocator

from aspen_graph.report.document import Bars, Flow, Grid
from aspen_graph.report.text import Words

PALETTE = ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
"""Okabe-Ito colours (distinguishable with colour-vision deficiencies)."""
INK = "#1a202c"
MUTED = "#a0aec0"
SUBTLE = "#4a5568"
DPI = 110
SCORE_COLOURS = ("#ffffff", "#c7e9c0", "#74c476", "#1f7a3a")


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _new(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width=width, break_long_words=False) or text


def _empty(message: str) -> bytes:
    figure = _new(6, 1.2)
    axes = figure.add_subplot()
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", color=INK)
    return _png(figure)


def bar_chart(bars: Bars, words: Words) -> bytes:
    """Horizontal bars: relevant targets (pale) with the reached ones over them."""
    if not bars.labels:
        return _empty(words("no_rows"))
    count = len(bars.labels)
    figure = _new(8, 0.75 * count + 1.4)
    axes = figure.add_subplot()
    positions = list(range(count))
    axes.barh(
        positions, bars.relevant, height=0.62, color="#dbe4ee", label=words("legend_relevant")
    )
    axes.barh(positions, bars.reached, height=0.62, color=PALETTE[0], label=words("legend_reached"))
    widest = max(max(bars.relevant), 1)
    for y, (reached, relevant, ratio) in enumerate(
        zip(bars.reached, bars.relevant, bars.ratios, strict=True)
    ):
        axes.text(
            relevant + widest * 0.02,
            y,
            f"{reached} / {relevant}  ({ratio:.0%})",
            va="center",
            color=INK,
            fontsize=10,
        )
    axes.set_yticks(positions, [_wrap(label, 26) for label in bars.labels], fontsize=10)
    axes.invert_yaxis()
    axes.set_xlim(0, widest * 1.32)
    axes.set_xlabel(words("x_targets"))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="lower right", frameon=False, fontsize=9)
    return _png(figure)


def _group_spans(groups: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """(group, first index, last index) for each run of equal neighbours."""
    spans: list[tuple[str, int, int]] = []
    for index, group in enumerate(groups):
        if spans and spans[-1][0] == group:
            spans[-1] = (group, spans[-1][1], index)
        else:
            spans.append((group, index, index))
    return spans


def heatmap(grid: Grid, words: Words, *, scores: bool = False, transpose: bool = False) -> bytes:
    """A grid of numbers, each cell annotated; ``scores`` uses the interaction scale (0…3).

    Elements are rows (``transpose``: columns), separated and named by kind.
    """
    if not grid.rows or not grid.columns:
        return _empty(words("no_rows"))
    values = [list(row) for row in grid.values]
    if transpose:
        values = [list(column) for column in zip(*values, strict=True)]
        y_labels = [_wrap(c, 60) for c in grid.columns]
        x_labels = [_wrap(r, 16) for r in grid.rows]
        figure = _new(5.4 + 1.2 * len(x_labels), 0.48 * len(y_labels) + 2.4)
    else:
        y_labels = [_wrap(r, 34) for r in grid.rows]
        x_labels = list(grid.columns)
        figure = _new(4.2 + 0.55 * len(x_labels), 0.52 * len(y_labels) + 2.6)
    axes = figure.add_subplot()
    top = max(max(row) for row in values)
    if scores:
        colours = ListedColormap(list(SCORE_COLOURS))
        norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], colours.N)
        image = axes.imshow(values, cmap=colours, norm=norm, aspect="auto")
    else:
        image = axes.imshow(values, cmap="Blues", vmin=0, vmax=max(top, 1), aspect="auto")
    limit = 3 if scores else max(top, 1)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            axes.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=9 if value else 8,
                fontweight="bold" if value else "normal",
                color="white" if value > 0.6 * limit else (INK if value else MUTED),
            )
    if transpose:
        axes.set_xticks(range(len(x_labels)), x_labels, fontsize=8.5)
        axes.xaxis.tick_top()
    else:
        axes.set_xticks(
            range(len(x_labels)),
            x_labels,
            rotation=60,
            ha="right",
            rotation_mode="anchor",
            fontsize=9,
        )
    axes.set_yticks(range(len(y_labels)), y_labels, fontsize=9)
    axes.set_xticks([x - 0.5 for x in range(1, len(x_labels))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(y_labels))], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.5)
    axes.tick_params(which="minor", length=0)
    spans = _group_spans(grid.row_groups)
    for _, first, _ in spans[1:]:
        line = axes.axvline if transpose else axes.axhline
        line(first - 0.5, color=INK, linewidth=2)
    offset = 10 + 11 * max(label.count("\n") + 1 for label in x_labels) if transpose else 6
    _name_groups(axes, spans, transpose, offset)
    name = words("x_gbf") if scores else words("x_sdg")
    if transpose:
        axes.set_ylabel(name)
    else:
        axes.set_xlabel(name)
    bar = figure.colorbar(image, ax=axes, shrink=0.4 if transpose else 0.8, pad=0.02, aspect=30)
    if scores:
        bar.set_ticks([0, 1, 2, 3], labels=[f"{n} {words(f'score_{n}')}" for n in range(4)])
    else:
        bar.set_label(words("x_targets"))
        bar.set_ticks(list(range(0, max(top, 1) + 1, max(1, (top + 9) // 10))))
    return _png(figure)


def _name_groups(
    axes: Axes, spans: list[tuple[str, int, int]], transpose: bool, offset: float
) -> None:
    """The kind of each group of elements, written beside the group."""
    for group, first, last in spans:
        middle = (first + last) / 2
        label = group[:1].upper() + group[1:]
        if transpose:
            axes.annotate(
                label,
                xy=(middle, 1),
                xycoords=("data", "axes fraction"),
                xytext=(0, offset),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9.5,
                fontstyle="italic",
                color=SUBTLE,
            )
        else:
            axes.annotate(
                label,
                xy=(1, middle),
                xycoords=("axes fraction", "data"),
                xytext=(offset, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                rotation=270,
                fontsize=9.5,
                fontstyle="italic",
                color=SUBTLE,
            )


def _natural(key: str) -> tuple[int, str]:
    number = re.search(r"(\d+)$", key)
    return (int(number.group(1)) if number else 10**6, key)


def _stage_orders(flow: Flow) -> list[list[str]]:
    """Node order per stage: goals and SDG goals by number, priorities near their goals."""
    stages: list[dict[str, None]] = [{}, {}, {}, {}]
    for keys, _ in flow.paths:
        for stage, key in enumerate(keys):
            stages[stage].setdefault(key)
    goals = sorted(stages[1], key=_natural)
    challenges = list(
        dict.fromkeys(keys[0] for g in goals for keys, _ in flow.paths if keys[1] == g)
    )
    spots = {g: i for i, g in enumerate(goals)}
    pull: dict[str, list[float]] = {}
    for keys, weight in flow.paths:
        pull.setdefault(keys[2], []).extend([spots[keys[1]]] * weight)
    priorities = sorted(stages[2], key=lambda p: (sum(pull[p]) / len(pull[p]), _natural(p)))
    return [challenges, goals, priorities, sorted(stages[3], key=_natural)]


def flow_chart(flow: Flow, words: Words) -> bytes:
    """An alluvial diagram: challenge → goal → priority → SDG goal, bands coloured by challenge."""
    if not flow.paths:
        return _empty(words("no_rows"))
    orders = _stage_orders(flow)
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(orders[0])}
    total = sum(weight for _, weight in flow.paths)
    gap = total * 0.035
    height = total + gap * (max(len(o) for o in orders) - 1)
    xs, width = (0.0, 1.0, 2.0, 3.0), 0.05
    tops: dict[tuple[int, str], float] = {}
    sizes: dict[tuple[int, str], int] = {}
    for stage, order in enumerate(orders):
        for key in order:
            sizes[(stage, key)] = sum(w for keys, w in flow.paths if keys[stage] == key)
        used = sum(sizes[(stage, k)] for k in order) + gap * (len(order) - 1)
        y = (height - used) / 2
        for key in order:
            tops[(stage, key)] = y
            y += sizes[(stage, key)] + gap
    figure = _new(14, max(5.0, 0.5 * max(len(o) for o in orders) + 1.6))
    axes = figure.add_subplot()
    for stage in range(3):
        _draw_bands(axes, flow, orders, stage, tops, colour, xs, width)
    for stage, order in enumerate(orders):
        for key in order:
            top, size = tops[(stage, key)], sizes[(stage, key)]
            fill = colour[key] if stage == 0 else INK
            axes.add_patch(Rectangle((xs[stage], top), width, size, color=fill, zorder=3))
            _label(axes, flow.labels.get(key, key), stage, xs[stage], width, top + size / 2)
        axes.text(
            xs[stage] + width / 2,
            -gap * 1.2,
            flow.stages[stage],
            ha="center",
            va="bottom",
            fontsize=11,
            fontweight="bold",
            color=INK,
        )
    axes.set_xlim(-0.7, 4.45)
    axes.set_ylim(height + gap * 0.5, -gap * 2.6)
    axes.axis("off")
    return _png(figure)


def _label(axes: Axes, text: str, stage: int, x: float, width: float, y: float) -> None:
    left = stage == 0
    axes.text(
        x - 0.02 if left else x + width + 0.02,
        y,
        _wrap(text, 24) if stage < 3 else text,
        ha="right" if left else "left",
        va="center",
        fontsize=8.5,
        color=INK,
        zorder=4,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}
        if 0 < stage < 3
        else None,
    )


def _draw_bands(
    axes: Axes,
    flow: Flow,
    orders: list[list[str]],
    stage: int,
    tops: dict[tuple[int, str], float],
    colour: dict[str, str],
    xs: tuple[float, ...],
    width: float,
) -> None:
    """Bands from stage to stage + 1, one per (challenge, source, target), stacked in order."""
    bands: dict[tuple[str, str, str], int] = {}
    for keys, weight in flow.paths:
        band = (keys[0], keys[stage], keys[stage + 1])
        bands[band] = bands.get(band, 0) + weight
    here = {k: i for i, k in enumerate(orders[stage])}
    there = {k: i for i, k in enumerate(orders[stage + 1])}
    hue = {c: i for i, c in enumerate(orders[0])}
    out_order = sorted(bands, key=lambda b: (here[b[1]], there[b[2]], hue[b[0]]))
    in_order = sorted(bands, key=lambda b: (there[b[2]], here[b[1]], hue[b[0]]))
    start = {k: tops[(stage, k)] for k in orders[stage]}
    end = {k: tops[(stage + 1, k)] for k in orders[stage + 1]}
    leaving: dict[tuple[str, str, str], float] = {}
    for band in out_order:
        leaving[band] = start[band[1]]
        start[band[1]] += bands[band]
    for band in in_order:
        y0, y1, size = leaving[band], end[band[2]], bands[band]
        end[band[2]] += size
        x0, x1 = xs[stage] + width, xs[stage + 1]
        middle = (x0 + x1) / 2
        path = MplPath(
            [
                (x0, y0), (middle, y0), (middle, y1), (x1, y1),
                (x1, y1 + size), (middle, y1 + size), (middle, y0 + size), (x0, y0 + size),
                (x0, y0),
            ],
            [
                MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4,
                MplPath.LINETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4,
                MplPath.CLOSEPOLY,
            ],
        )  # fmt: skip
        patch = PathPatch(path, facecolor=colour[band[0]], edgecolor="none", alpha=0.45)
        axes.add_patch(patch)


__all__ = ["bar_chart", "flow_chart", "heatmap"]
