"""HTML map export against geopandas' ``explore().save()`` on the same 10k synthetic parks.

Both write one HTML file from the same polygons (the reference from the GeoDataFrame in
memory; ours from the project file, reading included). Targets: our time <= 0.3x and our file
<= 0.3x the reference's, while ours needs no network and the reference loads its scripts
from CDNs. Then the time headless Chromium (network cut off) takes until every feature of
a 1k and a 10k export is drawn.

Needs the bench extras: .venv/bin/pip install -e '.[bench]'   Run: .venv/bin/python bench/bench_export.py
(``--docs-screenshot`` instead writes docs/screenshot-export.png from the shipped project.)
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

from gisplanner.export import ExportOptions, export_html
from gisplanner.io.gpkg_write import append_features
from gisplanner.store import Project, build_project
from gisplanner.store.gpkg_sql import connect_writer

N = 10_000
ROUNDS = 3
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def synthetic_parks(n: int, seed: int = 5) -> tuple[list[dict], np.ndarray]:
    """``n`` small 12-sided parks scattered over 1 degree around Banan, with real statuses and kinds."""
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(106.3, 107.3, n), rng.uniform(29.0, 30.0, n)
    geoms = shapely.buffer(shapely.points(x, y), rng.uniform(0.001, 0.004, n), quad_segs=3)
    geoms = np.array([shapely.MultiPolygon([g]) for g in geoms], dtype=object)
    statuses = rng.choice(["proposed", "planned", "approved", "under_construction", "completed"], n)
    kinds = rng.choice(["industrial_park", "innovation_zone", "cluster", "demonstration_zone"], n)
    records = [{"uid": f"bench.park.{i}", "name_zh": f"合成园区{i}", "name_en": f"Synthetic park {i}",
                "kind": str(kinds[i]), "status": str(statuses[i]), "status_date": "2024-06-30",
                "deadline": 2025 + i % 5, "location_precision": "site", "location_source": "bench"}
               for i in range(n)]
    return records, geoms


def make_project(folder: Path) -> Path:
    path = folder / "bench.gpkg"
    build_project(path)
    records, geoms = synthetic_parks(N)
    conn = connect_writer(path)
    with conn:
        conn.execute("DELETE FROM parks")
        append_features(conn, "parks", {key: [r[key] for r in records] for key in records[0]}, geoms)
    conn.close()
    return path


def best(fn, rounds: int = ROUNDS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def external_urls(page: str) -> list[str]:
    return re.findall(r"<script[^>]+src=\"(https?:[^\"]+)\"", page) + re.findall(r"<link[^>]+href=\"(https?:[^\"]+)\"", page)


def draw_time(browser, html: Path, expected: int, rounds: int = 3) -> tuple[float, int]:
    """Seconds from navigation until all features are drawn (median of ``rounds``) and the count."""
    from export_helpers import open_offline

    times, drawn = [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        page, log = open_offline(browser, html)
        times.append(time.perf_counter() - t0)
        drawn = page.evaluate("gisplanner.drawnCount()")
        assert drawn == expected, f"drawn {drawn} of {expected}"
        assert not log.non_tile_requests and not log.page_errors, (log.non_tile_requests, log.page_errors)
        page.close()
    return statistics.median(times), drawn


def docs_screenshot() -> int:
    """docs/screenshot-export.png: the shipped project's Chongqing parks, offline, a popup open."""
    from export_helpers import chromium, open_offline

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shipped.gpkg"
        build_project(path)
        with Project.open(path) as project:
            summary = export_html(project, Path(tmp) / "map.html", ExportOptions(bbox=(106.3, 29.25, 107.0, 29.8)))
        with chromium() as browser:
            page, log = open_offline(browser, summary.path, 1400, 900)
            page.evaluate("""() => {
                const lyr = gisplanner.layers.parks.getLayers().find(l => l.gpUid === "cq.biocity");
                lyr.openPopup(lyr.getBounds().getCenter());
            }""")
            page.wait_for_timeout(400)
            page.screenshot(path=str(REPO / "docs" / "screenshot-export.png"))
            print(f"docs/screenshot-export.png: {summary.message()}; blocked non-tile requests: "
                  f"{len(log.non_tile_requests)}")
    return 0


def explore_offline(browser, html: Path) -> str:
    """What the reference page does without network: its scripts never arrive."""
    from playwright.sync_api import Error

    page = browser.new_page()
    blocked, errors = [], []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else (blocked.append(r.request.url), r.abort()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(html.as_uri(), timeout=60_000)
        page.wait_for_timeout(500)
        paths = page.evaluate("document.querySelectorAll('path').length")
    except Error as exc:
        return f"failed to load ({exc})"
    finally:
        page.close()
    return f"{len(blocked)} blocked requests, {paths} features drawn, first error: {errors[0] if errors else 'none'}"


def main() -> int:
    if "--docs-screenshot" in sys.argv:
        return docs_screenshot()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_project(folder)
        with Project.open(path) as project:
            frame = project.features("parks")
            assert len(frame) == N
            options = ExportOptions(layers=["parks"])
            ours_s, summary = best(lambda: export_html(project, folder / "ours.html", options))
            plain_s, _ = best(lambda: export_html(project, folder / "ours-nobasemap.html",
                                                  ExportOptions(layers=["parks"], basemap=False)))
            ref_s, _ = best(lambda: frame.explore().save(str(folder / "explore.html")))
            ours_b = (folder / "ours.html").stat().st_size
            ref_b = (folder / "explore.html").stat().st_size
            ref_page = (folder / "explore.html").read_text(encoding="utf-8")
            ours_page = (folder / "ours.html").read_text(encoding="utf-8")
            print(f"{N} synthetic polygons, best of {ROUNDS}")
            print(f"explore().save()      {ref_s:7.3f} s  {ref_b / 1e6:7.2f} MB  external scripts/styles: "
                  f"{len(external_urls(ref_page))}")
            print(f"export_html           {ours_s:7.3f} s  {ours_b / 1e6:7.2f} MB  external scripts/styles: "
                  f"{len(external_urls(ours_page))}  ({summary.decimals} decimals, basemap {summary.basemap_features} shapes)")
            print(f"export_html, no basemap {plain_s:5.3f} s")
            print(f"ratio time {ours_s / ref_s:.2f} (target <= 0.30)   ratio size {ours_b / ref_b:.2f} (target <= 0.30)")
            first_k = frame["uid"].head(1000).tolist()
            export_html(project, folder / "ours-1k.html", ExportOptions(layers=["parks"], uids=first_k))

        try:
            from export_helpers import chromium
            with chromium() as browser:
                for label, html, n in [("1k", folder / "ours-1k.html", 1000), ("10k", folder / "ours.html", N)]:
                    seconds, drawn = draw_time(browser, html, n)
                    print(f"Chromium, network cut: {label:>3} features drawn ({drawn}) in {seconds:6.3f} s (median of 3)")
                print(f"Chromium, network cut: explore's page: {explore_offline(browser, folder / 'explore.html')}")
        except Exception as exc:  # the browser part needs Chromium; report rather than hide
            print(f"browser timing failed: {exc}", file=sys.stderr)
            return 1
        if len(sys.argv) > 1 and sys.argv[1] == "--keep":
            (REPO / "bench" / "out").mkdir(exist_ok=True)
            shutil.copy2(folder / "ours.html", REPO / "bench" / "out" / "export-10k.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
