"""A planner's file name as GDAL should read it: literally.

pyogrio reads a path as a URI: ``!`` splits an archive from its member (``a!b.geojson``
opens ``b.geojson`` inside ``a``), ``;`` starts URL parameters and ``?``/``#`` a query, so
such names open another file or none. A file whose name would be rewritten is read through
a symbolic link with a plain name in a private folder (with its sidecars: a shapefile's
``.shx``, ``.dbf``, ``.prj``, ``.cpg``), and the planner's own name is kept for messages.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyogrio.util import vsi_path


def needs_alias(path: Path) -> bool:
    text = str(path)
    return text.startswith("/vsi") or vsi_path(text) != text or "?" in text or "#" in text or ";" in text


@contextmanager
def literal_path(path: Path) -> Iterator[Path]:
    """``path`` itself when GDAL reads its name as written, else a plain-named link to it."""
    path = Path(path)
    if not needs_alias(path):
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="gisplanner-read-"))
    try:
        parent, stem = path.resolve().parent, path.stem
        siblings = [p for p in parent.iterdir() if p.name.startswith(stem + ".") and "." not in p.name[len(stem) + 1:]]
        for sibling in {*siblings, path.resolve()}:
            os.symlink(sibling, folder / ("source" + sibling.name[len(stem):]))
        yield folder / ("source" + path.name[len(stem):])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
