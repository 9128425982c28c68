"""Pages: standards with the what-if preview, the fund ledger and statement, batches, pay lists (发放花名册),
the public disclosure per home (财务公开)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError, Invalid
from eldercare.money import parse_yuan
from eldercare.payments import rules, selectors, services
from eldercare.reports.excel import Sheet, write_sheet, yuan
from eldercare.web import cn, page_or_partial, redirect, render

FORM_FIELDS = {name: name.removesuffix("_fen") for name in rules.STANDARD_FIELDS}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def standard_form(form: Any) -> dict[str, int]:
    """元 text from the form → fen; every field's problem collected."""
    values: dict[str, int] = {}
    fields: dict[str, str] = {}
    for name, key in FORM_FIELDS.items():
        try:
            values[name] = parse_yuan(form.get(key, "") or "0", field=name, allow_zero=True)
        except Invalid as exc:
            fields.update(exc.fields)
    if fields:
        raise Invalid("供养标准有误。", fields=fields)
    return values


class PaymentPages(Controller):
    path = "/"

    @get("/payments/standards", guards=[requires(BUREAU, DIRECTOR)])
    async def standards(self, request: Request, year: int | None = None) -> Template:
        return await self._standards_page(request, year or services.local_today().year)

    async def _standards_page(self, request: Request, year: int, **extra: Any) -> Template:
        history = await services.standard_history(actor=request.user, year=year)
        return render(request, "payments/standards.html", year=year, history=history,
                      current=history[0] if history else None, **extra)  # fmt: skip

    @post("/payments/standards/{year:int}/preview", guards=[requires(BUREAU)])
    async def preview(self, request: Request, year: int) -> Template:
        try:
            values = standard_form(await request.form())
            found = await services.preview_standard(actor=request.user, year=year, values=values)
        except Invalid as exc:
            return render(request, "payments/_preview.html", errors=exc.fields, preview=None)
        return render(request, "payments/_preview.html", errors={}, preview=found)

    @post("/payments/standards/{year:int}", guards=[requires(BUREAU)])
    async def save_standard(self, request: Request, year: int) -> Response:
        form = await request.form()
        try:
            before = await services.standard_in_force(year)
            after = await services.put_standard(actor=request.user, year=year, values=standard_form(form))
        except DomainError as exc:
            errors = {FORM_FIELDS.get(k, k): v for k, v in exc.fields.items()}
            page = await self._standards_page(request, year, errors=errors, message=exc.detail, form=form)
            page.status_code = 422 if exc.status_code == 422 else exc.status_code
            return page
        unchanged = before is not None and before["version"] == after["version"]
        flash = "未作修改。" if unchanged else f"{year}年度供养标准已保存（第 {after['version']} 版）。"
        return redirect(f"/payments/standards?year={year}", flash=flash)

    @get("/fund", guards=[requires(BUREAU)])
    async def fund(self, request: Request, year: int | None = None, offset: int = 0) -> Template:
        return await self._fund_page(request, year, offset)

    async def _fund_page(self, request: Request, year: int | None, offset: int, **extra: Any) -> Template:
        found = await selectors.ledger(actor=request.user, year=year, limit=50, offset=offset)
        base = f"/fund?year={year}&" if year else "/fund?"
        return page_or_partial(request, "payments/fund.html", "payments/_ledger.html", ledger=found, year=year,
                               offset=offset, limit=50, base=base, today=services.local_today(), **extra)  # fmt: skip

    @post("/fund/inflows", guards=[requires(BUREAU)])
    async def inflow(self, request: Request) -> Response:
        form = await request.form()
        try:
            on = _date(form.get("on", ""))
            amount = parse_yuan(form.get("amount", ""), field="amount")
            await services.add_inflow(actor=request.user, dated_on=on, amount_fen=amount,
                                      source=form.get("source", ""), document_no=form.get("document_no", ""))  # fmt: skip
        except DomainError as exc:
            page = await self._fund_page(request, None, 0, errors=exc.fields, message=exc.detail, form=form)
            page.status_code = exc.status_code
            return page
        return redirect("/fund", flash="拨入已入账。")

    @get("/fund/statement/{year:int}", guards=[requires(BUREAU)])
    async def statement(self, request: Request, year: int) -> Template:
        found = await selectors.statement(actor=request.user, year=year)
        return render(request, "payments/statement.html", s=found)

    @get("/payments/batches", guards=[requires(BUREAU, DIRECTOR)])
    async def batches(self, request: Request, offset: int = 0) -> Template:
        return await self._batches_page(request, offset)

    async def _batches_page(self, request: Request, offset: int, **extra: Any) -> Template:
        rows, total = await selectors.list_batches(actor=request.user, limit=24, offset=offset)
        return page_or_partial(request, "payments/batches.html", "payments/_batches_table.html", batches=rows,
                               total=total, offset=offset, limit=24, base="/payments/batches?",
                               today=services.local_today(), **extra)  # fmt: skip

    @post("/payments/batches", guards=[requires(BUREAU)])
    async def create_batch(self, request: Request) -> Response:
        form = await request.form()
        try:
            batch = await services.create_batch(actor=request.user, period=form.get("period", ""))
        except DomainError as exc:
            page = await self._batches_page(request, 0, errors=exc.fields, message=exc.detail, form=form)
            page.status_code = exc.status_code
            return page
        note = "已发放" if batch["created"] else "该月已发放过，未重复发放"
        return redirect(f"/payments/batches/{batch['period']}", flash=f"{batch['period']} {note}。")

    @get("/payments/batches/{period:str}", guards=[requires(BUREAU, DIRECTOR)])
    async def batch(self, request: Request, period: str) -> Template:
        found = await selectors.batch_groups(actor=request.user, period=period)
        return render(request, "payments/batch.html", **found)

    @get("/payments/batches/{period:str}/homes/{home_id:int}", guards=[requires(BUREAU, DIRECTOR)])
    async def home_list(self, request: Request, period: str, home_id: int) -> Template:
        found = await selectors.pay_list(actor=request.user, period=period, home_id=home_id)
        return render(request, "payments/paylist.html", xlsx=f"{request.url.path}/xlsx", **found)

    @get("/payments/batches/{period:str}/townships/{township_id:int}", guards=[requires(BUREAU)])
    async def township_list(self, request: Request, period: str, township_id: int) -> Template:
        found = await selectors.pay_list(actor=request.user, period=period, township_id=township_id)
        return render(request, "payments/paylist.html", xlsx=f"{request.url.path}/xlsx", **found)

    @get("/payments/batches/{period:str}/homes/{home_id:int}/xlsx", guards=[requires(BUREAU, DIRECTOR)])
    async def home_xlsx(self, request: Request, period: str, home_id: int) -> Response:
        found = await selectors.pay_list(actor=request.user, period=period, home_id=home_id)
        return paylist_xlsx(found, maker=request.user.display_name or request.user.username)

    @get("/payments/batches/{period:str}/townships/{township_id:int}/xlsx", guards=[requires(BUREAU)])
    async def township_xlsx(self, request: Request, period: str, township_id: int) -> Response:
        found = await selectors.pay_list(actor=request.user, period=period, township_id=township_id)
        return paylist_xlsx(found, maker=request.user.display_name or request.user.username)

    @get("/homes/{home_id:int}/disclosure", guards=[requires(BUREAU, DIRECTOR)])
    async def disclosure(self, request: Request, home_id: int, year: int | None = None) -> Template:
        found = await selectors.disclosure(actor=request.user, home_id=home_id,
                                           year=year or services.local_today().year)  # fmt: skip
        return render(request, "payments/disclosure.html", **found)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid("日期格式不正确。", fields={"on": "请填写日期，如 2025-01-15。"}) from None


PAYLIST_HEADERS = ("序号", "姓名", "性别", "身份证号", "村", "自理能力", "月份", "类别", "金额（元）", "领款人签名")


def paylist_xlsx(found: dict[str, Any], *, maker: str) -> Response:
    """发放花名册 as Excel: 合计 first, a signature column left blank for the payee to sign."""
    period = found["batch"]["period"]
    rows = [
        (i, r["name"], cn(r["sex"], "sex"), r["id_number"], r["village"], cn(r["care_level"], "care_level"),
         r["for_period"], "补发" if r["kind"] == "back_pay" else "正常", yuan(r["amount_fen"]), "")
        for i, r in enumerate(found["rows"], start=1)
    ]  # fmt: skip
    mode = "集中供养" if found["mode"] == "centralized" else "分散供养"
    body = write_sheet(
        Sheet(
            title=f"{period[:4]}年{int(period[5:])}月特困供养金发放花名册（{mode}）", unit=found["unit"],
            period=period, headers=list(PAYLIST_HEADERS), rows=[list(r) for r in rows],
            total=["合计", f"{len(rows)}人次", "", "", "", "", "", "", yuan(found["total_fen"]), ""],
            money_columns={8}, prepared_by=maker, prepared_on=services.local_today(),
        )
    )  # fmt: skip
    name = f"paylist-{period}.xlsx"
    return Response(body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})
