"""``write_report``: a brief to an .html or .pdf file, written whole or not at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gisplanner.export.errors import ExportError
from gisplanner.export.html import _write_atomically
from gisplanner.feedback import Feedback, NullFeedback, Step
from gisplanner.report.brief import Brief, BriefError, collect_brief

FORMATS = (".html", ".pdf")


def write_report(project, out: str | Path, *, park: str | None = None, plan: str | None = None,
                 as_of: dt.date | None = None, since: dt.date | None = None,
                 feedback: Feedback | None = None) -> Brief:
    """Collect the brief of a park or a plan and write it as HTML or PDF (by the file's suffix)."""
    out = Path(out)
    feedback = feedback or NullFeedback()
    if out.suffix.lower() not in FORMATS:
        raise BriefError("bad_suffix", file=out, suffix=out.suffix) if out.suffix \
            else BriefError("no_suffix", file=out)
    if out.is_dir():
        raise BriefError("folder", file=out)
    brief = collect_brief(project, park=park, plan=plan, as_of=as_of, since=since, feedback=feedback)
    if out.suffix.lower() == ".html":
        from gisplanner.report.html import render_html

        data = render_html(project, brief, feedback).encode("utf-8")
    else:
        from gisplanner.report.pdf import render_pdf

        data = render_pdf(brief, feedback)
    try:
        _write_atomically(out, data)
    except ExportError as exc:
        raise BriefError("export", export=exc) from exc
    feedback.progress(1.0, Step("done"))
    return brief
