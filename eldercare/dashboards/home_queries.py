"""A home's and a staff member's figures: one read-only query per figure, plain arguments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare.dashboards.queries import province_rubric_items
from eldercare.dashboards.sql import month_of, rows, year_bounds


async def census_on(home_id: int, on: dt.date) -> dict[str, Any] | None:
    """每日在院人数 recorded for the day, or None when nobody has recorded it yet."""
    found = await rows(
        "SELECT present, hospitalized, on_leave FROM census WHERE home = ? AND dated_on = ?", home_id, on
    )
    return found[0] if found else None


async def home_batch(home_id: int, period: str) -> dict[str, Any]:
    """The month's payment batch, only this home's lines (centralized support is paid to the home)."""
    found = await rows(
        """SELECT COUNT(l.id) AS lines, CAST(COALESCE(SUM(l.amount_fen), 0) AS BIGINT) AS total_fen,
             COUNT(DISTINCT b.id) AS batches
           FROM payment_batch b JOIN payment_line l ON l.batch = b.id AND l.home = ?
           WHERE b.period = ?""",
        home_id,
        period,
    )
    row = found[0]
    return {
        "period": period,
        "lines": row["lines"],
        "total_fen": row["total_fen"],
        "paid": row["batches"] > 0,
    }


async def economy_months(home_id: int, years: tuple[int, ...]) -> list[dict[str, Any]]:
    """Income and expense by month for the given years (reversals carry negated amounts)."""
    start, _ = year_bounds(min(years))
    _, end = year_bounds(max(years))
    sql = f"""SELECT {month_of("dated_on")} AS period, kind, CAST(SUM(amount_fen) AS BIGINT) AS amount_fen
      FROM economy_line WHERE home = ? AND dated_on >= ? AND dated_on < ?
      GROUP BY {month_of("dated_on")}, kind"""
    return await rows(sql, home_id, start, end)


async def reviews_due(home_id: int, *, due_cutoff: dt.date, limit: int = 10) -> dict[str, Any]:
    """Centralized residents of the home whose 年审 base date (last review, else admission) ≤ the cutoff."""
    base = "COALESCE(last_review_on, admitted_on)"
    where = f"home = ? AND status = 'active' AND {base} <= ?"
    count = await rows(f"SELECT COUNT(*) AS n FROM resident WHERE {where}", home_id, due_cutoff)
    listed = await rows(
        f"SELECT id, name, {base} AS base_on FROM resident WHERE {where} ORDER BY {base}, id LIMIT ?",
        home_id,
        due_cutoff,
        limit,
    )
    return {"count": count[0]["n"], "residents": listed}


async def trust_round_done(home_id: int, *, year: int, round_no: int) -> bool:
    found = await rows(
        "SELECT COUNT(*) AS n FROM trust_survey WHERE home = ? AND year = ? AND round = ?",
        home_id,
        year,
        round_no,
    )
    return found[0]["n"] > 0


async def scores_missing(home_id: int, year: int) -> dict[str, Any]:
    """Rubric items of the year not yet scored for the home (no rubric: nothing to score yet)."""
    found = await rows(
        """SELECT r.id AS rubric, (SELECT COUNT(*) FROM rubric_item i WHERE i.rubric = r.id) AS items,
             (SELECT COUNT(*) FROM rating_score sc JOIN rating_sheet s ON s.id = sc.sheet
              WHERE s.rubric = r.id AND s.home = ?) AS scored
           FROM rubric r WHERE r.year = ?""",
        home_id,
        year,
    )
    if not found:  # the province's default rubric is in force: nothing of it scored yet
        items = await province_rubric_items(year)
        return {"rubric": bool(items), "items": items, "missing": items}
    row = found[0]
    return {"rubric": True, "items": row["items"], "missing": row["items"] - row["scored"]}


async def staff_years(staff_id: int, *, limit: int = 10, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """A staff member's own year-end results, latest year first, with the run's status."""
    sql = """SELECT s.year AS year, s.grade AS grade, s.months AS months, s.rate_fen AS rate_fen,
        s.performance_pay_fen AS performance_pay_fen, s.bonus_share_fen AS bonus_share_fen,
        s.pension_eligible AS pension_eligible, s.flagged_for_adjustment AS flagged_for_adjustment,
        s.reasons AS reasons, s.why AS why, y.status AS status
      FROM year_end_staff s LEFT JOIN year_end y ON y.year = s.year
      WHERE s.staff = ? ORDER BY s.year DESC LIMIT ? OFFSET ?"""
    total = await rows("SELECT COUNT(*) AS n FROM year_end_staff WHERE staff = ?", staff_id)
    return await rows(sql, staff_id, limit, offset), total[0]["n"]
