"""Headless team commands: publish, checkout, sync, conflicts, resolve.

``URL`` is a libpq connection string or ``postgresql://`` URI; a password in it is used for
this run only and never stored (give it through PGPASSWORD, ~/.pgpass or a service file).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from gisplanner.cli import _project_path, command
from gisplanner.feedback import Canceled, ConsoleFeedback


def _fail(exc: Exception) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 1


def _with_password(work: Callable[..., Any]) -> Any:
    """Run ``work(password=None)``; when the server wants a password libpq could not find and a
    person is at the terminal, ask once and run again (the password is kept nowhere)."""
    from gisplanner.sync import SyncError

    try:
        return work(password=None)
    except SyncError as exc:
        if exc.code != "auth_failed" or not sys.stdin.isatty():
            raise
    import getpass

    return work(password=getpass.getpass("server password: ") or None)


def _publish_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", required=True, metavar="URL", help="libpq connection string or postgresql:// URI")
    p.add_argument("--schema", required=True, help="new schema for the project (lower-case letters, digits, _)")


@command("publish", "publish the project to a new schema on a PostGIS server; it becomes a copy", _publish_args)
def cmd_publish(args: argparse.Namespace) -> int:
    from gisplanner.sync import SyncError, publish

    try:
        result = _with_password(lambda password: publish(_project_path(args), args.server, args.schema,
                                                         ConsoleFeedback(), password=password))
    except (SyncError, Canceled) as exc:
        return _fail(exc)
    rows = ", ".join(f"{k} {v}" for k, v in result.rows.items())
    print(f"published to {result.server} schema {result.schema} (version {result.version}): {rows}")
    if result.roles:
        print(f"roles: {result.roles[0]} (read, check out, pull), {result.roles[1]} (also push); "
              f"grant them with: GRANT {result.roles[1]} TO <user>;")
    else:
        print("note: not allowed to create roles on this server; ask its administrator to grant access")
    return 0


def _checkout_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("url", metavar="URL", help="libpq connection string or postgresql:// URI")
    p.add_argument("--schema", required=True, help="the project's schema on the server")
    p.add_argument("--out", required=True, metavar="FILE.gpkg", help="new GeoPackage for the copy")


@command("checkout", "make an offline GeoPackage copy of a project on a PostGIS server", _checkout_args)
def cmd_checkout(args: argparse.Namespace) -> int:
    from gisplanner.sync import SyncError, checkout, sync_state

    try:
        path = _with_password(lambda password: checkout(args.url, args.schema, args.out, ConsoleFeedback(),
                                                        password=password))
    except (SyncError, Canceled) as exc:
        return _fail(exc)
    state = sync_state(path)
    print(f"checked out {args.schema} from {state.url_display if state else '?'} into {path} "
          f"(version {state.base_version if state else '?'})")
    return 0


@command("sync", "push this copy's saved changes to its server, then pull everyone else's")
def cmd_sync(args: argparse.Namespace) -> int:
    from gisplanner.sync import SyncError, sync, sync_state

    try:
        result = _with_password(lambda password: sync(_project_path(args), ConsoleFeedback(), password=password))
    except (SyncError, Canceled) as exc:
        return _fail(exc)
    state = sync_state(_project_path(args))
    print(f"pushed {result.pushed}, pulled {result.pulled}, conflicts {result.conflicts}")
    if result.local_only:
        print(f"note: layers only in this copy, not shared: {', '.join(result.local_only)}")
    if state and state.open_conflicts:
        print(f"{state.open_conflicts} open conflicts: see `conflicts`, settle with `resolve`")
    return 0


def _cell(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_cell(v)}" for k, v in value.items() if v is not None) + "}"
    text = getattr(value, "wkt", None) or str(value)
    return text if len(text) <= 80 else text[:77] + "..."


@command("conflicts", "list this copy's open sync conflicts (base / mine / theirs)")
def cmd_conflicts(args: argparse.Namespace) -> int:
    from gisplanner.sync import SyncError, conflicts

    try:
        found = conflicts(_project_path(args))
    except SyncError as exc:
        return _fail(exc)
    if not found:
        print("no open conflicts")
    for c in found:
        what = c.field if c.field else {"deleted_changed": "deleted here, changed on the server",
                                        "changed_deleted": "changed here, deleted on the server",
                                        "both_added": "added here and on the server"}.get(c.kind, c.kind)
        print(f"#{c.id} {c.layer} {c.uid}: {what}")
        for label, value in (("base", c.base), ("mine", c.mine), ("theirs", c.theirs)):
            print(f"    {label:<6} {_cell(value)}")
    return 0


def _resolve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", nargs="?", type=int, help="conflict number (from `conflicts`)")
    p.add_argument("--all", action="store_true", help="every open conflict")
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--mine", action="store_true", help="keep this copy's value")
    way.add_argument("--theirs", action="store_true", help="keep the server's value")
    way.add_argument("--value", metavar="V", help="set this value instead (a geometry as WKT)")
    p.add_argument("--editor", default="", help="name recorded in the journal")


@command("resolve", "settle a sync conflict: --mine, --theirs or --value V (the choice is journaled)",
         _resolve_args)
def cmd_resolve(args: argparse.Namespace) -> int:
    from gisplanner.sync import SyncError, resolve, resolve_all

    if (args.id is None) == (not args.all):
        print("error: give a conflict number or --all", file=sys.stderr)
        return 2
    choice = "mine" if args.mine else "theirs" if args.theirs else "value"
    try:
        if args.all:
            if choice == "value":
                print("error: --value needs one conflict number", file=sys.stderr)
                return 2
            done = resolve_all(_project_path(args), choice, editor=args.editor)
        else:
            done = [resolve(_project_path(args), args.id, choice, args.value, editor=args.editor)]
    except SyncError as exc:
        return _fail(exc)
    print(f"resolved {len(done)} conflict(s) with {choice}; sync to share the choice")
    return 0
