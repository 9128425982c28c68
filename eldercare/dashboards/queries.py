"""County figures: one read-only, set-based query per figure, over the tables as they are.

Each takes plain arguments (`on`, `year`); scope is checked by the caller (services.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare.dashboards.sql import month_of, rows, year_bounds
from eldercare.residents.sql import STATE_ON

ACTIVE_STATES = f"""
SELECT s.resident, s.mode, s.home, s.care_level, r.township AS township, r.sex AS sex
FROM ({STATE_ON}) s JOIN resident r ON r.id = s.resident WHERE s.status = 'active'
"""


def _count_if(condition: str, alias: str) -> str:
    return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0) AS {alias}"


async def supported_by_township(on: dt.date) -> list[dict[str, Any]]:
    """供养对象 active on `on`, by township: mode, care level and sex (every township, zeros included)."""
    sql = f"""
    SELECT t.id AS township_id, t.code AS code, t.name AS name, COUNT(a.resident) AS total,
      {_count_if("a.mode = 'centralized'", "centralized")}, {_count_if("a.mode = 'dispersed'", "dispersed")},
      {_count_if("a.care_level = 'self_care'", "self_care")}, {_count_if("a.care_level = 'partial'", "partial")},
      {_count_if("a.care_level = 'full'", "full")}, {_count_if("a.sex = 'M'", "male")},
      {_count_if("a.sex = 'F'", "female")}
    FROM township t LEFT JOIN ({ACTIVE_STATES}) a ON a.township = t.id
    GROUP BY t.id, t.code, t.name ORDER BY t.code"""
    return await rows(sql, on, on)


async def homes_occupancy(on: dt.date, home_id: int | None = None) -> list[dict[str, Any]]:
    """Beds, centralized residents on `on` (by care level), the day's census and staff employed, per home
    (only `home_id` when given: a home's dashboard costs one home, not the county)."""
    one = home_id is not None
    sql = f"""
    SELECT h.id AS id, h.code AS code, h.name AS name, h.kind AS kind, h.beds AS beds, t.name AS township_name,
      COALESCE(a.residents, 0) AS residents, COALESCE(a.self_care, 0) AS self_care,
      COALESCE(a.partial, 0) AS partial, COALESCE(a.full_care, 0) AS full_care,
      c.present AS present, c.hospitalized AS hospitalized, c.on_leave AS on_leave,
      COALESCE(st.staff, 0) AS staff
    FROM home h JOIN township t ON t.id = h.township
    LEFT JOIN (SELECT s.home AS home, COUNT(*) AS residents,
        {_count_if("s.care_level = 'self_care'", "self_care")}, {_count_if("s.care_level = 'partial'", "partial")},
        {_count_if("s.care_level = 'full'", "full_care")}
      FROM ({STATE_ON}) s WHERE s.status = 'active' AND s.mode = 'centralized' {"AND s.home = ?" if one else ""}
      GROUP BY s.home) a ON a.home = h.id
    LEFT JOIN census c ON c.home = h.id AND c.dated_on = ?
    LEFT JOIN (SELECT home, COUNT(*) AS staff FROM staff
      WHERE hired_on <= ? AND (left_on IS NULL OR left_on > ?) {"AND home = ?" if one else ""}
      GROUP BY home) st ON st.home = h.id
    {"WHERE h.id = ?" if one else ""}
    ORDER BY h.code"""
    if one:
        return await rows(sql, on, on, home_id, on, on, on, home_id, home_id)
    return await rows(sql, on, on, on, on, on)


async def fund_balance_on(on: dt.date) -> int | None:
    """The special fund's balance after the last entry on or before `on` (None: no entry yet)."""
    found = await rows(
        "SELECT balance_after_fen FROM fund_entry WHERE dated_on <= ? ORDER BY dated_on DESC, id DESC LIMIT 1",
        on,
    )
    return found[0]["balance_after_fen"] if found else None


async def fund_moves_by_month(year: int) -> list[dict[str, Any]]:
    """The year's fund movements by month: inflow and outflow totals."""
    start, end = year_bounds(year)
    sql = f"""
    SELECT {month_of("dated_on")} AS period,
      CAST(COALESCE(SUM(CASE WHEN kind = 'inflow' THEN amount_fen ELSE 0 END), 0) AS BIGINT) AS inflow_fen,
      CAST(COALESCE(SUM(CASE WHEN kind = 'outflow' THEN amount_fen ELSE 0 END), 0) AS BIGINT) AS outflow_fen
    FROM fund_entry WHERE dated_on >= ? AND dated_on < ? GROUP BY {month_of("dated_on")}"""
    return await rows(sql, start, end)


async def payments_by_month(year: int) -> list[dict[str, Any]]:
    """The year's payment batches by period, split by mode and back pay from their lines."""
    sql = """
    SELECT b.period AS period, b.count AS batch_count, b.total_fen AS total_fen,
      COALESCE(SUM(CASE WHEN l.mode = 'centralized' THEN 1 ELSE 0 END), 0) AS centralized_n,
      CAST(COALESCE(SUM(CASE WHEN l.mode = 'centralized' THEN l.amount_fen ELSE 0 END), 0) AS BIGINT)
        AS centralized_fen,
      COALESCE(SUM(CASE WHEN l.mode = 'dispersed' THEN 1 ELSE 0 END), 0) AS dispersed_n,
      CAST(COALESCE(SUM(CASE WHEN l.mode = 'dispersed' THEN l.amount_fen ELSE 0 END), 0) AS BIGINT)
        AS dispersed_fen,
      CAST(COALESCE(SUM(CASE WHEN l.kind = 'back_pay' THEN l.amount_fen ELSE 0 END), 0) AS BIGINT)
        AS back_pay_fen
    FROM payment_batch b LEFT JOIN payment_line l ON l.batch = b.id
    WHERE b.period LIKE ? GROUP BY b.id, b.period, b.count, b.total_fen ORDER BY b.period"""
    return await rows(sql, f"{year}-%")


async def batches_by_month(year: int) -> list[dict[str, Any]]:
    """The year's payment batches: period, people paid and total, as each batch keeps them (no line is read)."""
    sql = """SELECT period, count AS batch_count, total_fen FROM payment_batch
    WHERE period >= ? AND period <= ? ORDER BY period"""
    return await rows(sql, f"{year}-01", f"{year}-12")


async def economy_by_home(year: int) -> list[dict[str, Any]]:
    """院办经济 per home for the year: income (of it in kind), expense, from the kept totals (economy_total)."""
    sql = """
    SELECT h.id AS id, h.code AS code, h.name AS name,
      CAST(COALESCE(SUM(CASE WHEN e.kind = 'income' THEN e.amount_fen ELSE 0 END), 0) AS BIGINT) AS income_fen,
      CAST(COALESCE(SUM(CASE WHEN e.kind = 'income' AND e.in_kind = ? THEN e.amount_fen ELSE 0 END), 0) AS BIGINT)
        AS in_kind_fen,
      CAST(COALESCE(SUM(CASE WHEN e.kind = 'expense' THEN e.amount_fen ELSE 0 END), 0) AS BIGINT) AS expense_fen
    FROM home h LEFT JOIN economy_total e ON e.home = h.id AND e.year = ?
    GROUP BY h.id, h.code, h.name ORDER BY h.code"""
    return await rows(sql, True, year)


async def province_rubric_items(year: int) -> int:
    """How many items the province's default rubric for the year has (0: none)."""
    from eldercare.county.defaults import province_default

    default = await province_default("rubric", year)
    return sum(len(a["items"]) for a in default["areas"]) if default else 0


async def rating_progress(year: int) -> dict[str, Any]:
    """How far the year's scoring has got: items in the rubric and, per home, how many are scored."""
    rubric = await rows(
        "SELECT r.id AS id, r.frozen AS frozen, (SELECT COUNT(*) FROM rubric_item i WHERE i.rubric = r.id) AS items "
        "FROM rubric r WHERE r.year = ?",
        year,
    )
    if not rubric:  # the province's default rubric, in force until the first score copies it in (none scored)
        items = await province_rubric_items(year)
        if not items:
            return {"year": year, "rubric": False, "items": 0, "homes": []}
        rubric = [{"id": 0, "items": items}]
    homes = await rows(
        """SELECT h.id AS id, h.code AS code, h.name AS name, COUNT(sc.id) AS scored,
             CAST(COALESCE(SUM(sc.points_tenths), 0) AS BIGINT) AS total_tenths
           FROM home h LEFT JOIN rating_sheet s ON s.home = h.id AND s.rubric = ?
           LEFT JOIN rating_score sc ON sc.sheet = s.id
           GROUP BY h.id, h.code, h.name ORDER BY h.code""",
        rubric[0]["id"],
    )
    return {"year": year, "rubric": True, "items": rubric[0]["items"], "homes": homes}


async def latest_year_end(up_to: int) -> dict[str, Any] | None:
    found = await rows("SELECT year, status FROM year_end WHERE year <= ? ORDER BY year DESC LIMIT 1", up_to)
    return found[0] if found else None


async def ranking(year: int) -> list[dict[str, Any]]:
    """年度排名 of a year's stored run, first place first."""
    sql = """
    SELECT r.rank AS rank, h.id AS home_id, h.code AS code, h.name AS name, r.total_tenths AS total_tenths,
      r.star AS star, r.award_fen AS award_fen, r.pension_eligible AS pension_eligible, r.net_fen AS net_fen,
      r.pool_fen AS pool_fen
    FROM year_end_home r JOIN home h ON h.id = r.home WHERE r.year = ? ORDER BY r.rank"""
    return await rows(sql, year)


async def admissions_by_stage(home_id: int | None = None) -> dict[str, int]:
    """Open cases of 三审三公示 by stage (approved and rejected are closed)."""
    where, args = ("AND home = ?", [home_id]) if home_id else ("", [])
    found = await rows(
        f"SELECT stage, COUNT(*) AS n FROM admission WHERE stage IN ('village', 'township', 'county') {where} "
        "GROUP BY stage",
        *args,
    )
    return {r["stage"]: r["n"] for r in found}


async def notices(*, ends_by: dt.date | None = None, home_id: int | None = None) -> list[dict[str, Any]]:
    """Admissions in notice (公示中), soonest ending first; optionally only those ending by a date."""
    where, args = ["a.in_notice = ?"], [True]
    if ends_by:
        where.append("a.notice_ends_on <= ?")
        args.append(ends_by)
    if home_id:
        where.append("a.home = ?")
        args.append(home_id)
    sql = f"""SELECT a.id AS id, a.name AS name, a.id_number AS id_number, a.stage AS stage,
      a.notice_ends_on AS notice_ends_on, t.name AS township_name
      FROM admission a JOIN township t ON t.id = a.township
      WHERE {" AND ".join(where)} ORDER BY a.notice_ends_on, a.id"""
    return await rows(sql, *args)


async def integrity_findings() -> dict[str, int]:
    """专项治理: ID numbers active more than once; payments for months after an exit or death."""
    duplicates = await rows(
        "SELECT COUNT(*) AS n FROM (SELECT id_number FROM resident WHERE status = 'active' "
        "GROUP BY id_number HAVING COUNT(*) > 1) d"
    )
    paid_after_exit = await rows(
        """SELECT COUNT(*) AS n FROM payment_line l JOIN resident r ON r.id = l.resident
           WHERE r.status IN ('exited', 'deceased') AND (l.for_period || '-01') > CAST(r.status_on AS TEXT)"""
    )
    return {"duplicate_ids": duplicates[0]["n"], "paid_after_exit": paid_after_exit[0]["n"]}
