"""Build the project GeoPackage from the shipped sources.

The file is made beside its target under a temporary name and moved into place only when
complete, so a failed or canceled build leaves an existing project untouched. A project
that holds user edits is never overwritten without ``force`` (and then a backup is kept).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from sqlite_utils import Database

from gisplanner import __version__
from gisplanner.features import LinkSpec, SourceError, SourceFeature, read_layer_sources
from gisplanner.feedback import Feedback, NullFeedback, Step, check
from gisplanner.layers import LayerDef, builtin_layer_definitions
from gisplanner.layers.defs import DEFINITIONS_DIR
from gisplanner.paths import INDICATORS_FILE, LAYER_SOURCES_DIR, PLANS_DIR
from gisplanner.plans import Clause, PlanDocument, load_corpus
from gisplanner.store.integrity import (
    ProjectDamaged,
    ProjectFileError,
    check_integrity,
    check_regular_file,
    file_kind,
)
from gisplanner.store.schema import migrations, register_attribute_tables
from gisplanner.textnorm import index_text, normalize

GPKG_VERSION = "1.3"  # QGIS 3.22 (GDAL 3.6) warns about 1.4 files
# Bump when what a build derives from the same sources changes (parser, search index), so
# projects built before are rebuilt (unless they hold edits).
BUILD_FORMAT = 4


class ProjectHasEdits(RuntimeError):
    """Building would overwrite a project holding user edits."""


@dataclass
class BuildReport:
    path: Path
    built: bool
    plans: int = 0
    clauses: int = 0
    features: dict[str, int] = field(default_factory=dict)
    links: int = 0
    warnings: list[str] = field(default_factory=list)
    message: str = ""


def sources_digest(plans_dir: Path = PLANS_DIR, layers_dir: Path = LAYER_SOURCES_DIR) -> str:
    """Hash of every input of a build: plan texts, layer sources, layer definitions, code version."""
    h = hashlib.sha256(f"{__version__}/{BUILD_FORMAT}".encode())
    for directory in (plans_dir, layers_dir, DEFINITIONS_DIR):
        for path in sorted(p for p in directory.glob("*") if p.is_file()):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    if INDICATORS_FILE.exists():
        h.update(INDICATORS_FILE.read_bytes())
    return h.hexdigest()


def resolve_link(link: LinkSpec, docs: dict[str, PlanDocument], where: str) -> Clause:
    """The deepest clause of the linked plan whose text holds the quote (any script)."""
    doc = docs.get(link.plan)
    if doc is None:
        raise SourceError(f"{where}: links to unknown plan {link.plan!r}")
    if link.clause:
        for clause in doc.clauses:
            if clause.path == link.clause:
                if normalize(link.quote) not in normalize(clause.text):
                    raise SourceError(f"{where}: clause {clause.id} does not contain {link.quote!r}")
                return clause
        raise SourceError(f"{where}: plan {link.plan} has no clause {link.clause!r}")
    needle = normalize(link.quote)
    hits = [c for c in doc.clauses if needle in normalize(c.text)]
    if not hits:
        raise SourceError(f"{where}: quote {link.quote!r} occurs in no clause of plan {link.plan}")
    if len(hits) > 1:
        ids = ", ".join(c.id for c in hits[:5])
        raise SourceError(f"{where}: quote {link.quote!r} is ambiguous in plan {link.plan} ({ids}); "
                          "quote more text or name the clause")
    return hits[0]


def _frame(definition: LayerDef, feats: list[SourceFeature]) -> gpd.GeoDataFrame:
    columns: dict[str, pd.Series] = {}
    for f in definition.fields:
        values = [feat.attributes.get(f.name) for feat in feats]
        if f.type in {"year", "integer"}:
            columns[f.name] = pd.array(values, dtype="Int64")
        elif f.type == "real":
            columns[f.name] = pd.array(values, dtype="Float64").astype("float64")
        else:
            columns[f.name] = pd.Series(values, dtype="object")
    return gpd.GeoDataFrame(columns, geometry=[feat.geometry for feat in feats], crs="EPSG:4326")


def has_user_edits(path: Path) -> int:
    """Number of journaled edits in an existing project (0 if none or unreadable)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM edits").fetchone()[0]
    except sqlite3.Error:
        return 0


def stored_digest(path: Path) -> str | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM project_meta WHERE key='sources_digest'").fetchone()
            return row[0] if row else None
    except sqlite3.Error:
        return None


def _check_target(path: Path, force: bool) -> bool:
    """Refuse to replace what is not a project of ours (or a read-only one); True when the
    existing project is damaged and ``force`` says to move it aside and build anew."""
    if not path.exists() and not path.is_symlink():
        return False
    check_regular_file(path)
    kind = file_kind(path)
    if kind != "project":
        what = {"geopackage": "a GeoPackage", "sqlite": "an SQLite database"}.get(kind, "a file")
        raise ProjectFileError(f"{path}: is {what} gisplanner did not write; build never replaces it. "
                               "Build the project into a new file (--project NEW.gpkg)", "not_ours", path,
                               kind=kind)
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:  # root may write, but was told not to
        raise ProjectFileError(f"{path}: the project is read-only; it was not rebuilt", "read_only", path)
    try:
        check_integrity(path)
    except ProjectDamaged as exc:
        if not force:
            raise ProjectDamaged(path, exc.lines) from exc
        return True
    return False


def _aside_name(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror + (f": {exc.filename}" if exc.filename else "")
    return str(exc).strip() or type(exc).__name__


def build_project(
    path: Path,
    *,
    plans_dir: Path = PLANS_DIR,
    layers_dir: Path = LAYER_SOURCES_DIR,
    force: bool = False,
    feedback: Feedback | None = None,
) -> BuildReport:
    feedback = feedback or NullFeedback()
    path = Path(path)
    digest = sources_digest(plans_dir, layers_dir)
    damaged = _check_target(path, force)
    if path.exists() and not damaged:
        edits = has_user_edits(path)
        if edits and not force:
            raise ProjectHasEdits(
                f"{path} holds {edits} user edits; it was not rebuilt. "
                "Build to another file, or pass --force (the old file is kept as a .bak copy)."
            )
        if not force and stored_digest(path) == digest:
            return BuildReport(path, built=False, message=f"{path} is up to date with the shipped sources")

    check(feedback, 0.02, Step("reading_plans"))
    docs = {d.plan.id: d for d in load_corpus(plans_dir)}
    check(feedback, 0.15, Step("reading_layer_sources"))
    sources = read_layer_sources(layers_dir)
    links = []
    for layer, feats in sources.items():
        for feat in feats:
            where = f"{layer}.geojson: {feat.uid}"
            seen: dict[tuple[str, str], str] = {}
            for link in feat.links:
                clause = resolve_link(link, docs, where)
                first = seen.setdefault((clause.id, link.relation), link.quote)
                if first != link.quote:
                    raise SourceError(f"{where}: quotes {first!r} and {link.quote!r} both link clause {clause.id} "
                                      f"as {link.relation}; keep one")
                links.append({"feature_uid": feat.uid, "clause_id": clause.id,
                              "relation": link.relation, "quote": link.quote})

    tmp = path.with_name(f".{path.stem}.building-{os.getpid()}.gpkg")
    report = BuildReport(path, built=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        definitions = builtin_layer_definitions()
        for i, definition in enumerate(definitions):
            check(feedback, 0.25 + 0.4 * i / len(definitions), Step("writing_layer", layer=definition.name))
            frame = _frame(definition, sources.get(definition.name, []))
            pyogrio.write_dataframe(
                frame, tmp, layer=definition.name, driver="GPKG",
                geometry_type=definition.geometry,
                dataset_options={"VERSION": GPKG_VERSION} if i == 0 else None,
                layer_options={"IDENTIFIER": definition.title_zh, "DESCRIPTION": definition.title_en},
            )
            report.features[definition.name] = len(frame)
        check(feedback, 0.7, Step("writing_plans"))
        _write_tables(tmp, docs, sources, links, digest)
        check(feedback, 0.95, Step("checking_file"))
        layers_written = {name for name, _ in pyogrio.list_layers(tmp)}
        missing = {d.name for d in definitions} - layers_written
        if missing:
            raise RuntimeError(f"GDAL does not read back layers {sorted(missing)} from {tmp}")
        if damaged:
            aside = _aside_name(path)
            os.replace(path, aside)
            report.warnings.append(f"the damaged project was moved aside to {aside}")
        elif path.exists() and force:
            shutil.copy2(path, path.with_suffix(path.suffix + ".bak"))
        os.replace(tmp, path)
    except (OSError, sqlite3.Error, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise ProjectFileError(f"{path}: the project could not be built ({_reason(exc)}); "
                               "nothing was replaced", "build_failed", path, detail=_reason(exc)) from exc
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    report.plans = len(docs)
    report.clauses = sum(len(d.clauses) for d in docs.values())
    report.links = len(links)
    report.warnings = [w for d in docs.values() for w in d.warnings] + _indicator_warnings(docs)
    report.message = f"built {path}"
    feedback.progress(1.0, Step("done"))
    return report


def _indicator_warnings(docs: dict[str, PlanDocument]) -> list[str]:
    """Indicators whose clause is not in the plans built (the catalogue and the texts disagree)."""
    from gisplanner.monitor.catalogue import load_catalogue

    if not INDICATORS_FILE.exists():
        return []
    known = {c.id for d in docs.values() for c in d.clauses}
    return [f"{INDICATORS_FILE.name}: indicator {i['id']} cites clause {i['clause_id']}, which the plans do not have"
            for i in load_catalogue().indicators if i["clause_id"] not in known]


def _write_tables(path: Path, docs: dict[str, PlanDocument], sources: dict[str, list[SourceFeature]],
                  links: list[dict], digest: str) -> None:
    db = Database(path)
    try:
        migrations.apply(db)
        with db.conn:
            db["plans"].insert_all(
                ({**{k: getattr(d.plan, k) for k in d.plan.__dataclass_fields__}, "source": d.source}
                 for d in docs.values()),
            )
            db["clauses"].insert_all(
                {
                    "id": c.id, "plan_id": c.plan_id, "path": c.path, "number": c.number,
                    "level": c.level, "heading": c.heading, "text": c.text, "start": c.start,
                    "end": c.end, "seq": c.seq, "parent_id": c.parent_id,
                    "departments": json.dumps(c.departments, ensure_ascii=False),
                    "inferred_number": int(c.inferred_number), "search_text": index_text(c.text),
                }
                for d in docs.values() for c in d.clauses
            )
            db["links"].insert_all(links)
            db["status_history"].insert_all(
                {"feature_uid": feat.uid, **{k: entry.get(k) for k in ("status", "date", "source")},
                 "date_precision": entry.get("date_precision", "day")}
                for feats in sources.values() for feat in feats for entry in feat.history
            )
            db["project_meta"].insert_all(
                [
                    {"key": "sources_digest", "value": digest},
                    {"key": "built_at", "value": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
                    {"key": "gisplanner_version", "value": __version__},
                ],
                replace=True,
            )
            register_attribute_tables(db)
    finally:
        db.close()
