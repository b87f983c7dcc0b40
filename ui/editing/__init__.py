"""Editing in the desktop app: attribute tables, feature forms, undo history, save/discard.

Widgets work on an ``EditController`` (a QUndoStack over the core's edit session), so they
can be used and tested on their own over a real project.
"""


from gisplanner.ui.editing import words  # noqa: E402,F401 - the edit session's texts join the catalogue


def install(window):
    """Add editing to the main window (Edit menu, docks, close/recovery questions)."""
    from gisplanner.ui.editing.window_editing import EditingUI

    if isinstance(getattr(window, "editing", None), EditingUI):
        return window.editing  # installing again adds nothing
    return EditingUI(window)  # sets window.editing itself
