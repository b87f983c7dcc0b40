"""``export_html``: one self-contained HTML map for meetings without network.

Built with folium (map, layer control, tile layer, fit to bounds), with folium's CDN links
removed: Leaflet's files are inlined from an installed package (assets.py) and our own small
script draws the compact layers (payload.py). The file is written next to its destination
and moved into place, so a failed or canceled export leaves any earlier file untouched.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from gisplanner.export.assets import load_assets, script_tag, style_tag
from gisplanner.export.basemap import SEA, load_basemap
from gisplanner.export.collect import select_features
from gisplanner.export.displace import MAX_ZOOM, MIN_ZOOM, point_displacement
from gisplanner.export.encode import Grid
from gisplanner.export.errors import ExportError
from gisplanner.export.legend import legend_html, title_html
from gisplanner.export.options import ExportOptions, decimals_for
from gisplanner.export.payload import LayerPayload, build_payloads, to_script_json
from gisplanner.export.popups import esc
from gisplanner.export.words import word
from gisplanner.feedback import Feedback, NullFeedback, Step, check
from gisplanner.paths import BASEMAP_FILE


@dataclass
class ExportSummary:
    """What was written, for the dialog's message and the command's output."""

    path: Path
    layers: dict[str, int]
    clauses: int
    size_bytes: int
    decimals: int
    basemap_features: int
    seconds: float
    warnings: list[str] = field(default_factory=list)

    @property
    def features(self) -> int:
        return sum(self.layers.values())

    def message(self) -> str:
        layers = ", ".join(f"{name} {n}" for name, n in self.layers.items())
        basemap = f"offline basemap {self.basemap_features} shapes" if self.basemap_features else "no offline basemap"
        return (f"exported {self.features} features ({layers}) with {self.clauses} linked clauses to {self.path}; "
                f"{self.size_bytes / 1e6:.2f} MB, {self.decimals} decimals, {basemap}, {self.seconds:.2f} s")


def _runtime(name: str) -> str:
    return (resources.files("gisplanner.export") / name).read_text(encoding="utf-8")


@cache
def _elements():
    """folium element classes for our page parts, their templates compiled once.

    Inlined files and data are attributes rendered through ``{{ this.content }}``, never
    template source, so braces in Leaflet's code or in the data are not read by Jinja.
    """
    from branca.element import Element, MacroElement
    from jinja2 import Template

    class Raw(Element):
        _template = Template("{{ this.content }}")

        def __init__(self, content: str) -> None:
            super().__init__()
            self.content = content

    class Call(MacroElement):
        """Calls ``gisplanner.<function>(<parent map or layer>, <payload>)`` in the page script.

        folium turns each element's script output into a new Jinja template; with megabytes
        of data that is slow and would let braces in the data be read as template code, so
        the call is added to the page script as a raw element instead.
        """

        def __init__(self, function: str, payload: str = "null") -> None:
            super().__init__()
            self._name = "GisplannerCall"
            self.function = function
            self.payload = payload

        def render(self, **kwargs) -> None:
            call = f"gisplanner.{self.function}({self._parent.get_name()}, {self.payload});"
            self.get_root().script.add_child(Raw(call), name=self.get_name())

    return Raw, Call


def _linked_plans(project, selection) -> list[dict]:
    plan_ids = {row["plan_id"] for rows in selection.clauses.values() for row in rows}
    return [p for p in project.plans() if p["id"] in plan_ids]


def build_map(project, options: ExportOptions, feedback: Feedback):
    """The folium map and the per-layer payloads (kept for the summary)."""
    import folium
    from branca.element import Figure

    Raw, Call = _elements()

    selection = select_features(project, options, feedback)
    bounds = selection.bounds()
    extent = max(bounds[2] - bounds[0], bounds[3] - bounds[1])
    decimals = options.decimals if options.decimals is not None else decimals_for(extent)
    grid = Grid.around(bounds, decimals)
    check(feedback, 0.45, Step("encoding_features"))
    lang = options.lang
    layers, shared = build_payloads(selection, grid, options.simplify_m, lang)
    shared["displacement"] = point_displacement(layers)
    basemap = None
    if options.basemap:
        check(feedback, 0.6, Step("cutting_basemap"))
        basemap = load_basemap(BASEMAP_FILE, bounds, grid, lang)
        if basemap is None:
            selection.warnings.append(f"offline basemap {BASEMAP_FILE} not found; exported without it")
    shared["titleHtml"] = title_html(options, _linked_plans(project, selection), selection.park_name,
                                     options.export_date)
    shared["legendHtml"] = legend_html(layers, lang)
    shared["bookmarks"] = [{"name": b.name, "bounds": [[b.bounds[1], b.bounds[0]], [b.bounds[3], b.bounds[2]]]}
                           for b in project.bookmarks()]
    shared["words"] = {k: esc(word(k, lang)) for k in ("bookmarks", "zoom_in", "zoom_out", "basemap_credit")}

    check(feedback, 0.7, Step("assembling_page"))
    assets = load_assets()
    figure = Figure(title=esc(options.title_text))
    m = folium.Map(location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2], zoom_start=10,
                   tiles=None, control_scale=False, prefer_canvas=False, zoom_control=False)
    m.default_js, m.default_css = [], []  # folium's CDN links: Leaflet is inlined below, the rest unused
    figure.add_child(m)
    header = figure.header
    header.add_child(Raw(style_tag(assets.leaflet_css)), name="leaflet_css")
    header.add_child(Raw(style_tag(_runtime("runtime.css"))), name="gisplanner_css")
    header.add_child(Raw(script_tag(assets.leaflet_js)), name="leaflet_js")
    header.add_child(Raw(script_tag(_runtime("runtime.js"))), name="gisplanner_js")

    pad = 0.0 if selection.frame is not None else max(extent * 0.02, 0.002)  # a park's frame has its margin
    shared["bounds"] = [[bounds[1] - pad, bounds[0] - pad], [bounds[3] + pad, bounds[2] + pad]]
    offline = basemap is not None and bool(basemap.parts)
    if offline and basemap.bounds:  # the view stays over the basemap: no edge of it is ever in sight
        x0, y0, x1, y1 = basemap.bounds
        shared["maxBounds"] = [[min(y0, bounds[1]) - 5, min(x0, bounds[0]) - 5], [max(y1, bounds[3]) + 5, max(x1, bounds[2]) + 5]]
    shared["background"] = SEA if offline else None
    shared["minZoom"], shared["maxZoom"] = MIN_ZOOM, MAX_ZOOM
    m.add_child(Call("init", to_script_json(shared)))  # fits the map to the features at once
    if offline:  # the default background; the online tiles, when asked for, are the other choice
        group = folium.FeatureGroup(name=word("basemap", lang), overlay=False, control=options.online_tiles,
                                    show=True).add_to(m)
        group.add_child(Call("addBasemap", to_script_json(basemap.parts)))
    if options.online_tiles:
        folium.TileLayer("OpenStreetMap", name=word("tiles", lang), overlay=False, control=True,
                         show=not offline).add_to(m)
    for layer in layers:
        group = folium.FeatureGroup(name=esc(f"{layer.title} ({layer.count})"), overlay=True, show=True).add_to(m)
        group.add_child(Call("addFeatures", to_script_json(layer.data)))
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    if options.progress:
        from gisplanner.export.progress import progress_payload

        check(feedback, 0.8, Step("drawing_progress"))
        m.add_child(Call("addProgress", to_script_json(progress_payload(project, selection, options))))
    m.add_child(Call("finish"))
    return figure, layers, selection, decimals, basemap


def export_html(project, out: str | Path, options: ExportOptions | None = None,
                feedback: Feedback | None = None) -> ExportSummary:
    """Write the map of ``project`` filtered by ``options`` to ``out`` (one HTML file)."""
    started = time.perf_counter()
    options = options or ExportOptions()
    feedback = feedback or NullFeedback()
    out = Path(out)
    if out.exists() and out.is_dir():
        raise ExportError("folder", file=out)
    check(feedback, 0.0, Step("reading_features"))
    figure, layers, selection, decimals, basemap = build_map(project, options, feedback)
    check(feedback, 0.85, Step("writing_page"))
    page = figure.render()
    check(feedback, 0.95, Step("saving_file", file=out.name))
    _write_atomically(out, page)
    feedback.progress(1.0, Step("done"))
    return ExportSummary(
        path=out, layers={p.name: p.count for p in layers}, clauses=len(_clause_ids(selection)),
        size_bytes=out.stat().st_size, decimals=decimals,
        basemap_features=basemap.features if basemap else 0, seconds=time.perf_counter() - started,
        warnings=selection.warnings)


def _clause_ids(selection) -> set[str]:
    return {row["clause_id"] for rows in selection.clauses.values() for row in rows}


def _write_atomically(out: Path, text: str | bytes) -> None:
    """Write beside ``out`` and move into place (text as UTF-8; bytes as they are)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise ExportError("folder_not_writable", folder=out.parent, detail=exc.strerror or exc) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # a file to hand round, not a private temporary
        os.replace(tmp, out)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError("not_writable", file=out, detail=exc.strerror or exc) from exc
        raise


__all__ = ["ExportSummary", "LayerPayload", "build_map", "export_html"]
