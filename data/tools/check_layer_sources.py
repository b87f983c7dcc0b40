#!/usr/bin/env python3
"""Validate the map layers and gazetteer under data/ against the schema and the plan texts.

Checks: FeatureCollection structure, geometry type per layer, coordinates rounded to 6
decimals and inside China and near the right city, property keys and enums, uid uniqueness
across layers, dates, history order (last entry == current status), every link quote occurring
verbatim in its plan file, gazetteer rows parsing with known parents and matching the
feature representative points, and every point placed at town/district/city precision sitting
on the centre of a gazetteer place of that kind (no invented precise points).

Usage: python data/tools/check_layer_sources.py [--data DIR]   (exit 1 on any error)
"""
import argparse
import csv
import json
import re
import sys
from pathlib import Path

from shapely.geometry import shape

LAYERS = {
    "parks": ({"Polygon", "MultiPolygon"},
              {"industrial_park", "innovation_zone", "herb_base", "cluster", "demonstration_zone", "district_zone"}),
    "transport_lines": ({"LineString", "MultiLineString"},
                        {"hsr", "metro", "suburban_rail", "arterial_road", "road", "expressway"}),
    "transport_points": ({"Point"}, {"hsr_station", "metro_station", "interchange"}),
}
FAC_KINDS = {"substation", "sewage_plant", "platform", "laboratory", "incubator", "rd_centre", "hospital",
             "university", "innovation_centre", "care_centre", "housing", "hotel", "green_park", "market",
             "industrial_park_site", "other", "environmental_facility", "hazardous_waste", "energy_station",
             "wellness_base"}
LAYERS["facilities"] = ({"Point"}, FAC_KINDS)
LAYERS["facility_areas"] = ({"Polygon"}, FAC_KINDS)
OPTIONAL = {"facility_areas"}
STATUS = {"proposed", "planning_study", "planned", "approved", "under_construction", "completed", "suspended",
          "cancelled"}
PRECISION = {"site", "town", "district", "city"}
RELATIONS = {"mandates", "mentions", "reports_progress"}
KEYS = {"uid", "name_zh", "name_en", "kind", "status", "status_date", "status_date_precision", "deadline",
        "deadline_kind", "location_precision", "location_source", "aliases", "links", "history"}
DATE_PRECISION = {"day", "month", "year"}
DEADLINE_KINDS = {"start", "complete", "study"}
UID_RE = re.compile(r"^[a-z0-9]+([.-][a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# rough bounding boxes (lon0, lat0, lon1, lat1) of the regions each uid prefix must fall in
REGIONS = {
    "cq": (105.2, 28.1, 110.2, 32.3),   # Chongqing municipality
    "zh": (113.0, 21.8, 113.8, 22.5),   # Zhuhai
    "bz": (106.3, 31.2, 107.8, 32.8),   # Bazhong
    "zq": (111.3, 22.7, 112.9, 24.4),   # Zhaoqing
    "cn": (73.0, 18.0, 135.5, 53.6),    # China (city rows)
}
CHINA = (73.0, 18.0, 135.5, 53.6)
GAZ_COLS = ["id", "name_zh", "name_zh_hant", "name_en", "pinyin", "aliases", "kind", "parent", "lon", "lat",
            "precision", "source"]
GAZ_KINDS = {"province", "city", "district", "town", "site"}
POINT_TOL = 0.0015  # degrees; the project's tests allow 0.002 (Euclidean)


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


def load_plans(plan_dir):
    plans = {}
    for f in sorted(plan_dir.glob("[0-9][0-9][0-9]_*.txt")):
        plans[f.name[:3]] = f.read_text(encoding="utf-8")
    return plans


def iter_coords(geom):
    t, c = geom["type"], geom["coordinates"]
    if t == "Point":
        yield c
    elif t in ("LineString", "MultiPoint"):
        yield from c
    elif t in ("Polygon", "MultiLineString"):
        for part in c:
            yield from part
    elif t == "MultiPolygon":
        for poly in c:
            for ring in poly:
                yield from ring


def in_box(lon, lat, box):
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def representative(geom):
    s = shape(geom)
    if s.geom_type == "Point":
        return s
    if s.geom_type in ("LineString", "MultiLineString"):
        return s.interpolate(0.5, normalized=True)
    c = s.centroid
    return c if s.contains(c) else s.representative_point()


def check_feature(rep, layer, i, ft, plans, uids):
    gtypes, kinds = LAYERS[layer]
    where = f"{layer}[{i}]"
    if ft.get("type") != "Feature":
        rep.err(where, "not a Feature")
        return None
    props = ft.get("properties") or {}
    uid = props.get("uid", "?")
    where = f"{layer}:{uid}"
    missing, extra = KEYS - props.keys(), props.keys() - KEYS
    if missing:
        rep.err(where, f"missing keys {sorted(missing)}")
    if extra:
        rep.err(where, f"unexpected keys {sorted(extra)}")
    if not isinstance(uid, str) or not UID_RE.match(uid):
        rep.err(where, "uid must be lowercase ascii with dots/dashes")
    elif uid in uids:
        rep.err(where, f"duplicate uid (also in {uids[uid]})")
    else:
        uids[uid] = layer
    for k in ("name_zh", "name_en", "location_source"):
        if not isinstance(props.get(k), str) or not props.get(k).strip():
            rep.err(where, f"{k} must be a non-empty string")
    if props.get("kind") not in kinds:
        rep.err(where, f"kind {props.get('kind')!r} not allowed in {layer}")
    if props.get("status") not in STATUS:
        rep.err(where, f"status {props.get('status')!r} invalid")
    if not isinstance(props.get("status_date"), str) or not DATE_RE.match(props["status_date"]):
        rep.err(where, f"status_date {props.get('status_date')!r} not YYYY-MM-DD")
    dl = props.get("deadline")
    if dl is not None and not (isinstance(dl, str) and re.fullmatch(r"\d{4}", dl)):
        rep.err(where, f"deadline {dl!r} must be 'YYYY' or null")
    if props.get("status_date_precision") not in DATE_PRECISION:
        rep.err(where, f"status_date_precision {props.get('status_date_precision')!r} not one of {sorted(DATE_PRECISION)}")
    if (dl is None) != (props.get("deadline_kind") is None):
        rep.err(where, "deadline and deadline_kind go together")
    elif dl is not None and props["deadline_kind"] not in DEADLINE_KINDS:
        rep.err(where, f"deadline_kind {props['deadline_kind']!r} not one of {sorted(DEADLINE_KINDS)}")
    if props.get("location_precision") not in PRECISION:
        rep.err(where, f"location_precision {props.get('location_precision')!r} invalid")
    if not isinstance(props.get("aliases"), list) or not all(isinstance(a, str) and a for a in props["aliases"]):
        rep.err(where, "aliases must be a list of non-empty strings")
    links = props.get("links")
    if not isinstance(links, list) or not links:
        rep.err(where, "needs at least one link")
        links = []
    for j, ln in enumerate(links):
        lw = f"{where} link[{j}]"
        if set(ln) != {"plan", "quote", "relation"}:
            rep.err(lw, f"keys {sorted(ln)}")
            continue
        if ln["plan"] not in plans:
            rep.err(lw, f"unknown plan {ln['plan']!r}")
            continue
        q = ln["quote"]
        if not (4 <= len(q) <= 30):
            rep.err(lw, f"quote length {len(q)} outside 4..30")
        n = plans[ln["plan"]].count(q)
        if n == 0:
            rep.err(lw, f"quote {q!r} not found verbatim in plan {ln['plan']}")
        elif n > 1:
            rep.warn(lw, f"quote {q!r} occurs {n} times in plan {ln['plan']}")
        if ln["relation"] not in RELATIONS:
            rep.err(lw, f"relation {ln['relation']!r} invalid")
        if ln["relation"] == "reports_progress" and ln["plan"] != "003":
            rep.warn(lw, "reports_progress is meant for plan 003")
    hist = props.get("history")
    if not isinstance(hist, list) or not hist:
        rep.err(where, "history must be a non-empty list")
    else:
        prev = ""
        for j, h in enumerate(hist):
            hw = f"{where} history[{j}]"
            if set(h) != {"status", "date", "date_precision", "source"}:
                rep.err(hw, f"keys {sorted(h)}")
                continue
            if h["status"] not in STATUS:
                rep.err(hw, f"status {h['status']!r} invalid")
            if not DATE_RE.match(str(h["date"])):
                rep.err(hw, f"date {h['date']!r} not YYYY-MM-DD")
            elif h["date"] < prev:
                rep.err(hw, "history not in date order")
            else:
                prev = h["date"]
            if not str(h["source"]).strip():
                rep.err(hw, "empty source")
            if h["date_precision"] not in DATE_PRECISION:
                rep.err(hw, f"date_precision {h['date_precision']!r} invalid")
            elif (h["date_precision"] == "month" and not str(h["date"]).endswith("-01")) or (
                    h["date_precision"] == "year" and not str(h["date"]).endswith("-01-01")):
                rep.err(hw, f"a date known to the {h['date_precision']} is written as its first day")
        last = hist[-1]
        if last.get("status") != props.get("status") or last.get("date") != props.get("status_date") \
                or last.get("date_precision") != props.get("status_date_precision"):
            rep.err(where, "last history entry must equal status/status_date/status_date_precision")
    geom = ft.get("geometry")
    if not geom or geom.get("type") not in gtypes:
        rep.err(where, f"geometry type {geom and geom.get('type')!r} not in {sorted(gtypes)}")
        return None
    coords = list(iter_coords(geom))
    if not coords:
        rep.err(where, "empty geometry")
        return None
    box = REGIONS.get(uid.split(".")[0], CHINA) if isinstance(uid, str) else CHINA
    for c in coords:
        if len(c) != 2 or not all(isinstance(v, (int, float)) for v in c):
            rep.err(where, f"bad coordinate {c}")
            return None
        if any(round(v, 6) != v for v in c):
            rep.err(where, f"coordinate {c} not rounded to 6 decimals")
            break
        if not in_box(c[0], c[1], CHINA):
            rep.err(where, f"coordinate {c} outside China")
            break
        if not in_box(c[0], c[1], box):
            rep.err(where, f"coordinate {c} outside the expected region for prefix {uid.split('.')[0]!r}")
            break
    s = shape(geom)
    if not s.is_valid:
        rep.err(where, "invalid geometry")
    if geom["type"] in ("LineString",) and len(geom["coordinates"]) < 2:
        rep.err(where, "line needs 2+ vertices")
    return uid, representative(geom), props.get("location_precision")


def check_gazetteer(rep, path, feature_points, point_uids=frozenset()):
    where = str(path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != GAZ_COLS:
        rep.err(where, f"header must be {GAZ_COLS}")
        return
    ids = {}
    for n, row in enumerate(rows[1:], start=2):
        w = f"{where}:{n}"
        if len(row) != len(GAZ_COLS):
            rep.err(w, f"{len(row)} columns")
            continue
        r = dict(zip(GAZ_COLS, row))
        if not UID_RE.match(r["id"]):
            rep.err(w, f"bad id {r['id']!r}")
        if r["id"] in ids:
            rep.err(w, f"duplicate id {r['id']}")
        ids[r["id"]] = r
        if r["kind"] not in GAZ_KINDS:
            rep.err(w, f"kind {r['kind']!r}")
        if r["precision"] not in PRECISION:
            rep.err(w, f"precision {r['precision']!r}")
        for k in ("name_zh", "name_zh_hant", "name_en", "pinyin", "source"):
            if not r[k].strip():
                rep.err(w, f"empty {k}")
        try:
            lon, lat = float(r["lon"]), float(r["lat"])
        except ValueError:
            rep.err(w, "lon/lat not numbers")
            continue
        box = REGIONS.get(r["id"].split(".")[0], CHINA)
        if not in_box(lon, lat, box):
            rep.err(w, f"({lon}, {lat}) outside expected region")
    for pid, r in ids.items():
        if r["parent"] and r["parent"] not in ids:
            rep.err(where, f"{pid}: parent {r['parent']!r} not a gazetteer id")
        if not r["parent"] and r["kind"] not in ("province", "city"):
            rep.err(where, f"{pid}: only provinces/cities may lack a parent")
    for uid, pt, prec in feature_points:
        r = ids.get(uid)
        if r is None:
            rep.err(where, f"feature {uid} has no gazetteer row")
            continue
        if abs(float(r["lon"]) - pt.x) > 2e-6 or abs(float(r["lat"]) - pt.y) > 2e-6:
            rep.err(where, f"{uid}: row point ({r['lon']}, {r['lat']}) != feature representative point ({pt.x:.6f}, {pt.y:.6f})")
        if r["precision"] != prec:
            rep.err(where, f"{uid}: precision {r['precision']} != feature {prec}")
    # a point placed by town/district/city must sit on the centre of a gazetteer place of that kind
    # (otherwise it is an invented precise point: use precision "site" with a found site instead)
    centres = {}
    for r in ids.values():
        try:
            centres.setdefault(r["kind"], []).append((float(r["lon"]), float(r["lat"])))
        except ValueError:
            pass
    for uid, pt, prec in feature_points:
        if pt.geom_type != "Point" or prec not in ("town", "district", "city") or uid not in point_uids:
            continue
        near = min((max(abs(x - pt.x), abs(y - pt.y)) for x, y in centres.get(prec, [])), default=None)
        if near is None or near > POINT_TOL:
            rep.err(where, f"{uid}: point at precision {prec} is not on a gazetteer {prec} centre "
                           f"(nearest {near if near is None else round(near, 4)}°)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1]))
    ap.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    args = ap.parse_args()
    data = Path(args.data)
    rep = Report()
    plans = load_plans(data / "plans")
    if len(plans) != 5:
        rep.err("plans", f"expected 5 plan files, found {sorted(plans)}")
    uids, points, counts, point_layer_uids = {}, [], {}, set()
    for layer in LAYERS:
        path = data / "layers" / f"{layer}.geojson"
        if not path.exists():
            if layer not in OPTIONAL:
                rep.err(str(path), "missing")
            continue
        try:
            fc = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as e:
            rep.err(str(path), f"invalid JSON: {e}")
            continue
        if fc.get("type") != "FeatureCollection" or not isinstance(fc.get("features"), list):
            rep.err(str(path), "not a FeatureCollection")
            continue
        counts[layer] = len(fc["features"])
        for i, ft in enumerate(fc["features"]):
            res = check_feature(rep, layer, i, ft, plans, uids)
            if res:
                points.append(res)
                if (ft.get("geometry") or {}).get("type") == "Point":
                    point_layer_uids.add(res[0])
    gaz = data / "gazetteer" / "places.csv"
    if gaz.exists():
        point_uids = {uid for uid, pt, _ in points if pt.geom_type == "Point" and uid in point_layer_uids}
        check_gazetteer(rep, gaz, points, point_uids)
    else:
        rep.err(str(gaz), "missing")
    if not args.quiet:
        for w in rep.warnings:
            print("WARN ", w)
    for e in rep.errors:
        print("ERROR", e)
    print(f"features per layer: {counts}; total {sum(counts.values())}; "
          f"{len(rep.errors)} errors, {len(rep.warnings)} warnings")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
