"""Layer → Export layer…: pick a layer and a file (.gpkg .geojson .csv .shp), then write it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from gisplanner.errors import Blank
from gisplanner.io.export_layer import LAYER_EXPORT_WORDS as WORDS
from gisplanner.ui.i18n import ZH, lang, tr

ZH.update({
    WORDS["unknown_format"]: "{file}：不支持的导出格式 {suffix}；可用格式：{formats}",
    WORDS["no_layer"]: "{project} 中没有图层“{layer}”（现有图层：{layers}）",
    WORDS["no_folder"]: "{file}：文件夹 {folder} 不存在",
    WORDS["disk_full"]: "{file}：磁盘已满（{folder} 剩余 {free_kb} KB），原文件未被替换",
    WORDS["os_error"]: "{file}：无法写入，原文件未被替换",
    WORDS["gdal_failed"]: "{file}：GDAL 无法写入，原文件未被替换",
    WORDS["count_mismatch"]: "{file}：写入 {count} 个要素，但图层有 {expected} 个，原文件未被替换",
    WORDS["exported"]: "已将图层“{layer}”的 {count} 个要素导出到 {file}",
    WORDS["wkt_column"]: "几何图形以 WKT 文本写入 WKT 列",
    WORDS["names_cut"]: "字段 {fields} 的名称受 Shapefile 格式限制，截为 10 个字符",
    WORDS["names_renamed"]: "Shapefile 字段名：{names}",
    WORDS["values_cut"]: "{column} 列有 {n} 个值受 Shapefile 格式限制，截为 254 字节",
})

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
        QMessageBox.warning(window, title, export_error_text(exc))
        return None
    QMessageBox.information(window, title, "\n".join(words_text(w) for w in [report.message, *report.notes]))
    return report.path


def words_text(words) -> str:
    """A note or result line of the export in the window's language (layers by their title)."""
    params = dict(words.params)
    if words.code == "exported":
        from gisplanner.layers import layer_definition

        try:
            params["layer"] = layer_definition(params["layer"]).title(lang())
        except KeyError:  # a layer the project made on import keeps its name
            pass
    return tr(WORDS[words.code]).format_map(Blank(params))


def export_error_text(exc) -> str:
    """Why the layer was not exported, in the window's language; a project that cannot be read
    is worded as the window words it when opening one. What the system said stays out of Chinese."""
    if exc.code == "project":
        from gisplanner.ui.errors import describe

        return describe(exc.__cause__) if exc.__cause__ is not None else str(exc)
    return tr(WORDS[exc.code]).format_map(Blank(exc.params))
