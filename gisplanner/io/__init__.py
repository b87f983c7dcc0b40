"""Planners' own data in and out: detect a file's format, encoding and coordinate system,
convert China's GCJ-02/BD-09 offsets, map fields, import in one transaction, export layers.

The Qt dialog (``gisplanner.ui.import_dialog``) and the CLI (``gisplanner.io.commands``)
are thin faces over ``import_.prepare_import``/``write_import`` and ``export_layer``.
"""
