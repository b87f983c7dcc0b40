"""gisplanner: plans, clauses and the features they call for, in one GeoPackage."""

__version__ = "0.1.0"
