"""Pages: the bureau's pocket-money year (setting, months paid, pay by hand), a home's 领取签名 list (print and
Excel), a resident's 代管金 ledger with its form and printed statement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError, Invalid
from eldercare.money import parse_yuan
from eldercare.pocket import rules, savings, services
from eldercare.reports.excel import Column, Report, download, file_name
from eldercare.web import cn, redirect, render

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def setting_form(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"source": form.get("source", "")}
    fields: dict[str, str] = {}
    for level in rules.CARE_LEVELS:
        try:
            values[f"{level}_fen"] = parse_yuan(form.get(level, "") or "0", field=f"{level}_fen", allow_zero=True)
        except Invalid as exc:
            fields.update(exc.fields)
    if fields:
        raise Invalid("零用钱标准有误。", fields=fields)
    return values


class PocketMoneyPages(Controller):
    path = "/pocket-money"

    @get("/", guards=[requires(BUREAU)])
    async def index(self, request: Request, year: int | None = None) -> Template:
        return await self._year_page(request, year or services.local_today().year)

    async def _year_page(self, request: Request, year: int, status: int = 200, **extra: Any) -> Template:
        services.check_year(year)
        setting = await services.setting_for(year)
        months = await services.year_months(actor=request.user, year=year)
        today = services.local_today()
        shares = await services.home_shares(on=today)
        return render(request, "pocket/index.html", status_code=status, year=year, setting=setting, months=months,
                      shares=shares, this_period=f"{today:%Y-%m}", sources=rules.SOURCES, errors=extra.pop("errors", {}), **extra)  # fmt: skip

    @post("/{year:int}", guards=[requires(BUREAU)])
    async def save(self, request: Request, year: int) -> Response:
        form = await request.form()
        try:
            await services.put_setting(actor=request.user, year=year, values=setting_form(form))
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._year_page(request, year, status=exc.status_code, errors=exc.fields,
                                         message=exc.detail, form=form)  # fmt: skip
        return redirect(f"/pocket-money?year={year}", flash=f"{year}年度零用钱标准已保存。")

    @post("/payments", guards=[requires(BUREAU)])
    async def pay(self, request: Request) -> Response:
        form = await request.form()
        period = form.get("period", "")
        try:
            paid = await services.pay_month(actor=request.user, period=period)
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            year = int(period[:4]) if period[:4].isdigit() else services.local_today().year
            return await self._year_page(request, year, status=exc.status_code, errors=exc.fields,
                                         message=exc.detail)  # fmt: skip
        return redirect(f"/pocket-money?year={period[:4]}", flash=f"{paid['period']} 零用钱已发放 {paid['count']} 人。")

    @get("/{period:str}/homes/{home_id:int}", guards=[requires(BUREAU, DIRECTOR)])
    async def signatures(self, request: Request, period: str, home_id: int) -> Template:
        found = await services.signature_list(actor=request.user, period=period, home_id=home_id)
        return render(request, "pocket/signatures.html", xlsx=f"{request.url.path}/xlsx", **found)

    @get("/{period:str}/homes/{home_id:int}/xlsx", guards=[requires(BUREAU, DIRECTOR)])
    async def signatures_xlsx(self, request: Request, period: str, home_id: int) -> Response:
        found = await services.signature_list(actor=request.user, period=period, home_id=home_id)
        rows = [{"n": i, "name": r["name"], "sign": "", "amount_fen": r["amount_fen"], "sex": cn(r["sex"], "sex"),
                 "care_level": cn(r["care_level"], "care_level")} for i, r in enumerate(found["rows"], start=1)]  # fmt: skip
        report = Report(
            key="pocket", title=f"{period[:4]}年{int(period[5:])}月零用钱领取签名表", unit=found["home"]["name"],
            period=f"{period[:4]}年{int(period[5:])}月", columns=SIGNATURE_COLUMNS, rows=rows,
            total={"n": "合计", "name": f"{len(rows)}人", "amount_fen": found["total_fen"]},
            prepared_by=request.user.display_name or request.user.username, posted=True, draft=found["draft"],
        )  # fmt: skip
        name = file_name("零用钱领取签名表", found["home"]["name"], report.period)
        return download(report, filename=name, fallback=f"pocket-money-{period}.xlsx")


SIGNATURE_COLUMNS = [
    Column("n", "序号", width=6), Column("name", "姓名", "text", width=10),
    Column("sign", "领取人签名（或手印）", "sign", width=20), Column("amount_fen", "金额（元）", "fen", width=12),
    Column("sex", "性别", "text", width=6), Column("care_level", "自理能力", "text", width=9),
]  # fmt: skip


class SavingsPages(Controller):
    path = "/residents"
    guards = [requires(BUREAU, DIRECTOR)]

    @get("/{resident_id:int}/savings")
    async def show(self, request: Request, resident_id: int, after: str = "", before: str = "") -> Template:
        return await self._page(request, resident_id, after=after or None, before=before or None)

    async def _page(self, request: Request, resident_id: int, status: int = 200, after: str | None = None,
                    before: str | None = None, **extra: Any) -> Template:  # fmt: skip
        found = await savings.ledger(actor=request.user, resident_id=resident_id, after=after, before=before)
        return render(request, "pocket/savings.html", status_code=status, kinds=rules.KINDS,
                      today=services.local_today(), errors=extra.pop("errors", {}), form=extra.pop("form", {}),
                      **found, **extra)  # fmt: skip

    @post("/{resident_id:int}/savings")
    async def add(self, request: Request, resident_id: int) -> Response:
        form = await request.form()
        try:
            amount = parse_yuan(form.get("amount", ""), field="amount")
            try:
                on = dt.date.fromisoformat(form.get("on", "").strip())
            except ValueError:
                raise Invalid("日期格式不正确。", fields={"on": "请填写日期，如 2026-11-30。"}) from None
            await savings.record_entry(actor=request.user, resident_id=resident_id, kind=form.get("kind", ""),
                                       dated_on=on, amount_fen=amount, witness=form.get("witness", ""),
                                       note=form.get("note", ""))  # fmt: skip
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._page(request, resident_id, status=exc.status_code, errors=exc.fields,
                                    message=exc.detail, form=form)  # fmt: skip
        return redirect(f"/residents/{resident_id}/savings", flash="代管金已登记。")
