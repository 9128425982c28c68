"""Read-only raw SQL for the dashboards: `?` placeholders on both engines, plain Python values back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from eldercare.county.tables import Home

# The state of every resident on a date: the event with the greatest (dated_on, seq) on or before it.
STATE_ON = """
SELECT e.resident AS resident, e.status_after AS status, e.mode_after AS mode, e.home_after AS home,
       e.care_level_after AS care_level
FROM resident_event e
WHERE e.dated_on <= ? AND NOT EXISTS (
  SELECT 1 FROM resident_event later
  WHERE later.resident = e.resident AND later.dated_on <= ?
    AND (later.dated_on > e.dated_on OR (later.dated_on = e.dated_on AND later.seq > e.seq)))
"""

MONTH = "SUBSTR(CAST({col} AS TEXT), 1, 7)"


def month_of(column: str) -> str:
    """'YYYY-MM' of a date column, on SQLite and PostgreSQL alike."""
    return MONTH.format(col=column)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value)
    return value


async def rows(sql: str, *args: Any) -> list[dict[str, Any]]:
    """Run a read; sums come back as int (PostgreSQL gives Decimal for SUM of BIGINT)."""
    result = await Home.raw(sql.replace("?", "{}"), *args)
    return [{k: _plain(v) for k, v in row.items()} for row in result]


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """[1 January, next 1 January) for a half-open date filter."""
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
