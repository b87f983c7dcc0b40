"""The project store: one GeoPackage file per project."""

from gisplanner.store.build import BuildReport, ProjectHasEdits, build_project
from gisplanner.store.project import NewerSchemaError, Project, ProjectError
from gisplanner.store.search import SearchHit

__all__ = ["BuildReport", "NewerSchemaError", "Project", "ProjectError", "ProjectHasEdits", "SearchHit", "build_project"]
