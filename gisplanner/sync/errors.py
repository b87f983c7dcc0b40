"""``SyncError``: every refusal of the sync core, as a code with parameters the faces word."""

from __future__ import annotations

from typing import Any

# code -> an English sentence for logs and the CLI; the window words the code itself
MESSAGES = {
    "unreachable": "cannot reach the server {server} ({detail})",
    "auth_failed": "the server {server} refused the login ({detail}); give the password through "
                   "PGPASSWORD, ~/.pgpass or a service file",
    "permission_denied": "the server {server} refused the write ({detail}): this login may read, check out "
                         "and pull the project but not change it (pushing needs the project's editor role); "
                         "nothing was written",
    "schema_exists": "the server already holds a schema {schema}; choose another name (nothing was changed)",
    "no_postgis": "the database {server} has no PostGIS (an administrator runs CREATE EXTENSION postgis once)",
    "no_schema": "the server has no gisplanner project in schema {schema}",
    "not_a_copy": "{path} is not a copy of a server project (publish it or check one out first)",
    "out_exists": "{path} already exists; choose a new file for the copy",
    "server_lost": "the connection to the server {server} was lost during sync ({detail}); "
                   "the copy is unchanged or fully updated; sync again when the server is back",
    "bad_name": "{name!r} is not a valid schema name (lower-case letters, digits and _, starting with a letter)",
    "no_conflict": "no open conflict {conflict_id} in {path}",
    "bad_choice": "choose mine, theirs or a value for conflict {conflict_id}",
    "bad_value": "{value!r} is not a valid value for {field} ({type})",
    "busy": "{path} is being edited ({detail}); save or close that session, then sync",
    "server_error": "the server {server} reported an error: {detail}",
}


class SyncError(RuntimeError):
    """A refused or failed publish/checkout/sync/resolve; ``code`` and ``params`` for the faces."""

    def __init__(self, code: str, params: dict[str, Any] | None = None) -> None:
        self.code = code
        self.params = dict(params or {})
        template = MESSAGES.get(code, code + ": {detail}")
        try:
            text = template.format(**self.params)
        except (KeyError, IndexError):
            text = f"{code} {self.params}"
        super().__init__(text)
