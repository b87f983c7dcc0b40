"""Team projects in the desktop app: publish to a PostGIS server, open a copy from it, sync,
resolve conflicts. The work is ``gisplanner.sync``; this package is its face.
"""


def install(window):
    """Add the Project menu's server entries and the status-bar sync note (once)."""
    from gisplanner.ui.sync.window_sync import SyncUI

    if isinstance(getattr(window, "sync_ui", None), SyncUI):
        return window.sync_ui
    return SyncUI(window)  # sets window.sync_ui itself
