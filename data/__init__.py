"""The shipped data, installed as ``gisplanner.data``; gisplanner.paths finds it from here."""
