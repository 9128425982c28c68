"""Pages: the self-care assessment and 年审 forms on a resident's page, the 年审 list, the census."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError
from eldercare.forms import FormReader
from eldercare.residents import care, integrity, rules, services
from eldercare.web import redirect, render


class CarePages(Controller):
    path = "/"
    guards = [requires(BUREAU, DIRECTOR)]

    @post("/residents/{resident_id:int}/assessment")
    async def assess(self, request: Request, resident_id: int) -> Redirect:
        f = FormReader(await request.form())
        managed = {k: f.flag(k, on=("yes",)) for k in rules.ASSESSMENT_ITEMS}
        try:
            on = f.date("on")
            f.check("评估日期不正确。")
            result = await care.assess(actor=request.user, resident_id=resident_id, on=on, managed=managed)
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return redirect(f"/residents/{resident_id}", flash=exc.detail)
        return redirect(f"/residents/{resident_id}", flash=f"评估已登记：{_level(result['care_level'])}。")

    @post("/residents/{resident_id:int}/review")
    async def review(self, request: Request, resident_id: int) -> Redirect:
        f = FormReader(await request.form())
        try:
            on, note = f.date("on"), f.text("note", max_length=500)
            passed = f.text("passed", default="yes") == "yes"
            f.check("年审日期不正确。")
            await care.record_review(actor=request.user, resident_id=resident_id, on=on, passed=passed, note=note)
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return redirect(f"/residents/{resident_id}", flash=exc.detail)
        return redirect(f"/residents/{resident_id}", flash="年审已登记。")

    @get("/reviews")
    async def reviews(self, request: Request) -> Template:
        today = services.local_today()
        home_id = request.user.home_id if request.user.is_director else None
        rows = await integrity.overdue_reviews(on=today, home_id=home_id)
        return render(request, "residents/reviews.html", rows=rows[:500], total=len(rows), on=today)

    @get("/census")
    async def census(self, request: Request) -> Template:
        today = services.local_today()
        if request.user.is_bureau:
            return render(request, "residents/rates.html", rates=await care.county_rates(), on=today)
        return await self._census(request, errors={}, message="")

    async def _census(self, request, *, errors, message, status=200) -> Template:
        today = services.local_today()
        figures = await care.census_figures(actor=request.user, home_id=request.user.home_id, on=today)
        return render(request, "residents/census.html", status_code=status, figures=figures, on=today,
                      errors=errors, message=message)  # fmt: skip

    @post("/census", guards=[requires(DIRECTOR)])
    async def record(self, request: Request) -> Template | Redirect:
        f = FormReader(await request.form())
        try:
            counts = {k: f.integer(k, default=0, minimum=0, maximum=100_000, message="人数应为整数，不能为负数。")
                      for k in ("present", "hospitalized", "on_leave")}  # fmt: skip
            f.check("人数应为整数，不能为负数。")
            saved = await care.record_census(actor=request.user, home_id=request.user.home_id,
                                             on=services.local_today(), **counts)  # fmt: skip
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._census(request, errors=exc.fields, message=exc.detail, status=exc.status_code)
        return redirect("/census", flash="今日在院人数已登记。" if saved else "未作修改。")


def _level(level: str) -> str:
    return {"self_care": "全自理", "partial": "半失能", "full": "全失能"}[level]
