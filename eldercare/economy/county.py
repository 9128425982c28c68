"""The bureau's county table: every home's income, expense, net and pool for a year, sortable, as Excel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.county.services import HOME_COLUMNS
from eldercare.county.tables import Home
from eldercare.economy.services import economy_year, year_range
from eldercare.reports.excel import Column, Report, date_cn, download, file_name

SORTS = ("code", "name", "income_fen", "expense_fen", "net_fen", "pool_fen")
FIGURES = ("income_fen", "expense_fen", "net_fen", "pool_fen")
UNIT = "遂川县民政局"


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
    rows: list[dict[str, Any]], *, year: int, prepared_by: str, unit: str = UNIT, draft: str = ""
) -> Report:
    """院办经济收支统计表 in the civil-affairs layout."""
    money = "院办经济收支（元）"
    columns = [
        Column("n", "序号"), Column("name", "敬老院", "text", width=20), Column("township_name", "乡镇", "text"),
        Column("income_fen", "收入", "fen", money), Column("expense_fen", "支出", "fen", money),
        Column("net_fen", "纯收入", "fen", money), Column("pool_fen", "奖励池（纯收入20%）", "fen", money),
    ]  # fmt: skip
    return Report(
        key="economy", title=f"{year}年院办经济收支统计表", unit=unit,
        period=f"{date_cn(dt.date(year, 1, 1))}至{date_cn(dt.date(year, 12, 31))}", columns=columns,
        total={"n": "合计", "name": f"{len(rows)}所", **totals(rows)},
        rows=[{**r, "n": i} for i, r in enumerate(rows, start=1)], prepared_by=prepared_by, draft=draft,
    )  # fmt: skip


def county_download(
    rows: list[dict[str, Any]], *, year: int, prepared_by: str, unit: str = UNIT, draft: str = ""
) -> Any:
    report = county_workbook(rows, year=year, prepared_by=prepared_by, unit=unit, draft=draft)
    return download(report, filename=file_name("院办经济收支统计表", unit, f"{year}年"), fallback=f"economy-{year}.xlsx")
