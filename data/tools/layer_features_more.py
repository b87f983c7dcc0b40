"""Features added by the clause-by-clause coverage review of the five plans (see
data/plan_items.toml and data/tools/plan_coverage.py). Called by build_layer_sources.py with
that module, whose helpers (feat, L, H, P, POLY, rect, xy, PSRC) it uses.

Placement follows the generator's rules: an item the plan places in a zone sits at that zone's
gazetteer place; a company project with no published site sits at its district (when a public
report names it) or at the city centre (precision ``city``). Nothing here is a surveyed site.
"""


def add(b):
    feat, L, H, P, POLY, rect, xy = b.feat, b.L, b.H, b.P, b.POLY, b.rect, b.xy
    zones(feat, L, H, POLY, rect, xy)
    chongqing(b, feat, L, H, P)
    zhuhai(feat, L, H, P)
    bazhong(b, feat, L, H, P)


def zones(feat, L, H, POLY, rect, xy):
    """District-level functional zones the plans name as carriers; nominal squares at the zone's
    gazetteer point (no boundary is drawn from a source)."""
    nominal = "Functional zone named by the plan; no boundary was drawn: nominal {} km square at the gazetteer point of the zone ({}), which is itself approximate"
    for uid, zh, en, pid, side, links, hist, aliases in [
        ("cq.liangjiang.zone", "两江新区", "Liangjiang New Area", "cq.liangjiang", 6.0,
         [L("003", "与两江新区共同建设协同创新区", "reports_progress"),
          L("003", "积极联合两江新区、重庆高新区等园区找项目", "reports_progress"),
          L("003", "研发中心项目签约落地两江新区", "reports_progress")],
         [H("completed", "003", "plan 003: an existing state-level new area hosting the zone's projects")],
         ["两江", "Liangjiang"]),
        ("cq.hitech.zone", "重庆高新区", "Chongqing High-tech Zone", "cq.hitech", 6.0,
         [L("003", "骨科器械产业集群项目及子项目落地高新区", "reports_progress"), L("003", "积极联合两江新区、重庆高新区等园区找项目", "reports_progress")],
         [H("completed", "003", "plan 003: an existing zone hosting the orthopaedic cluster")],
         ["高新区", "西部(重庆)科学城"]),
        ("zh.hengqin.zone", "横琴新区", "Hengqin New Area", "zh.hengqin", 4.0,
         [L("002", "横琴新区主要依托粤澳合作中医药科技产业园", "mentions"),
          L("002", "在横琴设立国家级药品和医疗器械检测中心", "mentions"), L("002", "横琴新区、各区（功能区）、富山工业园", "mentions"),
          L("002", "横琴新区管委会", "mentions")],
         [H("completed", "002", "plan 002: an existing new area, carrier of the TCM industry")],
         ["横琴", "横琴粤澳深度合作区"]),
        ("zh.gaoxin.zone", "珠海高新区", "Zhuhai High-tech Zone", "zh.gaoxin", 4.0,
         [L("002", "高新区充分发挥国家自主创新示范区和高校资源集聚优势", "mentions")],
         [H("completed", "002", "plan 002: an existing national high-tech zone and independent-innovation demonstration zone")],
         ["高新区", "国家自主创新示范区"]),
        ("bz.edz.zone", "巴中经济开发区", "Bazhong Economic Development Zone", "bz.edz", 3.0,
         [L("004", "巴中经开发区主要引导企业", "mandates"), L("004", "巴州区、巴中经开区产值突破50亿元", "mandates")],
         [H("completed", "004", "plan 004: an existing zone (approved 2015 per a provincial report), to host the Qinba park")],
         ["巴中经开区", "巴中经开发区"]),
    ]:
        lon, lat = xy(pid)
        feat("parks", uid, zh, en, "district_zone", POLY(rect(lon, lat, side, side)), "district",
             nominal.format(f"{side:g}×{side:g}", pid), links, hist, aliases=aliases, parent=pid)


def chongqing(b, feat, L, H, P):
    core = "cq.banan.biocity-core"
    bc = b.BC
    # Plan 001: items named only in its goals or in task 13/16 besides those already mapped
    feat("facilities", "cq.biocity.innovative-drug-incubator", "国家级创新药物孵化中心", "National innovative drug incubation centre", "incubator",
         P(core), "town", bc, [L("001", "建成國家級創新藥物孵化中心")],
         [H("planned", "001", "plan 001 goals (建成)")], deadline="2024", dk="complete", parent="cq.biocity")
    feat("facilities", "cq.biocity.builtup-upgrade", "重庆国际生物城建成区提档升级", "Bio-City built-up area upgrade", "industrial_park_site",
         P(core), "town", "Plan names the Bio-City's built-up area; placed at its centre (gazetteer cq.banan.biocity-core, ±1 km); the area has no drawn boundary",
         [L("001", "示範區建設和建成區提檔升級"), L("001", "建成區提檔升級,提升區域形象", "mentions")],
         [H("planned", "001", "plan 001 task 16 (启动)")], deadline="2024", dk="start", aliases=["建成区提档升级"], parent="cq.biocity")
    feat("facilities", "cq.biocity.innovation-led-zone", "重庆国际生物城创新引领示范区", "Bio-City innovation-led demonstration zone", "industrial_park_site",
         P(core), "town", bc + "; the plan names it apart from the demonstration zone (示范区) of task 16, whether they coincide is not stated",
         [L("001", "高標準謀劃創新引領示範區")],
         [H("planning_study", "001", "plan 001 task 13 (谋划)")], deadline="2024", dk="study", aliases=["创新引领示范区"], parent="cq.biocity")
    # Plan 003: the five institutes building the Liangjiang co-innovation zone (at 明月湖, gazetteer cq.yubei.longsheng)
    zone_src = ("Plan 003 names it among the five institutes building the co-innovation zone with Liangjiang; placed at the zone's "
                "明月湖/龙盛 locality (gazetteer cq.yubei.longsheng, ±1–2 km), building not located")
    for uid, zh, en, quote, extra_hist, aliases in [
        ("gic-west-institute", "中科院广州化学西部研究院", "CAS Guangzhou Chemistry western institute", "中科院广州化学西部研究院", [], []),
        ("ecnu-institute", "华东师范大学重庆研究院", "East China Normal University Chongqing Institute", "华东师范大学重庆研究院",
         [H("approved", "2019-04-02", "public news report (page dated April 2019): ECNU and Liangjiang signed on 2 April 2019 to build the institute in the co-innovation zone")], ["华东师大重庆研究院"]),
        ("sjtu-institute", "上海交通大学重庆研究院", "Shanghai Jiao Tong University Chongqing Institute", "上海交通大学重庆研究院",
         [], []),
        ("cpu-institute", "重庆中国药科大学创新研究院", "China Pharmaceutical University Chongqing Innovation Institute", "中国药科大学创新研究院",
         [H("approved", "2020-06-11", "public report: China Pharmaceutical University news, agreement with Liangjiang signed on 2020-06-11"),
          H("under_construction", "2020-10-13", "public report: China Pharmaceutical University science office, 2020-10-16: the institute's premises started construction on 2020-10-13")],
         ["中国药科大学创新研究院", "中国药科大学重庆研究院"]),
        ("pku-huiyong", "北大重庆慧雍协同创新研发中心", "Peking University Chongqing Huiyong collaborative innovation R&D centre", "北大重庆慧雍协同创新研发中心", [],
         ["北京大学北大重庆慧雍协同创新研发中心"]),
    ]:
        feat("facilities", "cq.liangjiang." + uid, zh, en, "rd_centre", P("cq.yubei.longsheng"), "town", zone_src,
             [L("003", quote, "reports_progress")],
             extra_hist + [H("under_construction", "003", "plan 003: building the co-innovation zone with Liangjiang")],
             aliases=aliases, parent="cq.liangjiang.co-innovation-zone")
    feat("facilities", "cq.liangjiang.evaheart-platform", "永仁心高端医疗器械产业平台", "Evaheart high-end medical device industry platform", "platform",
         P("cq.liangjiang"), "district",
         "Public report (重庆日报 2020-09, on the company site evaheart.com.cn): 重庆永仁心医疗器械有限公司 works in 两江新区; plant not located, placed at the Liangjiang New Area nominal centre",
         [L("003", "人工心脏企业永仁心完成战略重组", "reports_progress")],
         [H("proposed", "003", "plan 003: the company to build a high-end device platform for heart failure")],
         aliases=["高端医疗器械产业平台"], parent="cq.liangjiang")
    feat("facilities", "cq.hitech.ortho-institute", "骨科前沿技术研究院", "Orthopaedic frontier technology research institute", "rd_centre",
         P("cq.hitech"), "district", "Plan 003 names only 高新区; placed at the High-tech Zone nominal centre",
         [L("003", "打造骨科前沿技术研究院", "reports_progress")],
         [H("approved", "003", "plan 003: part of the Demei project signed and landed in the High-tech Zone")], parent="cq.hitech")
    feat("facilities", "cq.biocity.zhixiang-covid-vaccine", "智翔金泰新冠疫苗生产改建项目", "Zhixiang Jintai COVID-19 vaccine production conversion", "industrial_park_site",
         P(core), "town",
         "Public reports (华龙网 Bio-City profile 2024) place 智翔金泰 in the Bio-City; plant not located, placed at the built-up Bio-City centre (gazetteer cq.banan.biocity-core, ±1 km)",
         [L("003", "智翔金泰新冠疫苗生产改建项目", "reports_progress")],
         [H("under_construction", "003", "plan 003: equipment conversion almost done, in process validation")],
         parent="cq.biocity")
    feat("facilities", "cq.biocity.xinlvse-granules", "新绿色中药配方颗粒项目", "New Green TCM formula granules project", "industrial_park_site",
         P(core), "town",
         "A public report (cqlilan.com news, 2018) lists a 四川新绿色 production base among ten projects started at Banan's 重庆生物医药产业园 "
         "(the park renamed Bio-City in 2018), taken to be this project; plant not located, placed at the built-up Bio-City centre "
         "(gazetteer cq.banan.biocity-core, ±1 km)",
         [L("003", "新绿色中药配方颗粒", "reports_progress")],
         [H("under_construction", "2018-08-03", "public report (cqlilan.com news): groundbreaking of ten projects, 四川新绿色 among them, at Banan's 重庆生物医药产业园 on 2018-08-03"),
          H("under_construction", "003", "plan 003: construction started")],
         aliases=["新绿色中药配方颗粒"], parent="cq.biocity")
    cq_city = "Plan gives no site and none was found; placed at the Chongqing city centre"
    for uid, zh, en, kind, quote, status, note, aliases in [
        ("zhongyuan-mass-spec", "中元生物质谱技术研发和生产基地", "Zhongyuan mass spectrometry R&D and production base", "industrial_park_site",
         "中元生物质谱技术研发和生产基地", "under_construction", "plan 003: construction started", []),
        ("huapont-smart-base", "华邦制药智能化生产基地", "Huapont Pharm smart production base", "industrial_park_site",
         "华邦制药智能化生产基地", "completed", "plan 003: completed and in use", []),
        ("neptunus-herb-extraction", "海王生物中药材提取加工基地", "Neptunus TCM herb extraction and processing base", "industrial_park_site",
         "海王生物中药材提取加工基地", "completed", "plan 003: completed and in use", []),
        ("hongri-granules", "红日中药配方颗粒生产基地", "Hongri TCM formula granules production base", "industrial_park_site",
         "红日中药配方颗粒生产基地", "completed", "plan 003: completed and in use", []),
        ("china-tcm-granules", "中国中药配方颗粒生产基地", "China TCM formula granules production base", "industrial_park_site",
         "中国中药配方颗粒生产基地", "completed", "plan 003: completed and in use", []),
        ("ailingda-ivd-cro", "艾令达体外诊断CRO平台", "Ailingda in-vitro diagnostics CRO platform", "platform",
         "艾令达体外诊断CRO平台建成投入使用", "completed", "plan 003: completed and in use", []),
        ("jisheng-facility", "积声大科学装置", "Jisheng (high-energy acoustics) large research facility", "laboratory",
         "积声大科学装置获得立项", "approved", "plan 003: project approved (立项)", []),
        ("precision-medicine-institute", "重庆精准医疗产业技术研究院", "Chongqing Precision Medicine Industrial Technology Institute", "rd_centre",
         "重庆精准医疗产业技术研究院有限公司", "completed", "plan 003: established as a new R&D institution", []),
        ("precision-bio-institute", "重庆精准生物产业技术研究院", "Chongqing Precision Biotech Industrial Technology Institute", "rd_centre",
         "重庆精准生物产业技术研究院有限公司", "completed", "plan 003: established as a new R&D institution", []),
        ("pilot-production-centre", "重庆国家生物医药产业化基地中试生产服务中心", "Pilot production service centre of the Chongqing national biomedicine industrialisation base", "platform",
         "重庆国家生物医药产业化基地中试生产服务中心", "completed", "plan 003: an existing technology-transfer centre", []),
        ("drug-review-subcentre", "国家药品审批成渝地区分中心(重庆)", "National drug review Chengdu-Chongqing sub-centre (Chongqing)", "platform",
         "争取在重庆、成都设立国家药品审批", "proposed", "plan 003: to be sought from the state, in Chongqing or Chengdu", ["国家药品审批、医疗器械审批成渝地区分中心"]),
        ("device-review-subcentre", "国家医疗器械审批成渝地区分中心(重庆)", "National medical device review Chengdu-Chongqing sub-centre (Chongqing)", "platform",
         "医疗器械审批成渝地区分中心", "proposed", "plan 003: to be sought from the state, in Chongqing or Chengdu", ["国家药品审批、医疗器械审批成渝地区分中心"]),
    ]:
        feat("facilities", "cq." + uid, zh, en, kind, P("cn.chongqing"), "city", cq_city,
             [L("003", quote, "reports_progress")], [H(status, "003", note)], aliases=aliases, parent="cn.chongqing")
    feat("facilities", "cq.cqmu.ultrasound-lab", "超声医学工程国家重点实验室", "State Key Laboratory of Ultrasound in Medicine and Engineering", "laboratory",
         P("cq.yuzhong.yuanjiagang"), "town",
         "Public reports (中国教育在线 2020-06-30): the laboratory was inaugurated at Chongqing Medical University's 袁家岗 campus; placed at the 袁家岗 locality centre (gazetteer, ±1 km), building not located",
         [L("003", "省部共建超声医学工程国家重点实验室顺利获批", "reports_progress")],
         [H("completed", "2020-06-28", "public report: 中国教育在线 2020-06-30, the laboratory was inaugurated on 2020-06-28 at the 袁家岗 campus"),
          H("completed", "003", "plan 003: approved and being advanced")],
         aliases=["超声医学工程重点实验室"], parent="cq.yuzhong.yuanjiagang")


def zhuhai(feat, L, H, P):
    """Plan 002 五(三)2: park utilities. The clause applies to every biomedicine park; they are mapped for
    the Health Port, the park the plan asks to complete (10 km²), at its 定家湾 centre."""
    src = ("Plan 002 asks every biomedicine park to complete these utilities without naming sites; mapped for the Health Port, "
           "placed at the 定家湾 industrial-area centre (gazetteer zh.jinwan.dingjiawan, ±1–2 km); no facility located")
    for uid, zh, en, kind, quote, alias in [
        ("environmental-facilities", "珠海国际健康港园区环保设施", "Health Port environmental facilities", "environmental_facility", "完善园区环保设施和危化品处置设施", "园区环保设施"),
        ("hazchem-disposal", "珠海国际健康港危化品处置设施", "Health Port hazardous chemical disposal facility", "hazardous_waste", "完善园区环保设施和危化品处置设施", "危化品处置设施"),
        ("process-wastewater", "珠海国际健康港工艺废水集中收集处理设施", "Health Port central process wastewater collection and treatment", "sewage_plant", "项目工艺废水集中收集、处理", "工艺废水集中收集"),
        ("heating-cooling", "珠海国际健康港冷热源集中供应设施", "Health Port central heating and cooling supply", "energy_station", "冷热源集中供应等公共配套", "冷热源集中供应"),
    ]:
        feat("facilities", "zh.health-port." + uid, zh, en, kind, P("zh.jinwan.dingjiawan"), "town", src,
             [L("002", quote)], [H("planned", "002", "plan 002 五(三)2 (完善)")], deadline="2025", dk="complete",
             aliases=[alias], parent="zh.health-port")


def bazhong(b, feat, L, H, P):
    src = "Plan 004 names the project without a county or site and none was found; placed at the Bazhong city centre"
    for uid, zh, en in [("caoshiqu-garden", "草拾趣园", "Caoshiqu herb garden"), ("qihuang-valley", "岐黄养生谷", "Qihuang wellness valley")]:
        feat("facilities", "bz." + uid, zh, en, "wellness_base", P("cn.bazhong"), "city", src,
             [L("004", "打造一批健康旅游示范基地、草拾趣园、岐黄养生谷")], [H("planned", "004", b.PSRC["004"])],
             deadline="2025", dk="complete", parent="cn.bazhong")
