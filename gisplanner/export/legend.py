"""The map's title block (title, plan periods, export date, filters) and its legend."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from gisplanner.export.options import ExportOptions
from gisplanner.export.payload import LayerPayload
from gisplanner.export.popups import esc
from gisplanner.export.words import status_word, word
from gisplanner.layers import layer_definition, status, style_for, symbol_outline

SWATCH = 18


def _years(period: str | None) -> list[int]:
    return [int(y) for y in re.findall(r"(?:19|20)\d\d", period or "")]


def plan_period(plans: list[dict[str, Any]]) -> str:
    """The span covered by the plans behind the exported features, e.g. ``2019–2025``."""
    years = [y for p in plans for y in _years(p.get("period"))]
    if not years:
        return ""
    return f"{min(years)}–{max(years)}" if min(years) != max(years) else str(min(years))


def title_html(options: ExportOptions, plans: list[dict[str, Any]], park_name: str | None,
               export_date: dt.date) -> str:
    lang = options.lang
    rows = [(word("plan_period", lang), esc(plan_period(plans)) or "—"),
            (word("exported", lang), esc(export_date.isoformat()))]
    park_label = word("park", lang)  # the park's name is data: marked so, like the plan titles below
    rows += [(label, f'<span class="gp-data">{esc(value)}</span>' if label == park_label else esc(value))
             for label, value in options.describe(park_name)]
    body = "".join(f"<tr><th>{esc(label)}</th><td>{value}</td></tr>" for label, value in rows)
    plan_items = "".join(f"<li><span class='gp-data'>{esc(p['title'])}</span> "
                         f"<span class='gp-muted gp-data'>{esc(p.get('period') or '')}</span></li>"
                         for p in plans)
    details = (f"<details><summary>{word('plans', lang)} ({len(plans)})</summary><ul>{plan_items}</ul></details>"
               if plans else "")
    return f"<h1>{esc(options.title_text)}</h1><table>{body}</table>{details}"


def _svg(shape: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{SWATCH}" height="{SWATCH}">{shape}</svg>'


def symbol_svg(symbol: str, size: float, fill: str, stroke: str, width: float) -> str:
    c = SWATCH / 2
    outline = symbol_outline(symbol, size)
    shape = (f'<polygon points="{" ".join(f"{x + c:.1f},{y + c:.1f}" for x, y in outline)}"' if outline
             else f'<circle cx="{c}" cy="{c}" r="{size / 2}"')
    return _svg(shape + f' fill="{esc(fill)}" stroke="{esc(stroke)}" stroke-width="{width}"/>')


def swatch_svg(layer_name: str, status_id: str, kind_id: str | None) -> str:
    """A small picture drawn with the same style the map uses for that status and kind."""
    definition = layer_definition(layer_name)
    st = style_for(definition, status_id, kind_id)
    dash = f' stroke-dasharray="{" ".join(f"{v:g}" for v in st.dash_pattern())}"' if st.dashed else ""
    if definition.is_point:
        return symbol_svg("circle", st.marker_size + 3, st.fill_color, st.color, st.line_width)
    if definition.is_line:
        return _svg(f'<line x1="1" y1="{SWATCH - 4}" x2="{SWATCH - 1}" y2="4" stroke="{esc(st.color)}"'
                    f' stroke-width="{min(st.line_width, 4)}"{dash}/>')
    return _svg(f'<rect x="2" y="3" width="{SWATCH - 4}" height="{SWATCH - 6}" fill="{esc(st.fill_color)}"'
                f' fill-opacity="{st.fill_opacity}" stroke="{esc(st.color)}" stroke-width="1.5"{dash}/>')


def legend_html(layers: list[LayerPayload], lang: str = "zh") -> str:
    """Per exported layer: one row per status present; point layers add their kind symbols."""
    parts = []
    for layer in layers:
        definition = layer_definition(layer.name)
        rows = []
        for sid in sorted({sid for sid, _ in layer.used_styles}, key=status_order):
            rows.append(f"<tr><td>{swatch_svg(layer.name, sid, None)}</td><td>{esc(status_word(sid, lang))}</td></tr>")
        if definition.is_point:
            symbols: dict[str, list[str]] = {}
            for kid in sorted({kid for _, kid in layer.used_styles if kid}):
                kind = definition.kind(kid)
                if kind:
                    symbols.setdefault(kind.symbol, []).append(kind.label_zh if lang == "zh" else kind.label_en)
            size = float(definition.style.get("marker_size") or 9) + 3
            for symbol, labels in symbols.items():
                rows.append(f"<tr><td>{symbol_svg(symbol, size, '#616161', '#ffffff', 1.3)}</td>"
                            f"<td>{esc(('、' if lang == 'zh' else ', ').join(labels))}</td></tr>")
        parts.append(f"<h2>{esc(layer.title)} ({layer.count})</h2><table>{''.join(rows)}</table>")
    return "".join(parts)


def status_order(status_id: str) -> int:
    try:
        return status(status_id).order
    except KeyError:
        return 99
