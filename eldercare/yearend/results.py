"""The stored year-end results, read in the caller's scope: ranking, staff pay, the adjustment list."""

from __future__ import annotations

import json
from typing import Any

from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_role, scoped
from eldercare.errors import NotFound
from eldercare.yearend.tables import HomeResult, StaffResult, YearEnd

HOME_COLUMNS = (HomeResult.rank, HomeResult.home.as_alias("home_id"), HomeResult.home.code.as_alias("code"),
                HomeResult.home.name.as_alias("name"), HomeResult.total_tenths, HomeResult.star,
                HomeResult.award_fen, HomeResult.pension_eligible, HomeResult.income_fen, HomeResult.expense_fen,
                HomeResult.net_fen, HomeResult.pool_fen, HomeResult.why)  # fmt: skip
STAFF_COLUMNS = (StaffResult.staff.as_alias("staff_id"), StaffResult.home.as_alias("home_id"),
                 StaffResult.staff.name.as_alias("name"), StaffResult.home.name.as_alias("home_name"),
                 StaffResult.staff.is_director.as_alias("is_director"), StaffResult.grade, StaffResult.months,
                 StaffResult.rate_fen, StaffResult.performance_pay_fen, StaffResult.bonus_share_fen,
                 StaffResult.pension_eligible, StaffResult.flagged_for_adjustment, StaffResult.reasons,
                 StaffResult.why)  # fmt: skip


async def _require_run(year: int) -> dict[str, Any]:
    row = await YearEnd.select(YearEnd.status).where(YearEnd.year == year).first()
    if row is None:
        raise NotFound(f"{year}年度尚未运行年终考核。")
    return row


def _home_out(r: dict[str, Any]) -> dict[str, Any]:
    return {**r, "total": r["total_tenths"] / 10, "pension_eligible": bool(r["pension_eligible"]),
            "why": json.loads(r["why"])}  # fmt: skip


def _staff_out(r: dict[str, Any]) -> dict[str, Any]:
    return {**r, "pension_eligible": bool(r["pension_eligible"]), "is_director": bool(r["is_director"]),
            "flagged_for_adjustment": bool(r["flagged_for_adjustment"]), "reasons": json.loads(r["reasons"]),
            "why": json.loads(r["why"])}  # fmt: skip


# What the printed 通报 shows of a home (besides which home it is): a director sees only this of other homes.
# pension_eligible is in the contract's row and follows from the published total (≥ the pension line)
PUBLISHED = frozenset({"rank", "home_id", "code", "name", "total_tenths", "total", "star", "award_fen",
                       "pension_eligible"})


def published_only(row: dict[str, Any]) -> dict[str, Any]:
    """A home's ranking row cut to the 通报's columns: the rest (money, pension, the why) is None."""
    return {k: (v if k in PUBLISHED else None) for k, v in row.items()}


async def ranking(*, actor: Actor, year: int, limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
    """The published ranking (表彰通报): the bureau sees every row whole; a director their own home whole and
    of the others only what the printed 通报 shows (rank, total, star, award)."""
    require_role(actor, BUREAU, DIRECTOR)
    await _require_run(year)
    rows = await HomeResult.select(*HOME_COLUMNS).where(HomeResult.year == year).order_by(
        HomeResult.rank
    ).limit(limit).offset(offset)  # fmt: skip
    total = await HomeResult.count().where(HomeResult.year == year)
    out = [_home_out(r) for r in rows]
    if not actor.is_bureau:
        out = [r if r["home_id"] == actor.home_id else published_only(r) for r in out]
    return out, total


async def staff_pay(
    *, actor: Actor, year: int, home_id: int | None = None, flagged_only: bool = False, limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict], int]:  # fmt: skip
    """Staff pay in scope: the bureau all, a director their home, a staff member their own row."""
    await _require_run(year)
    where = StaffResult.year == year
    if home_id is not None:
        where &= StaffResult.home == home_id
    if flagged_only:
        where &= StaffResult.flagged_for_adjustment == True  # noqa: E712
    query = scoped(StaffResult.select(*STAFF_COLUMNS).where(where), actor, home=StaffResult.home,
                   staff=StaffResult.staff)  # fmt: skip
    count = scoped(StaffResult.count().where(where), actor, home=StaffResult.home, staff=StaffResult.staff)
    rows = await query.order_by(StaffResult.home).order_by(StaffResult.staff).limit(limit).offset(offset)
    return [_staff_out(r) for r in rows], await count


async def my_pay(*, actor: Actor, year: int) -> dict[str, Any] | None:
    """A staff member's own row for the year, or None before the year-end has run."""
    if not await YearEnd.exists().where(YearEnd.year == year):
        return None
    rows, _ = await staff_pay(actor=actor, year=year, limit=1)
    return rows[0] if rows else None


async def home_result(*, year: int, home_id: int) -> dict[str, Any] | None:
    row = (
        await HomeResult.select(*HOME_COLUMNS)
        .where((HomeResult.year == year) & (HomeResult.home == home_id))
        .first()
    )
    return _home_out(row) if row else None


async def latest_year() -> int | None:
    row = await YearEnd.select(YearEnd.year).order_by(YearEnd.year, ascending=False).first()
    return row["year"] if row else None
