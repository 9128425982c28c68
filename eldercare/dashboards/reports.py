"""The bureau's statistical tables (统计报表): one builder per report, shared by the screen, print and Excel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.dashboards import queries, rules, services
from eldercare.errors import NotFound
from eldercare.money import format_fen
from eldercare.reports.excel import Column as C
from eldercare.reports.excel import Report
from eldercare.web import cn, tenths
from eldercare.yearend.lock import is_finalized


async def _unit() -> str:
    """统计单位: the county's issuing unit (本县设置)."""
    from eldercare.profile.services import get_profile

    return (await get_profile())["issuing_unit"]

SNAPSHOTS = ("homes", "supported")  # as on a date (统计日期); the others are a year's (年度)
REPORTS = {
    "homes": "敬老院基本情况统计表",
    "supported": "供养对象统计表",
    "payments": "供养金发放月报表",
    "economy": "院办经济收支统计表",
    "ranking": "敬老院年度考核排名表",
}


def display(kind: str, value: Any) -> str:
    """A cell on screen and in print."""
    if value is None:
        return ""
    if kind == "fen":
        return format_fen(value)
    if kind == "permille":
        return rules.permille_text(value)
    if kind == "tenths":
        return tenths(value)
    if kind == "bool":
        return "是" if value else "否"
    return str(value)


def _date_text(on: dt.date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


async def homes_report(on: dt.date) -> Report:
    items = await services.homes(on)
    economy = {e["id"]: e for e in await services.economy(on.year)}
    for h in items:
        h["kind_name"] = cn(h["kind"], "home_kind")
        h.update({k: economy[h["id"]][k] for k in ("income_fen", "expense_fen", "net_fen")})
    keys = ("beds", "residents", "free_beds", "self_care", "partial", "full_care", "staff", "income_fen",
            "expense_fen", "net_fen")  # fmt: skip
    total = services.sum_rows(items, keys)
    total["occupancy_permille"] = rules.rate_permille(total["residents"], total["beds"])
    columns = [
        C("name", "敬老院", "text"), C("kind_name", "类型", "text"), C("township_name", "乡镇", "text"),
        C("beds", "床位（张）", group="床位与入住"), C("residents", "在院供养对象（人）", group="床位与入住"),
        C("free_beds", "空余床位（张）", group="床位与入住"),
        C("occupancy_permille", "入住率", "permille", group="床位与入住"),
        C("self_care", "全自理", group="自理能力（人）"), C("partial", "半失能", group="自理能力（人）"),
        C("full_care", "全失能", group="自理能力（人）"), C("staff", "工作人员（人）"),
        C("income_fen", "收入", "fen", group="院办经济（元）"), C("expense_fen", "支出", "fen", group="院办经济（元）"),
        C("net_fen", "净收入", "fen", group="院办经济（元）"),
    ]  # fmt: skip
    return Report("homes", f"{on.year}年敬老院基本情况统计表", await _unit(), _date_text(on), columns, total, items)


async def supported_report(on: dt.date) -> Report:
    items = await services.townships(on)
    keys = ("total", "centralized", "dispersed", "self_care", "partial", "full", "male", "female")
    total = services.sum_rows(items, keys)
    total["rate_permille"] = rules.rate_permille(total["centralized"], total["total"])
    columns = [
        C("name", "乡镇", "text"), C("total", "供养对象（人）"),
        C("centralized", "集中供养", group="供养方式（人）"), C("dispersed", "分散供养", group="供养方式（人）"),
        C("rate_permille", "集中供养率", "permille"),
        C("self_care", "全自理", group="自理能力（人）"), C("partial", "半失能", group="自理能力（人）"),
        C("full", "全失能", group="自理能力（人）"), C("male", "男", group="性别（人）"), C("female", "女", group="性别（人）"),
    ]  # fmt: skip
    return Report("supported", f"{on.year}年供养对象统计表", await _unit(), _date_text(on), columns, total, items)


async def payments_report(year: int) -> Report:
    items = await queries.payments_by_month(year)
    keys = ("centralized_n", "centralized_fen", "dispersed_n", "dispersed_fen", "back_pay_fen", "batch_count",
            "total_fen")  # fmt: skip
    total = services.sum_rows(items, keys)
    columns = [
        C("period", "月份", "text"),
        C("centralized_n", "人次", group="集中供养"), C("centralized_fen", "金额（元）", "fen", group="集中供养"),
        C("dispersed_n", "人次", group="分散供养"), C("dispersed_fen", "金额（元）", "fen", group="分散供养"),
        C("back_pay_fen", "其中补发（元）", "fen"), C("batch_count", "发放人次"), C("total_fen", "发放金额（元）", "fen"),
    ]  # fmt: skip
    return Report("payments", f"{year}年供养金发放月报表", await _unit(), f"{year}年1月至12月", columns, total, items)


async def economy_report(year: int) -> Report:
    items = await services.economy(year)
    total = services.sum_rows(items, ("income_fen", "in_kind_fen", "expense_fen", "net_fen", "pool_fen"))
    columns = [
        C("name", "敬老院", "text"), C("income_fen", "合计", "fen", group="收入（元）"),
        C("in_kind_fen", "其中实物", "fen", group="收入（元）"), C("expense_fen", "支出（元）", "fen"),
        C("net_fen", "净收入（元）", "fen"), C("pool_fen", "奖励基金 20%（元）", "fen"),
    ]  # fmt: skip
    return Report("economy", f"{year}年院办经济收支统计表", await _unit(), f"{year}年度", columns, total, items)


async def ranking_report(year: int) -> Report:
    items = await queries.ranking(year)
    total = services.sum_rows(items, ("award_fen", "net_fen", "pool_fen"))
    columns = [
        C("name", "敬老院", "text"), C("rank", "名次"), C("total_tenths", "总分", "tenths"), C("star", "星级"),
        C("award_fen", "项目资金（元）", "fen"), C("pension_eligible", "可参加养老保险", "bool"),
        C("net_fen", "净收入", "fen", group="院办经济（元）"), C("pool_fen", "奖励基金", "fen", group="院办经济（元）"),
    ]  # fmt: skip
    return Report("ranking", f"{year}年敬老院年度考核排名表", await _unit(), f"{year}年度", columns, total, items)


async def build(*, actor: Actor, key: str, on: dt.date, year: int) -> Report:
    """One report for the bureau; `on` for the snapshot reports, `year` for the yearly ones."""
    require_role(actor, BUREAU)
    builders = {
        "homes": lambda: homes_report(on),
        "supported": lambda: supported_report(on),
        "payments": lambda: payments_report(year),
        "economy": lambda: economy_report(year),
        "ranking": lambda: ranking_report(year),
    }
    if key not in builders:
        raise NotFound("没有这张报表。")
    report = await builders[key]()
    report.prepared_by = actor.display_name or actor.username
    report.draft = "" if await is_finalized(on.year if key in SNAPSHOTS else year) else "试算"
    return report
