"""Headless import and export: ``import FILE`` and ``export-layer LAYER --out FILE``.

The same checks as the import dialog: every problem is printed with its row, and nothing is
written unless all rows pass (or ``--skip-bad`` was given, and then the skipped rows are listed).
"""

from __future__ import annotations

import argparse
import sys

from gisplanner.cli import _project_path, command
from gisplanner.feedback import Canceled, ConsoleFeedback


def _import_args(p: argparse.ArgumentParser) -> None:
    from gisplanner.io.offsets import OFFSETS

    p.add_argument("file", help="GeoPackage, Shapefile, GeoJSON, KML/KMZ, CSV/XLSX or DXF")
    p.add_argument("--layer", help="project layer to add the features to (default: by geometry type)")
    p.add_argument("--new-layer", metavar="NAME",
                   help="make a new project layer NAME (lower-case letters, digits, _) from the file")
    p.add_argument("--title", help="the new layer's title (default: its name)")
    p.add_argument("--title-en", help="the new layer's English title")
    p.add_argument("--fields", metavar="COL,COL",
                   help="file columns the new layer keeps as fields (default: all the common fields do not take)")
    p.add_argument("--crs", help="coordinate system of the file, e.g. EPSG:4524 (needed when it names none)")
    p.add_argument("--offset", choices=OFFSETS, help="coordinates come from AMap/Tencent (gcj02) or Baidu (bd09)")
    p.add_argument("--source-layer", help="layer or sheet of the file to read (default: the first)")
    p.add_argument("--geocode", metavar="COLUMN", help="place rows by looking this column up in the gazetteer")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="take a layer field from a file column (repeatable), e.g. --map name_zh=项目名称")
    p.add_argument("--status", help="status for rows without one (default: proposed)")
    p.add_argument("--kind", help="kind for rows without one (default: other)")
    p.add_argument("--skip-bad", action="store_true", help="import the rows that pass and list the others")
    p.add_argument("--drop-other-columns", action="store_true",
                   help="do not keep unmapped columns in notes (kept as 'column: value' by default)")
    p.add_argument("--dry-run", action="store_true", help="check every row and report, write nothing")


@command("import", "import a planner's file into a project layer (one transaction)", _import_args)
def cmd_import(args: argparse.Namespace) -> int:
    from gisplanner.io.detect import ImportFileError
    from gisplanner.io.import_ import (
        ImportOptions,
        ImportRefused,
        common_mapping,
        default_layer,
        import_target,
        prepare_import,
        write_import,
    )
    from gisplanner.io.mapping import suggest_mapping
    from gisplanner.io.new_layer import NewLayer
    from gisplanner.io.offsets import LABELS
    from gisplanner.io.readers import read_source, suggest_offset
    from gisplanner.layers import layer_definition

    feedback = ConsoleFeedback()
    try:
        table = read_source(args.file, layer=args.source_layer, geocode_column=args.geocode)
        if args.new_layer:
            if args.layer:
                print("error: give --layer or --new-layer, not both", file=sys.stderr)
                return 1
            columns = [c.strip() for c in args.fields.split(",") if c.strip()] if args.fields is not None else None
            new_layer = NewLayer(args.new_layer, args.title or "", args.title_en or "", columns)
            layer = args.new_layer
            definition = import_target(table, ImportOptions(layer, new_layer=new_layer))[0]
            mapping = common_mapping(table)
        else:
            new_layer = None
            layer = args.layer or default_layer(table)
            try:
                definition = layer_definition(layer)
            except KeyError:
                print(f"error: no layer {layer!r}", file=sys.stderr)
                return 1
            mapping = suggest_mapping(table.columns, definition)
        for item in args.map:
            field, sep, column = item.partition("=")
            if not sep or field not in definition.field_names:
                print(f"error: --map {item!r}: expected FIELD=COLUMN with a field of {layer}", file=sys.stderr)
                return 1
            mapping[field] = column or None
        for name, value in (("status", args.status), ("kind", args.kind)):
            allowed = definition.field(name).values
            if value and value not in allowed:
                print(f"error: --{name} {value!r} is not one of {', '.join(allowed)}", file=sys.stderr)
                return 1
        defaults = {"status": args.status, "kind": args.kind}
        options = ImportOptions(layer, crs=args.crs, offset=args.offset, mapping=mapping,
                                defaults=defaults, skip_bad=args.skip_bad,
                                keep_other_columns=not args.drop_other_columns, new_layer=new_layer)
        hint = suggest_offset(table)
        if hint and not args.offset:
            print(f"note: the column or file names suggest {LABELS[hint]} coordinates; "
                  f"if so, import with --offset {hint}", file=sys.stderr)
        prepared = prepare_import(table, options, feedback)
        mapped = ", ".join(f"{k}←{v}" for k, v in mapping.items() if v)
        print(f"{table.name}: {table.detected.label}"
              + (f", {table.detected.encoding} ({table.detected.encoding_source})" if table.detected.encoding else "")
              + f"; {len(table.frame)} rows; CRS {prepared.report.crs}; into {layer}; fields {mapped or 'none'}")
        if args.dry_run:
            report = prepared.report
            for line in report.lines()[1:]:
                print(line)
            ok = prepared.count
            print(f"dry run: {ok} of {report.total} rows would be imported; nothing written")
            return 0 if not report.rejected or args.skip_bad else 1
        report = write_import(_project_path(args), prepared, feedback)
    except ImportRefused as exc:
        print("\n".join(exc.report.lines()), file=sys.stderr)
        return 1
    except (ImportFileError, Canceled) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("layer", help="project layer, e.g. facilities")
    p.add_argument("--out", required=True, help="file to write: .gpkg, .geojson, .csv or .shp")


@command("export-layer", "write a project layer to GeoPackage, GeoJSON (RFC 7946), CSV or Shapefile",
         _export_args)
def cmd_export_layer(args: argparse.Namespace) -> int:
    from gisplanner.io.export_layer import ExportError, export_layer

    try:
        report = export_layer(_project_path(args), args.layer, args.out, ConsoleFeedback())
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.message)
    for note in report.notes:
        print(f"note: {note}")
    return 0
