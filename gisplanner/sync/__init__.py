"""Team projects: publish to a shared PostGIS server, offline GeoPackage copies, sync."""
