"""Every step the core reports while it works is a coded ``Step``, so the window words each one
in its language; a plain English string would be left out of a Chinese progress dialog."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gisplanner.export import export_html
from gisplanner.feedback import Step
from gisplanner.io.export_layer import export_layer
from gisplanner.io.import_ import ImportOptions, import_file
from gisplanner.report.writer import write_report
from gisplanner.store import Project
from gisplanner.store.build import build_project


class Recorder:
    def __init__(self) -> None:
        self.steps: list[str] = []

    def progress(self, fraction: float, message: str = "") -> None:
        self.steps.append(message)

    def is_canceled(self) -> bool:
        return False


def test_long_jobs_report_coded_steps_only(tmp_path: Path, qapp):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.progress import progress_words

    seen = Recorder()
    path = tmp_path / "p.gpkg"
    build_project(path, feedback=seen)
    csv = tmp_path / "points.csv"
    pd.DataFrame({"name": [f"点{i}" for i in range(12000)], "lon": 106.8, "lat": 29.5}).to_csv(csv, index=False)
    import_file(path, csv, ImportOptions("facilities"), feedback=seen)
    export_layer(path, "parks", tmp_path / "parks.gpkg", feedback=seen)
    with Project.open(path) as project:
        export_html(project, tmp_path / "map.html", feedback=seen)
        write_report(project, tmp_path / "brief.html", park="cq.biocity", feedback=seen)
    steps = [m for m in seen.steps if m]
    assert {"reading plans", "written 5000 of 12000", "reading parks", "saving map.html"} <= set(steps)
    assert [m for m in steps if not isinstance(m, Step)] == []
    set_lang("zh")
    try:
        worded = {progress_words(m) for m in steps}
    finally:
        set_lang("en")
    assert "" not in worded and "正在读取园区" in worded and "正在保存 map.html" in worded
