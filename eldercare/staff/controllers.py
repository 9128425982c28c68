"""Pages: a staff member's own page (我的, with my pay), a home's staff records, assessments and trust surveys."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare import versions
from eldercare.auth.actor import BUREAU, DIRECTOR, STAFF
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError
from eldercare.forms import FormReader
from eldercare.staff import services
from eldercare.staff.tables import GRADE_NAMES
from eldercare.web import is_partial, redirect, render
from eldercare.yearend import results

PAGE = 50


def assessed_year() -> int:
    return dt.date.today().year - 1


class StaffPages(Controller):
    path = "/"

    @get("/me", guards=[requires(STAFF)])
    async def me(self, request: Request, year: int | None = None) -> Template:
        staff = await services.get_staff(actor=request.user, staff_id=request.user.staff_id)
        year = year or await results.latest_year() or assessed_year()
        pay = await results.my_pay(actor=request.user, year=year)
        return render(request, "staff/me.html", staff=staff, pay=pay, pay_year=year)

    @get("/staff/{staff_id:int}")
    async def show(self, request: Request, staff_id: int) -> Template:
        staff = await services.get_staff(actor=request.user, staff_id=staff_id)
        return render(request, "staff/show.html", staff=staff, errors={}, version=versions.tag(staff))

    @post("/staff/{staff_id:int}", guards=[requires(BUREAU, DIRECTOR)])
    async def update(self, request: Request, staff_id: int) -> Template | Redirect:
        f = FormReader(await request.form())
        try:
            position = f.text("position", max_length=100) if f.raw("position") is not None else None
            changes = {"position": position, "is_director": f.flag("is_director"),
                       "hired_on": f.date("hired_on", required=False), "left_on": f.date("left_on", required=False)}
            version = f.text("version", max_length=100) or None
            f.check("工作人员信息有误。")
            await services.update_staff(actor=request.user, staff_id=staff_id, changes=changes, if_match=version)
        except DomainError as exc:  # the record as saved (the newer one when someone saved first) and why
            staff = await services.get_staff(actor=request.user, staff_id=staff_id)
            return render(request, "staff/show.html", status_code=exc.status_code, staff=staff, errors=exc.fields,
                          message=exc.detail, version=versions.tag(staff))  # fmt: skip
        return redirect(f"/staff/{staff_id}", flash="已保存。")


class HomeStaffPages(Controller):
    """The director's forms for their home: staff list, annual grades, a trust-survey round."""

    path = "/homes/{home_id:int}"
    guards = [requires(BUREAU, DIRECTOR)]

    @get("/staff")
    async def staff_list(self, request: Request, home_id: int, after: str = "", before: str = "") -> Template:
        return await self._staff_page(request, home_id, after=after, before=before, errors={}, values={})

    async def _staff_page(self, request: Request, home_id: int, *, errors: dict, values: dict, after: str = "",
                          before: str = "", message: str = "", status_code: int = 200) -> Template:  # fmt: skip
        window, total, capped = await services.staff_page(
            actor=request.user, home_id=home_id, limit=PAGE, after=after or None, before=before or None
        )
        template = "staff/_list.html" if is_partial(request) and request.method == "GET" else "staff/list.html"
        return render(request, template, status_code=status_code, rows=window.rows, total=total,
                      capped=capped, next_after=window.next_after, prev_before=window.prev_before,
                      home_id=home_id, errors=errors, values=values, message=message)  # fmt: skip

    @post("/staff")
    async def create_staff(self, request: Request, home_id: int) -> Template | Redirect:
        f = FormReader(await request.form())
        values = f.values()
        try:
            name, id_number = f.text("name", max_length=50), f.text("id_number", max_length=30)
            position, is_director = f.text("position", max_length=100), f.flag("is_director")
            hired = f.date("hired_on")
            f.check("工作人员信息有误。")
            await services.create_staff(actor=request.user, home_id=home_id, name=name, id_number=id_number,
                                        position=position, is_director=is_director, hired_on=hired)  # fmt: skip
        except DomainError as exc:
            return await self._staff_page(request, home_id, errors=exc.fields, values=values,
                                          message=exc.detail, status_code=exc.status_code)  # fmt: skip
        return redirect(f"/homes/{home_id}/staff", flash="工作人员已添加。")

    @get("/assessments")
    async def assessments(self, request: Request, home_id: int, year: int | None = None) -> Template:
        year = year or assessed_year()
        rows = await services.home_assessments(actor=request.user, home_id=home_id, year=year)
        return render(request, "staff/assessments.html", rows=rows, year=year, home_id=home_id,
                      grades=GRADE_NAMES, errors={})  # fmt: skip

    @post("/assessments")
    async def save_assessments(self, request: Request, home_id: int) -> Template | Redirect:
        f = FormReader(await request.form())
        year = f.year("year", default=assessed_year())
        rows = await services.home_assessments(actor=request.user, home_id=home_id, year=year or assessed_year())
        chosen = {r["id"]: f.choice(f"g_{r['id']}", GRADE_NAMES, default="") for r in rows}
        try:
            f.check(f.errors.get("year", "考核等次不正确。"))
            for staff_id, grade in chosen.items():
                if grade:
                    await services.set_assessment(
                        actor=request.user, staff_id=staff_id, year=year, grade=grade
                    )
        except DomainError as exc:
            return render(request, "staff/assessments.html", status_code=exc.status_code, rows=rows,
                          year=year or assessed_year(),
                          home_id=home_id, grades=GRADE_NAMES, errors=exc.fields, message=exc.detail)  # fmt: skip
        return redirect(f"/homes/{home_id}/assessments?year={year}", flash=f"{year}年度考核等次已保存。")

    @get("/trust-surveys")
    async def surveys(self, request: Request, home_id: int) -> Template:
        return await self._survey_page(request, home_id, errors={}, values={})

    async def _survey_page(self, request: Request, home_id: int, *, errors: dict, values: dict,
                           message: str = "", status_code: int = 200) -> Template:  # fmt: skip
        year = FormReader(values).year("year", default=dt.date.today().year) or dt.date.today().year
        staff = await services.home_assessments(actor=request.user, home_id=home_id, year=year)
        done = await services.home_surveys(actor=request.user, home_id=home_id)
        return render(request, "staff/trust_surveys.html", status_code=status_code, staff=staff, surveys=done,
                      home_id=home_id, year=year, errors=errors, values=values, message=message)  # fmt: skip

    @post("/trust-surveys")
    async def record_survey(self, request: Request, home_id: int) -> Template | Redirect:
        f = FormReader(await request.form())
        values = f.values()
        year, number = f.year("year"), f.integer("round", minimum=1, maximum=1000, message="轮次应为正整数。")
        on = f.date("on")
        entries = []
        for s in f.ids("staff_id"):
            if f.raw(f"trust_{s}") or f.raw(f"cast_{s}"):
                trust = f.integer(f"trust_{s}", minimum=0, maximum=100_000, message="票数应为整数。")
                cast = f.integer(f"cast_{s}", minimum=0, maximum=100_000, message="票数应为整数。")
                entries.append({"staff_id": s, "trust": trust, "cast": cast})
        try:
            f.check("请填写年度、轮次、日期和票数（整数）。")
            await services.record_trust_survey(actor=request.user, home_id=home_id, year=year, round=number,
                                               dated_on=on, results=entries)  # fmt: skip
        except DomainError as exc:
            return await self._survey_page(request, home_id, errors=exc.fields, values=values, message=exc.detail,
                                           status_code=exc.status_code)  # fmt: skip
        return redirect(f"/homes/{home_id}/trust-surveys", flash=f"{year}年第{number}轮院民信任测评已录入。")
