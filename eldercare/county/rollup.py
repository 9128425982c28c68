"""The city's and province's comparison of their counties: a few aggregates read in each county's store.

Each figure comes from what the county keeps (residents' current state, homes' beds, batch totals, the fund
ledger's last balance, the kept economy totals of the year, the latest year-end run), so a county costs a
handful of indexed queries whatever the others hold. The counties are read a few at a time (READ_AT_ONCE), and
the page keeps the comparison for CACHE_SECONDS (rollup_pages.py): a hundred counties are read once per half
minute however many readers look (bench/counties.py, docs/performance.md).
"""

from __future__ import annotations

import asyncio
from typing import Any

from eldercare import db, stores
from eldercare.auth.actor import Actor
from eldercare.county import directory
from eldercare.dashboards.rules import CENTRALIZED_TARGET_PERMILLE
from eldercare.errors import Forbidden

FIGURES = """
SELECT
  (SELECT count(*) FROM resident WHERE status = 'active') AS supported,
  (SELECT count(*) FROM resident WHERE status = 'active' AND mode = 'centralized') AS centralized,
  (SELECT count(*) FROM home) AS homes,
  (SELECT coalesce(sum(beds), 0) FROM home) AS beds,
  (SELECT coalesce(sum(total_fen), 0) FROM payment_batch WHERE period >= ? AND period <= ?) AS paid_fen,
  (SELECT balance_after_fen FROM fund_entry ORDER BY id DESC LIMIT 1) AS balance_fen,
  (SELECT coalesce(sum(CASE WHEN kind = 'income' THEN amount_fen ELSE -amount_fen END), 0)
     FROM economy_total WHERE year = ?) AS net_fen,
  (SELECT max(year) FROM year_end) AS rated_year,
  (SELECT max(period) FROM payment_batch) AS last_batch,
  (SELECT status FROM job_run WHERE job = 'monthly-payments' ORDER BY period DESC, id DESC LIMIT 1) AS batch_job,
  (SELECT period FROM job_run WHERE job = 'monthly-payments' ORDER BY period DESC, id DESC LIMIT 1) AS batch_job_period,
  (SELECT status FROM job_run WHERE job = 'daily-checks' ORDER BY period DESC, id DESC LIMIT 1) AS checks_job
"""
READ_AT_ONCE = 4
JOB_STATUS = {"succeeded": "完成", "failed": "失败", "running": "运行中", None: "未运行"}
STARS = "SELECT star, count(*) AS homes, coalesce(sum(award_fen), 0) AS award_fen FROM year_end_home WHERE year = ? GROUP BY star"


async def county_figures(*, year: int) -> dict[str, Any]:
    """The current store's county at a glance (pure reads)."""
    row = (await db.fetch(FIGURES, f"{year}-01", f"{year}-12", year))[0]
    stars: dict[int, int] = {}
    awards = 0
    if row["rated_year"]:
        for s in await db.fetch(STARS, row["rated_year"]):
            stars[s["star"]] = s["homes"]
            awards += s["award_fen"]
    supported = row["supported"] or 0
    rate = row["centralized"] * 1000 // supported if supported else 0
    return {
        **row,
        "balance_fen": row["balance_fen"] or 0,
        "rate_permille": rate,
        "target_permille": CENTRALIZED_TARGET_PERMILLE,
        "meets_target": rate >= CENTRALIZED_TARGET_PERMILLE,
        "occupancy_permille": row["centralized"] * 1000 // row["beds"] if row["beds"] else 0,
        "stars": stars,
        "award_fen": awards,
        "batch_job_name": JOB_STATUS.get(row["batch_job"], row["batch_job"]),
        "checks_job_name": JOB_STATUS.get(row["checks_job"], row["checks_job"]),
    }


async def comparison(*, actor: Actor, year: int) -> dict[str, Any]:
    if not actor.is_reader:
        raise Forbidden("县级对比只对市、省级账号开放。")
    gate = asyncio.Semaphore(READ_AT_ONCE)

    async def one(county: dict[str, Any]) -> dict[str, Any]:
        async with gate:
            with stores.use(stores.store_name(county["store_no"], county["code"])):
                return {"code": county["code"], "name": county["name"], **await county_figures(year=year)}

    counties = list(await asyncio.gather(*(one(c) for c in await directory.visible_counties(actor))))
    keys = ("supported", "centralized", "homes", "beds", "paid_fen", "balance_fen", "net_fen", "award_fen")
    total = {k: sum(c[k] or 0 for c in counties) for k in keys}
    total["rate_permille"] = total["centralized"] * 1000 // total["supported"] if total["supported"] else 0
    total["occupancy_permille"] = total["centralized"] * 1000 // total["beds"] if total["beds"] else 0
    return {"year": year, "counties": counties, "total": total, "target_permille": CENTRALIZED_TARGET_PERMILLE}
