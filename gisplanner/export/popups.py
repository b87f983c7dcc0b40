"""Every string the exported page shows, escaped once, here, before it reaches the page.

Names, labels and clause text end up as HTML (tooltips, popups, the legend) and inside a
script block, so each is passed through ``esc``: ``html.escape`` plus the template braces
``{`` ``}`` as character references, so neither a browser nor a template engine (folium
renders its page with Jinja) can read data as markup or code.
"""

from __future__ import annotations

from typing import Any

from gisplanner.export.words import kind_words, word
from gisplanner.layers import FeatureStyle, LayerDef, statuses, symbol_outline

EXCERPT_BEFORE = 40
EXCERPT_AFTER = 110
POPUP_WORDS = ("kind", "status", "status_date", "deadline", "clauses", "no_clauses", "same_place")
RELATIONS = ("mandates", "mentions", "reports_progress", "locates")


def popup_labels(lang: str) -> dict[str, str]:
    """The row headings and notes the page's popups use, in ``lang``, escaped."""
    return {key: esc(word(key, lang)) for key in POPUP_WORDS}


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


def clause_html(row: dict[str, Any], lang: str = "zh") -> str:
    """One linked clause: plan title and number, clause path, relation, excerpt."""
    plan = esc(row.get("plan_title"))
    if row.get("plan_number"):
        plan += f' <span class="gp-muted">{esc(row["plan_number"])}</span>'
    relation = row.get("relation") or ""
    relation = word(relation, lang) if relation in RELATIONS else relation
    number = row.get("path") or row.get("number") or row.get("clause_id")
    return (f'<li><div class="gp-plan">{plan}</div>'
            f'<div class="gp-clause-no"><span class="gp-ref">{esc(number)}</span> · <span class="gp-muted">{esc(relation)}</span></div>'
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


def status_table(lang: str) -> list[dict[str, str]]:
    return [{"id": s.id, "label": esc(s.label_zh if lang == "zh" else s.label_en), "color": esc(s.color)}
            for s in statuses()]


def kind_labels(definition: LayerDef, lang: str) -> list[str]:
    return [esc(k) for k in kind_words(definition, lang)]
