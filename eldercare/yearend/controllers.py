"""Pages (bureau): the year-end (preview, run, finalize), ranking with stars and awards, 表彰通报, adjustment list."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.approvals import services as approvals
from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError
from eldercare.forms import FormReader
from eldercare.web import redirect, render
from eldercare.yearend import results, services

PAGE = 50


class YearPages(Controller):
    path = "/years"
    guards = [requires(BUREAU)]

    async def _context(self, request: Request, year: int) -> dict:
        status = await services.year_status(year)
        ranking = (await results.ranking(actor=request.user, year=year, limit=500))[0] if status else []
        missing = await services.missing_inputs(year=year)
        waiting = await approvals.pending_of(kinds=("finalize",), year=year)
        return {"year": year, "status": status, "ranking": ranking, "missing": missing, "preview": None,
                "waiting": waiting}  # fmt: skip

    @get("/")
    async def index(self) -> Redirect:
        return redirect(f"/years/{dt.date.today().year - 1}")

    @get("/{year:int}")
    async def show(self, request: Request, year: int) -> Template:
        return render(request, "yearend/year.html", **await self._context(request, year))

    @post("/{year:int}/year-end")
    async def run(self, request: Request, year: int) -> Template | Redirect:
        preview = FormReader(await request.form()).text("preview", default="1") == "1"
        context = await self._context(request, year)
        try:
            result = await services.year_end(actor=request.user, year=year, preview=preview)
        except DomainError as exc:
            return render(
                request, "yearend/year.html", status_code=exc.status_code, message=exc.detail, **context
            )
        if preview:
            return render(request, "yearend/year.html", **{**context, "preview": result})
        return redirect(f"/years/{year}", flash=f"{year}年度年终考核已运行，结果已保存。")

    @post("/{year:int}/finalize")
    async def finalize(self, request: Request, year: int) -> Template | Redirect:
        try:
            done = await services.finalize_year(actor=request.user, year=year)
        except DomainError as exc:
            context = await self._context(request, year)
            return render(
                request, "yearend/year.html", status_code=exc.status_code, message=exc.detail, **context
            )
        if isinstance(done, approvals.Pending):
            return redirect(f"/years/{year}", flash=f"{year}年度定案已提交审核，尚未生效：须由本县另一名民政局工作人员批准。")
        return redirect(f"/years/{year}", flash=f"{year}年度已定案，该年度数据已锁定。")

    @get("/{year:int}/notice")
    async def notice(self, request: Request, year: int) -> Template:
        rows, _ = await results.ranking(actor=request.user, year=year, limit=500)
        status = await services.year_status(year)
        draft = not status or status["status"] != "finalized"
        return render(request, "yearend/notice.html", year=year, ranking=rows, status=status, draft=draft)

    @get("/{year:int}/adjustments")
    async def adjustments(self, request: Request, year: int, offset: int = 0) -> Template:
        rows, total = await results.staff_pay(actor=request.user, year=year, flagged_only=True, limit=PAGE,
                                              offset=offset)  # fmt: skip
        return render(request, "yearend/adjustments.html", year=year, rows=rows, total=total, offset=offset,
                      limit=PAGE)  # fmt: skip
