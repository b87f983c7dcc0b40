"""The team commands as a planner types them, and a sync canceled half-way."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from gisplanner.cli import main
from gisplanner.feedback import Canceled
from gisplanner.sync import sync, sync_state
from sync_helpers import copy_rows, edit, feature, new_schema, server_rows

REPO_MAIN = __import__("conftest").REPO / "main.py"
X = "cq.biocity.vaccine-incubator"


def test_publish_checkout_sync_conflicts_resolve(built_project_path, tmp_path, pg_server, capsys):
    url, schema = pg_server.url(), new_schema()
    project = tmp_path / "team.gpkg"
    shutil.copy2(built_project_path, project)
    out = subprocess.run([sys.executable, str(REPO_MAIN), "publish", "--server", url, "--schema", schema,
                          "--project", str(project)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert f"schema {schema}" in out.stdout and f"{schema}_editor" in out.stdout
    again = subprocess.run([sys.executable, str(REPO_MAIN), "publish", "--server", url, "--schema", schema,
                            "--project", str(project)], capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and f"already holds a schema {schema}" in again.stderr
    copy = tmp_path / "field.gpkg"
    assert main(["checkout", url, "--schema", schema, "--out", str(copy)]) == 0
    assert f"into {copy}" in capsys.readouterr().out
    assert main(["checkout", url, "--schema", schema, "--out", str(copy)]) == 1
    assert "already exists" in capsys.readouterr().err
    with edit(project) as s:
        s.set_value(X, "notes", "office")
    with edit(copy) as s:
        s.set_value(X, "notes", "field")
    assert main(["sync", "--project", str(project)]) == 0
    assert "pushed 1, pulled 0, conflicts 0" in capsys.readouterr().out
    assert main(["sync", "--project", str(copy)]) == 0
    assert "pushed 0, pulled 1, conflicts 1" in capsys.readouterr().out
    assert main(["conflicts", "--project", str(copy)]) == 0
    listing = capsys.readouterr().out
    assert f"facilities {X}: notes" in listing and "mine   field" in listing and "theirs office" in listing
    number = listing.split("#", 1)[1].split()[0]
    assert main(["resolve", number, "--value", "office and field", "--project", str(copy)]) == 0
    assert main(["conflicts", "--project", str(copy)]) == 0
    assert "no open conflicts" in capsys.readouterr().out
    assert main(["sync", "--project", str(copy)]) == 0
    assert main(["sync", "--project", str(project)]) == 0
    assert feature(project, X)["notes"] == "office and field"
    assert main(["sync", "--project", str(built_project_path)]) == 1
    assert "is not a copy" in capsys.readouterr().err


class CancelAt:
    def __init__(self, stage: str) -> None:
        self.stage, self.hit = stage, False

    def progress(self, fraction: float, message: str = "") -> None:
        self.hit = self.hit or message == self.stage

    def is_canceled(self) -> bool:
        return self.hit


@pytest.mark.parametrize("stage", ["pushing", "pushed", "pulling facilities", "saving"])
def test_cancel_leaves_both_sides_consistent(built_project_path, tmp_path, pg_server, stage):
    from sync_helpers import published

    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    with edit(b) as s:
        s.set_value("cq.biocity.antibody-incubator", "notes", "from b")
    sync(b)
    with edit(a) as s:
        s.set_value(X, "notes", "from a")
    before = copy_rows(a)
    with pytest.raises(Canceled):
        sync(a, CancelAt(stage))
    # rows unchanged; after the push was recorded the change counts as on the server, not local
    assert copy_rows(a) == before
    assert sync_state(a).local_changes == (1 if stage in ("pushing", "pushed") else 0)
    result = sync(a)
    assert result.conflicts == 0 and result.pulled >= 1
    sync(b)
    assert copy_rows(a) == copy_rows(b) == server_rows(url, schema, a)
    assert feature(b, X)["notes"] == "from a"
