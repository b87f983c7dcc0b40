"""Editing in the desktop app: attribute tables, feature forms, undo history, save/discard.

Widgets work on an ``EditController`` (a QUndoStack over the core's edit session), so they
can be used and tested on their own over a real project.
"""
