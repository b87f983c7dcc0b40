"""Import a planner's file into a project layer: check every row first, then write in one go.

``prepare_import`` maps columns, converts coordinates (file CRS, GCJ-02/BD-09 offsets),
repairs or rejects geometries and validates values, listing each problem by row. Nothing
is written while any row has a problem, unless the user asked to skip those rows.
``write_import`` then adds the features, their status history and a journal entry each in
ONE sqlite transaction: it commits whole, or a failure or cancel rolls the file back.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pyproj.exceptions import ProjError

from gisplanner import source_words
from gisplanner.feedback import Canceled, Feedback, NullFeedback, Step, check
from gisplanner.io.detect import ImportFileError
from gisplanner.io.geometry import crs_label, prepare_geometries
from gisplanner.io.gpkg_write import append_features, existing_uids
from gisplanner.io.location_notes import location_notes
from gisplanner.io.mapping import default_values, map_columns, suggest_mapping
from gisplanner.io.new_layer import NewLayer, create_user_layer, definition_of, new_layer_spec
from gisplanner.io.offsets import LABELS, OFFSETS
from gisplanner.io.readers import RowProblem, SourceTable, read_source
from gisplanner.io.row_words import RowWords
from gisplanner.layers import LayerDef, layer_definition
from gisplanner.source_words import LOCATION_CODE, SourceWords
from gisplanner.store import Project, ProjectError
from gisplanner.store.gpkg_sql import WriteError, connect_writer, write_transaction
from gisplanner.store.journal import Journal
from gisplanner.store.lock import ProjectLock, ProjectLocked

DEGREES = ("EPSG:4326", "EPSG:4490")


class ImportRefused(ImportFileError):
    """Rows have problems and the user did not ask to skip them; ``report`` lists each."""

    def __init__(self, code: str, report: ImportReport, lines: list[str]) -> None:
        super().__init__(code, file=report.file, lines="\n".join(lines), rejected=len(report.rejected),
                         total=report.total)
        self.report = report


@dataclass
class ImportOptions:
    layer: str
    crs: str | None = None  # confirms (or overrides) the file's coordinate system
    offset: str | None = None  # "gcj02" or "bd09": the coordinates come from AMap/Tencent or Baidu
    mapping: dict[str, str | None] | None = None  # layer field -> file column; None: suggested
    defaults: dict[str, Any] = field(default_factory=dict)  # values for empty cells (status, kind …)
    skip_bad: bool = False  # import the good rows and list the others instead of refusing
    keep_other_columns: bool = True  # unmapped columns go into notes as "column: value", not lost
    new_layer: NewLayer | None = None  # make a new layer from the file (``layer`` is then ignored)


@dataclass
class ImportReport:
    file: str
    layer: str
    total: int = 0
    crs: str = ""
    conversion: str = ""
    imported: list[str] = field(default_factory=list)  # uids written
    rejected: list[RowProblem] = field(default_factory=list)
    repaired: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def message(self) -> RowWords:
        counts = {"file": self.file, "total": self.total, "rejected": len(self.rejected)}
        if self.written:
            code = "imported_skipped" if self.rejected else "imported"
            return RowWords(code, layer=self.layer, count=len(self.imported), **counts)
        return RowWords("nothing_imported", **counts)

    def lines(self) -> list[str]:
        out = [self.message, *self.notes]
        out += [f"  rejected {p}" for p in self.rejected]
        out += [f"  repaired {p}" for p in self.repaired]
        return out


@dataclass
class PreparedImport:
    table: SourceTable
    options: ImportOptions
    definition: LayerDef
    columns: dict[str, list[Any]]  # field -> values of the rows that pass, in row order
    geometries: np.ndarray  # their shapes (WGS84, of the layer's type)
    rows: list[str]  # each one's row label in the file
    report: ImportReport
    new_layer: dict[str, Any] | None = None  # the new layer's stored definition, when making one

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def records(self) -> list[dict[str, Any]]:
        """The rows that pass, one dict each (field -> value)."""
        names = list(self.columns)
        return [dict(zip(names, values, strict=True)) for values in zip(*self.columns.values(), strict=True)]


def resolve_crs(table: SourceTable, crs: str | None) -> tuple[str, str | None]:
    """(CRS to read the coordinates in, a note when it was assumed); refuses when unknown."""
    if crs:
        chosen = _normalise_crs(crs, table)
        if table.crs and table.crs != chosen:
            return chosen, RowWords("crs_as_asked", file=table.name, crs=crs_label(table.crs), chosen=chosen)
        return chosen, None
    if table.crs:
        return table.crs, None
    candidates = table.crs_candidates
    if candidates and candidates[0].crs in DEGREES:
        return "EPSG:4326", RowWords("crs_degrees", file=table.name)
    if table.frame.geometry.isna().all():
        return "EPSG:4326", None  # no row has coordinates: the rows' own problems say why
    if not candidates:
        raise ImportFileError("crs_fits_none", file=table.name)
    listed = "; ".join(f"EPSG:{c.epsg} {c.label}" for c in candidates)
    raise ImportFileError("crs_ambiguous", file=table.name, candidates=listed, example=candidates[0].epsg)


def _normalise_crs(crs: str, table: SourceTable) -> str:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    text = f"EPSG:{crs}" if str(crs).isdigit() else str(crs)
    try:
        parsed = CRS.from_user_input(text)
    except CRSError as exc:
        raise ImportFileError("bad_crs", file=table.name, crs=crs) from exc
    epsg = parsed.to_epsg()
    return f"EPSG:{epsg}" if epsg else parsed.to_wkt()


# Housekeeping columns GDAL adds for KML and DXF: not the planner's data.
_HOUSEKEEPING = {"id", "description", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude",
                 "visibility", "drawOrder", "icon", "kml_folder", "PaperSpace", "SubClasses", "Linetype",
                 "EntityHandle", "RawCodeValues"}


def other_columns(table: SourceTable, mapping: dict[str, str | None]) -> list[str]:
    """The file's columns no field takes (nor coordinates or the geocoded address)."""
    used = {c for c in mapping.values() if c}
    used.update(table.lonlat_columns or ())
    if table.geocoded_column:
        used.add(table.geocoded_column)
    return [c for c in table.columns if c not in used and c not in _HOUSEKEEPING]


def _blank(value: Any) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return True
    return isinstance(value, str) and not value.strip() or str(value) in ("<NA>", "NaT")


def _slug(stem: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", stem.lower()).strip("-") or "import"


def _row_key(label: str) -> str:
    return label.split(" ", 1)[-1].lower()


def common_mapping(table: SourceTable) -> dict[str, str | None]:
    """For a new layer: the common fields (names, status, dates …) suggested from the file's
    columns. Kind is not taken from the file: the new layer has one kind, "other"."""
    definition = definition_of({"name": "new", "title_zh": "new", "geometry": "Point",
                                "kinds": [{"id": "other", "label_zh": "其他", "label_en": "Other"}]})
    mapping = suggest_mapping(table.columns, definition)
    mapping["kind"] = None
    return mapping


def new_layer_columns(table: SourceTable, mapping: dict[str, str | None] | None = None) -> list[str]:
    """The file's columns a new layer keeps as its own fields: those no common field takes."""
    return other_columns(table, common_mapping(table) if mapping is None else mapping)


def import_target(table: SourceTable, options: ImportOptions) -> tuple[LayerDef, dict[str, Any] | None,
                                                                  dict[str, str | None]]:
    """(layer definition, new layer's stored definition or None, field -> column mapping)."""
    if options.new_layer is None:
        try:
            definition = layer_definition(options.layer)
        except KeyError as exc:
            raise ImportFileError("no_target_layer", file=table.name, layer=options.layer) from exc
        mapping = options.mapping if options.mapping is not None else suggest_mapping(table.columns, definition)
        return definition, None, mapping
    common = options.mapping if options.mapping is not None else common_mapping(table)
    columns = options.new_layer.columns
    if columns is None:
        columns = new_layer_columns(table, common)
    spec = new_layer_spec(table.frame, options.new_layer, columns, table.name)
    own = {f["name"]: f["column"] for f in spec["fields"]}
    return definition_of(spec), spec, {**common, **own}


def prepare_import(table: SourceTable, options: ImportOptions, feedback: Feedback | None = None) -> PreparedImport:
    """Every row mapped, converted and checked; nothing is written."""
    feedback = feedback or NullFeedback()
    definition, spec, mapping = import_target(table, options)
    if options.offset and options.offset not in OFFSETS:
        raise ImportFileError("bad_offset", file=table.name, offset=options.offset, offsets=" or ".join(OFFSETS))
    crs, assumed = resolve_crs(table, options.crs)
    if options.offset and crs not in DEGREES:
        raise ImportFileError("offset_not_degrees", file=table.name, offset=options.offset,
                              offset_label=LABELS[options.offset], crs=crs_label(crs))
    report = ImportReport(table.name, definition.name, total=len(table.frame), crs=crs)
    report.notes += table.notes
    if assumed:
        report.notes.append(assumed)
    check(feedback, 0.25, Step("converting_coordinates"))
    try:
        geo = prepare_geometries(table.frame.geometry.values, definition, crs, options.offset)
    except ProjError as exc:
        raise ImportFileError("not_convertible", file=table.name, crs=crs_label(crs),
                              detail=str(exc).splitlines()[0]) from exc
    report.conversion = geo.conversion
    present = set(table.columns)  # a set, once: files with thousands of columns stay linear
    unknown = [c for c in mapping.values() if c and c not in present]
    if unknown:
        raise ImportFileError("no_columns", file=table.name, columns=", ".join(map(repr, unknown)))
    defaults = {**default_values(definition), **{k: v for k, v in options.defaults.items() if v not in (None, "")}}
    check(feedback, 0.4, Step("checking_values"))
    row_problems: dict[int, list[str]] = {}
    index_of = {label: i for i, label in enumerate(table.rows)}
    for p in table.problems:
        row_problems.setdefault(index_of[p.row], []).append(p.message)
    for i, why in geo.problems.items():
        if i not in row_problems:
            row_problems.setdefault(i, []).append(why)
    count = len(table.frame)
    taken = {c for c in mapping.values() if c}
    cells = {c: table.frame[c] for c in table.columns if c in taken}
    others = other_columns(table, mapping) if options.keep_other_columns and "notes" in definition.field_names else []
    stem = table.detected.path.stem
    values, mapping_problems = map_columns(cells, count, mapping, defaults, definition)
    names = values.get("name_zh")
    for i in [i for i, v in enumerate(names or ()) if v is None]:  # unnamed rows (CAD entities): file and row
        names[i] = f"{stem} {table.rows[i]}"[:80]
        kept = [p for p in mapping_problems.get(i, []) if not (p.startswith("name_zh") and p.endswith("is required"))]
        if kept:
            mapping_problems[i] = kept
        else:
            mapping_problems.pop(i, None)
    for i, problems in mapping_problems.items():
        row_problems.setdefault(i, []).extend(problems)
    keep = np.array([i for i in range(count) if i not in row_problems], dtype=np.int64) if row_problems \
        else np.arange(count)
    columns = {name: _take(column, keep) for name, column in values.items()}
    rows = _take(table.rows, keep)
    placed = _take(table.placed_by, keep) if table.placed_by else None
    columns["location_source"], columns[LOCATION_CODE] = location_notes(table.name, rows, geo.conversion, placed)
    if others and "notes" in columns:
        notes = columns["notes"]
        for c in others:
            for k, v in enumerate(_take(table.frame[c].tolist(), keep)):
                if not _blank(v):
                    notes[k] = f"{notes[k]}; {c}: {v}" if notes[k] else f"{c}: {v}"
    columns["location_precision"] = _take(table.precision, keep) if table.precision else ["site"] * len(keep)
    geometries = np.asarray(geo.geometries, dtype=object)[keep]
    report.rejected = [RowProblem(table.rows[i], "; ".join(msgs), tuple(msgs)) for i, msgs in sorted(row_problems.items())]
    report.repaired = [RowProblem(table.rows[i], note, (note,)) for i, note in sorted(geo.repaired.items())
                       if i not in row_problems]
    return PreparedImport(table, options, definition, columns, geometries, rows, report, spec)


def _take(values: list[Any], keep: np.ndarray) -> list[Any]:
    if len(keep) == len(values):
        return list(values)
    return [values[i] for i in keep.tolist()]


def _assign_uids(prepared: PreparedImport, taken: set[str]) -> None:
    """uid per row: layer, file name and row (``facilities.survey.12``), made unique with -2, -3 …"""
    prefix = f"{prepared.definition.name}.{_slug(prepared.table.detected.path.stem)}"
    uids = [f"{prefix}.{_row_key(row)}" for row in prepared.rows]
    if taken.isdisjoint(uids) and len(set(uids)) == len(uids):
        prepared.columns["uid"] = uids
        return
    out = []
    for base in uids:
        uid, n = base, 1
        while uid in taken:
            n += 1
            uid = f"{base}-{n}"
        taken.add(uid)
        out.append(uid)
    prepared.columns["uid"] = out


def write_import(project_path: str | Path, prepared: PreparedImport, feedback: Feedback | None = None,
                 editor: str = "") -> ImportReport:
    """Write a prepared import in one transaction; refuses when rows have problems (unless skipping).

    Holds the project's edit lock while writing, so an import never interleaves with another
    window's edit session. Each feature gets a journal row (action ``import``, the file and
    row it came from): the history panel shows it, and a rebuild will not silently drop it.
    """
    feedback = feedback or NullFeedback()
    report = prepared.report
    if report.rejected and not prepared.options.skip_bad:
        raise ImportRefused("rows_refused", report, report.lines())
    if not prepared.count:
        raise ImportRefused("nothing_importable", report, report.lines()[1:])
    path = Path(project_path)
    try:
        Project.open(path, "rw").close()  # a real, whole project, migrations applied
    except ProjectError as exc:
        raise ImportFileError("not_written", file=report.file, detail=str(exc)) from exc
    editor = editor or getpass.getuser()
    total = prepared.count
    layer = prepared.definition.name
    today = dt.date.today().isoformat()
    try:
        lock = ProjectLock(path, editor).acquire()
    except ProjectLocked as exc:
        if exc.holder.get("pid") == os.getpid():  # this very window is editing the project
            raise ImportFileError("being_edited", file=report.file) from exc
        raise ImportFileError("not_written", file=report.file, detail=str(exc)) from exc
    conn = connect_writer(path)
    try:
        with write_transaction(conn, path):
            if prepared.new_layer is not None:
                create_user_layer(conn, prepared.new_layer, prepared.definition)
            _assign_uids(prepared, existing_uids(conn))
            check(feedback, 0.5, Step("writing_features"))
            last = append_features(conn, layer, prepared.columns, prepared.geometries,
                                   progress=lambda n: check(feedback, 0.5 + 0.35 * n / total,
                                                            Step("written_rows", n=n, total=total)))
            # status history and journal rows are copied from the rows just written, inside
            # SQLite: no second trip of 100k values through Python
            source = SourceWords("imported", file=report.file)
            conn.execute(f"INSERT INTO status_history (feature_uid, status, date, date_precision, source, source_code) "
                         f"SELECT uid, status, coalesce(status_date, ?), CASE WHEN status_date IS NULL THEN 'day' "
                         f"ELSE coalesce(status_date_precision, 'day') END, ?, ? FROM \"{layer}\" WHERE fid > ? "
                         f"ORDER BY fid", [today, str(source), source_words.dumps(source), last])
            check(feedback, 0.9, Step("journal"))
            journal = Journal(editor, f"import-{uuid.uuid4().hex[:8]}")
            # the record itself is in the layer; the journal says where it came from
            conn.execute(f"INSERT INTO edits (at, editor, session, action, layer, uid, field, old, new) "
                         f"SELECT ?, ?, ?, 'import', ?, uid, NULL, NULL, location_source FROM \"{layer}\" "
                         f"WHERE fid > ? ORDER BY fid", [journal.at, journal.editor, journal.session, layer, last])
            check(feedback, 0.97, Step("committing"))
    except WriteError as exc:
        raise ImportFileError("not_written", file=report.file, detail=str(exc)) from exc
    finally:
        conn.close()
        lock.release()
    if prepared.new_layer is not None:
        Project.open(path, "r").close()  # registers the new layer's definition for every face
    report.imported = list(prepared.columns["uid"])
    report.written = True
    feedback.progress(1.0, Step("done"))
    return report


def default_layer(table: SourceTable) -> str:
    """The layer a file's geometries most likely belong to: points to facilities, lines to
    transport lines, areas (and closed CAD outlines) to facility areas."""
    types = table.frame.geometry.dropna().geom_type.str.replace("Multi", "").value_counts()
    top = types.index[0] if len(types) else "Point"
    return {"Point": "facilities", "LineString": "transport_lines", "Polygon": "facility_areas"}.get(top, "facilities")


def import_file(project_path: str | Path, source: str | Path, options: ImportOptions | None = None,
                feedback: Feedback | None = None, layer_in_file: str | None = None,
                geocode_column: str | None = None) -> ImportReport:
    """Read, check and write ``source`` into ``options.layer`` of the project (CLI and tests)."""
    feedback = feedback or NullFeedback()
    check(feedback, 0.02, Step("reading_file", file=Path(source).name))
    table = read_source(source, layer=layer_in_file, geocode_column=geocode_column)
    options = options or ImportOptions(default_layer(table))
    prepared = prepare_import(table, options, feedback)
    return write_import(project_path, prepared, feedback)


__all__ = ["Canceled", "ImportOptions", "common_mapping", "default_layer", "import_target", "new_layer_columns", "ImportRefused", "ImportReport", "PreparedImport",
           "import_file", "prepare_import", "resolve_crs", "write_import"]
