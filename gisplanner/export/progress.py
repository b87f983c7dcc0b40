"""The progress panel of the HTML map: indicators, target-vs-actual charts, overdue features.

The same facts and drawings as the meeting brief (``monitor.queries.scoped_assessments``,
``report.charts.chart_svg``, ``report.html.state_badge``), for the export's scope: the park
of ``--park``, else the whole project. The panel's markup is built here with every string
escaped; the page's script only places it, marks overdue features and wires the rows.
"""

from __future__ import annotations

from typing import Any

from gisplanner.export.collect import Selection
from gisplanner.export.options import ExportOptions
from gisplanner.export.popups import esc
from gisplanner.monitor.queries import charted, scoped_assessments
from gisplanner.monitor.timeline import overdue
from gisplanner.report.charts import chart_svg
from gisplanner.report.html import html_table, state_badge
from gisplanner.report.labels import KIND_LABELS, latest_text, status_label, target_text

PANEL_TITLE = "进度 Progress"
MARK_NOTE = "红圈/红色虚线：截至导出日期逾期的要素 Red ring or dashed red outline: overdue on the export date"
MAX_CHARTS = 6


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
    charts = "".join(f"<figure>{chart_svg(ind, a, s, day)}</figure>" for ind, a, s in charted(rows, MAX_CHARTS))
    table = html_table(["指标 Indicator", "目标 Target", "最新实际 Latest", "状态 State"],
                       [[esc(ind["name_zh"]), esc(target_text(ind)), esc(latest_text(a, ind)), state_badge(a.state)]
                        for ind, a, _ in rows], "无指标 No indicators")
    late_rows = "".join(
        f'<tr class="gp-od-row" data-i="{i}" title="{esc(o.uid)}"><td>{esc(o.name_zh or o.uid)}</td>'
        f"<td>{esc(o.deadline)}</td><td>{esc(KIND_LABELS[o.kind])}</td><td>{esc(status_label(o.status))}</td></tr>"
        for i, o in enumerate(late))
    late_html = (f'<table class="gp-overdue"><thead><tr><th>要素 Feature</th><th>期限 Deadline</th><th>类型 Kind</th>'
                 f"<th>当时状态 Status</th></tr></thead><tbody>{late_rows}</tbody></table>"
                 if late else f'<p class="gp-muted">截至 {esc(day)} 无逾期要素 Nothing overdue</p>')
    scope = esc(selection.park_name or options.park) if options.park else "全部项目 Whole project"
    html = (f'<summary>{PANEL_TITLE} · {scope} · 截至 as of {esc(day)}</summary><div class="gp-progress-body">'
            f"<h3>指标 Indicators ({len(rows)})</h3>{table}"
            f'<div class="gp-charts">{charts}</div>'
            f"<h3>逾期 Overdue ({len(late)})</h3>{late_html}"
            f'<p class="gp-mark-note"><span class="gp-ring"></span>{esc(MARK_NOTE)}</p></div>')
    return {"html": html, "overdue": [esc(o.uid) for o in late], "indicators": len(rows)}
