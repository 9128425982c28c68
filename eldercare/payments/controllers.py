"""Pages: standards with the what-if preview, the fund ledger and statement, batches, pay lists (发放花名册),
the public disclosure per home (财务公开)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from eldercare import keyset, versions
from eldercare.approvals import services as approvals
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError, Invalid, PreconditionFailed
from eldercare.forms import FormReader
from eldercare.money import parse_yuan
from eldercare.payments import rules, selectors, services
from eldercare.reports.excel import Column, Report, download, file_name
from eldercare.web import cn, page_or_partial, redirect, render

WAITING = "已提交审核，尚未生效：须由本县另一名民政局工作人员在“待审核”中批准。"
FORM_FIELDS = {name: name.removesuffix("_fen") for name in rules.STANDARD_FIELDS}


def standard_form(form: Any) -> dict[str, int]:
    """元 text from the form → fen; every field's problem collected."""
    f = FormReader(form)
    values: dict[str, int] = {}
    fields: dict[str, str] = {}
    for name, key in FORM_FIELDS.items():
        text = f.text(key, default="0", max_length=30)
        try:
            values[name] = parse_yuan(text, field=name, allow_zero=True)
        except Invalid as exc:
            fields.update(exc.fields)
    fields.update({k: v for k, v in f.errors.items()})
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
        version = versions.tag(await services.standard_in_force(year))
        waiting = await approvals.pending_of(kinds=("standard",), year=year) if request.user.is_bureau else []
        return render(request, "payments/standards.html", year=year, history=history, waiting=waiting,
                      current=history[0] if history else None, version=version, **extra)  # fmt: skip

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
            version = FormReader(form).text("version", max_length=100) or None
            before = await services.standard_in_force(year)
            after = await services.put_standard(actor=request.user, year=year, values=standard_form(form),
                                                if_match=version)  # fmt: skip
        except PreconditionFailed as exc:  # someone saved first: the standard in force now, to check
            page = await self._standards_page(request, year, errors={}, message=exc.detail)
            page.status_code = exc.status_code
            return page
        except DomainError as exc:
            errors = {FORM_FIELDS.get(k, k): v for k, v in exc.fields.items()}
            page = await self._standards_page(request, year, errors=errors, message=exc.detail, form=form)
            page.status_code = 422 if exc.status_code == 422 else exc.status_code
            return page
        if isinstance(after, approvals.Pending):
            return redirect(f"/payments/standards?year={year}", flash=WAITING)
        unchanged = before is not None and before["version"] == after["version"]
        flash = "未作修改。" if unchanged else f"{year}年度供养标准已保存（第 {after['version']} 版）。"
        return redirect(f"/payments/standards?year={year}", flash=flash)

    @get("/fund", guards=[requires(BUREAU)])
    async def fund(
        self, request: Request, year: int | None = None, after: str = "", before: str = ""
    ) -> Template:
        return await self._fund_page(request, year, after=after, before=before)

    async def _fund_page(self, request: Request, year: int | None, *, after: str = "", before: str = "",
                         **extra: Any) -> Template:  # fmt: skip
        found = await selectors.ledger(actor=request.user, year=year, limit=50, after=after or None,
                                       before=before or None, cap=keyset.COUNT_CAP)  # fmt: skip
        base = f"/fund?year={year}&" if year else "/fund?"
        waiting = await approvals.pending_of(kinds=("inflow",))
        return page_or_partial(request, "payments/fund.html", "payments/_ledger.html", ledger=found, year=year,
                               base=base, today=services.local_today(), waiting=waiting, **extra)  # fmt: skip

    @post("/fund/inflows", guards=[requires(BUREAU)])
    async def inflow(self, request: Request) -> Response:
        form = await request.form()
        f = FormReader(form)
        try:
            on, amount_text = f.date("on"), f.text("amount", max_length=30)
            source, document_no = f.text("source", max_length=200), f.text("document_no", max_length=100)
            f.check("拨入信息有误。")
            amount = parse_yuan(amount_text, field="amount")
            entry = await services.add_inflow(actor=request.user, dated_on=on, amount_fen=amount, source=source,
                                              document_no=document_no)  # fmt: skip
        except DomainError as exc:
            page = await self._fund_page(request, None, errors=exc.fields, message=exc.detail, form=form)
            page.status_code = exc.status_code
            return page
        return redirect("/fund", flash=WAITING if isinstance(entry, approvals.Pending) else "拨入已入账。")

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
            f = FormReader(form)
            period = f.text("period", max_length=10)
            f.check("发放月份不正确。")
            batch = await services.create_batch(actor=request.user, period=period)
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


PAYLIST_COLUMNS = [
    Column("n", "序号", width=6), Column("name", "姓名", "text", width=10),
    Column("sign", "领款人签名（或手印）", "sign", width=20), Column("amount_fen", "金额（元）", "fen", width=12),
    Column("sex", "性别", "text", width=6), Column("id_number", "身份证号", "id"), Column("village", "村", "text"),
    Column("care_level", "自理能力", "text", width=9), Column("for_period", "月份", "text", width=9),
    Column("kind", "类别", "text", width=7), Column("certificate_no", "供养证号", "text", width=18),
]  # fmt: skip


def paylist_report(found: dict[str, Any], *, maker: str) -> Report:
    """发放花名册: 合计 first; the payee signs beside the name in rows tall enough to sign; ID numbers masked
    (the list is posted and signed in public)."""
    period = found["batch"]["period"]
    rows = (
        {"n": i, "name": r["name"], "amount_fen": r["amount_fen"], "sex": cn(r["sex"], "sex"),
         "id_number": r["id_number"], "village": r["village"], "care_level": cn(r["care_level"], "care_level"),
         "for_period": r["for_period"], "kind": "补发" if r["kind"] == "back_pay" else "正常",
         "certificate_no": r.get("certificate_no") or ""}
        for i, r in enumerate(found["rows"], start=1)
    )  # fmt: skip
    mode = "集中供养" if found["mode"] == "centralized" else "分散供养"
    return Report(
        key="paylist", title=f"{period[:4]}年{int(period[5:])}月特困供养金发放花名册（{mode}）", unit=found["unit"],
        period=f"{period[:4]}年{int(period[5:])}月", columns=PAYLIST_COLUMNS, rows=rows,
        total={"n": "合计", "name": f"{len(found['rows'])}人次", "amount_fen": found["total_fen"]},
        prepared_by=maker, posted=True, draft=found["draft"],
    )  # fmt: skip


def paylist_xlsx(found: dict[str, Any], *, maker: str) -> Response:
    report = paylist_report(found, maker=maker)
    period = found["batch"]["period"]
    name = file_name("发放花名册", found["unit"], report.period)
    return download(report, filename=name, fallback=f"paylist-{period}.xlsx")
