"""What a meeting brief says, gathered from the project once for any output format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gisplanner.export.collect import Selection, select_features
from gisplanner.export.errors import ExportError
from gisplanner.export.options import ExportOptions
from gisplanner.feedback import Feedback, NullFeedback, Step, check
from gisplanner.monitor.queries import charted, scoped_assessments
from gisplanner.monitor.states import Assessment
from gisplanner.monitor.timeline import Overdue, overdue
from gisplanner.report.errors import BriefError


@dataclass
class ClauseRow:
    clause_id: str
    plan_id: str
    text: str
    features: list[tuple[str, str, str | None]]  # uid, name, status


@dataclass
class Brief:
    title: str
    scope: str                      # "park" or "plan"
    scope_id: str
    as_of: dt.date
    since: dt.date | None
    options: ExportOptions          # the map's features, as the HTML map export reads them
    selection: Selection
    indicators: list[tuple[dict[str, Any], Assessment, list[dict[str, Any]]]]
    clauses: list[ClauseRow]
    overdue: list[Overdue]
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def uids(self) -> set[str]:
        return {uid for s in self.selection.layers for uid in s.frame["uid"]}

    def statuses(self) -> dict[str, tuple[str, str | None]]:
        """uid -> (name, status) of every feature in the brief."""
        return {row.uid: (row.name_zh or row.uid, row.status)
                for s in self.selection.layers for row in s.frame[["uid", "name_zh", "status"]].itertuples()}

    def charted(self, limit: int = 12) -> list[tuple[dict[str, Any], Assessment, list[dict[str, Any]]]]:
        """Indicators worth a chart (see ``monitor.queries.charted``)."""
        return charted(self.indicators, limit)

    def extent(self) -> tuple[float, float, float, float] | None:
        """The park's bounds for a park brief (lines leaving the park do not widen the view)."""
        if self.scope != "park":
            return None
        for layer in self.selection.layers:
            hit = layer.frame[layer.frame["uid"] == self.scope_id]
            if len(hit):
                return tuple(hit.total_bounds)
        return None


def _plan_uids(project, plan_id: str) -> list[str]:
    return [r[0] for r in project.db.execute(
        "SELECT DISTINCT l.feature_uid FROM links l JOIN clauses c ON c.id = l.clause_id WHERE c.plan_id = ?",
        [plan_id])]


def _changes(project, since: dt.date, uids: set[str], indicator_ids: set[str]) -> list[dict[str, Any]]:
    rows = project.db.query("SELECT * FROM edits WHERE at >= ? ORDER BY id", [since.isoformat()])
    out = []
    for row in rows:
        if row["layer"] == "indicator_actuals":
            text = f"{row['old'] or ''} {row['new'] or ''}"
            if not any(f'"{ind}"' in text for ind in indicator_ids) and not _actual_in(project, row["uid"], indicator_ids):
                continue
        elif row["uid"] not in uids:
            continue
        out.append(row)
    return out


def _actual_in(project, actual_id: str, indicator_ids: set[str]) -> bool:
    found = project.db.execute("SELECT indicator_id FROM indicator_actuals WHERE id = ?", [actual_id]).fetchone()
    return bool(found) and found[0] in indicator_ids


def collect_brief(project, *, park: str | None = None, plan: str | None = None, as_of: dt.date | None = None,
                  since: dt.date | None = None, feedback: Feedback | None = None) -> Brief:
    """The facts of a brief for one park (features touching it) or one plan (features it links)."""
    feedback = feedback or NullFeedback()
    as_of = as_of or dt.date.today()
    if bool(park) == bool(plan):
        raise BriefError("no_scope")
    conn = project.db.conn
    if park:
        options = ExportOptions(park=park, title="", online_tiles=False)
    else:
        if project.plan(plan) is None:
            raise BriefError("no_plan", plan=plan, plans=", ".join(p["id"] for p in project.plans()))
        options = ExportOptions(uids=_plan_uids(project, plan), title="", online_tiles=False)
    try:
        selection = select_features(project, options, feedback)
    except ExportError as exc:
        raise BriefError("export", export=exc) from exc
    uids = {uid for s in selection.layers for uid in s.frame["uid"]}
    check(feedback, 0.4, Step("reading_indicators"))
    if plan:
        plan_ids = {plan}
        title = project.plan(plan)["title"]
    else:
        plan_ids = {row["plan_id"] for uid in uids for row in selection.clauses.get(uid, [])}
        title = selection.park_name or park
    rows = scoped_assessments(conn, as_of, plan_ids, park)
    names = {uid: (name, status) for s in selection.layers
             for uid, name, status in zip(s.frame["uid"], s.frame["name_zh"], s.frame["status"], strict=True)}
    by_clause: dict[str, ClauseRow] = {}
    for uid in sorted(uids):
        for c in selection.clauses.get(uid, []):
            if plan and c["plan_id"] != plan:
                continue
            row = by_clause.setdefault(c["clause_id"], ClauseRow(c["clause_id"], c["plan_id"], c["text"], []))
            row.features.append((uid, names[uid][0] or uid, names[uid][1]))
    clauses = sorted(by_clause.values(), key=lambda r: (r.plan_id, r.clause_id))
    check(feedback, 0.6, Step("finding_overdue"))
    late = overdue(conn, as_of, uids)
    brief = Brief(title=title, scope="park" if park else "plan", scope_id=park or plan, as_of=as_of, since=since,
                  options=options, selection=selection, indicators=rows, clauses=clauses, overdue=late)
    if since:
        brief.changes = _changes(project, since, uids, {r[0]["id"] for r in rows})
    return brief
