"""审计日志 reads: the bureau's newest-first view of its county's audit log, a keyset page at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import keyset
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.db import DIRECTORY_TABLES

SELECT_AUDIT = (
    "SELECT a.id AS id, a.at AS at, a.actor AS actor, a.action AS action, a.table_name AS table_name, "
    "a.row_id AS row_id, a.before AS before, a.after AS after FROM audit_log a"
)
# Newest first by id (the primary key; with a table: index audit_log_table_id).
AUDIT_ORDER = keyset.Order(columns=("a.id",), keys=("id",), kinds=(int,), descending=(True,))
# The directory's own changes (users, tokens, sessions, counties) are logged in the main store, which is also
# the first county's: they are not that county's records.
_NOT_DIRECTORY = "a.table_name NOT IN (" + ", ".join(f"'{t}'" for t in sorted(DIRECTORY_TABLES)) + ")"


def _at(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.datetime) else str(value)


async def audit_page(
    *, actor: Actor, table_name: str = "", limit: int = 50, after: str | None = None, before: str | None = None,
    cap: int | None = keyset.COUNT_CAP,
) -> tuple[keyset.Window, int, bool]:  # fmt: skip
    """A page of the audit log, newest first (one table's rows with `table_name`), and the count of rows
    (stopped at `cap`: the log grows with every write and is never counted whole on a page)."""
    require_role(actor, BUREAU)
    conditions: tuple[str, ...] = (_NOT_DIRECTORY,)
    args: list[Any] = []
    if table_name:
        conditions, args = (*conditions, "a.table_name = ?"), [table_name]
    window = await keyset.page(
        AUDIT_ORDER, SELECT_AUDIT, conditions, args, limit=limit, after=after, before=before
    )
    for row in window.rows:
        row["at"] = _at(row["at"])
    total, capped = await keyset.count("audit_log a", conditions, args, cap=cap)
    return window, total, capped
