"""The attribute table's row order as SQL computes it, with the edit buffer laid over the file.

Sorting and filtering must see what the table shows: the buffered value of an edited
cell, not the saved one. Instead of reading 100k rows into Python, the few buffered rows
travel into the query as one JSON parameter (``json_each``) and replace their saved rows
there: ``saved rows minus the buffered fids UNION ALL buffered rows``, then the same
``WHERE``/``ORDER BY`` as without a buffer. SQLite compares the JSON-carried values by
the same rules as the stored ones, so an edited row lands exactly where it would after
Save. Nothing is written, so a read-only project connection can run it too.
"""

from __future__ import annotations

import json
from typing import Any

# key of a row: the fid of a saved feature; features added in the session get negative keys
Overlay = list[list[Any]]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def overlay_rows(session, layer: str, fields: list[str]) -> tuple[Overlay, dict[int, str]]:
    """Buffered rows of ``layer`` as [key, gone, *values]; and the uid of each negative key."""
    buf = session.buffer
    stored = session.stored
    rows: Overlay = []
    added: dict[int, str] = {}
    with stored.steady():  # one check for another program's writes, not one per row
        edited = [u for u, lay in buf.layer.items() if lay == layer and u in buf.attrs and u not in buf.deleted]
        stored.load(edited)
        for uid in edited:
            if where := stored.locate(uid):
                rows.append([where[1], 0, *(buf.value(uid, f, None) for f in fields)])
        blank = [None] * len(fields)
        for uid, lay in buf.deleted.items():
            if lay == layer and (where := stored.locate(uid)):
                rows.append([where[1], 1, *blank])
    for uid, rec in buf.added.items():
        if rec["layer"] == layer:
            key = -(len(added) + 1)
            added[key] = uid
            rows.append([key, 0, *(rec.get(f) for f in fields)])
    return rows, added


def order_by(sort_field: str | None, descending: bool, tail: str = "k < 0, abs(k)") -> str:
    """NULLs last, then the value, then saved rows by fid before rows added in the session."""
    if not sort_field:
        return f" ORDER BY {tail}"
    col = _q(sort_field)
    return f" ORDER BY {col} IS NULL, {col} {'DESC' if descending else 'ASC'}, {tail}"


def ordered_keys(db, layer: str, fields: list[str], where: str, args: list[Any],
                 sort_field: str | None, descending: bool, overlay: Overlay) -> list[int]:
    """Keys of the rows passing ``where`` in display order, buffered values standing in for saved ones."""
    cols = ", ".join(_q(f) for f in fields)
    picks = ", ".join(f"json_extract(value, '$[{i + 2}]') AS {_q(f)}" for i, f in enumerate(fields))
    sql = (f"WITH ov AS (SELECT json_extract(value, '$[0]') AS k, json_extract(value, '$[1]') AS gone, {picks}"
           f" FROM json_each(?))"
           f" SELECT k FROM (SELECT fid AS k, {cols} FROM {_q(layer)} WHERE fid NOT IN (SELECT k FROM ov)"
           f" UNION ALL SELECT k, {cols} FROM ov WHERE gone = 0){where}{order_by(sort_field, descending)}")
    payload = json.dumps(overlay, ensure_ascii=False, default=str)
    return [r[0] for r in db.execute(sql, [payload, *args])]
