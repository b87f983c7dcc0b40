"""Team projects: publish a project to a shared PostGIS server, work on offline GeoPackage copies,
sync them (push the copy's saved changes, then pull everyone else's) with conflicts kept.

Changes are found by the project's own means, not pygeodiff: triggers in the copy note the
first change of each row since the last sync with its base values (any writer is seen:
window, CLI, import, QGIS), and rows are matched by natural keys (feature ``uid``, plan and
clause ``id``, the link and status-history tuples), never by the files' integer row ids,
which differ between copies. pygeodiff is not in the package index this project installs
from, its wheel has no PostgreSQL driver, and its changesets and rebase are keyed by those
integer ids, so the server side and the merge would be ours in any case; the journal
(``edits``) still records every change and travels with the sync.

Faces call: ``publish``, ``checkout``, ``sync``, ``sync_state``, ``conflicts``, ``resolve``,
``resolve_all``; every refusal is a ``SyncError(code, params)``. No Qt here.
"""

from gisplanner.sync.conflicts import Conflict, SyncState, conflicts, resolve, resolve_all, sync_state
from gisplanner.sync.engine import SyncResult, sync
from gisplanner.sync.errors import SyncError
from gisplanner.sync.publish import PublishResult, checkout, publish

__all__ = ["Conflict", "PublishResult", "SyncError", "SyncResult", "SyncState", "checkout", "conflicts",
           "publish", "resolve", "resolve_all", "sync", "sync_state"]
