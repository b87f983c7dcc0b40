"""The meeting brief: a park's or a plan's map, indicators, clauses, overdue items and changes.

``collect_brief`` gathers the facts once; ``write_html`` (one self-contained offline page,
like the HTML map) and ``write_pdf`` (fpdf2, pure Python, fonts embedded) render them.
"""

from gisplanner.report.brief import Brief, BriefError, collect_brief
from gisplanner.report.writer import write_report

__all__ = ["Brief", "BriefError", "collect_brief", "write_report"]
