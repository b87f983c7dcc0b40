"""The PySide6 front end (installed as ``gisplanner.ui``): a thin face over the core."""
