"""The PDF brief, written with fpdf2: pure Python, a CJK font embedded as a subset.

fpdf2 rather than printing the HTML brief through a browser: no browser is a run-time
dependency of gisplanner, and rendering stays the same on every machine. Charts and the
map are matplotlib PNGs (the PDF is for printing; the HTML brief has the live map).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from gisplanner.feedback import Feedback, NullFeedback, Step, check
from gisplanner.report.brief import Brief, BriefError
from gisplanner.report.charts import chart_png, map_png
from gisplanner.report.labels import (
    KIND_LABELS,
    change_value,
    latest_text,
    state_label,
    status_label,
    target_text,
)

_FALLBACK_FONTS = [("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
                   ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)]


def cjk_font() -> tuple[str, int]:
    """A font file with simplified Chinese (and its index in a collection), found through fontconfig."""
    if shutil.which("fc-match"):
        out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK SC:lang=zh-cn"],
                             capture_output=True, text=True, check=False).stdout
        path, _, index = out.rpartition(":")
        if path and Path(path).is_file() and "CJK" in path or "wqy" in path.lower():
            return path, int(index or 0)
    for path, index in _FALLBACK_FONTS:
        if Path(path).is_file():
            return path, index
    raise BriefError("no_font")


MAX_ROWS = 300  # a printed table longer than this is cut, saying how many rows are left out


def _table(pdf, head: list[str], rows: list[list[str]], widths: tuple[int, ...], empty: str) -> None:
    if not rows:
        pdf.set_font(size=9)
        pdf.multi_cell(0, 6, empty, new_x="LMARGIN", new_y="NEXT")
        return
    more = len(rows) - MAX_ROWS
    rows = rows[:MAX_ROWS]
    pdf.set_font(size=8)
    with pdf.table(col_widths=widths, line_height=4.5, text_align="LEFT",
                   headings_style=_heading_style()) as table:
        table.row(head)
        for row in rows:
            table.row([str(cell) for cell in row])
    if more > 0:
        pdf.set_font(size=9)
        pdf.multi_cell(0, 6, f"另有 {more} 行未列出，见 HTML 简报 ({more} more rows in the HTML brief)",
                       new_x="LMARGIN", new_y="NEXT")


def _heading_style():
    from fpdf.fonts import FontFace

    return FontFace(emphasis=None, fill_color=(235, 240, 246))


def _section(pdf, title: str) -> None:
    pdf.ln(3)
    pdf.set_font(size=12)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")


def render_pdf(brief: Brief, feedback: Feedback | None = None) -> bytes:
    from fpdf import FPDF

    feedback = feedback or NullFeedback()
    path, index = cjk_font()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("cjk", "", path, collection_font_number=index)
    pdf.set_font("cjk", size=16)
    pdf.add_page()
    pdf.multi_cell(0, 9, brief.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=9)
    scope = "园区 Park" if brief.scope == "park" else "规划 Plan"
    since = f" · 变更起始 changes since {brief.since}" if brief.since else ""
    pdf.multi_cell(0, 5, f"{scope}: {brief.scope_id} · 截至 as of {brief.as_of}{since}", new_x="LMARGIN", new_y="NEXT")
    check(feedback, 0.7, Step("drawing_map"))
    pdf.image(io.BytesIO(map_png(brief.selection, extent=brief.extent())), w=180)

    check(feedback, 0.8, Step("drawing_charts"))
    _section(pdf, "指标 Indicators")
    charted = brief.charted(limit=8)
    for i, (ind, a, series) in enumerate(charted):
        if i % 2 == 0 and pdf.will_page_break(52):
            pdf.add_page()
        x = pdf.l_margin + (i % 2) * 92
        y = pdf.get_y()
        pdf.image(io.BytesIO(chart_png(ind, a, series, brief.as_of)), x=x, y=y, w=88)
        if i % 2 == 1 or i == len(charted) - 1:
            pdf.set_y(y + 52)
    _table(pdf, ["指标", "条款", "目标", "最新实际", "状态"],
           [[ind["name_zh"], ind["clause_id"], target_text(ind), latest_text(a, ind), state_label(a.state)]
            for ind, a, _ in brief.indicators], (50, 34, 36, 38, 28), "无指标 No indicators")

    _section(pdf, "条款 → 要素 → 状态 Clauses → features → status")
    _table(pdf, ["条款", "条文", "要素及状态"],
           [[row.clause_id, row.text if len(row.text) <= 120 else row.text[:120] + "…",
             "\n".join(f"{name}（{status_label(status)}）" for _, name, status in row.features)]
            for row in brief.clauses], (34, 86, 66), "无关联条款 No linked clauses")

    _section(pdf, "逾期 Overdue")
    _table(pdf, ["要素", "期限", "类型", "当时状态", "状态日期"],
           [[o.name_zh or o.uid, str(o.deadline), KIND_LABELS[o.kind], status_label(o.status), o.status_date or ""]
            for o in brief.overdue], (70, 18, 30, 34, 34), f"截至 {brief.as_of} 无逾期要素 Nothing overdue")

    _section(pdf, "变更 Changes")
    if brief.since is None:
        pdf.set_font(size=9)
        pdf.cell(0, 6, "未指定起始日期 No start date given", new_x="LMARGIN", new_y="NEXT")
    else:
        _table(pdf, ["时间", "编辑人", "操作", "对象", "字段", "原值", "新值"],
               [[c["at"], c["editor"] or "", c["action"], c["uid"], c["field"] or "", change_value(c["old"])[:80],
                 change_value(c["new"])[:80]] for c in brief.changes],
               (30, 18, 14, 40, 20, 32, 32), f"{brief.since} 以来无变更 No changes since {brief.since}")
    return bytes(pdf.output())
