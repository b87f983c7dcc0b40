"""Layer → Export layer…: pick a layer and a file (.gpkg .geojson .csv .shp), then write it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from gisplanner.ui.i18n import lang, tr

LAYER_FILTER = "GeoPackage (*.gpkg);;GeoJSON (*.geojson);;CSV (*.csv);;Shapefile (*.shp)"


def export_layer_interactively(window) -> Path | None:
    """Ask for a layer and a file, write the layer there and say what was written."""
    from gisplanner.io.export_layer import ExportError, export_layer

    title = tr("Export layer")
    project = getattr(window, "project", None)
    if project is None:
        QMessageBox.information(window, title, tr("Open a project first."))
        return None
    layers = project.layers()
    labels = [f"{d.title(lang())} ({d.name})" for d in layers]
    label, ok = QInputDialog.getItem(window, title, tr("Layer"), labels, 0, False)
    if not ok:
        return None
    layer = layers[labels.index(label)].name
    out, _ = QFileDialog.getSaveFileName(window, title, str(Path.home() / f"{layer}.gpkg"), LAYER_FILTER)
    if not out:
        return None
    try:
        report = export_layer(project.path, layer, out)
    except ExportError as exc:
        QMessageBox.warning(window, title, str(exc))
        return None
    QMessageBox.information(window, title, "\n".join([report.message, *report.notes]))
    return report.path
