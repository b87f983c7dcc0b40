"""Every string the exported page shows, escaped once, here, before it reaches the page.

Names, labels and clause text end up as HTML (tooltips, popups, the legend) and inside a
script block, so each is passed through ``esc``: ``html.escape`` plus the template braces
``{`` ``}`` as character references, so neither a browser nor a template engine (folium
renders its page with Jinja) can read data as markup or code.
"""

from __future__ import annotations

from typing import Any

from gisplanner.layers import FeatureStyle, LayerDef, statuses, symbol_outline

EXCERPT_BEFORE = 40
EXCERPT_AFTER = 110
RELATIONS = {
    "mandates": "要求 mandates",
    "mentions": "提及 mentions",
    "reports_progress": "进展 reports progress",
    "locates": "定位 locates",
}
LABELS = {
    "kind": "类型 Kind",
    "status": "状态 Status",
    "status_date": "状态日期 Status date",
    "deadline": "规划期限 Deadline",
    "clauses": "规划条款 Plan clauses",
    "no_clauses": "无关联条款 No linked clause",
    "same_place": "此位置共 %d 个要素 %d features at this place",
}


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                          "{": "&#123;", "}": "&#125;"})


def esc(value: Any) -> str:
    """Text safe as HTML content or attribute (as ``html.escape``), ``{`` and ``}`` neutralised.

    One ``str.translate`` pass: an export escapes every name of thousands of features.
    """
    if value is None:
        return ""
    return str(value).translate(_ESCAPES)


def excerpt_html(text: str, quote: str | None) -> str:
    """A window of the clause text around the linked quote (marked), or its opening."""
    text = text or ""
    at = text.find(quote) if quote else -1
    if at < 0:
        cut = EXCERPT_BEFORE + EXCERPT_AFTER
        return esc(text[:cut]) + ("…" if len(text) > cut else "")
    start, end = max(0, at - EXCERPT_BEFORE), min(len(text), at + len(quote) + EXCERPT_AFTER)
    return ("…" if start else "") + esc(text[start:at]) + "<mark>" + esc(quote) + "</mark>" + \
        esc(text[at + len(quote):end]) + ("…" if end < len(text) else "")


def clause_html(row: dict[str, Any]) -> str:
    """One linked clause: plan title and number, clause path, relation, excerpt."""
    plan = esc(row.get("plan_title"))
    if row.get("plan_number"):
        plan += f' <span class="gp-muted">{esc(row["plan_number"])}</span>'
    relation = RELATIONS.get(row.get("relation") or "", row.get("relation") or "")
    number = row.get("path") or row.get("number") or row.get("clause_id")
    return (f'<li><div class="gp-plan">{plan}</div>'
            f'<div class="gp-clause-no">{esc(number)} · <span class="gp-muted">{esc(relation)}</span></div>'
            f'<div class="gp-excerpt">{excerpt_html(row.get("text") or "", row.get("quote"))}</div></li>')


def leaflet_style(style: FeatureStyle) -> dict[str, Any]:
    """The Leaflet path options (plus symbol and size for points) of one shared style."""
    return {
        "color": style.color, "weight": style.line_width, "opacity": 1.0,
        "fillColor": style.fill_color, "fillOpacity": style.fill_opacity, "fill": style.fill_opacity > 0,
        "dashArray": " ".join(f"{v:g}" for v in style.dash_pattern()) or None,
        "symbol": style.symbol, "size": style.marker_size,
        "outline": [[round(x, 2), round(y, 2)] for x, y in outline] if (outline := symbol_outline(
            style.symbol, style.marker_size)) and style.symbol not in ("area", "line") else None,
    }


def status_table() -> list[dict[str, str]]:
    return [{"id": s.id, "label": esc(f"{s.label_zh} {s.label_en}"), "color": esc(s.color)} for s in statuses()]


def kind_labels(definition: LayerDef) -> list[str]:
    return [esc(f"{k.label_zh} {k.label_en}") for k in definition.kinds]
