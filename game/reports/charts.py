"""The report's charts: matplotlib figures saved as static SVG, inlined in the HTML.

Why matplotlib (measured against pygal): it needs no script in the page and no network
(pygal's interactive SVG wants its JavaScript from a CDN), its SVG is deterministic, and it
lays out Chinese text with the shipped Noto Sans SC, which the page embeds (a subset) so the
SVG's text renders the same anywhere. Text stays text (``svg.fonttype: none``), escaped by
matplotlib; names are never parsed as mathtext (``text.parse_math: False``), so a trainee
called ``$x$`` or ``<script>`` is shown as written.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

FONT = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "NotoSansSC-Regular.otf"
FAMILY = "Noto Sans SC"
#: One colour per score, the same in every chart (overall darkest).
COLOURS = {
    "overall": "#1b2a49",
    "questioning": "#2a7ab0",
    "listening": "#2e9d6a",
    "pricing_timing": "#d08b1c",
    "next_step": "#b0413e",
}


@cache
def _matplotlib() -> Any:
    """matplotlib, set up once: the SVG backend, the shipped font, text kept as text."""
    import matplotlib
    from matplotlib import font_manager

    matplotlib.use("svg", force=True)
    font_manager.fontManager.addfont(str(FONT))
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "salessim",
            "text.parse_math": False,
            "font.family": [FAMILY, "DejaVu Sans"],
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 10,
            "axes.titleweight": "normal",  # one weight is shipped in the page
            "axes.titlelocation": "left",
        }
    )
    return matplotlib


def _svg(fig: Any) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    start = text.find("<svg")
    svg = text[start:] if start >= 0 else text
    # the figure scales with the page; its own width and height only set the ratio
    return re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="chart"', svg, count=1
    )


def _figure(width: float, height: float) -> Any:
    _matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=96)


class TrendChart:
    """Each score over attempts (oldest left), one chart per trainee. The figure, its axes,
    lines and legend are made once and only the data changes between trainees: a report
    of forty trainees draws forty of these, and layout is what costs."""

    def __init__(self) -> None:
        self.fig = _figure(7.0, 2.2)
        self.fig.subplots_adjust(left=0.06, right=0.99, top=0.95, bottom=0.12)
        self.ax = ax = self.fig.add_subplot()
        self.lines = {
            key: ax.plot([], [], color=colour, lw=2.4 if key == "overall" else 1.3, ms=3)[0]
            for key, colour in COLOURS.items()
        }
        ax.set_ylim(0, 100)
        ax.set_yticks([0, 60, 100])
        ax.tick_params(labelsize=8)
        ax.axhline(60, color="#999999", lw=0.6, ls=":")
        # the legend and axis names are written once in the page, above all the charts:
        # text is what a chart costs to lay out

    def draw(self, points: Sequence[dict[str, float | None]]) -> str:
        """The chart of ``points`` (which may already be means of runs of attempts)."""
        xs = list(range(1, len(points) + 1))
        for key, line in self.lines.items():
            ys = [p.get(key) for p in points]
            line.set_data(xs, [float("nan") if y is None else y for y in ys])
            line.set_marker("o" if len(xs) <= 12 else "None")
        self.ax.set_xlim(0.5, max(len(xs), 1) + 0.5)
        self.ax.set_xticks(sorted({1, (len(xs) + 1) // 2, max(len(xs), 1)}))  # first, middle, last
        return _svg(self.fig)


def bars_chart(labels: Sequence[str], values: Sequence[float], title: str, colour: str) -> str:
    """Horizontal bars, first label on top, each with its value written at its end."""
    height = 0.6 + 0.3 * max(len(labels), 1)
    fig = _figure(7.0, height)
    fig.subplots_adjust(left=0.34, right=0.97, top=1 - 0.35 / height, bottom=0.25 / height)
    ax = fig.add_subplot()
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, values, color=colour, height=0.62)
    ax.set_yticks(ys, labels=[_short(label, 30) for label in labels])
    top = max(values, default=0) or 1
    for y, v in zip(ys, values, strict=True):
        ax.text(v + top * 0.01, y, f"{v:g}", va="center", fontsize=8)
    ax.set_xlim(0, top * 1.12)
    ax.set_title(title)
    ax.tick_params(axis="y", length=0)
    return _svg(fig)


def grouped_chart(
    groups: Sequence[str],
    series: dict[str, Sequence[float | None]],
    names: dict[str, str],
    title: str,
) -> str:
    """One cluster of bars per group (a team), one bar per score."""
    fig = _figure(7.0, 2.8)
    fig.subplots_adjust(left=0.07, right=0.99, top=0.9, bottom=0.25)
    ax = fig.add_subplot()
    keys = [k for k in COLOURS if k in series]
    width = 0.8 / max(len(keys), 1)
    for i, key in enumerate(keys):
        xs = [g + (i - (len(keys) - 1) / 2) * width for g in range(len(groups))]
        ys = [v or 0.0 for v in series[key]]
        ax.bar(xs, ys, width=width, color=COLOURS[key], label=names[key])
    ax.set_xticks(range(len(groups)), labels=[_short(g, 16) for g in groups])
    ax.set_ylim(0, 100)
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=5, frameon=False, fontsize=8)
    return _svg(fig)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: From this many trend charts on, they are drawn in a second process while the page and its
#: font are made (a team's report on a machine with two cores or more).
PARALLEL = 8


def trend_charts(points: Sequence[Sequence[dict[str, float | None]]]) -> Pending:
    """Start drawing one trend chart per entry of ``points``; ``Pending.result()`` gives
    the SVGs in order. Many charts are drawn by a forked worker (matplotlib already set
    up, so it starts at once); a machine that cannot fork draws them when asked."""
    _matplotlib()
    return Pending([list(p) for p in points])


class Pending:
    """Trend charts being drawn (see ``trend_charts``)."""

    def __init__(self, points: list[list[dict[str, float | None]]]) -> None:
        self.points = points
        self.future: Any = None
        self.pool: Any = None
        if len(points) >= PARALLEL and (os.cpu_count() or 1) > 1:
            try:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                context = multiprocessing.get_context("fork")
                self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
                self.future = self.pool.submit(_draw_trends, points)
            except (OSError, ValueError):  # no fork here (Windows, macOS' default): in turn
                self.future = None

    def result(self) -> list[str]:
        try:
            if self.future is not None:
                try:
                    return list(self.future.result())
                except Exception:  # the worker died (memory, a signal): draw them here
                    pass
            return _draw_trends(self.points)
        finally:
            if self.pool is not None:
                self.pool.shutdown()


def _draw_trends(points: Sequence[Sequence[dict[str, float | None]]]) -> list[str]:
    chart = TrendChart()
    return [chart.draw(p) for p in points]
