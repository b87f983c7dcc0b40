"""Going places in the main window: the full extent, a layer, a feature, the features a clause
calls for, its place in the document; the clause search; the language; the help boxes.

A mixin of ``MainWindow``: it uses the window's canvas, docks, panels, project and status bar.
"""

from __future__ import annotations

import sys

import numpy as np
from PySide6.QtWidgets import QApplication, QMessageBox

from gisplanner.ui.actions import shortcut_lines
from gisplanner.ui.geo import merc_bounds_to_lonlat
from gisplanner.ui.i18n import ZH, lang, set_lang, tr

ZH.update({"{uid}: not in this project": "{uid}：不在此项目中"})


class WindowNavigation:
    def zoom_full(self) -> None:
        boxes = np.array([ml.data.total_bounds for ml in self._map_layers.values() if ml.data.n])
        if len(boxes):
            self.canvas.zoom_to_bounds(merc_bounds_to_lonlat(
                (boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max())))

    def zoom_to_layer(self, name: str) -> None:
        ml = self._map_layers.get(name)
        if ml is not None and ml.data.n:
            self.canvas.zoom_to_bounds(merc_bounds_to_lonlat(ml.data.total_bounds))

    def zoom_to_feature(self, uid: str) -> bool:
        feature = self.project.feature(uid) if self.project else None
        if feature is None or feature["geometry"] is None:
            self.status.showMessage(tr("{uid}: not in this project").format(uid=uid), 5000)
            return False
        x0, y0, x1, y1 = feature["geometry"].bounds
        pad = 0.06 if (x1 - x0) < 1e-6 else 0  # a point: show about 10 km around it
        self.canvas.zoom_to_bounds((x0 - pad, y0 - pad, x1 + pad, y1 + pad))
        return True

    def show_feature(self, uid: str) -> bool:
        """Zoom to a feature, select it and show it in the identify panel."""
        if not self.zoom_to_feature(uid):
            return False
        self.canvas.select([uid])
        self.identify.show_feature(uid)
        self.docks["identify"].raise_()
        return True

    def fill_layer_zoom_menu(self) -> None:
        self.layer_zoom_menu.clear()
        for ml in self._map_layers.values():
            act = self.layer_zoom_menu.addAction(ml.definition.title(lang()))
            act.triggered.connect(lambda _c=False, n=ml.name: self.zoom_to_layer(n))

    def set_basemap_visible(self, on: bool) -> None:
        self.show_basemap = on
        self.canvas.refresh()

    def set_labels_visible(self, on: bool) -> None:
        self.canvas.labels = on
        self.canvas.refresh()

    # -- panels ----------------------------------------------------------------------------
    def _identified(self, hits: list) -> None:
        uids = [uid for _layer, uid in hits]
        self.identify.show_feature(uids[0] if uids else None, uids[1:])
        if uids:
            self.docks["identify"].raise_()

    def show_clause_features(self, clause_id: str) -> list[str]:
        """Select and zoom to the features a clause (or a clause under it) calls for."""
        if self.project is None:
            return []
        visible = set(self.visible_uids())
        uids = [f["uid"] for f in self.project.features_for(clause_id) if f["uid"] in visible]
        self.canvas.select(uids)
        if uids:
            self.canvas.zoom_to_selection()
            self.identify.show_feature(uids[0], uids[1:])
            self.document.show_clause(self.project, clause_id)  # kept in step, behind its tab
        else:  # nothing on the map (yet): the clause's own words are what there is to see
            self.show_in_document(clause_id)
        self.status.showMessage(f"{clause_id}: {len(uids)} {tr('features')}", 8000)
        return uids

    def show_in_document(self, clause_id: str) -> None:
        if self.project is not None and self.document.show_clause(self.project, clause_id):
            self.docks["document"].show()
            self.docks["document"].raise_()

    def focus_clause_search(self) -> None:
        self.docks["clauses"].show()
        self.docks["clauses"].raise_()
        self.clause_browser.search_box.setFocus()
        self.clause_browser.search_box.selectAll()

    def copy_cursor_coordinates(self) -> None:
        QApplication.clipboard().setText(self.status.coordinates_text())

    def set_language(self, code: str) -> None:
        set_lang(code)
        self.settings.setValue("ui/language", code)
        self.canvas.refresh()

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, tr("Shortcuts"), "\n".join(shortcut_lines(self)))

    def show_about(self) -> None:
        QMessageBox.about(self, "gisplanner", tr("gisplanner — plans and features of biomedicine industrial parks.")
                          + f"\nPython {sys.version.split()[0]}")
