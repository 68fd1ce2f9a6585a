"""The report's pictures, drawn with matplotlib (no pyplot, no global state).

Every function takes what it draws (:class:`Bars`, :class:`Grid`, :class:`Flow`, built from
query runs) and a format: ``svg`` (for the pages: each bar, cell and node a link to the IRI of
the thing it stands for, with its details as hover text, see :mod:`.svg`) or ``png`` (for the
Markdown report). The same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import textwrap
import threading

import matplotlib
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.cm import ScalarMappable
from matplotlib.colors import BoundaryNorm, Colormap, ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from aspen_graph.curie import expand
from aspen_graph.report import svg
from aspen_graph.report.document import Bars, Flow, Grid
from aspen_graph.report.tables import FALLBACK_MARKER
from aspen_graph.report.text import Words

PALETTE = ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
"""Okabe-Ito colours (distinguishable with colour-vision deficiencies)."""
INK = "#1a202c"
MUTED = "#a0aec0"
SUBTLE = "#4a5568"
DPI = 110
SCORE_COLOURS = ("#ffffff", "#c7e9c0", "#74c476", "#1f7a3a")


_RC_LOCK = threading.Lock()
"""Held while matplotlib's global rcParams are changed for one SVG."""


class Drawing:
    """A figure and the hover text of its artists (written as SVG ``<title>``s)."""

    def __init__(self, width: float, height: float) -> None:
        self.figure = Figure(figsize=(width, height), layout="constrained")
        self.figure.set_facecolor("white")
        self.tips: dict[str, str] = {}
        self.langs: dict[str, str] = {}

    def mark(self, artist: Artist, tip: str, iri: str = "", lang: str = "") -> None:
        """Give ``artist`` hover text and (with an ``iri``) a link to the thing it stands for;
        ``lang``: the language of its text when it is not the page's (an English fallback)."""
        gid = f"{svg.TIP_PREFIX}{len(self.tips)}"
        artist.set_gid(gid)
        self.tips[gid] = tip
        if lang:
            self.langs[gid] = lang
        if iri:
            artist.set_url(iri)

    def save(self, fmt: str) -> bytes:
        buffer = io.BytesIO()
        if fmt == "png":
            FigureCanvasAgg(self.figure)
            self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
            return buffer.getvalue()
        # text as text (selectable, searchable, no glyph paths); fixed ids: the same bytes.
        # rcParams are global: under the lock, so a report rendered in another thread (the
        # server's warm-up beside a request) cannot restore them halfway through this one
        with (
            _RC_LOCK,
            matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "aspen-report"}),
        ):
            FigureCanvasSVG(self.figure)
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return svg.finish(buffer.getvalue().decode("utf-8"), self.tips, self.langs).encode("utf-8")


def _iri(curie: str) -> str:
    return str(expand(curie)) if curie else ""


def _fallback_lang(label: str) -> str:
    """``"en"`` for a label that is English standing in (it ends with the fallback marker).

    >>> _fallback_lang("1 All areas (EN)"), _fallback_lang("Biển")
    ('en', '')
    """
    return "en" if label.rstrip().endswith(f"({FALLBACK_MARKER})") else ""


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width=width, break_long_words=False) or text


def _empty(message: str, fmt: str) -> bytes:
    drawing = Drawing(4.2, 1.0)
    axes = drawing.figure.add_subplot()
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", color=INK)
    return drawing.save(fmt)


BAR_WIDTH = 4.4
"""Inches (317 pt): drawn near a phone's width, so its words keep their size at 390 px."""


def bar_chart(bars: Bars, words: Words, fmt: str = "svg") -> bytes:
    """Horizontal bars: relevant targets (pale) with the reached ones over them, each bar and
    label a link to its challenge; the label above its bar (the full width for the bars)."""
    if not bars.labels:
        return _empty(words("no_rows"), fmt)
    count = len(bars.labels)
    labels = [_wrap(label, 40) for label in bars.labels]
    lines = sum(label.count("\n") + 1 for label in labels)
    drawing = Drawing(BAR_WIDTH, 0.5 * count + 0.2 * lines + 1.0)
    axes = drawing.figure.add_subplot()
    step = [0.0]
    for label in labels[:-1]:
        step.append(step[-1] + 1.0 + 0.35 * (label.count("\n") + 1))
    relevant = axes.barh(
        step, bars.relevant, height=0.5, color="#dbe4ee", label=words("legend_relevant")
    )
    reached = axes.barh(
        step, bars.reached, height=0.5, color=PALETTE[0], label=words("legend_reached")
    )
    widest = max(max(bars.relevant), 1)
    keys = bars.keys or ("",) * count
    for index, (y, label) in enumerate(zip(step, labels, strict=True)):
        got, of, ratio = bars.reached[index], bars.relevant[index], bars.ratios[index]
        iri = keys[index]
        figures = f"{got} / {of}  ({ratio:.0%})"
        tip = f"{bars.labels[index]}: {figures}"
        drawing.mark(relevant.patches[index], tip, iri)
        drawing.mark(reached.patches[index], tip, iri)
        name = axes.text(0, y - 0.32, label, va="bottom", ha="left", color=INK, fontsize=9)
        drawing.mark(name, tip, iri)
        axes.text(of + widest * 0.02, y, figures, va="center", color=INK, fontsize=8.5)
    axes.set_yticks([])
    axes.invert_yaxis()
    axes.set_xlim(0, widest * 1.45)
    axes.set_ylim(step[-1] + 0.5, -0.35 - 0.35 * (labels[0].count("\n") + 1))
    axes.set_xlabel(words("x_targets"), fontsize=9)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    axes.tick_params(labelsize=8.5)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="lower right", frameon=False, fontsize=8.5)
    return drawing.save(fmt)


def _group_spans(groups: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """(group, first index, last index) for each run of equal neighbours."""
    spans: list[tuple[str, int, int]] = []
    for index, group in enumerate(groups):
        if spans and spans[-1][0] == group:
            spans[-1] = (group, spans[-1][1], index)
        else:
            spans.append((group, index, index))
    return spans


def heatmap(
    grid: Grid, words: Words, *, scores: bool = False, transpose: bool = False, fmt: str = "svg"
) -> bytes:
    """A grid of numbers, each cell annotated; ``scores`` uses the interaction scale (0…3).

    Elements are rows (``transpose``: columns), separated and named by kind. Each cell links
    to its element, with the element, the column and the value as hover text.
    """
    if not grid.rows or not grid.columns:
        return _empty(words("no_rows"), fmt)
    values = [list(row) for row in grid.values]
    row_iris = [_iri(k) for k in grid.row_keys] or [""] * len(grid.rows)
    column_iris = [_iri(k) for k in grid.column_keys] or [""] * len(grid.columns)
    # what each drawn cell stands for: (element, column) whichever way the grid is drawn
    cells = [[(r, c) for c in range(len(grid.columns))] for r in range(len(grid.rows))]
    if transpose:
        values = [list(column) for column in zip(*values, strict=True)]
        cells = [list(column) for column in zip(*cells, strict=True)]
        y_labels = [_wrap(c, 60) for c in grid.columns]
        x_labels = [_wrap(r, 16) for r in grid.rows]
        y_iris, x_iris = column_iris, row_iris
        drawing = Drawing(5.4 + 1.2 * len(x_labels), 0.48 * len(y_labels) + 2.4)
    else:
        y_labels = [_wrap(r, 34) for r in grid.rows]
        x_labels = list(grid.columns)
        y_iris, x_iris = row_iris, column_iris
        drawing = Drawing(4.2 + 0.55 * len(x_labels), 0.52 * len(y_labels) + 2.6)
    figure = drawing.figure
    axes = figure.add_subplot()
    top = max(max(row) for row in values)
    colours: Colormap
    if scores:
        colours = ListedColormap(list(SCORE_COLOURS))
        norm: Normalize = BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], colours.N)
    else:
        colours = matplotlib.colormaps["Blues"]
        norm = Normalize(vmin=0, vmax=max(top, 1))
    image = ScalarMappable(norm=norm, cmap=colours)  # the colour bar's scale
    limit = 3 if scores else max(top, 1)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            r, c = cells[i][j]
            square = Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=colours(norm(value)))
            axes.add_patch(square)
            tip = f"{grid.rows[r]} × {grid.columns[c]}: {value}"
            drawing.mark(square, tip, row_iris[r])
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
    axes.set_xlim(-0.5, len(x_labels) - 0.5)
    axes.set_ylim(len(y_labels) - 0.5, -0.5)
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
    for label, iri, full in zip(axes.get_xticklabels(), x_iris, x_labels, strict=True):
        drawing.mark(label, full.replace("\n", " "), iri, _fallback_lang(full))
    for label, iri, full in zip(axes.get_yticklabels(), y_iris, y_labels, strict=True):
        drawing.mark(label, full.replace("\n", " "), iri, _fallback_lang(full))
    axes.set_xticks([x - 0.5 for x in range(1, len(x_labels))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(y_labels))], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.5)
    axes.tick_params(which="minor", length=0)
    for side in axes.spines.values():
        side.set_visible(False)
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
    return drawing.save(fmt)


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


def flow_chart(flow: Flow, words: Words, fmt: str = "svg") -> bytes:
    """An alluvial diagram: challenge → goal → priority → SDG goal, bands coloured by challenge;
    each node a link to its thing, nodes and bands with their weight as hover text."""
    if not flow.paths:
        return _empty(words("no_rows"), fmt)
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
    drawing = Drawing(14, max(5.0, 0.5 * max(len(o) for o in orders) + 1.6))
    axes = drawing.figure.add_subplot()
    for stage in range(3):
        _draw_bands(drawing, axes, flow, orders, stage, tops, colour, xs, width)
    for stage, order in enumerate(orders):
        for key in order:
            top, size = tops[(stage, key)], sizes[(stage, key)]
            fill = colour[key] if stage == 0 else INK
            node = Rectangle((xs[stage], top), width, size, color=fill, zorder=3)
            axes.add_patch(node)
            name = flow.labels.get(key, key)
            tip = f"{flow.stages[stage]}: {name} ({size} {words('x_targets')})"
            drawing.mark(node, tip, _iri(key))
            label = _label(axes, name, stage, xs[stage], width, top + size / 2)
            drawing.mark(label, tip, _iri(key))
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
    return drawing.save(fmt)


def _label(axes: Axes, text: str, stage: int, x: float, width: float, y: float) -> Text:
    left = stage == 0
    return axes.text(
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
    drawing: Drawing,
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
        names = (flow.labels.get(key, key) for key in band)
        drawing.mark(patch, "{} · {} → {}: {}".format(*names, size))


__all__ = ["Drawing", "bar_chart", "flow_chart", "heatmap"]
