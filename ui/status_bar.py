"""Status bar: cursor position in WGS84 and in the CGCS2000 3° Gauss-Kruger zone under it,
the map scale (editable: type one to zoom to it) and the selection count."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from gisplanner.measure import scale_denominator
from gisplanner.ui.geo import View
from gisplanner.ui.i18n import on_language_changed, tr
from gisplanner.ui.scale_box import ScaleBox


def dms(value: float, pos: str, neg: str) -> str:
    hemi = pos if value >= 0 else neg
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = (value - d - m / 60) * 3600
    return f"{d}°{m:02d}′{s:04.1f}″{hemi}"


class MapStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wgs84 = QLabel()
        self.gk = QLabel()
        self.scale = ScaleBox()
        self.selection = QLabel()
        self._selected = 0
        on_language_changed(self, lambda: self.show_selection([None] * self._selected))
        self.busy = QLabel()
        for w in (self.busy, self.selection, self.scale, self.wgs84, self.gk):
            if isinstance(w, QLabel):
                w.setText(" ")  # keep the bar's height fixed from the start: no map resize later
            self.addPermanentWidget(w)
        self._last = ("", "")

    def show_cursor(self, lon: float, lat: float) -> None:
        from gisplanner.crs import format_gk3  # pyproj loads on first move, not at start-up

        wgs = f"WGS84 {lon:.6f}, {lat:.6f}  ({dms(lon, 'E', 'W')} {dms(lat, 'N', 'S')})"
        try:
            gk = format_gk3(lon, lat)
        except ValueError:  # outside China's zones
            gk = "CGCS2000 GK: —"
        self.wgs84.setText(wgs)
        self.gk.setText(gk)
        self._last = (wgs, gk)

    def coordinates_text(self) -> str:
        return "\n".join(t for t in self._last if t)

    def show_scale(self, view: View) -> None:
        self.scale.show_denominator(scale_denominator(view.ground_res()))

    def show_busy(self, busy: bool) -> None:
        self.busy.setText(tr("Rendering…") if busy else " ")

    def show_selection(self, uids: list[str]) -> None:
        self._selected = len(uids)
        self.selection.setText(tr("{n} selected").format(n=len(uids)) if uids else "")
