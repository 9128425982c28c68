"""The year lock: once the bureau finalizes a year, nothing dated in it may change (409 year_finalized)."""

from __future__ import annotations

from eldercare.errors import year_finalized
from eldercare.yearend.tables import YearEnd


async def is_finalized(year: int) -> bool:
    return await YearEnd.exists().where((YearEnd.year == year) & (YearEnd.status == "finalized"))


async def ensure_year_open(year: int) -> None:
    """Call inside the write transaction, before writing anything dated in `year`."""
    if await is_finalized(year):
        raise year_finalized(year)
