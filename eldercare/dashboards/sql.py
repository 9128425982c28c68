"""Read-only raw SQL for the dashboards: `?` placeholders on both engines, plain Python values back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from eldercare import db

MONTH = "SUBSTR(CAST({col} AS TEXT), 1, 7)"


def month_of(column: str) -> str:
    """'YYYY-MM' of a date column, on SQLite and PostgreSQL alike."""
    return MONTH.format(col=column)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value)
    return value


async def rows(sql: str, *args: Any) -> list[dict[str, Any]]:
    """Run a read on the thin path (db.fetch); sums come back as int (PostgreSQL gives Decimal for SUM of
    BIGINT)."""
    return [{k: _plain(v) for k, v in row.items()} for row in await db.fetch(sql, *args)]


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """[1 January, next 1 January) for a half-open date filter."""
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
