"""The HTML brief: one self-contained offline page (map, charts, tables), every string escaped.

The map is the HTML map export itself (Leaflet and the data inlined, nothing fetched),
embedded through ``srcdoc`` so its page and the brief's tables keep apart; charts are
inline SVG with text drawn as paths.
"""

from __future__ import annotations

import dataclasses

from gisplanner.export.html import build_map
from gisplanner.export.popups import esc
from gisplanner.feedback import Feedback, NullFeedback, Step, check
from gisplanner.report.brief import Brief
from gisplanner.report.charts import STATE_COLOURS, chart_svg
from gisplanner.report.labels import (
    KIND_LABELS,
    change_value,
    latest_text,
    state_label,
    status_label,
    target_text,
)

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em auto;max-width:1100px;color:#222}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;border-bottom:2px solid #1e88e5;padding-bottom:.2em;margin-top:1.6em}
.meta{color:#555}iframe{width:100%;height:560px;border:1px solid #bbb}
table{border-collapse:collapse;width:100%;font-size:.88em}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f1f4f8}.state{display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:8px}.charts figure{margin:0;border:1px solid #ddd}.charts svg{width:420px;height:auto}
.empty{color:#777;font-style:italic}
"""


def state_badge(state: str) -> str:
    return f'<span class="state" style="background:{STATE_COLOURS.get(state, "#555")}">{esc(state_label(state))}</span>'


def html_table(head: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p class="empty">{esc(empty)}</p>'
    head_html = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head_html}</tr></thead><tbody>{body}</tbody></table>"


def _indicators(brief: Brief) -> str:
    charts = "".join(f"<figure>{chart_svg(ind, a, s, brief.as_of)}</figure>" for ind, a, s in brief.charted())
    rows = [[esc(ind["name_zh"]), esc(ind["clause_id"]), esc(target_text(ind)), esc(latest_text(a, ind)),
             state_badge(a.state), esc(a.reason)] for ind, a, _ in brief.indicators]
    table = html_table(["指标 Indicator", "条款 Clause", "目标 Target", "最新实际 Latest actual", "状态 State", "说明 Note"],
                   rows, "无指标 No indicators")
    return f'<div class="charts">{charts}</div>{table}'


def _clauses(brief: Brief) -> str:
    rows = []
    for row in brief.clauses:
        feats = "<br>".join(f"{esc(name)}（{esc(status_label(status))}）" for _, name, status in row.features)
        text = row.text if len(row.text) <= 140 else row.text[:140] + "…"
        rows.append([esc(row.clause_id), esc(text), feats])
    return html_table(["条款 Clause", "条文 Text", "要素及状态 Features and status"], rows, "无关联条款 No linked clauses")


def _overdue(brief: Brief) -> str:
    rows = [[esc(o.name_zh or o.uid), esc(o.uid), esc(o.deadline), esc(KIND_LABELS[o.kind]), esc(status_label(o.status)),
             esc(o.status_date or "")] for o in brief.overdue]
    return html_table(["要素 Feature", "编号 ID", "期限 Deadline", "类型 Kind", "当时状态 Status", "状态日期 Status date"],
                  rows, f"截至 {brief.as_of} 无逾期要素 Nothing overdue")


def _changes(brief: Brief) -> str:
    if brief.since is None:
        return '<p class="empty">未指定起始日期 No start date given</p>'
    rows = [[esc(c["at"]), esc(c["editor"]), esc(c["action"]), esc(c["uid"]), esc(c["field"] or ""),
             esc(change_value(c["old"])),
             esc(change_value(c["new"]))] for c in brief.changes]
    return html_table(["时间 When", "编辑人 Editor", "操作 Action", "对象 Item", "字段 Field", "原值 Old", "新值 New"],
                  rows, f"{brief.since} 以来无变更 No changes since {brief.since}")


def render_html(project, brief: Brief, feedback: Feedback | None = None) -> str:
    feedback = feedback or NullFeedback()
    check(feedback, 0.65, Step("drawing_map"))
    options = dataclasses.replace(brief.options, title=brief.title, export_date=brief.as_of)
    figure = build_map(project, options, feedback)[0]
    check(feedback, 0.8, Step("drawing_charts"))
    scope = "园区 Park" if brief.scope == "park" else "规划 Plan"
    since = f" · 变更起始 changes since {brief.since}" if brief.since else ""
    return (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(brief.title)}</title>'
        f"<style>{_CSS}</style></head><body>"
        f"<header><h1>{esc(brief.title)}</h1><p class=\"meta\">{esc(scope)}: {esc(brief.scope_id)} · "
        f"截至 as of {esc(brief.as_of)}{esc(since)}</p></header>"
        f'<section id="map"><h2>地图 Map</h2><iframe title="map" srcdoc="{esc(figure.render())}"></iframe></section>'
        f'<section id="indicators"><h2>指标 Indicators</h2>{_indicators(brief)}</section>'
        f'<section id="clauses"><h2>条款 → 要素 → 状态 Clauses → features → status</h2>{_clauses(brief)}</section>'
        f'<section id="overdue"><h2>逾期 Overdue</h2>{_overdue(brief)}</section>'
        f'<section id="changes"><h2>变更 Changes</h2>{_changes(brief)}</section>'
        "</body></html>")
