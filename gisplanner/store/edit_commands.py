"""Headless editing: ``set-status`` (journaled, locked, one transaction) and ``journal``.

The same edit session as the window, so a script's bulk status change is checked, recorded
in the status history and the audit journal, and refused while someone edits in a window.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from gisplanner.cli import command, open_project, printable
from gisplanner.store.changes import EditRefused
from gisplanner.store.edit import ProjectReadOnly
from gisplanner.store.gpkg_sql import WriteError
from gisplanner.store.journal import STATUS_SOURCE
from gisplanner.store.lock import ProjectLocked

# What a headless edit may meet and words in one line: a refused change, another editor, a
# read-only file, a failed write.
EDIT_REFUSALS: tuple[type[Exception], ...] = (EditRefused, ProjectLocked, ProjectReadOnly, WriteError)


def _status_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("uids", nargs="+", help="feature IDs, e.g. cq.biocity.vaccine-incubator")
    p.add_argument("--status", required=True, help="new status id, e.g. under_construction")
    p.add_argument("--date", required=True, help="date of the change, YYYY-MM-DD")
    p.add_argument("--source", required=True, help="where the change is reported (document, visit)")
    p.add_argument("--editor", default=None, help="name for the journal (default: login name)")


@command("set-status", "change the status of features (status history and journal are kept)", _status_args)
def cmd_set_status(args: argparse.Namespace) -> int:
    with open_project(args, "rw") as project:
        try:
            with project.edit(editor=args.editor or getpass.getuser()) as session:
                session.set_status(args.uids, args.status, args.date, args.source)
                report = session.commit()
        except EDIT_REFUSALS as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print(f"saved: {report.summary()}; {report.journal} journal rows")
    return 0


def _journal_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("uid", help="feature ID")


@command("journal", "show the saved changes of a feature (who, when, old → new)", _journal_args)
def cmd_journal(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        rows = project.edits_for(args.uid)
        for r in rows:
            at, editor, action, old, new = (printable(r[k]) for k in ("at", "editor", "action", "old", "new"))
            if r["field"] == STATUS_SOURCE:  # why the status changed, not a change of its own
                print(f"{at}  {editor}  {action:<8} source: {new}")
                continue
            print(f"{at}  {editor}  {action:<8} {printable(r['field'] or '-')}: {old} → {new}")
        if not rows:
            print(f"{args.uid}: no saved changes")
    return 0
