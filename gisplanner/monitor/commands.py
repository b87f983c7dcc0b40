"""Headless monitoring: ``indicators``, ``overdue``, ``import-actuals`` and ``report``."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from gisplanner.cli import command, open_project
from gisplanner.monitor.dates import DateError, as_of, parse_date, period_start
from gisplanner.monitor.states import STATE_LABELS


def _date(text: str):
    try:
        return as_of(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _since(text: str):
    try:
        return period_start(parse_date(text)[0])
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _indicators_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", help="only this plan's indicators (000-004)")
    p.add_argument("--as-of", type=_date, default=None, help="state on this date (default today)")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _indicator_json(ind, assessment) -> dict:
    latest = assessment.latest
    return {
        "id": ind["id"], "plan_id": ind["plan_id"], "clause_id": ind["clause_id"], "kind": ind["kind"],
        "name_zh": ind["name_zh"], "name_en": ind["name_en"], "comparator": ind["comparator"],
        "value": ind["value"], "unit": ind["unit"], "year": ind["year"], "scope": ind["scope"],
        "scope_ref": ind["scope_ref"], "state": assessment.state, "expected": assessment.expected,
        "reason": assessment.reason,
        "latest": None if latest is None else {k: latest[k] for k in ("date", "date_precision", "value", "source")},
    }


@command("indicators", "list the plans' indicators: clause, target, latest actual, state", _indicators_args)
def cmd_indicators(args: argparse.Namespace) -> int:
    from gisplanner.monitor.queries import assessments
    from gisplanner.report.labels import latest_text, target_text

    with open_project(args) as project:
        if args.plan and project.plan(args.plan) is None:
            print(f"error: no plan {args.plan!r}", file=sys.stderr)
            return 1
        rows = assessments(project.db.conn, args.as_of or as_of(None), args.plan)
        if args.json:
            print(json.dumps([_indicator_json(i, a) for i, a, _ in rows], ensure_ascii=False, indent=1))
            return 0
        for ind, a, _ in rows:
            print(f"{ind['id']:<32} {STATE_LABELS[a.state][1]:<9} {target_text(ind):<22} "
                  f"latest {latest_text(a, ind):<22} {ind['clause_id']}  {ind['name_zh']}")
        print(f"{len(rows)} indicators")
    return 0


def _overdue_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=_date, default=None, help="date to judge on, YYYY[-MM[-DD]] (default today)")
    p.add_argument("--json", action="store_true", help="machine-readable output")


@command("overdue", "list features past a deadline of their kind, and indicators behind target", _overdue_args)
def cmd_overdue(args: argparse.Namespace) -> int:
    from gisplanner.monitor.queries import assessments
    from gisplanner.monitor.timeline import overdue

    on = args.as_of or as_of(None)
    with open_project(args) as project:
        late = overdue(project.db.conn, on)
        behind = [(i, a) for i, a, _ in assessments(project.db.conn, on) if a.state == "behind"]
    if args.json:  # compact: the C encoder (thousands of features)
        print(json.dumps({"as_of": on.isoformat(),
                          "features": [o.__dict__ for o in late],
                          "indicators": [_indicator_json(i, a) for i, a in behind]}, ensure_ascii=False))
        return 0
    print(f"as of {on}: {len(late)} features overdue, {len(behind)} indicators behind")
    for o in late:
        print(f"feature   {o.uid:<40} {o.kind:<8} deadline {o.deadline}  status {o.status or 'not recorded'}"
              f" ({o.status_date or '-'})  {o.name_zh}")
    for ind, a in behind:
        print(f"indicator {ind['id']:<40} {a.reason}  {ind['name_zh']}")
    return 0


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="CSV or XLSX with columns indicator, year or date, value, source")
    p.add_argument("--editor", default=None, help="name for the journal (default: login name)")


@command("import-actuals", "add indicator actual values from a statistical table (all rows or none)", _import_args)
def cmd_import_actuals(args: argparse.Namespace) -> int:
    from gisplanner.monitor.import_actuals import ImportActualsError, import_actuals
    from gisplanner.store.edit_commands import EDIT_REFUSALS

    with open_project(args, "rw") as project:
        try:
            with project.edit(editor=args.editor or getpass.getuser()) as session:
                change = import_actuals(session, args.file)
                report = session.commit()
        except (ImportActualsError, *EDIT_REFUSALS) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print(f"imported {len(change.records)} actual values from {args.file}; {report.journal} journal rows")
    return 0


def _report_args(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--park", help="a park's uid, e.g. cq.biocity")
    which.add_argument("--plan", help="a plan id, e.g. 001")
    p.add_argument("--out", type=Path, required=True, help="FILE.html (offline page) or FILE.pdf")
    p.add_argument("--since", type=_since, default=None, help="list the changes saved since this date")
    p.add_argument("--as-of", type=_date, default=None, help="judge states and deadlines on this date (default today)")


@command("report", "write the meeting brief of a park or a plan (HTML or PDF)", _report_args)
def cmd_report(args: argparse.Namespace) -> int:
    from gisplanner.export.assets import AssetsMissing
    from gisplanner.feedback import ConsoleFeedback
    from gisplanner.report import BriefError, write_report

    with open_project(args) as project:
        try:
            brief = write_report(project, args.out, park=args.park, plan=args.plan, as_of=args.as_of,
                                 since=args.since, feedback=ConsoleFeedback())
        except (BriefError, AssetsMissing) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print(f"wrote {args.out}: {len(brief.uids)} features, {len(brief.indicators)} indicators, "
          f"{len(brief.overdue)} overdue, {len(brief.changes)} changes")
    return 0
