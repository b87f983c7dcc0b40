"""Generator for data/layers/*.geojson and data/gazetteer/places.csv.

Run from the repository: ``.venv/bin/python data/tools/build_layer_sources.py`` (needs
``pip install pypinyin`` besides the project's own dependencies), then
``data/tools/check_layer_sources.py`` and the tests. A new or changed ``location_source`` or
history ``source`` needs its Chinese rendering in ``data/layers/notes_zh.toml``
(tests/test_shipped_notes.py lists the ones missing).
"""
import csv, json, math, os, sys
from pathlib import Path

from pypinyin import lazy_pinyin
import opencc
from shapely.geometry import Point, LineString, Polygon, MultiPolygon, shape, mapping

from gisplanner.features import LinkSpec
from gisplanner.io.offsets import to_wgs84
from gisplanner.plans import load_corpus
from gisplanner.store.build import resolve_link

S2T = opencc.OpenCC("s2t")


# Public Chinese web maps publish GCJ-02 (AMap, Tencent) or BD-09 (Baidu) coordinates, offset
# from WGS84 by several hundred metres; points taken from them are converted with the same
# iterative inverse the importer uses.
def gcj_to_wgs(lon, lat):
    x, y = to_wgs84(lon, lat, "gcj02")
    return round(float(x), 6), round(float(y), 6)


def bd_to_wgs(lon, lat):
    x, y = to_wgs84(lon, lat, "bd09")
    return round(float(x), 6), round(float(y), 6)


# Bio-City emergency-command platform (public front-end "重庆国际生物城应急指挥平台" on GitHub): its AMap
# view is centred on 106.82315E 29.557708N (GCJ-02, zoom 15) and its sample alarm points lie within
# ~1 km of it. Taken as the centre of the built-up Bio-City (the 木洞 cluster), not as a building.
BIOCITY_CORE = gcj_to_wgs(106.82315, 29.557708)
# Hospital points of a public GitHub front-end map of Guangdong pilot hospitals; the coordinates are
# Baidu BD-09 (read as WGS84 they put 珠海市人民医院 in the sea off 香炉湾; as BD-09 they fall on its
# published address 康宁路79号 by the 湾仔沙 bus stop).
ZH_PEOPLES = bd_to_wgs(113.5949842, 22.28485697)
ZH_SYSU5 = bd_to_wgs(113.5732827, 22.29890796)
ROOT = str(Path(__file__).resolve().parents[1])
PD = {"000": "2019-01-01", "001": "2021-12-31", "002": "2020-08-28", "003": "2021-11-15", "004": "2022-01-01"}
PPREC = {"000": "year", "001": "day", "002": "day", "003": "day", "004": "year"}
PSRC = {
    "000": "plan 000 (渝府办发〔2019〕52号; the text is undated: only the year 2019 is known, recorded as 2019-01-01 as in plans.toml)",
    "001": "plan 001",
    "002": "plan 002",
    "003": "plan 003",
    "004": "plan 004 (draft, undated: 2022-01-01 = start of its period)",
}

# ---------------------------------------------------------------- places (gazetteer)
# id: (name_zh, name_en, kind, parent, lon, lat, precision, source, extra aliases)
APPROX = "approximate centre (seat of government) from general map knowledge, ±1–2 km"
PLACES = [
    ("cn.chongqing", "重庆市", "Chongqing", "city", "", 106.551, 29.563, "city", "city centre 29.563N 106.551E as given on public coordinate pages (countrycoordinate.com, asiaphotos.org)", ["渝", "Chungking"]),
    ("cn.zhuhai", "珠海市", "Zhuhai", "city", "", 113.576, 22.271, "city", "municipal government area in Xiangzhou; " + APPROX, []),
    ("cn.bazhong", "巴中市", "Bazhong", "city", "", 106.747, 31.868, "city", "city seat (Bazhou urban area); " + APPROX, []),
    ("cn.zhaoqing", "肇庆市", "Zhaoqing", "city", "", 112.465, 23.047, "city", "city seat; " + APPROX, []),
    # Chongqing districts
    ("cq.yuzhong", "渝中区", "Yuzhong District", "district", "cn.chongqing", 106.569, 29.553, "district", APPROX, []),
    ("cq.jiangbei", "江北区", "Jiangbei District", "district", "cn.chongqing", 106.574, 29.606, "district", APPROX, []),
    ("cq.yubei", "渝北区", "Yubei District", "district", "cn.chongqing", 106.631, 29.718, "district", APPROX, []),
    ("cq.nanan", "南岸区", "Nan'an District", "district", "cn.chongqing", 106.561, 29.523, "district", APPROX, ["Nanan"]),
    ("cq.jiulongpo", "九龙坡区", "Jiulongpo District", "district", "cn.chongqing", 106.511, 29.502, "district", APPROX, []),
    ("cq.shapingba", "沙坪坝区", "Shapingba District", "district", "cn.chongqing", 106.457, 29.541, "district", APPROX, []),
    ("cq.dadukou", "大渡口区", "Dadukou District", "district", "cn.chongqing", 106.482, 29.484, "district", APPROX, []),
    ("cq.beibei", "北碚区", "Beibei District", "district", "cn.chongqing", 106.397, 29.806, "district", APPROX, []),
    ("cq.banan", "巴南区", "Banan District", "district", "cn.chongqing", 106.512, 29.387, "district", "Wikipedia (es) infobox coordinates 29°23′12″N 106°30′43″E (district seat at Yudong)", ["巴县"]),
    ("cq.changshou", "长寿区", "Changshou District", "district", "cn.chongqing", 107.081, 29.857, "district", APPROX, []),
    ("cq.jiangjin", "江津区", "Jiangjin District", "district", "cn.chongqing", 106.259, 29.290, "district", APPROX, []),
    ("cq.fuling", "涪陵区", "Fuling District", "district", "cn.chongqing", 107.390, 29.703, "district", APPROX, []),
    ("cq.nanchuan", "南川区", "Nanchuan District", "district", "cn.chongqing", 107.099, 29.157, "district", APPROX, []),
    ("cq.wanzhou", "万州区", "Wanzhou District", "district", "cn.chongqing", 108.409, 30.808, "district", APPROX, []),
    ("cq.liangjiang", "两江新区", "Liangjiang New Area", "district", "cn.chongqing", 106.545, 29.666, "district", "functional area spanning Jiangbei/Yubei/Beibei; point is an approximate central point, not a government seat", ["两江", "Liangjiang"]),
    ("cq.hitech", "重庆高新区", "Chongqing High-tech Zone", "district", "cn.chongqing", 106.335, 29.568, "district", "functional zone (western Chongqing Science City core, Shapingba/Jiulongpo); approximate central point", ["高新区", "西部(重庆)科学城", "Chongqing Hi-tech Industrial Development Zone"]),
    # Banan towns/streets
    ("cq.banan.yudong", "鱼洞街道", "Yudong Subdistrict", "town", "cq.banan", 106.521, 29.381, "town", APPROX, ["鱼洞"]),
    ("cq.banan.longzhouwan", "龙洲湾街道", "Longzhouwan Subdistrict", "town", "cq.banan", 106.532, 29.354, "town", APPROX, ["龙洲湾"]),
    ("cq.banan.lijiatuo", "李家沱街道", "Lijiatuo Subdistrict", "town", "cq.banan", 106.553, 29.462, "town", APPROX, ["李家沱"]),
    ("cq.banan.huaxi", "花溪街道", "Huaxi Subdistrict", "town", "cq.banan", 106.563, 29.438, "town", APPROX, ["花溪"]),
    ("cq.banan.nanquan", "南泉街道", "Nanquan Subdistrict", "town", "cq.banan", 106.637, 29.443, "town", APPROX, ["南泉", "南温泉"]),
    ("cq.banan.yipin", "一品街道", "Yipin Subdistrict", "town", "cq.banan", 106.616, 29.322, "town", APPROX, ["一品"]),
    ("cq.banan.nanpeng", "南彭街道", "Nanpeng Subdistrict", "town", "cq.banan", 106.675, 29.385, "town", APPROX, ["南彭"]),
    ("cq.banan.huimin", "惠民街道", "Huimin Subdistrict", "town", "cq.banan", 106.695, 29.355, "town", APPROX, ["惠民"]),
    ("cq.banan.jieshi", "界石镇", "Jieshi Town", "town", "cq.banan", 106.655, 29.410, "town", APPROX, ["界石"]),
    ("cq.banan.mudong", "木洞镇", "Mudong Town", "town", "cq.banan", 106.847, 29.570, "town", "south bank of the Yangtze at the mouth of Mingyue Gorge; a geocoded point on G348 in 木洞镇 (106.850E 29.564N) in public data confirms the area", ["木洞"]),
    ("cq.banan.shuanghekou", "双河口镇", "Shuanghekou Town", "town", "cq.banan", 106.822, 29.508, "town", APPROX, ["双河口"]),
    ("cq.banan.maliuzui", "麻柳嘴镇", "Maliuzui Town", "town", "cq.banan", 106.920, 29.620, "town", APPROX + " (south bank of the Yangtze downstream of Mudong)", ["麻柳嘴", "麻柳"]),
    ("cq.banan.fengsheng", "丰盛镇", "Fengsheng Town", "town", "cq.banan", 106.972, 29.490, "town", APPROX, ["丰盛", "丰盛古镇"]),
    ("cq.banan.ersheng", "二圣镇", "Ersheng Town", "town", "cq.banan", 106.787, 29.322, "town", APPROX, ["二圣"]),
    ("cq.banan.dongquan", "东温泉镇", "Dongwenquan Town", "town", "cq.banan", 106.880, 29.395, "town", APPROX, ["东温泉", "东泉镇"]),
    ("cq.banan.biocity-core", "重庆国际生物城建成区", "Chongqing International Bio-City built-up core", "town", "cq.banan.mudong", BIOCITY_CORE[0], BIOCITY_CORE[1], "town",
     "centre of the built-up Bio-City west of 木洞 town: map centre of the Bio-City emergency-command platform (public GitHub front-end, AMap GCJ-02 106.82315E 29.557708N converted to WGS84); its sample alarm points lie within ~1 km; ±1 km, not a building",
     ["生物城建成区", "生物城核心区", "木洞组团", "Bio-City core"]),
    ("cq.banan.luojiao", "鹿角", "Luojiao", "town", "cq.banan", 106.617, 29.470, "town", "locality of Banan north of Jieshi (Line 24 terminus 鹿角北); " + APPROX, ["鹿角北"]),
    ("cq.yuzhong.yuanjiagang", "袁家岗", "Yuanjiagang", "town", "cq.yuzhong", 106.518, 29.532, "town",
     "neighbourhood of western Yuzhong; Chongqing Medical University (医学院路1号) and its First Affiliated Hospital (袁家岗友谊路1号) are addressed here in public directories; point approximate from general map knowledge, ±1 km",
     ["袁家岗片区"]),
    # Nan'an towns
    ("cq.nanan.yinglong", "迎龙镇", "Yinglong Town", "town", "cq.nanan", 106.700, 29.522, "town", APPROX, ["迎龙"]),
    ("cq.nanan.guangyang", "广阳镇", "Guangyang Town", "town", "cq.nanan", 106.728, 29.556, "town", APPROX, ["广阳"]),
    ("cq.nanan.guangyangwan", "广阳湾", "Guangyang Bay", "town", "cq.nanan", 106.688, 29.580, "town", "bay on the Yangtze south bank opposite Guangyang Island; " + APPROX, ["广阳湾智创生态城", "广阳岛"]),
    ("cq.nanan.chongqing-east", "重庆东站", "Chongqing East railway station", "site", "cq.nanan", 106.655, 29.505, "town", "station in the Chayuan area of Nan'an (public reports); point approximate", ["重庆东", "Chongqingdong"]),
    ("cq.changshou.yanjia", "晏家街道", "Yanjia Subdistrict", "town", "cq.changshou", 107.000, 29.795, "town", APPROX + " (seat of the Changshou economic development zone chemical park)", ["晏家"]),
    ("cq.fuling.fuling-north", "涪陵北站", "Fulingbei railway station", "site", "cq.fuling", 107.316, 29.752, "town", "station of the Yu-Wan HSR (public reports); point approximate", []),
    ("cq.yubei.longsheng", "龙盛片区", "Longsheng area (Liangjiang)", "town", "cq.liangjiang", 106.780, 29.720, "town", "area of Liangjiang New Area hosting Mingyue Lake and the co-innovation zone (public reports); point approximate", ["明月湖", "龙兴"]),
    # Zhuhai
    ("zh.xiangzhou", "香洲区", "Xiangzhou District", "district", "cn.zhuhai", 113.543, 22.267, "district", APPROX, []),
    ("zh.doumen", "斗门区", "Doumen District", "district", "cn.zhuhai", 113.296, 22.209, "district", APPROX, []),
    ("zh.jinwan", "金湾区", "Jinwan District", "district", "cn.zhuhai", 113.362, 22.147, "district", APPROX, []),
    ("zh.hengqin", "横琴", "Hengqin", "district", "cn.zhuhai", 113.536, 22.128, "district", "Hengqin island (former Hengqin New Area, now Guangdong-Macao In-Depth Cooperation Zone); approximate central point", ["横琴新区", "横琴粤澳深度合作区", "Hengqin New Area"]),
    ("zh.gaoxin", "珠海高新区", "Zhuhai High-tech Zone", "district", "cn.zhuhai", 113.593, 22.362, "district", "Tangjiawan area; approximate central point", ["高新区", "唐家湾", "Zhuhai National Hi-tech Industrial Development Zone"]),
    ("zh.jinwan.sanzao", "三灶镇", "Sanzao Town", "town", "zh.jinwan", 113.366, 22.068, "town", APPROX + "; town hosts Zhuhai Jinwan Airport to the south", ["三灶"]),
    ("zh.jinwan.dingjiawan", "定家湾工业片区", "Dingjiawan industrial area", "town", "zh.jinwan.sanzao", 113.378, 22.042, "town",
     "industrial area of 三灶镇 north of Zhuhai Jinwan Airport that hosts the Zhuhai International Health Port (public reports: core of the Jinwan biomedicine zone; phase 2 lies west of 机场西路 and south of 定湾十一路); point approximate, ±1–2 km",
     ["定家湾", "定湾"]),
    ("zh.jinwan.hongqi", "红旗镇", "Hongqi Town", "town", "zh.jinwan", 113.346, 22.141, "town", APPROX, ["红旗"]),
    ("zh.jinwan.pingsha", "平沙镇", "Pingsha Town", "town", "zh.jinwan", 113.187, 22.098, "town", APPROX, ["平沙"]),
    ("zh.jinwan.nanshui", "南水镇", "Nanshui Town", "town", "zh.jinwan", 113.237, 22.033, "town", APPROX, ["南水"]),
    ("zh.gaoxin.jinding", "金鼎", "Jinding", "town", "zh.gaoxin", 113.533, 22.393, "town", APPROX + " (Jinding industrial area of the high-tech zone)", ["金鼎工业片区"]),
    ("zq.gaoyao", "高要区", "Gaoyao District", "district", "cn.zhaoqing", 112.458, 23.025, "district", APPROX, []),
    ("zq.deqing", "德庆县", "Deqing County", "district", "cn.zhaoqing", 111.785, 23.143, "district", APPROX, []),
    # Bazhong
    ("bz.bazhou", "巴州区", "Bazhou District", "district", "cn.bazhong", 106.769, 31.859, "district", APPROX, []),
    ("bz.enyang", "恩阳区", "Enyang District", "district", "cn.bazhong", 106.654, 31.787, "district", "Wikipedia (en) infobox coordinates 31°47′13″N 106°39′14″E", []),
    ("bz.nanjiang", "南江县", "Nanjiang County", "district", "cn.bazhong", 106.828, 32.346, "district", APPROX, []),
    ("bz.tongjiang", "通江县", "Tongjiang County", "district", "cn.bazhong", 107.245, 31.912, "district", APPROX, []),
    ("bz.pingchang", "平昌县", "Pingchang County", "district", "cn.bazhong", 107.104, 31.561, "district", APPROX, []),
    ("bz.edz", "巴中经济开发区", "Bazhong Economic Development Zone", "district", "cn.bazhong", 106.785, 31.825, "district", "四川新闻网 2015-04-13: after expansion 9.76 km² within 兴文镇 of Bazhou (bounded by 郑家山/玲珑, 中营, 观音桥 villages, 九寨山 and the Chongqing-Bazhong-Hanzhong expressway); point is an approximate position of that area", ["巴中经开区", "巴中经开发区", "Bazhong EDZ", "兴文新区"]),
    ("bz.bazhou.xingwen", "兴文镇", "Xingwen Town", "town", "bz.bazhou", 106.785, 31.825, "town", "town south-east of the Bazhou urban area hosting the economic development zone; " + APPROX, ["兴文", "兴文新区"]),
    ("bz.nanjiang.nanjiang-town", "南江镇", "Nanjiang Town", "town", "bz.nanjiang", 106.828, 32.346, "town", "county seat; " + APPROX, []),
    ("bz.tongjiang.nuojiang", "诺江镇", "Nuojiang Town", "town", "bz.tongjiang", 107.245, 31.912, "town", "county seat; " + APPROX, []),
    ("bz.pingchang.jiangkou", "江口镇", "Jiangkou Town", "town", "bz.pingchang", 107.104, 31.561, "town", "county seat; " + APPROX, []),
    ("bz.enyang.enyang-town", "恩阳镇", "Enyang Town", "town", "bz.enyang", 106.636, 31.789, "town", "Enyang old town; " + APPROX, ["恩阳古镇"]),
]
PL = {p[0]: p for p in PLACES}


def xy(pid):
    p = PL[pid]
    return (p[5], p[6])


def rect(lon, lat, w_km, h_km):
    dx = w_km / 2 / (111.32 * math.cos(math.radians(lat)))
    dy = h_km / 2 / 110.57
    return [(lon - dx, lat - dy), (lon + dx, lat - dy), (lon + dx, lat + dy), (lon - dx, lat + dy), (lon - dx, lat - dy)]


def L(plan, quote, rel="mandates"):
    return {"plan": plan, "quote": quote, "relation": rel}


def H(status, plan_or_date, source=None, precision="day"):
    """A status history entry: from a plan (dated by the plan, at the plan date's precision; the
    clause that states it is appended by feat()) or from a dated public report."""
    entry = {"status": status}
    if plan_or_date in PD:
        entry.update(date=PD[plan_or_date], date_precision=PPREC[plan_or_date], _plan=plan_or_date)
        source = source or PSRC[plan_or_date]
    else:
        entry.update(date=plan_or_date, date_precision=precision)
    entry["source"] = source
    return entry


DOCS = {d.plan.id: d for d in load_corpus()}


def clause_of(link):
    return resolve_link(LinkSpec(link["plan"], link["quote"], link["relation"]), DOCS, link["quote"]).path


FEATURES = {"parks": [], "transport_lines": [], "transport_points": [], "facilities": []}
PARENT = {}


def feat(layer, uid, zh, en, kind, geom, prec, src, links, hist, deadline=None, aliases=(), parent=None, dk=None):
    """One feature. ``dk`` is the deadline kind: start (启动/推进), complete (建设/建成/完成/新建/打造/设立)
    or study (规划研究/研究/谋划). Aliases are names only (clause quotes live in ``links``)."""
    assert (deadline is None) == (dk is None), f"{uid}: a deadline needs its kind and a kind its deadline"
    for h in hist:
        plan = h.pop("_plan", None)
        link = next((ln for ln in links if ln["plan"] == plan), None)
        if link:
            h["source"] += f"; clause {plan}:{clause_of(link)} “{link['quote']}”"
    hist = [{k: h[k] for k in ("status", "date", "date_precision", "source")} for h in hist]
    al = [S2T.convert(zh)] if S2T.convert(zh) != zh else []
    al += list(aliases) + [en, " ".join(lazy_pinyin(zh)).title()]
    seen = []
    for a in al:
        if a and a not in seen and a != zh:
            seen.append(a)
    props = {
        "uid": uid, "name_zh": zh, "name_en": en, "kind": kind, "status": hist[-1]["status"],
        "status_date": hist[-1]["date"], "status_date_precision": hist[-1]["date_precision"],
        "deadline": deadline, "deadline_kind": dk, "location_precision": prec, "location_source": src,
        "aliases": seen, "links": links, "history": hist,
    }
    FEATURES[layer].append({"type": "Feature", "geometry": geom, "properties": props})
    PARENT[uid] = parent


def P(pid):
    return {"type": "Point", "coordinates": list(xy(pid))}


def Pxy(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


def LS(pids):
    return {"type": "LineString", "coordinates": [list(xy(p)) if isinstance(p, str) else list(p) for p in pids]}


def POLY(ring):
    return {"type": "Polygon", "coordinates": [[list(c) for c in ring]]}


# ================================================================ PARKS
BIOCITY_RING = [(106.800, 29.545), (106.822, 29.575), (106.850, 29.598), (106.885, 29.620), (106.925, 29.648),
                (106.952, 29.630), (106.930, 29.600), (106.895, 29.575), (106.868, 29.548), (106.838, 29.522),
                (106.812, 29.522), (106.800, 29.545)]
feat("parks", "cq.biocity", "重庆国际生物城", "Chongqing International Bio-City", "industrial_park", POLY(BIOCITY_RING), "town",
     "Public reports place the park in 木洞镇, Banan, total planned area 64 km² (华龙网 2024 profile); it grew out of the 麻柳沿江开发区 park, planned in two clusters, 木洞 (~20 km²) and 麻柳 (~10 km²) (央广网 2017-01-16); the built-up core lies west of 木洞 town (Bio-City emergency-command platform map centre, gazetteer cq.banan.biocity-core). Polygon is a schematic ~60 km² band along the Yangtze south bank from that core past 木洞 to 麻柳嘴, not a surveyed boundary",
     [L("001", "基本建成長江流域具有影響力的國際生物城"), L("001", "建設長江流域具有影響力的國際生物城", "mentions"),
      L("001", "重慶國際生物城總體規劃", "mentions"), L("001", "重慶重點關鍵產業園(生物醫藥)", "mentions"),
      L("001", "成立重慶國際生物城建設推進工作小組", "mentions"), L("001", "力爭完成重慶國際生物城示範區建設", "mentions"),
      L("001", "支持重慶國際生物城建設生物科技成果轉移轉化示範地", "mentions"), L("001", "支持在重慶國際生物城建設三甲綜合性醫院", "mentions"),
      L("001", "來重慶國際生物城創新創業", "mentions"), L("001", "軌道交通24號線延伸至重慶國際生物城", "mentions"),
      L("001", "完成重慶國際生物城創新中心建設", "mentions"), L("001", "機構優先布局重慶國際生物城", "mentions"),
      L("001", "加強重慶國際生物城內企業環境評價", "mentions"),
      L("003", "调研重庆国际生物城(位于巴南区)", "reports_progress")],
     [H("under_construction", "003", "plan 003: existing park, reported by the municipal leadership visit of 2021-06-17"), H("under_construction", "001", "plan 001: build-out to 2024")],
     deadline="2024", dk="complete", aliases=["生物城", "国际生物城", "Bio-City", "CQ Bio-City", "重庆重点关键产业园(生物医药)"], parent="cq.banan.mudong")
bb = Polygon(BIOCITY_RING).buffer(0.012, join_style=2)
feat("parks", "cq.banan-cluster", "巴南生物医药产业集群", "Banan biomedicine industry cluster", "cluster",
     {"type": "Polygon", "coordinates": [[list(c) for c in bb.exterior.coords]]}, "district",
     "Plan 003 names the cluster by district only; drawn as the Bio-City area plus a ~1 km margin (the cluster's core carrier), extent approximate",
     [L("003", "巴南生物医药产业集群被纳入国家发展改革委", "reports_progress"),
      L("000", "建成1个国家级生物医药产业集聚区", "mandates"), L("000", "建成国家级生物医药产业集聚区", "mandates")],
     [H("planned", "000", PSRC["000"]),
      H("approved", "2019-09-01", "plan 003, clause 003:一/(一) “20199月,巴南生物医药产业集群被纳入”: listed in the NDRC's first batch of strategic emerging industry cluster projects in September 2019 (the capture lost 年; day not given)", "month"),
      H("approved", "003", "plan 003 reports the listing")],
     deadline="2022", dk="complete", aliases=["国家战略性新兴产业集群", "国家级生物医药产业集聚区", "Banan biomedicine cluster"], parent="cq.banan")
feat("parks", "cq.liangjiang.co-innovation-zone", "两江协同创新区", "Liangjiang Collaborative Innovation Zone", "innovation_zone",
     POLY(rect(106.780, 29.720, 6.0, 5.0)), "town",
     "Public reports place the zone at Mingyue Lake (明月湖), Longsheng area of Liangjiang New Area, ~30 km²; drawn as a 6×5 km box around an approximate point, extent not surveyed",
     [L("003", "与两江新区共同建设协同创新区", "reports_progress")],
     [H("under_construction", "2020-10-13", "public report: 重庆日报 2020-10-14, 13 major projects of the zone (明月大道, 创新工坊, 龙盛 station plaza) started on 2020-10-13"), H("under_construction", "003", "plan 003: five research institutes building the zone with Liangjiang")],
     aliases=["协同创新区", "明月湖", "Liangjiang co-innovation zone"], parent="cq.liangjiang")
feat("parks", "cq.hitech.ortho-cluster", "重庆高新区骨科器械产业集群基地", "Chongqing High-tech Zone orthopaedic device cluster base", "cluster",
     POLY(rect(106.335, 29.568, 2.0, 2.0)), "district",
     "Plan 003 names only 高新区 for the Demei orthopaedic cluster; placed as a nominal 2×2 km square at the High-tech Zone's approximate centre",
     [L("003", "骨科器械产业集群项目及子项目落地高新区", "reports_progress"), L("003", "及骨科器械产业集群项目等重点项目完成签约", "reports_progress")],
     [H("approved", "003", "plan 003: project signed and landed in the High-tech Zone")],
     aliases=["骨科器械产业集群", "德美医疗骨科器械产业集群", "orthopaedic cluster"], parent="cq.hitech")
feat("parks", "cq.changshou.green-api-base", "国家原料药绿色生产基地(长寿)", "National green API production base (Changshou)", "industrial_park",
     POLY(rect(107.000, 29.795, 3.0, 2.0)), "town",
     "Plan 003 names only 长寿区; placed at 晏家街道, seat of the Changshou economic development zone chemical park (an assumption, not confirmed by a source), nominal 3×2 km box",
     [L("003", "争取国家原料药绿色生产基地落地长寿区", "reports_progress"), L("003", "共建国家绿色原料药基地", "reports_progress")],
     [H("proposed", "003", "plan 003: the commission is seeking national approval")],
     aliases=["国家绿色原料药基地", "绿色原料药基地", "Changshou green API base", "原料药绿色生产基地"], parent="cq.changshou.yanjia")
feat("parks", "zh.health-port", "珠海国际健康港", "Zhuhai International Health Port", "industrial_park",
     POLY(rect(113.378, 22.042, 4.0, 2.5)), "town",
     "Public reports place it in the 定家湾 industrial area of 三灶镇 (core of the Jinwan biomedicine zone, near Zhuhai airport, by Airport West Road); drawn as a nominal 10 km² box (plan area), boundary not surveyed",
     [L("002", "依托珠海国际健康港完成10平方公里园区建设"), L("002", "推进珠海健康港医学动物实验中心", "mentions")],
     [H("under_construction", "002", "plan 002: complete the 10 km² park")],
     deadline="2025", dk="complete", aliases=["健康港", "珠海健康港", "金湾生物医药专区", "金湾生物医药产业示范专区", "Zhuhai Health Port"], parent="zh.jinwan.sanzao")
feat("parks", "zh.sanzao.demo-base", "三灶镇国家新型工业化产业示范基地", "Sanzao national new-type industrialisation demonstration base", "demonstration_zone",
     POLY(rect(113.370, 22.060, 5.0, 4.0)), "town",
     "Plan names 三灶镇 only; nominal 5×4 km box around the town centre and the Health Port, extent approximate",
     [L("002", "三灶镇“国家新型工业化产业示范基地”", "mentions")],
     [H("approved", "002", "plan 002 names the existing designation")],
     aliases=["国家新型工业化产业示范基地", "Sanzao demonstration base"], parent="zh.jinwan.sanzao")
feat("parks", "zh.hengqin.gmtcm-park", "粤澳合作中医药科技产业园", "Guangdong-Macao Cooperation TCM Science and Technology Industrial Park", "industrial_park",
     POLY(rect(113.509, 22.143, 0.8, 0.63)), "site",
     "Park design brief: north-west corner of Hengqin island, south of 环岛北路 and east of 环岛西路 (Hengqin Second Bridge approach), planned 0.5 km²; footprint drawn from that description, corners approximate",
     [L("002", "以粤澳合作中医药科技产业园为抓手", "mentions"), L("002", "横琴新区主要依托粤澳合作中医药科技产业园", "mentions"),
      L("002", "以粤澳合作中医药科技产业园为主要载体", "mentions"), L("002", "粤澳合作中医药科技产业园GMP中试及生产服务平台", "mentions")],
     [H("approved", "2011-04-01", "public report: 羊城晚报 2024-03-01, park launched in April 2011 as the first Guangdong-Macao Hengqin project (day not given)", "month"),
      H("completed", "002", "plan 002 names the park as the operating carrier of Hengqin's TCM industry")],
     aliases=["中医药科技产业园", "GMTCM Park", "粤澳中医药科技产业园", "横琴粤澳合作中医药科技产业园"], parent="zh.hengqin")
feat("parks", "zh.gaoxin.biomed-cluster", "珠海高新区生物医药产业聚集区", "Zhuhai High-tech Zone biomedicine cluster", "cluster",
     POLY(rect(113.533, 22.393, 1.0, 1.0)), "town",
     "Public report (新快报 2021-03-12): the High-tech Zone planned a 1 km² biomedicine park in the 金鼎 industrial area; nominal 1×1 km square at an approximate Jinding point",
     [L("002", "建设生物医药产业聚集区")],
     [H("planned", "002", "plan 002"), H("under_construction", "2021-03-12", "public report: 新快报 2021-03-12, 广东医谷(珠海) base being advanced in Tangjiawan as first project of the park")],
     deadline="2025", dk="complete", aliases=["高新区生物医药产业园", "金鼎生物医药专业产业园", "创新药物及高端医疗器械产业化特色基地"], parent="zh.gaoxin.jinding")
feat("parks", "zh.doumen.fushan-park", "富山工业园", "Fushan Industrial Park", "industrial_park",
     POLY(rect(113.296, 22.209, 2.0, 2.0)), "district",
     "Plan lists the park only as a member of the working group; placed as a nominal square at the Doumen district centre (its real site in southern Doumen was not researched)",
     [L("002", "富山工业园", "mentions")], [H("completed", "002", "plan 002 names the park as an existing unit")],
     aliases=["珠海富山工业园", "Fushan Industrial Park"], parent="zh.doumen")
feat("parks", "zq.gaoyao.south-herb-park", "高要南药产业园", "Gaoyao southern-medicine (South China herb) park", "herb_base",
     POLY(rect(112.458, 23.025, 2.0, 2.0)), "district",
     "Plan names 高要 only; nominal square at the Gaoyao district centre (Zhaoqing)",
     [L("002", "高要、德庆南药产业园", "mentions")], [H("completed", "002", "plan 002 names it as an existing partner park")],
     aliases=["南药产业园", "Gaoyao herb park"], parent="zq.gaoyao")
feat("parks", "zq.deqing.south-herb-park", "德庆南药产业园", "Deqing southern-medicine (South China herb) park", "herb_base",
     POLY(rect(111.785, 23.143, 2.0, 2.0)), "district",
     "Plan names 德庆 only; nominal square at the Deqing county centre (Zhaoqing)",
     [L("002", "高要、德庆南药产业园", "mentions")], [H("completed", "002", "plan 002 names it as an existing partner park")],
     aliases=["南药产业园", "Deqing herb park"], parent="zq.deqing")
feat("parks", "bz.qinba-park", "秦巴生物医药产业园", "Qinba Biomedicine Industrial Park", "industrial_park",
     POLY(rect(106.785, 31.825, 2.0, 1.5)), "town",
     "Plan names only 巴中经开区, which lies in 兴文镇 (Bazhou) per a 2015 provincial approval report (9.76 km²); nominal 3 km² box at an approximate point of that area, park site not found",
     [L("004", "建好秦巴生物医药产业园"), L("004", "巴中经开发区主要引导企业", "mentions")],
     [H("planned", "004", PSRC["004"] + " 'build the Qinba park'")],
     deadline="2025", dk="complete", aliases=["Qinba park", "巴中经开区生物医药产业园"], parent="bz.bazhou.xingwen")
for pid, zh, en in [("bz.enyang", "恩阳区中药材种植园区", "Enyang TCM herb planting park"),
                    ("bz.nanjiang", "南江县中药材种植园区", "Nanjiang TCM herb planting park"),
                    ("bz.tongjiang", "通江县中药材种植园区", "Tongjiang TCM herb planting park"),
                    ("bz.pingchang", "平昌县中药材种植园区", "Pingchang TCM herb planting park")]:
    lon, lat = xy(pid)
    feat("parks", pid + ".herb-park", zh, en, "herb_base", POLY(rect(lon, lat, 2.0, 2.0)), "district",
         "Plan names the county/district only; nominal 2×2 km square at its seat, the planting parks themselves are rural and not located",
         [L("004", "恩阳区、南江县、通江县、平昌县要持续巩固提升中药材种植园区")],
         [H("completed", "004", PSRC["004"] + ": existing parks to be consolidated (a continuing task, no deadline)")],
         aliases=["中药材种植园区", "中药材现代农业园区"], parent=pid)

# ================================================================ TRANSPORT LINES
feat("transport_lines", "cq.hsr.yuwan", "渝万高铁", "Chongqing-Wanzhou high-speed railway", "hsr",
     LS(["cq.nanan.chongqing-east", "cq.banan.shuanghekou", "cq.banan.mudong", "cq.fuling.fuling-north", (107.730, 29.900), (108.040, 30.300), (108.386, 30.866)]), "town",
     "Schematic: public reports give Chongqing East - Nan'an - Banan (双河口/丰盛/木洞, ~26 km) - Fuling North - Fengdu North - Zhongxian - Wanzhou North; vertices at those towns/stations (approximate), not the surveyed alignment",
     [L("001", "渝萬高鐵", "mentions")],
     [H("under_construction", "2020-11-09", "public report: 封面新闻 2020-11-11, construction launched at Tiancheng, Wanzhou on 2020-11-09; Banan section reported started Oct 2022 (巴南区融媒体中心 2025-02-28)")],
     aliases=["渝万高铁", "渝万高速铁路", "Yu-Wan HSR", "Chongqing–Wanzhou HSR"], parent="cq.banan")
feat("transport_lines", "cq.metro.line24", "重庆轨道交通24号线", "Chongqing Rail Transit Line 24", "metro",
     LS(["cq.banan.luojiao", "cq.nanan.chongqing-east", "cq.nanan.yinglong", "cq.nanan.guangyangwan"]), "town",
     "Phase 1 (~18.8 km, 12 underground stations 鹿角北, 况家塘, 竹园村, 重庆东站, 地龙湾, 桃花路, 瓦子坝, 茶涪路, 商贸城, 迎龙, 商贸城北, 广阳湾 per the zh Wikipedia mirror; opening expected 2025 per 2024 reports) runs 鹿角北 - 重庆东站 - 迎龙 - 广阳湾; station coordinates not found, vertices at those places (approximate), not the surveyed alignment",
     [L("001", "軌道交通24號線延伸至重慶國際生物城", "mentions")],
     [H("under_construction", "2022-09-05", "public report: 重庆日报 2022-09-05 reports 鹿角北 station in main-structure construction (dated by the report)")],
     aliases=["24号线", "Line 24", "轨道交通24号线"], parent="cq.nanan")
feat("transport_lines", "cq.metro.line24-biocity-ext", "轨道交通24号线延伸至重庆国际生物城", "Line 24 extension to the Bio-City", "metro",
     LS(["cq.nanan.guangyangwan", "cq.nanan.guangyang", "cq.banan.mudong"]), "district",
     "Planning study only, no alignment published; schematic line from the Line 24 terminus 广阳湾 along the south bank via 广阳镇 to 木洞镇",
     [L("001", "軌道交通24號線延伸至重慶國際生物城")],
     [H("planning_study", "001", "plan 001 task 14 (规划研究)")], deadline="2024", dk="study",
     aliases=["24号线延伸段", "Line 24 extension"], parent="cq.banan.mudong")
feat("transport_lines", "cq.suburban.c6", "重庆市域(郊)铁路C6线(南川线)", "Chongqing suburban railway C6 (Nanchuan line)", "suburban_rail",
     LS(["cq.banan.huimin", "cq.banan.ersheng", "cq.banan.dongquan", (107.030, 29.270), "cq.nanchuan", (107.170, 29.060)]), "town",
     "Wikipedia (zh) lists stations 惠民 - 二圣 - 东温泉北 - 大观 - 黎香湖 - 南川北 - 南川 - 金佛山 (77 km); vertices at those towns (approximate), not the surveyed alignment",
     [L("001", "市域(郊)C6線支線", "mentions")],
     [H("planned", "001", "plan 001 names the C6 line (the stored Wikipedia copy reports later state approval; date not found)")],
     aliases=["C6线", "南川线", "市域铁路南川线", "C6 line", "Nanchuan line"], parent="cq.banan")
feat("transport_lines", "cq.suburban.c6-branch", "市域(郊)C6线支线(至重庆国际生物城)", "C6 suburban railway branch to the Bio-City", "suburban_rail",
     LS(["cq.banan.dongquan", "cq.banan.shuanghekou", "cq.banan.mudong"]), "district",
     "Planning study only, no alignment published; schematic link from the C6 line near 东温泉 to 木洞镇 via 双河口镇",
     [L("001", "市域(郊)C6線支線")],
     [H("planning_study", "001", "plan 001 task 14 (规划研究)")], deadline="2024", dk="study",
     aliases=["C6线支线", "C6 branch"], parent="cq.banan")
feat("transport_lines", "cq.road.mudong-guangyangwan", "木洞至广阳湾城市干道", "Mudong-Guangyang Bay urban arterial", "arterial_road",
     LS(["cq.banan.mudong", "cq.nanan.guangyang", "cq.nanan.guangyangwan"]), "town",
     "Plan names only the endpoints 木洞 and 广阳湾; schematic line along the south bank via 广阳镇",
     [L("001", "木洞至廣陽灣城市幹道")],
     [H("planned", "001", "plan 001 task 14 (启动建设)")], deadline="2024", dk="start",
     aliases=["木洞—广阳湾干道", "Mudong–Guangyangwan road"], parent="cq.banan.mudong")
feat("transport_lines", "cq.road.nanfu-yinglong-mudong", "南涪路迎龙至木洞段", "Nanfu Road, Yinglong-Mudong section (widening)", "road",
     LS(["cq.nanan.yinglong", "cq.banan.mudong"]), "town",
     "Plan names only the endpoints 迎龙 and 木洞; two-point line between the town centres, route not traced",
     [L("001", "南涪路迎龍至木洞段拓寬改造")],
     [H("planned", "001", "plan 001 task 14 (启动拓宽改造建设)")], deadline="2024", dk="start",
     aliases=["南涪路", "Nanfu Road"], parent="cq.nanan.yinglong")
feat("transport_lines", "cq.expressway.shiyu", "石渝高速(主城至涪陵段)", "Shiyu (Shizhu-Chongqing) expressway, Chongqing-Fuling section", "expressway",
     LS(["cq.nanan.yinglong", "cq.banan.shuanghekou", "cq.fuling"]), "town",
     "Public Q&A page: the riverside expressway's Chongqing-Fuling section starts at 迎龙 (Nan'an) and forks at 双河口 (Banan) toward Fuling and Yanjia; vertices at those towns, approximate",
     [L("001", "石渝高速重慶國際生物城下道口", "mentions")],
     [H("completed", "001", "plan 001 names the expressway as existing")],
     aliases=["石渝高速", "沿江高速", "Shiyu Expressway"], parent="cq.banan.shuanghekou")

# ================================================================ TRANSPORT POINTS
feat("transport_points", "cq.hsr.biocity-station", "渝万高铁重庆国际生物城站", "Yu-Wan HSR International Bio-City station", "hsr_station",
     P("cq.banan.mudong"), "town",
     "Station site not found; public reports list only 5 stations (Bio-City not among them) and place the Banan section in 双河口/丰盛/木洞; placed at the 木洞镇 centre",
     [L("001", "渝萬高鐵國際生物城站")],
     [H("planned", "001", "plan 001 task 14 (推进建设)")], deadline="2024", dk="start",
     aliases=["国际生物城站", "生物城站", "Bio-City station"], parent="cq.banan.mudong")
feat("transport_points", "cq.expressway.shiyu.biocity-exit", "石渝高速重庆国际生物城下道口", "Shiyu expressway Bio-City exit", "interchange",
     P("cq.banan.shuanghekou"), "town",
     "Exit site not found; placed at 双河口镇, the expressway's named node nearest the Bio-City",
     [L("001", "石渝高速重慶國際生物城下道口")],
     [H("planning_study", "001", "plan 001 task 16 (研究优化交通组织)")], deadline="2024", dk="study",
     aliases=["生物城下道口", "Bio-City interchange"], parent="cq.banan.shuanghekou")

# ================================================================ FACILITIES
BC = "Plan places it in the Bio-City without a site; placed at the centre of the built-up Bio-City (gazetteer cq.banan.biocity-core, from the Bio-City emergency-command platform map centre, ±1 km), not at a building"
def bcf(uid, zh, en, kind, quote, status, task, extra_src=None, hist=None, aliases=(), links_extra=(), dk="complete"):
    feat("facilities", "cq.biocity." + uid, zh, en, kind, P("cq.banan.biocity-core"), "town", extra_src or BC,
         [L("001", quote)] + list(links_extra), hist or [H(status, "001", "plan 001 task %s" % task)], deadline="2024",
         dk=dk, aliases=aliases, parent="cq.biocity")

bcf("vaccine-incubator", "国家级疫苗孵化中心", "National vaccine incubation centre", "incubator", "建設國家級疫苗孵化中心", "planned", 1)
bcf("antibody-incubator", "抗体药物孵化中心", "Antibody drug incubation centre", "incubator", "抗體藥物孵化中心", "planned", 1)
bcf("peptide-rd-centre", "多肽药物研发中心", "Peptide drug R&D centre", "rd_centre", "多肽藥物研發中心", "planned", 1)
bcf("rehab-aids-park", "重庆康复辅具产业园", "Chongqing rehabilitation aids industrial park", "industrial_park_site", "重慶康復輔具產業園", "planned", 1)
bcf("care-centre", "重庆康养照护中心", "Chongqing health and care centre", "care_centre", "重慶康養照護中心", "planned", 1)
bcf("animal-safety-centre", "动物安全评价中心", "Animal safety evaluation centre", "platform", "動物安全評價中心", "planned", 2,
    extra_src=BC + "; a drug safety evaluation centre (美莱德) was reported in use at 高峰湖 in the Bio-City in July 2021 (美莱德's animal experiment centre also reported there in Feb 2021), link to this item unconfirmed")
bcf("bio3d-platform", "生物材料3D打印平台", "Biomaterial 3D printing platform", "platform", "生物材料3D列印平台", "planned", 2, aliases=["生物材料3D列印平台"])
bcf("cmc-platform", "药学(CMC)研发平台", "Pharmaceutical CMC R&D platform", "platform", "藥學(CMC)研發平台", "planned", 2)
bcf("p3-lab", "P3实验室", "Biosafety level 3 (P3) laboratory", "laboratory", "建設P3實驗室", "proposed", 2,
    extra_src=BC + "; a 美莱德 P3 laboratory project was reported being pushed in the Bio-City in 2021")
bcf("grade-a-hospital", "重庆国际生物城三甲综合性医院", "Grade-A tertiary general hospital at the Bio-City", "hospital", "建設三甲綜合性醫院", "proposed", 3,
    aliases=["三甲综合性医院"], links_extra=[L("001", "積極建設臨床研究型醫院", "mentions")])
bcf("soochow-institute", "苏州大学重庆高等研究院", "Soochow University Chongqing Institute for Advanced Study", "university", "蘇州大學重慶高等研究院", "planned", 4)
bcf("cqmu-pharmacy-branch", "重庆医科大学药学院国际生物城分院", "Chongqing Medical University School of Pharmacy, Bio-City branch", "university", "重慶醫科大學藥學院國際生物城分院", "planned", 4)
bcf("cmo-platform", "大分子药物和高端制剂CMO平台", "Biologics and high-end formulation CMO platform", "platform", "高端製劑產品CMO平台", "planned", 7, aliases=["大分子药物和高端制剂产品CMO平台"])
bcf("talent-workstation", "人才工作站", "Talent workstation", "other", "建設人才工作站", "planned", 12)
bcf("substation-110kv", "重庆国际生物城110kV变电站", "Bio-City 110 kV substation", "substation", "新建110kV變電站1座", "planned", 15, aliases=["110kV变电站"])
bcf("innovation-centre", "重庆国际生物城创新中心", "Bio-City innovation centre", "innovation_centre", "重慶國際生物城創新中心建設", "under_construction", 16)
bcf("demo-zone", "重庆国际生物城示范区", "Bio-City demonstration zone", "industrial_park_site", "啟動重慶國際生物城示範區建設", "planned", 16,
    links_extra=[L("001", "力爭完成重慶國際生物城示範區建設", "mentions")], dk="start")
bcf("talent-apartments", "重庆国际生物城人才公寓", "Bio-City talent apartments", "housing", "重慶國際生物城人才公寓", "planned", 16, dk="start")
bcf("five-star-hotel", "重庆国际生物城五星级酒店", "Bio-City five-star hotel", "hotel", "高標準規劃建設五星級酒店", "planned", 16, aliases=["五星级酒店"])
bcf("dongqing-wetland-park", "栋青湿地公园", "Dongqing wetland park", "green_park", "新建棟青濕地公園", "planned", 16,
    extra_src="Plan gives no site; 栋青 is a place within the Bio-City (public reports, e.g. 2025-08: a 栋青 medical-device industrial base with 5 class-III device makers) but was not located; placed at the built-up Bio-City centre (gazetteer cq.banan.biocity-core, ±1 km)")
# The existing plant and the plan's project on it (upgrade and expansion) are two features.
feat("facilities", "cq.mudong-sewage-plant", "木洞污水处理厂", "Mudong sewage treatment plant", "sewage_plant", P("cq.banan.mudong"), "town",
     "Plan names 木洞 only; placed at the 木洞镇 centre", [L("001", "木洞污水處理廠提質擴能", "mentions")],
     [H("completed", "001", "plan 001: the existing plant, to be upgraded")],
     aliases=["木洞镇污水处理厂", "Mudong WWTP"], parent="cq.banan.mudong")
feat("facilities", "cq.mudong-sewage-plant.upgrade", "木洞污水处理厂提质扩能", "Mudong sewage treatment plant upgrade and expansion", "sewage_plant",
     P("cq.banan.mudong"), "town", "Plan names 木洞 only; placed at the 木洞镇 centre, with the plant it upgrades",
     [L("001", "完成木洞污水處理廠提質擴能")], [H("planned", "001", "plan 001 task 15 (完成)")], deadline="2024", dk="complete",
     parent="cq.mudong-sewage-plant")
feat("facilities", "cq.biocity.immune-institute", "重庆国际免疫研究院", "Chongqing International Institute for Immunology", "rd_centre", P("cq.banan.biocity-core"), "town",
     "Public report (重庆日报 2021-07-02): on 高峰湖 in the Bio-City; lake not located, placed at the built-up Bio-City centre (gazetteer cq.banan.biocity-core, ±1 km)",
     [L("003", "挂牌成立的重庆国际免疫研究院", "reports_progress")],
     [H("under_construction", "2020-06-30", "public report: 重庆日报 2021-07-02, construction started 2020-06-30 by 高峰湖"), H("under_construction", "003", "plan 003: inaugurated June 2020, to run formally later")],
     aliases=["国际免疫研究院", "Chongqing International Institute of Immunity"], parent="cq.biocity")
for uid, zh, en, quote, kind in [("zhixiang-jintai", "智翔金泰抗体药物产业化项目", "Zhixiang Jintai antibody drug project", "智翔金泰抗体药物", "industrial_park_site"),
                                 ("chenan-bio", "宸安生物重组蛋白药物产业化项目", "Chen'an Bio recombinant protein drug project", "宸安生物重组蛋白药物", "industrial_park_site"),
                                 ("bovax", "博唯佰泰基因重组疫苗产业化项目", "Bowei Biotech recombinant vaccine project", "博唯佰泰基因重组疫苗", "industrial_park_site")]:
    feat("facilities", "cq.biocity." + uid, zh, en, kind, P("cq.banan.biocity-core"), "town",
         "Public reports (华龙网/重庆日报 2021-2024; 华龙网 Bio-City profile 2024) place the company in the Bio-City; exact plant not located, placed at the built-up Bio-City centre (gazetteer cq.banan.biocity-core, ±1 km)",
         [L("003", quote, "reports_progress")], [H("under_construction", "003", "plan 003: cluster projects progressing")],
         aliases=[quote], parent="cq.biocity")
ATH = "A public report (2025 Banan investment page) says Athenex built its plant in Banan; site not located, placed at the Banan district centre"
feat("facilities", "cq.banan.athenex-formulation", "Athenex(泰澳)制剂工厂", "Athenex formulation plant", "industrial_park_site", P("cq.banan"), "district", ATH,
     [L("003", "Athenex制剂工厂项目", "reports_progress")],
     [H("under_construction", "003", "plan 003: construction started, production project advancing")],
     aliases=["Athenex制剂工厂", "泰澳制剂工厂"], parent="cq.banan")
feat("facilities", "cq.banan.athenex-api", "Athenex(泰澳)高活性抗肿瘤药物原料药生产基地", "Athenex high-potency oncology API plant", "industrial_park_site", P("cq.banan"), "district", ATH,
     [L("003", "高活性抗肿瘤药物原料药生产基地项目完成试生产", "reports_progress")],
     [H("completed", "003", "plan 003: trial production done, accepted on site, in commercial operation")],
     aliases=["高活性抗肿瘤药物原料药生产基地"], parent="cq.banan")
# Chongqing elsewhere
feat("facilities", "cq.liangjiang.zhongshan-translational", "复旦大学附属中山医院重庆转化医学研究院", "Zhongshan Hospital (Fudan) Chongqing Institute of Translational Medicine", "rd_centre", P("cq.liangjiang"), "district",
     "Plan names 两江新区 only; placed at the Liangjiang New Area nominal centre",
     [L("003", "复旦大学附属中山医院在两江新区设立重庆转化医学研究院", "reports_progress"), L("003", "中山医院重庆转化医学研究院、德美医疗", "reports_progress")], [H("approved", "003", "plan 003: signed")],
     aliases=["中山医院重庆转化医学研究院", "重庆转化医学研究院"], parent="cq.liangjiang")
feat("facilities", "cq.liangjiang.sibet-device-centre", "苏州医工所(重庆)先进医疗器械工程技术研发中心", "SIBET (Chongqing) advanced medical device engineering R&D centre", "rd_centre", P("cq.liangjiang"), "district",
     "Plan names 两江新区 only; placed at the Liangjiang New Area nominal centre",
     [L("003", "先进医疗器械工程技术研发中心项目签约落地两江新区", "reports_progress"), L("003", "工程技术研发中心项目、星光国际精准", "reports_progress")], [H("approved", "003", "plan 003: signed and landed")],
     aliases=["苏州医工所(重庆)", "SIBET Chongqing"], parent="cq.liangjiang")
feat("facilities", "cq.hitech.demei-ortho-platform", "德美医疗骨科医疗器械公共服务平台", "Demei orthopaedic medical device public service platform", "platform", P("cq.hitech"), "district",
     "Plan names 高新区 only; placed at the High-tech Zone nominal centre",
     [L("003", "德美医疗骨科医疗器械公共服务平台", "reports_progress"), L("003", "北京德美联合医疗科技有限公司医疗器械公共服务平台", "reports_progress")],
     [H("approved", "003", "plan 003: signed and landed")], aliases=["北京德美联合医疗科技有限公司医疗器械公共服务平台"], parent="cq.hitech")
feat("facilities", "cq.starlight-precision-centre", "星光国际精准医疗创新中心", "Starlight International Precision Medicine Innovation Centre", "innovation_centre", P("cn.chongqing"), "city",
     "Plan gives no district; placed at the Chongqing city centre", [L("003", "星光国际精准医疗创新中心项目完成签约", "reports_progress"), L("003", "星光国际精准医疗创新中心项目、中山医院", "reports_progress")],
     [H("approved", "003", "plan 003: signed")], aliases=["星光国际精准医疗"], parent="cn.chongqing")
feat("facilities", "cq.children-health-centre", "国家儿童健康与疾病临床医学研究中心", "National Clinical Research Center for Child Health and Disorders", "hospital", P("cq.yuzhong"), "district",
     "Hosted by the Children's Hospital of Chongqing Medical University (Yuzhong) per general knowledge; placed at the Yuzhong district centre",
     [L("003", "国家儿童健康与疾病临床医学研究中心", "reports_progress")],
     [H("approved", "2019-05-01", "plan 003, clause 003:三/(一)/p1 “20195月获批”: approved in May 2019 (the capture lost 年; day not given)", "month"), H("completed", "003", "plan 003 reports it as an existing platform")],
     parent="cq.yuzhong")
JOINN = ("Plan gives no district; a public investment page (重庆招商, 010b.com, on the 2021 start) reports the JOINN GLP and "
         "JOINN Biologics Chongqing projects started together in 两江新区; site not located, placed at the Liangjiang New Area nominal centre")
feat("facilities", "cq.zhaoyan-glp", "昭衍新药GLP平台", "JOINN GLP platform (Chongqing)", "platform", P("cq.liangjiang"), "district",
     JOINN, [L("003", "昭衍新药GLP平台项目开工建设", "reports_progress")],
     [H("under_construction", "003", "plan 003: construction started")], aliases=["JOINN GLP"], parent="cq.liangjiang")
feat("facilities", "cq.zhaoyan-bio-cdmo", "昭衍生物CDMO项目", "JOINN Biologics CDMO project", "platform", P("cq.liangjiang"), "district",
     JOINN, [L("003", "昭衍生物CDMO项目顺利开工", "reports_progress")],
     [H("under_construction", "003", "plan 003: construction started")], parent="cq.liangjiang")
feat("facilities", "cq.porton-formulation-cdmo", "博腾股份高端制剂CDMO平台", "Porton high-end formulation CDMO platform", "platform", P("cn.chongqing"), "city",
     "Plan gives no district; placed at the Chongqing city centre", [L("003", "博腾股份高端制剂CDMO平台项目于5月开工建设", "reports_progress")],
     [H("under_construction", "2021-05-01", "plan 003, clause 003:三/(三)/p1 “于5月开工建设”: construction started in May (of 2021, the year of the reply; day not given)", "month"), H("under_construction", "003", "plan 003")],
     aliases=["Porton CDMO"], parent="cn.chongqing")
feat("facilities", "cq.regional-cell-prep-centre", "重庆(精准)区域细胞制备中心", "Chongqing (Precision) regional cell preparation centre", "platform", P("cq.hitech"), "district",
     "Plans give no district; a public report (新华网重庆 2023-02-10) says 精准生物 was approved to build the centre with its site in the core of "
     "the Western (Chongqing) Science City, i.e. the High-tech Zone; site not located, placed at the High-tech Zone nominal centre",
     [L("000", "区域细胞制备中心"), L("003", "重庆(精准)区域细胞制备中心", "reports_progress")],
     [H("planned", "000", PSRC["000"]), H("approved", "003", "plan 003: designated (授牌) jointly by three municipal departments"),
      H("approved", "2023-02-10", "public report: 新华网重庆 2023-02-10, approved to build, site chosen in the Science City core, to be built")],
     aliases=["区域细胞制备中心"], parent="cq.hitech")
feat("facilities", "cq.cqmu", "重庆医科大学", "Chongqing Medical University", "university", P("cq.yuzhong.yuanjiagang"), "town",
     "Main (Yuanjiagang) campus: address 渝中区医学院路1号 in the 袁家岗 neighbourhood per public directories (the university also has the Jinyun campus in University Town, Shapingba); placed at the 袁家岗 locality centre (gazetteer, ±1 km), campus outline not found",
     [L("000", "围绕重庆医科大学等高校", "mentions"), L("001", "重慶醫科大學藥學院國際生物城分院", "mentions")], [H("completed", "000", PSRC["000"] + ": existing university")],
     aliases=["重医", "CQMU"], parent="cq.yuzhong.yuanjiagang")
# Zhuhai
HP = "Plan lists it among the Health Port's '5+2' platforms; placed at the 定家湾 industrial-area centre (gazetteer zh.jinwan.dingjiawan, ±1–2 km) where the Health Port lies; building not located"
HP_EVID = " A 2017 public report (珠海特报) said the Jinwan biomedicine demonstration zone buildings were capped and would host the five platforms."
def hpf(uid, zh, en, kind, quote, status):
    feat("facilities", "zh.health-port." + uid, zh, en, kind, P("zh.jinwan.dingjiawan"), "town", HP + ("." + HP_EVID if status == "under_construction" else ""),
         [L("002", quote)], [H(status, "002", "plan 002 (推进建设)")], deadline="2025", dk="start", parent="zh.health-port")
hpf("animal-lab", "珠海健康港医学动物实验中心", "Zhuhai Health Port medical animal experiment centre", "laboratory", "珠海健康港医学动物实验中心", "under_construction")
hpf("clinical-trial-centre", "临床试验中心(仿制药质量研究中心)", "Clinical trial centre (generic drug quality research centre)", "platform", "临床试验中心（仿制药质量研究中心）", "under_construction")
hpf("testing-centre", "生物医药检验检测中心", "Biomedicine inspection and testing centre", "laboratory", "生物医药检验检测中心", "under_construction")
hpf("review-certification-centre", "省食品药品审评认证中心", "Provincial food and drug review and certification centre", "platform", "省食品药品审评认证中心", "under_construction")
hpf("gmp-training-centre", "GMP培训教育中心", "GMP training and education centre", "platform", "GMP培训教育中心", "under_construction")
hpf("molecular-imaging-institute", "珠海分子影像创新研究院", "Zhuhai Molecular Imaging Innovation Institute", "rd_centre", "珠海分子影像创新研究院", "planned")
hpf("cdmo-centre", "医药公共实验平台(生物药CDMO区域中心)", "Public pharma laboratory platform (regional biologics CDMO centre)", "platform", "医药公共实验平台（生物药CDMO区域中心）", "planned")
GM = "Inside the GMTCM park on Hengqin (north-west corner); placed at the park footprint centre"
feat("facilities", "zh.hengqin.gmtcm-gmp-platform", "粤澳合作中医药科技产业园GMP中试及生产服务平台", "GMTCM park GMP pilot and production service platform", "platform", Pxy(113.509, 22.143), "site", GM,
     [L("002", "粤澳合作中医药科技产业园GMP中试及生产服务平台")], [H("under_construction", "2016-12-01", "public report: 南方日报, December 2016 (day not recorded), park R&D/testing buildings and GMP workshops under construction, due 2017", "month"), H("under_construction", "002", "plan 002 (推进建设)")],
     deadline="2025", dk="start", aliases=["GMP中试及生产服务平台"], parent="zh.hengqin.gmtcm-park")
for uid, zh, en, kind, quotes, status, pid, prec, src in [
    ("zh.hengqin.beiao-tcm-institute", "北澳中医药创新研究院", "Beiao TCM Innovation Institute", "rd_centre", ["横琴新区北澳中医药创新研究院", "北澳中医药创新研究院等项目建设"], "planned", "zh.hengqin", "district", "Plan names 横琴 only; placed at the Hengqin nominal centre"),
    ("zh.gaoxin.cas-siat-zhuhai", "珠海中科先进技术研究院", "Zhuhai Institute of Advanced Technology (CAS)", "rd_centre", ["推动珠海中科先进技术研究院"], "planned", "zh.gaoxin", "district", "Plan gives no site; placed at the High-tech Zone nominal centre (Tangjiawan), not verified"),
    ("zh.hengqin.yingkerui-institute", "横琴盈科瑞药物研究院", "Hengqin Yingkerui Pharmaceutical Research Institute", "rd_centre", ["横琴盈科瑞药物研究院"], "planned", "zh.hengqin", "district", "Plan names 横琴 only; placed at the Hengqin nominal centre"),
    ("zh.gaoxin.um-research-institute", "珠海澳大科技研究院", "Zhuhai UM Science and Technology Research Institute", "rd_centre", ["推进珠海澳大科技研究院"], "planned", "zh.gaoxin", "district", "Plan gives no site; placed at the High-tech Zone nominal centre (not verified)"),
    ("zh.hengqin.ip-exchange", "横琴国际知识产权交易中心", "Hengqin International Intellectual Property Exchange", "platform", ["横琴国际知识产权交易中心"], "completed", "zh.hengqin", "district", "Plan names 横琴 only; placed at the Hengqin nominal centre"),
    ("zh.qixianqin-ip-platform", "华发七弦琴国家知识产权运营平台", "Huafa Qixianqin national IP operation platform", "platform", ["华发七弦琴国家知识产权运营平台"], "completed", "cn.zhuhai", "city", "Plan gives no site; placed at the Zhuhai city centre"),
    ("zh.hengqin.tcm-overseas-registration", "中医药产品海外注册公共服务平台(横琴)", "TCM products overseas registration public service platform (Hengqin)", "platform", ["中医药产品海外注册公共服务平台（横琴）"], "completed", "zh.hengqin", "district", "Plan names 横琴 only; placed at the Hengqin nominal centre"),
    ("zh.hengqin.national-testing-centre", "横琴国家级药品和医疗器械检测中心", "National drug and medical device testing centre in Hengqin", "laboratory", ["在横琴设立国家级药品和医疗器械检测中心"], "proposed", "zh.hengqin", "district", "Plan names 横琴 only; placed at the Hengqin nominal centre"),
    ("zh.hengqin.national-review-centre", "横琴国家级药品和医疗器械评审中心", "National drug and medical device review centre in Hengqin", "platform", ["在横琴设立国家级药品和医疗器械检测中心、评审中心"], "proposed", "zh.hengqin", "district", "Plan names 横琴 only; placed at the Hengqin nominal centre"),
]:
    rel = "mentions" if status == "completed" else "mandates"
    # 推动/推进…建设 asks for construction under way (start); 设立 (establish) asks for the centre itself (complete)
    dk = None if status == "completed" else ("complete" if "national" in uid else "start")
    feat("facilities", uid, zh, en, kind, P(pid), prec, src, [L("002", q, rel) for q in quotes],
         [H(status, "002", "plan 002" + (" (existing platform)" if status == "completed" else ""))],
         deadline=None if status == "completed" else "2025", dk=dk,
         aliases=["评审中心"] if uid.endswith("review-centre") else ["国家级药品和医疗器械检测中心"] if uid.endswith("testing-centre") else [],
         parent=pid)
feat("facilities", "zh.peoples-hospital", "珠海市人民医院", "Zhuhai People's Hospital", "hospital", Pxy(*ZH_PEOPLES), "site",
     "Hospital site: point of a public GitHub front-end map of Guangdong pilot hospitals (Baidu BD-09, converted to WGS84), consistent with the published address 香洲区康宁路79号 served by the 人民医院 and 湾仔沙 bus stops; ±300 m",
     [L("002", "珠海市人民医院", "mentions")], [H("completed", "002", "plan 002: existing hospital")], aliases=["珠海人民医院"], parent="zh.xiangzhou")
feat("facilities", "zh.sysu-fifth-hospital", "中山大学附属第五医院", "Fifth Affiliated Hospital of Sun Yat-sen University", "hospital", Pxy(*ZH_SYSU5), "site",
     "Hospital site: point of a public GitHub front-end map of Guangdong pilot hospitals (Baidu BD-09, converted to WGS84), consistent with the published address 香洲区梅华东路52号; ±300 m",
     [L("002", "中山大学第五附属医院", "mentions")], [H("completed", "002", "plan 002: existing hospital")], aliases=["中山大学第五附属医院", "中大五院"], parent="zh.xiangzhou")
# Bazhong
BZ_MKT = "Plan gives no site; placed at the Bazhou district centre"
PANXING = ("; the Bazhong health commission's reply to CPPCC proposal No. 188 (巴市卫函〔2019〕63号, web page dated 2018-05-22) sites the Bazhou "
           "'川东北药材物流基地' (herb storage-logistics base, plan reviewed in August 2017) in the 盘兴物流园区 of Bazhou; that park was not located")
for uid, zh, en, extra, aliases in [
        ("bz.herb-market", "巴中中药材交易市场", "Bazhong TCM herb trading market", "", ["中药材交易市场"]),
        ("bz.herb-logistics-centre", "巴中中药材仓储物流中心", "Bazhong TCM herb storage and logistics centre", PANXING, ["仓储物流中心", "川东北药材物流基地"]),
        ("bz.herb-distribution-centre", "巴中中药材交易集散中心", "Bazhong TCM herb trading and distribution centre", "", ["交易集散中心"])]:
    feat("facilities", uid, zh, en, "market", P("bz.bazhou"), "district", BZ_MKT + extra,
         [L("004", "加快中药材交易市场、仓储物流中心和交易集散中心建设")], [H("planned", "004", PSRC["004"])],
         deadline="2025", dk="complete", aliases=aliases, parent="bz.bazhou")

import layer_features_more  # noqa: E402  (features added with the plan-coverage review)
layer_features_more.add(sys.modules[__name__])

# ---------------------------------------------------------------- write
def rnd(o):
    if isinstance(o, float):
        return round(o, 6)
    if isinstance(o, list):
        return [rnd(x) for x in o]
    if isinstance(o, tuple):
        return [rnd(x) for x in o]
    if isinstance(o, dict):
        return {k: rnd(v) for k, v in o.items()}
    return o


os.makedirs(ROOT + "/layers", exist_ok=True)
for layer, feats in FEATURES.items():
    with open(f"{ROOT}/layers/{layer}.geojson", "w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "name": "%s", "crs_note": "WGS84 lon/lat (EPSG:4326)", "features": [\n' % layer)
        f.write(",\n".join(json.dumps(rnd(ft), ensure_ascii=False) for ft in feats))
        f.write("\n]}\n")
print({k: len(v) for k, v in FEATURES.items()}, sum(len(v) for v in FEATURES.values()))


def reppt(g):
    s = shape(g)
    if s.geom_type == "Point":
        return s
    if s.geom_type in ("LineString", "MultiLineString"):
        return s.interpolate(0.5, normalized=True)
    c = s.centroid
    return c if s.contains(c) else s.representative_point()


with open(ROOT + "/gazetteer/places.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "name_zh", "name_zh_hant", "name_en", "pinyin", "aliases", "kind", "parent", "lon", "lat", "precision", "source"])
    for (pid, zh, en, kind, parent, lon, lat, prec, src, al) in PLACES:
        w.writerow([pid, zh, S2T.convert(zh), en, " ".join(lazy_pinyin(zh)).title(), "|".join(al), kind, parent, "%.6f" % lon, "%.6f" % lat, prec, src])
    for layer, feats in FEATURES.items():
        for ft in feats:
            p = ft["properties"]
            pt = reppt(ft["geometry"])
            al = [a for a in p["aliases"] if a != S2T.convert(p["name_zh"])]
            w.writerow([p["uid"], p["name_zh"], S2T.convert(p["name_zh"]), p["name_en"], " ".join(lazy_pinyin(p["name_zh"])).title(),
                        "|".join(a.replace("|", "/") for a in al), "site", PARENT[p["uid"]], "%.6f" % pt.x, "%.6f" % pt.y,
                        p["location_precision"], "feature in data/layers/%s.geojson: %s" % (layer, p["location_source"])])
