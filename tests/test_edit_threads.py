"""The map re-reads layers in a worker thread while the user keeps editing and saving: the
session's merged view never breaks, never shows half a change, and its GDAL reads never
overlap a save (GDAL's SQLite and Python's sqlite3 in one process do not see each other's
file locks: such a read fails, and closing it could drop the save's locks)."""

from __future__ import annotations

import threading

from gisplanner.store import Project

UIDS = ["cq.biocity.vaccine-incubator", "cq.biocity.antibody-incubator"]


def test_features_read_in_a_thread_while_editing(project_copy):
    project = Project.open(project_copy)
    session = project.edit(editor="王工")
    errors: list[BaseException] = []
    mixed: list[tuple] = []
    reads = [0]
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                frame = session.features("facilities")
                reads[0] += 1
                notes = set(frame.loc[frame["uid"].isin(UIDS), "notes"])
                if len(notes) > 1:  # both features change together in one step
                    mixed.append(tuple(notes))
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(60):
            session.set_values("facilities", UIDS, "notes", f"第{i}次")
            if i % 3 == 0:
                session.undo()
                session.redo()
            if i % 20 == 19:
                session.commit()
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors[:3]
    assert reads[0] >= 3  # the reader really ran alongside the edits
    assert not mixed, mixed[:3]
    frame = session.features("facilities")
    assert set(frame.loc[frame["uid"].isin(UIDS), "notes"]) == {"第59次"}
    session.close()
    project.close()
