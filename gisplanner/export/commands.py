"""``export-html``: the meeting map from the command line (same code as File → Export HTML map…)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gisplanner.cli import command, open_project
from gisplanner.export.options import default_output
from gisplanner.feedback import ConsoleFeedback


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not four numbers: {text!r}") from None
    if len(values) != 4:
        raise argparse.ArgumentTypeError(f"need min_lon,min_lat,max_lon,max_lat, got {len(values)} numbers")
    return values  # type: ignore[return-value]


def _day(text: str):
    from gisplanner.monitor.dates import DateError, as_of

    try:
        return as_of(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help="HTML file to write; a bare file name goes into exports/ (default: exports/gisplanner-map-DATE.html)")
    p.add_argument("--layers", type=_csv, help="comma-separated layer names, e.g. parks,facilities (default: all)")
    p.add_argument("--status", type=_csv, dest="statuses", help="comma-separated statuses, e.g. planned,approved")
    p.add_argument("--park", help="only features touching this park (its uid, e.g. cq.biocity)")
    p.add_argument("--bbox", type=_bbox, help="only features in min_lon,min_lat,max_lon,max_lat (WGS84)")
    p.add_argument("--title", help="title shown on the map and as the page title")
    p.add_argument("--decimals", type=int, help="coordinate decimals (default: what the extent needs, at most 6)")
    p.add_argument("--simplify", type=float, default=0.0, metavar="METRES",
                   help="simplify lines and outlines by this many metres (default: 0, keep every vertex)")
    p.add_argument("--no-basemap", action="store_true", help="leave out the offline vector basemap (the default background)")
    p.add_argument("--online-tiles", action="store_true",
                   help="also offer OpenStreetMap tiles as a background (they need network; default: offline only)")
    p.add_argument("--no-tiles", action="store_true", help=argparse.SUPPRESS)  # the default now; still accepted
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language of the map's legend, popups and panels (default zh); names stay as they are")
    p.add_argument("--progress", action="store_true",
                   help="add the progress panel (indicators, charts, overdue list; of --park or the whole "
                        "project) and mark overdue features")
    p.add_argument("--as-of", type=_day, default=None, metavar="DATE",
                   help="judge indicators and deadlines on this date, YYYY[-MM[-DD]] (default today)")


@command("export-html", "write a self-contained HTML map (works offline) of the project", _configure)
def cmd_export_html(args: argparse.Namespace) -> int:
    from gisplanner.export import AssetsMissing, ExportError, ExportOptions, export_html

    options = ExportOptions(
        layers=args.layers, statuses=args.statuses, park=args.park, bbox=args.bbox,
        title=args.title or None, decimals=args.decimals, simplify_m=args.simplify, lang=args.lang,
        basemap=not args.no_basemap, online_tiles=args.online_tiles and not args.no_tiles, progress=args.progress,
        **({"export_date": args.as_of} if args.as_of else {}))
    out = args.out or default_output()
    if out.parent == Path("."):  # a bare file name goes into the exports folder
        out = default_output().parent / out
    try:
        with open_project(args) as project:
            summary = export_html(project, out, options, ConsoleFeedback())
    except (ExportError, AssetsMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(summary.message())
    return 0


@command("qgis-project", "write a QGIS project (.qgz) that opens the project with our styles and park bookmarks",
         lambda p: p.add_argument("--out", type=Path, required=True, help="the .qgz file to write"))
def cmd_qgis_project(args: argparse.Namespace) -> int:
    from gisplanner.export.qgis_project import QgisProjectError, write_qgis_project

    try:
        with open_project(args) as project:
            report = write_qgis_project(project, args.out)
    except QgisProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for note in report.notes:
        print(f"warning: {note}", file=sys.stderr)
    print(report.message)
    return 0
