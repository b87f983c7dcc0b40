"""The progress panel of the HTML map: indicators, target-vs-actual charts, overdue features.

The same facts and drawings as the meeting brief (``monitor.queries.scoped_assessments``,
``report.charts.chart_svg``), for the export's scope: the park
of ``--park``, else the whole project. The panel's markup is built here with every string
escaped; the page's script only places it, marks overdue features and wires the rows.
"""

from __future__ import annotations

from typing import Any

from gisplanner.export.collect import Selection
from gisplanner.export.options import ExportOptions
from gisplanner.export.popups import esc
from gisplanner.export.words import state_word, status_word, word
from gisplanner.monitor.queries import charted, scoped_assessments
from gisplanner.monitor.timeline import overdue
from gisplanner.report.charts import STATE_COLOURS, chart_svg
from gisplanner.report.html import html_table
from gisplanner.report.labels import number

MAX_CHARTS = 6


def _unit(ind: dict[str, Any]) -> str:
    """The indicator's unit as the plan wrote it: data, marked so."""
    return f'<span class="gp-data">{esc(ind["unit"])}</span>' if ind.get("unit") else ""


def _target(ind: dict[str, Any], lang: str) -> str:
    """Markup (escaped) of the indicator's target."""
    if ind["kind"] == "milestone":
        return esc(word("done_by", lang) % ind["year"])
    if ind["kind"] == "statistic":
        return "—"
    year = f" ({esc(ind['year'])})" if ind.get("year") else ""
    return f"{esc(ind['comparator'])} {esc(number(ind['value']))} {_unit(ind)}{year}"


def _latest(assessment, ind: dict[str, Any], lang: str) -> str:
    """Markup (escaped) of the latest actual value."""
    a = assessment.latest
    if a is None:
        return "—"
    if ind["kind"] == "milestone":
        return esc(f"{word('done' if a['value'] >= 1 else 'not_done', lang)} ({a['date']})")
    return f"{esc(number(a['value']))} {_unit(ind)} ({esc(a['date'])})"


def _badge(state: str, lang: str) -> str:
    return f'<span class="state" style="background:{STATE_COLOURS.get(state, "#555")}">{esc(state_word(state, lang))}</span>'


def progress_payload(project, selection: Selection, options: ExportOptions) -> dict[str, Any]:
    """``{"html": panel markup, "overdue": [escaped uid, ...]}``; row ``i`` of the overdue
    table carries ``data-i="i"``, so the script finds its feature by that index."""
    conn = project.db.conn
    day = options.export_date
    uids = {uid for s in selection.layers for uid in s.frame["uid"]}
    plan_ids = None
    if options.park:
        plan_ids = {row["plan_id"] for uid in uids for row in selection.clauses.get(uid, [])}
    rows = scoped_assessments(conn, day, plan_ids, options.park)
    late = overdue(conn, day, uids)
    lang = options.lang
    charts = "".join(f"<figure>{chart_svg(ind, a, s, day, lang)}</figure>" for ind, a, s in charted(rows, MAX_CHARTS))
    table = html_table([word(k, lang) for k in ("indicator", "target", "latest", "state")],
                       [[f'<span class="gp-data">{esc(ind["name_zh"])}</span>', _target(ind, lang), _latest(a, ind, lang),
                         _badge(a.state, lang)]
                        for ind, a, _ in rows], word("no_indicators", lang))
    late_rows = "".join(
        f'<tr class="gp-od-row" data-i="{i}" title="{esc(o.uid)}"><td class="gp-data">{esc(o.name_zh or o.uid)}</td>'
        f"<td>{esc(o.deadline)}</td><td>{esc(word(o.kind, lang))}</td><td>{esc(status_word(o.status, lang))}</td></tr>"
        for i, o in enumerate(late))
    head = "".join(f"<th>{word(k, lang)}</th>" for k in ("feature", "deadline", "kind", "status_then"))
    late_html = (f'<table class="gp-overdue"><thead><tr>{head}</tr></thead><tbody>{late_rows}</tbody></table>'
                 if late else f'<p class="gp-muted">{esc(word("nothing_overdue", lang) % day)}</p>')
    scope = esc(selection.park_name or options.park) if options.park else word("whole_project", lang)
    html = (f'<summary>{word("progress", lang)} · {scope} · {esc(word("as_of", lang) % day)}</summary>'
            f'<div class="gp-progress-body"><h3>{word("indicators", lang)} ({len(rows)})</h3>{table}'
            f'<div class="gp-charts">{charts}</div>'
            f"<h3>{word('overdue', lang)} ({len(late)})</h3>{late_html}"
            f'<p class="gp-mark-note"><span class="gp-ring"></span>{esc(word("mark_note", lang))}</p></div>')
    return {"html": html, "overdue": [esc(o.uid) for o in late], "indicators": len(rows)}
