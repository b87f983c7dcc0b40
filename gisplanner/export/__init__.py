"""Exports of a project for people without gisplanner: a self-contained HTML map."""

from gisplanner.export.assets import AssetsMissing
from gisplanner.export.errors import ExportError
from gisplanner.export.html import ExportSummary, export_html
from gisplanner.export.options import DEFAULT_TITLE, ExportOptions

__all__ = ["DEFAULT_TITLE", "AssetsMissing", "ExportError", "ExportOptions", "ExportSummary", "export_html"]
