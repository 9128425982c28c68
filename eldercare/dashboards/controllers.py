"""Pages: the county dashboard, a home's dashboard, the staff member's years, the bureau's reports."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get
from litestar.response import Template

from eldercare.auth.actor import BUREAU, DIRECTOR, STAFF
from eldercare.auth.middleware import requires
from eldercare.charts import bar_chart, month_chart
from eldercare.config import get_settings
from eldercare.dashboards import reports, rules, services
from eldercare.errors import Invalid
from eldercare.pocket import services as pocket_money
from eldercare.reports.excel import download, file_name
from eldercare.web import page_or_partial, render

HOMES_PER_PAGE = 30


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo(get_settings().timezone)).date()


def parse_on(on: str | None) -> dt.date:
    """`?on=YYYY-MM-DD` shows a past (or planned) date; default today in the county's time zone."""
    if not on:
        return today()
    try:
        return dt.date.fromisoformat(on)
    except ValueError as exc:
        raise Invalid("日期格式应为 YYYY-MM-DD。", fields={"on": "日期格式应为 YYYY-MM-DD。"}) from exc


def rate_chart(townships: list[dict]) -> object:
    rows = [(t["name"], t["rate_permille"] / 10) for t in townships if t["total"]]
    return bar_chart(
        rows, title="各乡镇集中供养率", target=86, target_label="目标 86%", fmt="{:.1f}%", maximum=100
    )


async def home_figures(request: Request, home_id: int, day: dt.date) -> dict[str, Any]:
    """What dashboards/_home_figures.html needs (the home's dashboard and its hub page show the same figures)."""
    data = await services.home_dashboard(actor=request.user, home_id=home_id, on=day)
    chart = month_chart(
        [(f"{day.year}年", [v / 100 for v in data["net_this_year"]]),
         (f"{day.year - 1}年", [v / 100 for v in data["net_last_year"]])],
        title="院办经济月度净收入（元）", fmt="{:,.2f}",
    )  # fmt: skip
    return {"d": data, "chart": chart, "permille": rules.permille_text}


class DashboardPages(Controller):
    path = "/"

    @get("/dashboard", guards=[requires(BUREAU)])
    async def county(self, request: Request, on: str | None = None, offset: int = 0) -> Template:
        day = parse_on(on)
        data = await services.county_dashboard(actor=request.user, on=day)
        limit, offset = rules.clamp_page(HOMES_PER_PAGE, offset)
        fund = data["fund"]
        charts = {
            "rate": rate_chart(data["townships"]),
            "fund": month_chart([("月末余额", [v / 100 for v in fund["month_end_fen"]])], title="专户月末余额（元）",
                                fmt="{:,.2f}"),
            "economy": bar_chart([(e["name"], e["net_fen"] / 100) for e in data["economy"]],
                                 title="院办经济净收入（元）", fmt="{:,.2f}"),
        }  # fmt: skip
        pocket = await pocket_money.home_shares(on=day)
        return page_or_partial(request, "dashboards/county.html", "dashboards/_county_homes.html", d=data,
                               charts=charts, limit=limit, offset=offset, permille=rules.permille_text,
                               pocket=pocket)  # fmt: skip

    @get("/homes/{home_id:int}/dashboard", guards=[requires(BUREAU, DIRECTOR)])
    async def home(self, request: Request, home_id: int, on: str | None = None) -> Template:
        return render(request, "dashboards/home.html", **await home_figures(request, home_id, parse_on(on)))

    @get("/me/years", guards=[requires(STAFF)])
    async def my_years(self, request: Request, offset: int = 0) -> Template:
        limit, offset = rules.clamp_page(10, offset)
        years, total = await services.my_years(actor=request.user, limit=limit, offset=offset)
        return page_or_partial(request, "dashboards/staff_years.html", "dashboards/_staff_years.html", years=years,
                               years_total=total, limit=limit, offset=offset)  # fmt: skip


class ReportPages(Controller):
    path = "/reports"
    guards = [requires(BUREAU)]

    @get("/")
    async def index(self, request: Request, on: str | None = None, year: int | None = None) -> Template:
        day = parse_on(on)
        return render(
            request, "dashboards/reports.html", reports=reports.REPORTS, on=day, year=year or day.year
        )

    @get("/{key:str}")
    async def show(
        self, request: Request, key: str, on: str | None = None, year: int | None = None
    ) -> Template:
        day = parse_on(on)
        report = await reports.build(actor=request.user, key=key, on=day, year=year or day.year)
        return render(request, "dashboards/report.html", report=report, show=reports.display,
                      on=day, year=year or day.year)  # fmt: skip

    @get("/{key:str}/xlsx")
    async def excel(
        self, request: Request, key: str, on: str | None = None, year: int | None = None
    ) -> Response:
        day = parse_on(on)
        report = await reports.build(actor=request.user, key=key, on=day, year=year or day.year)
        name = file_name(reports.REPORTS[report.key], report.unit, report.period)
        return download(report, filename=name, fallback=f"{report.key}.xlsx")
