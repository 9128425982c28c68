"""The bureau's county table: every home's income, expense, net and pool for a year, sortable, as Excel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.county.services import HOME_COLUMNS
from eldercare.county.tables import Home
from eldercare.economy.services import economy_year, year_range
from eldercare.reports.excel import Sheet, write_sheet, yuan

SORTS = ("code", "name", "income_fen", "expense_fen", "net_fen", "pool_fen")
FIGURES = ("income_fen", "expense_fen", "net_fen", "pool_fen")


async def county_table(
    *, actor: Actor, year: int, sort: str = "code", descending: bool = False
) -> list[dict[str, Any]]:
    """[{home_id, code, name, township_name, income_fen, expense_fen, net_fen, pool_fen}] for every home."""
    require_role(actor, BUREAU)
    year_range(year)
    homes = {h["id"]: h for h in await Home.select(*HOME_COLUMNS)}
    rows = [
        {**r, "code": homes[r["home_id"]]["code"], "name": homes[r["home_id"]]["name"],
         "township_name": homes[r["home_id"]]["township_name"]}
        for r in await economy_year(year=year)
    ]  # fmt: skip
    key = sort if sort in SORTS else "code"
    return sorted(rows, key=lambda r: (r[key], r["code"]), reverse=descending)


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """合计: the county's sums (the pool total is the sum of each home's rounded pool)."""
    return {k: sum(r[k] for r in rows) for k in FIGURES}


def county_workbook(
    rows: list[dict[str, Any]], *, year: int, prepared_by: str, prepared_on: dt.date, unit: str = "县民政局"
) -> bytes:
    """院办经济收支统计表 in the civil-affairs layout."""
    total = totals(rows)
    return write_sheet(
        Sheet(
            title=f"{year}年院办经济收支统计表",
            unit=unit,
            period=f"{year}年1月1日至{year}年12月31日",
            groups=[("", 3), ("院办经济收支（元）", 4)],
            headers=["序号", "敬老院", "乡镇", "收入", "支出", "纯收入", "奖励池（纯收入20%）"],
            total=["合计", f"{len(rows)}所", "", *(yuan(total[k]) for k in FIGURES)],
            rows=[
                [i, r["name"], r["township_name"], *(yuan(r[k]) for k in FIGURES)]
                for i, r in enumerate(rows, start=1)
            ],
            money_columns={3, 4, 5, 6},
            prepared_by=prepared_by,
            prepared_on=prepared_on,
        )
    )
