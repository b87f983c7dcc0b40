"""Indicator charts (target vs actual values) drawn with matplotlib, off screen.

matplotlib because it writes both outputs the brief needs from one drawing: SVG with text
as paths (the HTML brief stays one offline file that needs no font) and PNG for the PDF.
It is imported only when a brief is drawn.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from functools import cache
from typing import Any

from gisplanner.monitor.dates import period_end, year_fraction
from gisplanner.monitor.states import Assessment

STATE_COLOURS = {"met": "#43a047", "on_track": "#1e88e5", "behind": "#e53935", "no_data": "#9e9e9e",
                 "no_target": "#6d4c41"}
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Source Han Sans SC", "DejaVu Sans"]


@cache
def pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": CJK_FONTS, "svg.fonttype": "path",
                         "axes.unicode_minus": False, "svg.hashsalt": "gisplanner"})
    return plt


CHART_WORDS = {None: ("实际 actual", "目标 target"), "zh": ("实际", "目标"), "en": ("actual", "target")}
"""Legend words: both languages for the brief, one for a map exported in one language."""


def _figure(indicator: dict[str, Any], assessment: Assessment, series: list[dict[str, Any]], as_of: dt.date,
            lang: str | None = None):
    actual, target = CHART_WORDS[lang]
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(4.2, 2.4), dpi=100)
    xs = [year_fraction(period_end(a["date"])) for a in series]
    ys = [a["value"] for a in series]
    colour = STATE_COLOURS.get(assessment.state, "#555555")
    if xs:
        ax.plot(xs, ys, marker="o", color=colour, linewidth=1.6, label=actual)
        for i in sorted({0, len(xs) - 1}):
            # the first and latest figures, with the date as stated ("2020" sits at the end of 2020)
            a = series[i]
            ax.annotate(f"{a['value']:g}（{a['date']}）", (xs[i], a["value"]), textcoords="offset points",
                        xytext=(0, 5), ha="center", fontsize=7)
    if indicator["kind"] == "target" and indicator.get("year"):
        tx = year_fraction(dt.date(int(indicator["year"]), 12, 31))
        ax.scatter([tx], [indicator["value"]], marker="*", s=120, color="#fb8c00", zorder=3,
                   label=f"{target} {indicator['comparator']}{indicator['value']:g}")
        if xs:
            ax.plot([xs[0], tx], [ys[0], indicator["value"]], linestyle="--", color="#fb8c00", linewidth=1)
    elif indicator["kind"] == "target":
        ax.axhline(indicator["value"], linestyle="--", color="#fb8c00", linewidth=1, label=target)
    now = year_fraction(as_of)
    ax.axvline(now, color="#757575", linewidth=0.8, linestyle=":")
    span = [*xs, now] + ([year_fraction(dt.date(int(indicator["year"]), 12, 31))] if indicator.get("year") else [])
    ax.set_xlim(min(span) - 0.5, max(span) + 0.5)
    unit = f"（{indicator['unit']}）" if indicator.get("unit") else ""
    ax.set_title(f"{indicator['name_zh']}{unit}", fontsize=9)
    ax.tick_params(labelsize=7)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=6, loc="upper left", frameon=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def chart_svg(indicator: dict[str, Any], assessment: Assessment, series: list[dict[str, Any]], as_of: dt.date,
              lang: str | None = None) -> str:
    """An inline ``<svg>`` element (no XML prolog, no external references)."""
    plt = pyplot()
    fig = _figure(indicator, assessment, series, as_of, lang)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def chart_png(indicator: dict[str, Any], assessment: Assessment, series: list[dict[str, Any]], as_of: dt.date) -> bytes:
    plt = pyplot()
    fig = _figure(indicator, assessment, series, as_of)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
    plt.close(fig)
    return buf.getvalue()


def map_png(selection, title: str = "", extent: tuple[float, float, float, float] | None = None) -> bytes:
    """The brief's map for the PDF: features coloured by status (the HTML brief has the live map)."""
    from gisplanner.layers import status

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 5.2), dpi=100)
    for layer in selection.layers:
        frame = layer.frame
        if not len(frame):
            continue
        colours = [status(s).color if s else "#555555" for s in frame["status"]]
        if layer.definition.is_point:
            frame.plot(ax=ax, color=colours, markersize=14, zorder=4)
        elif layer.definition.is_line:
            frame.plot(ax=ax, color=colours, linewidth=1.6, zorder=3)
        else:
            frame.plot(ax=ax, facecolor=colours, edgecolor="#333333", alpha=0.35, linewidth=0.8, zorder=2)
    if extent is not None:
        x0, y0, x1, y1 = extent
        pad = max(x1 - x0, y1 - y0) * 0.25
        ax.set_xlim(x0 - pad, x1 + pad)
        ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_xlabel("")
    ax.set_ylabel("")
    lat = sum(ax.get_ylim()) / 2
    ax.set_aspect(1 / max(0.2, math.cos(math.radians(lat))))  # metres the same both ways
    ax.tick_params(labelsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
    plt.close(fig)
    return buf.getvalue()
