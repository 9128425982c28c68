"""Pages: a staff member's own page (我的, with my pay), a home's staff records, assessments and trust surveys."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.auth.actor import BUREAU, DIRECTOR, STAFF
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError, Invalid
from eldercare.staff import services
from eldercare.staff.tables import GRADE_NAMES
from eldercare.web import redirect, render
from eldercare.yearend import results

PAGE = 50


def _date(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid("日期格式不正确。", fields={field: "请填写日期，如 2025-08-10。"}) from None


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
        return render(request, "staff/show.html", staff=staff, errors={})

    @post("/staff/{staff_id:int}", guards=[requires(BUREAU, DIRECTOR)])
    async def update(self, request: Request, staff_id: int) -> Template | Redirect:
        form = await request.form()
        try:
            changes = {"position": form.get("position"), "is_director": form.get("is_director") == "1"}
            if form.get("hired_on"):
                changes["hired_on"] = _date(form.get("hired_on"), "hired_on")
            if form.get("left_on"):
                changes["left_on"] = _date(form.get("left_on"), "left_on")
            await services.update_staff(actor=request.user, staff_id=staff_id, changes=changes)
        except DomainError as exc:
            staff = await services.get_staff(actor=request.user, staff_id=staff_id)
            return render(request, "staff/show.html", status_code=exc.status_code, staff=staff, errors=exc.fields,
                          message=exc.detail)  # fmt: skip
        return redirect(f"/staff/{staff_id}", flash="已保存。")


class HomeStaffPages(Controller):
    """The director's forms for their home: staff list, annual grades, a trust-survey round."""

    path = "/homes/{home_id:int}"
    guards = [requires(BUREAU, DIRECTOR)]

    @get("/staff")
    async def staff_list(self, request: Request, home_id: int, offset: int = 0) -> Template:
        return await self._staff_page(request, home_id, offset=offset, errors={}, values={})

    async def _staff_page(self, request: Request, home_id: int, *, offset: int, errors: dict, values: dict,
                          message: str = "", status_code: int = 200) -> Template:  # fmt: skip
        rows, total = await services.list_staff(
            actor=request.user, home_id=home_id, limit=PAGE, offset=offset
        )
        return render(request, "staff/list.html", status_code=status_code, rows=rows, total=total, offset=offset,
                      limit=PAGE, home_id=home_id, errors=errors, values=values, message=message)  # fmt: skip

    @post("/staff")
    async def create_staff(self, request: Request, home_id: int) -> Template | Redirect:
        form = await request.form()
        values = dict(form.items())
        try:
            hired = _date(values.get("hired_on", ""), "hired_on")
            await services.create_staff(actor=request.user, home_id=home_id, name=values.get("name", ""),
                                        id_number=values.get("id_number", ""), position=values.get("position", ""),
                                        is_director=values.get("is_director") == "1", hired_on=hired)  # fmt: skip
        except DomainError as exc:
            return await self._staff_page(request, home_id, offset=0, errors=exc.fields, values=values,
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
        form = await request.form()
        year = int(form.get("year") or assessed_year())
        rows = await services.home_assessments(actor=request.user, home_id=home_id, year=year)
        chosen = {r["id"]: form.get(f"g_{r['id']}", "") for r in rows}
        try:
            bad = {f"g_{k}": "考核等次不正确。" for k, g in chosen.items() if g and g not in GRADE_NAMES}
            if bad:
                raise Invalid("考核等次不正确。", fields=bad)
            for staff_id, grade in chosen.items():
                if grade:
                    await services.set_assessment(
                        actor=request.user, staff_id=staff_id, year=year, grade=grade
                    )
        except DomainError as exc:
            return render(request, "staff/assessments.html", status_code=exc.status_code, rows=rows, year=year,
                          home_id=home_id, grades=GRADE_NAMES, errors=exc.fields, message=exc.detail)  # fmt: skip
        return redirect(f"/homes/{home_id}/assessments?year={year}", flash=f"{year}年度考核等次已保存。")

    @get("/trust-surveys")
    async def surveys(self, request: Request, home_id: int) -> Template:
        return await self._survey_page(request, home_id, errors={}, values={})

    async def _survey_page(self, request: Request, home_id: int, *, errors: dict, values: dict,
                           message: str = "", status_code: int = 200) -> Template:  # fmt: skip
        year = int(values.get("year") or dt.date.today().year)
        staff = await services.home_assessments(actor=request.user, home_id=home_id, year=year)
        done = await services.home_surveys(actor=request.user, home_id=home_id)
        return render(request, "staff/trust_surveys.html", status_code=status_code, staff=staff, surveys=done,
                      home_id=home_id, year=year, errors=errors, values=values, message=message)  # fmt: skip

    @post("/trust-surveys")
    async def record_survey(self, request: Request, home_id: int) -> Template | Redirect:
        form = await request.form()
        values = dict(form.items())
        try:
            year, number = int(form.get("year", "")), int(form.get("round", ""))
            on = dt.date.fromisoformat(form.get("on", ""))
            staff_ids = [int(x) for x in form.getall("staff_id")]
            tallies = [
                (form.get(f"trust_{s}", "").strip(), form.get(f"cast_{s}", "").strip()) for s in staff_ids
            ]
            filled = [(s, t, c) for s, (t, c) in zip(staff_ids, tallies, strict=True) if t or c]
            entries = [{"staff_id": s, "trust": int(t), "cast": int(c)} for s, t, c in filled]
        except ValueError:
            error = Invalid(
                "请填写年度、轮次、日期和票数（整数）。",
                fields={"form": "请填写年度、轮次、日期和票数（整数）。"},
            )
            return await self._survey_page(request, home_id, errors=error.fields, values=values,
                                           message=error.detail, status_code=422)  # fmt: skip
        try:
            await services.record_trust_survey(actor=request.user, home_id=home_id, year=year, round=number,
                                               dated_on=on, results=entries)  # fmt: skip
        except DomainError as exc:
            return await self._survey_page(request, home_id, errors=exc.fields, values=values, message=exc.detail,
                                           status_code=exc.status_code)  # fmt: skip
        return redirect(f"/homes/{home_id}/trust-surveys", flash=f"{year}年第{number}轮院民信任测评已录入。")
