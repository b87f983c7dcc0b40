"""Headless command line: build, inspect and search the project; import, export, edit.

Every command works without a display; the desktop window is started by ``main.py``.
Exit codes: 0 done, 1 bad input or refused, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from gisplanner.feedback import ConsoleFeedback
from gisplanner.paths import default_project_path

Command = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]
COMMANDS: dict[str, tuple[Command, str, Configure | None]] = {}


def command(name: str, help_text: str, configure: Configure | None = None) -> Callable[[Command], Command]:
    """Register a subcommand; ``configure`` adds its arguments to its parser."""
    def register(func: Command) -> Command:
        COMMANDS[name] = (func, help_text, configure)
        return func
    return register


def _project_path(args: argparse.Namespace) -> Path:
    return Path(args.project) if args.project else default_project_path()


def open_project(args: argparse.Namespace, mode: str = "r"):
    """Open the chosen project; the default one is built from the shipped data when absent."""
    from gisplanner.store import Project, build_project

    path = _project_path(args)
    if not path.exists() and not args.project:
        print(f"building the project from the shipped data: {path}", file=sys.stderr)
        build_project(path, feedback=ConsoleFeedback())
    return Project.open(path, mode)


@command("build", "build the project GeoPackage from the shipped plans and layer sources",
         lambda p: p.add_argument("--force", action="store_true",
                                  help="rebuild even if up to date or holding edits (keeps a .bak copy)"))
def cmd_build(args: argparse.Namespace) -> int:
    from gisplanner.store import build_project
    from gisplanner.store.integrity import ProjectDamaged

    try:
        report = build_project(_project_path(args), force=args.force, feedback=ConsoleFeedback())
    except ProjectDamaged as exc:
        fail(exc)
        print("note: build --force moves the damaged file aside (keeping it) and builds a new one",
              file=sys.stderr)
        return 1
    print(report.message)
    if report.built:
        feats = ", ".join(f"{k} {v}" for k, v in report.features.items())
        print(f"plans {report.plans}, clauses {report.clauses}, links {report.links}; features: {feats}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


@command("info", "summarise a project: plans, layers, links")
def cmd_info(args: argparse.Namespace) -> int:
    from gisplanner.features import date_as_known

    with open_project(args) as project:
        print(f"project: {project.path}")
        print(f"built: {project.meta('built_at')}  schema: {', '.join(project.schema_steps())}")
        for plan in project.plans():
            count = project.db.execute("SELECT count(*) FROM clauses WHERE plan_id = ?", [plan["id"]]).fetchone()[0]
            print(f"plan {plan['id']}  {date_as_known(plan['date'], plan.get('date_precision'))}  {plan['number'] or '-'}  {plan['title']}  ({count} clauses)")
        for definition in project.layers():
            n = project.db.execute(f'SELECT count(*) FROM "{definition.name}"').fetchone()[0]
            print(f"layer {definition.name:<17} {n:>5} features  {definition.title_zh} / {definition.title_en}")
        links = project.db.execute("SELECT count(*) FROM links").fetchone()[0]
        edits = project.db.execute("SELECT count(*) FROM edits").fetchone()[0]
        print(f"links {links}, journaled edits {edits}")
    return 0


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", help="words to find, e.g. 高铁 or 渝萬高鐵")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--plan", help="only this plan id (000-004)")
    p.add_argument("--json", action="store_true", help="machine-readable output")


@command("search", "full-text search of plan clauses (simplified or traditional)", _search_args)
def cmd_search(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        hits = project.search(args.query, limit=args.limit, plan_id=args.plan)
        if args.json:
            print(json.dumps([{"clause_id": h.clause_id, "plan_id": h.plan_id, "plan_title": h.plan_title,
                               "heading": h.heading, "snippet": h.snippet()} for h in hits],
                             ensure_ascii=False, indent=1))
            return 0
        if not hits:
            print(f"no clause matches {args.query!r}")
        for h in hits:
            print(f"{h.clause_id}\t{h.plan_title}\n    {h.snippet()}")
    return 0


@command("feature", "show a feature with its linked clauses and status history",
         lambda p: p.add_argument("uid", help="feature id, e.g. cq.biocity"))
def cmd_feature(args: argparse.Namespace) -> int:
    from gisplanner.features import date_as_known

    with open_project(args) as project:
        record = project.feature(args.uid)
        if record is None:
            print(f"no feature with uid {args.uid!r}", file=sys.stderr)
            return 1
        geom = record.pop("geometry")
        broken = record.pop("geometry_error", None)
        for key, value in record.items():
            if value not in (None, ""):
                print(f"{key}: {printable(value)}")
        print(f"geometry: {geom.geom_type if geom is not None else f'unreadable ({broken})' if broken else 'none'}")
        for h in project.status_history(args.uid):
            print(f"history: {printable(date_as_known(h['date'], h.get('date_precision')))} {printable(h['status'])} ({printable(h['source'])})")
        for c in project.clauses_for(args.uid):
            print(f"clause: {c['clause_id']} [{printable(c['relation'])}] {c['plan_title']}\n    {c['text'][:120]}")
    return 0


@command("clause", "show a clause and the features linked to it",
         lambda p: p.add_argument("clause_id", help="e.g. '001:重點任務/(四)/14'"))
def cmd_clause(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        clause = project.clause(args.clause_id)
        if clause is None:
            print(f"no clause {args.clause_id!r} (ids look like 001:重點任務/(四)/14)", file=sys.stderr)
            return 1
        print(f"{clause['id']}  {clause['number']}\n{clause['text']}")
        for f in project.features_for(args.clause_id):
            print(f"feature: {printable(f['uid'])} ({f['layer']}) {printable(f['name_zh'])} [{printable(f['relation'])}]")
    return 0


@command("geocode", "look a place name up in the offline gazetteer",
         lambda p: p.add_argument("name", help="a place name in Chinese, English or pinyin"))
def cmd_geocode(args: argparse.Namespace) -> int:
    from gisplanner.geocode import geocode

    result = geocode(args.name)
    if result is None:
        print(f"{args.name!r}: not in the gazetteer", file=sys.stderr)
        return 1
    p = result.place
    print(f"{p.name_zh} ({p.name_en})  {p.lon:.6f}, {p.lat:.6f}  precision {p.precision}  [{p.kind} {p.id}]")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gisplanner", description=__doc__.split("\n")[0])
    parser.add_argument("--project", help=f"project GeoPackage (default {default_project_path()})",
                        default=None, metavar="PATH")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text, configure) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--project", default=argparse.SUPPRESS, metavar="PATH",
                       help=f"project GeoPackage (default {default_project_path()})")
        if configure:
            configure(p)
    return parser


# Commands defined beside the code they drive (export, import) register themselves on import.
COMMAND_MODULES: list[str] = ["gisplanner.io.commands", "gisplanner.export.commands", "gisplanner.store.edit_commands",
                              "gisplanner.monitor.commands",
                              "gisplanner.sync.commands"]


def load_command_modules() -> None:
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module)


def main(argv: Sequence[str] | None = None) -> int:
    from gisplanner.features import SourceError
    from gisplanner.geocode import GazetteerError
    from gisplanner.monitor.catalogue import CatalogueError
    from gisplanner.plans import CorpusError
    from gisplanner.store import ProjectError, ProjectHasEdits

    load_command_modules()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        code = COMMANDS[args.command][0](args)
        sys.stdout.flush()  # a closed pipe shows here, not as a warning at exit
        return code
    except (ProjectError, ProjectHasEdits, SourceError, CorpusError, GazetteerError,
            CatalogueError) as exc:
        return fail(exc)
    except sqlite3.DatabaseError as exc:  # a read into a damaged part of the project
        from gisplanner.store.integrity import damaged_from

        return fail(damaged_from(_project_path(args), exc))
    except BrokenPipeError:  # ``gisplanner info | head -2``: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (OSError, MemoryError, RecursionError) as exc:
        return fail(f"{_project_path(args)}: {exc}")
    except Exception as exc:  # a case no check foresaw: still one line, never a traceback
        if os.environ.get("GISPLANNER_DEBUG"):
            raise
        return fail(f"{args.command} failed: {type(exc).__name__}: {exc} "
                    "(set GISPLANNER_DEBUG=1 to see where, and please report it)")


def fail(exc: object) -> int:
    """One line on stderr (control characters made visible), exit code 1."""
    print(f"error: {printable(str(exc))}", file=sys.stderr)
    return 1


def printable(value: object) -> str:
    """Text as it may reach a terminal: newlines, escape codes and other control characters
    from the data (an editor's name, a source) shown as escapes instead of acted upon."""
    text = str(value)
    return text if text.isprintable() else "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


if __name__ == "__main__":
    sys.exit(main())
