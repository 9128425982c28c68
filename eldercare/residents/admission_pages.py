"""Pages and API for 三审三公示: the list of cases, a case with its review and objection forms, the 公示 print."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.api_common import clamp_limit, clamp_offset, errors, page
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError
from eldercare.residents import admissions, roster, rules, services
from eldercare.residents.controllers import _date, _int_or_none
from eldercare.web import redirect, render


def _issuer(request: Request, stage: str) -> str:
    """Who issues this stage's 公示: the village, the township, or the county's own issuing unit (本县设置)."""
    if stage == "county":
        return request.state.get("county", {}).get("issuing_unit") or rules.NOTICE_ISSUER["county"]
    return rules.NOTICE_ISSUER.get(stage, rules.NOTICE_ISSUER["county"])


class AdmissionPages(Controller):
    path = "/admissions"
    guards = [requires(BUREAU, DIRECTOR)]

    @get("/")
    async def index(self, request: Request, offset: int = 0) -> Template:
        rows, total = await admissions.list_cases(actor=request.user, limit=50, offset=clamp_offset(offset))
        return render(request, "residents/admissions.html", rows=rows, total=total, limit=50, offset=offset,
                      stages=rules.STAGE_NAMES, choices=await roster.filter_choices(request.user),
                      values={"applied_on": services.local_today().isoformat()}, errors={}, message="")  # fmt: skip

    @post("/")
    async def create(self, request: Request) -> Template | Redirect:
        form = dict(await request.form())
        try:
            case = await admissions.apply(
                actor=request.user, id_number=form.get("id_number", ""), name=form.get("name", ""),
                township_code=form.get("township_code", ""), mode=form.get("mode", ""),
                home_id=_int_or_none(form.get("home_id")), village=form.get("village", ""),
                care_level=form.get("care_level", "self_care"), applied_on=_date(form.get("applied_on"), "applied_on"),
            )  # fmt: skip
        except DomainError as exc:
            rows, total = await admissions.list_cases(actor=request.user, limit=50)
            return render(request, "residents/admissions.html", status_code=exc.status_code, rows=rows, total=total,
                          limit=50, offset=0, stages=rules.STAGE_NAMES, choices=await roster.filter_choices(request.user),
                          values=form, errors=exc.fields, message=exc.detail)  # fmt: skip
        return redirect(f"/admissions/{case['id']}", flash="申请已登记。")

    @get("/{admission_id:int}")
    async def show(self, request: Request, admission_id: int) -> Template:
        return await self._show(request, admission_id)

    async def _show(self, request, admission_id, *, errors=None, message="", status=200) -> Template:
        case = await admissions.get_case(actor=request.user, admission_id=admission_id)
        return render(request, "residents/admission.html", status_code=status, case=case, stages=rules.STAGE_NAMES,
                      errors=errors or {}, message=message, today=services.local_today())  # fmt: skip

    @post("/{admission_id:int}/review")
    async def review(self, request: Request, admission_id: int) -> Template | Redirect:
        form = await request.form()
        try:
            await admissions.review(actor=request.user, admission_id=admission_id, on=_date(form.get("on"), "on"),
                                    passed=form.get("passed") == "yes", note=form.get("note", ""))  # fmt: skip
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._show(
                request, admission_id, errors=exc.fields, message=exc.detail, status=exc.status_code
            )
        return redirect(f"/admissions/{admission_id}", flash="审核已登记。")

    @post("/{admission_id:int}/objection")
    async def objection(self, request: Request, admission_id: int) -> Template | Redirect:
        form = await request.form()
        try:
            await admissions.object_to(actor=request.user, admission_id=admission_id, on=_date(form.get("on"), "on"),
                                       note=form.get("note", ""))  # fmt: skip
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._show(
                request, admission_id, errors=exc.fields, message=exc.detail, status=exc.status_code
            )
        return redirect(f"/admissions/{admission_id}", flash="异议已登记，申请退回本级审核。")

    @get("/{admission_id:int}/notice")
    async def notice(self, request: Request, admission_id: int) -> Template:
        case = await admissions.get_case(actor=request.user, admission_id=admission_id)
        return render(request, "residents/notice.html", case=case, stages=rules.STAGE_NAMES,
                      issuer=_issuer(request, case["stage"]))  # fmt: skip


class ApplicationIn(msgspec.Struct):
    id_number: str
    name: str
    township_code: str
    mode: str
    applied_on: dt.date
    home_id: int | None = None
    village: str = ""
    care_level: str = "self_care"


class ReviewIn(msgspec.Struct):
    on: dt.date
    passed: bool
    note: str = ""


class ObjectionIn(msgspec.Struct):
    on: dt.date
    note: str


def case_out(row: dict[str, Any]) -> dict[str, Any]:
    iso = lambda v: v.isoformat() if v else None  # noqa: E731
    return {
        "id": row["id"], "id_number": row["id_number"], "name": row["name"], "mode": row["mode"],
        "home_id": row["home"], "care_level": row["care_level"], "applied_on": iso(row["applied_on"]),
        "stage": row["stage"], "in_notice": row["in_notice"], "notice_starts_on": iso(row["notice_starts_on"]),
        "notice_ends_on": iso(row["notice_ends_on"]), "resident_id": row["resident"],
        "steps": [{"stage": s["stage"], "action": s["action"], "on": iso(s["dated_on"]), "note": s["note"]}
                  for s in row.get("steps", [])],
    }  # fmt: skip


class AdmissionApi(Controller):
    path = "/api/v1/admissions"
    tags = ["residents"]

    @get("/", responses=errors())
    async def index(self, request: Request, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        rows, total = await admissions.list_cases(
            actor=request.user, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        return page([case_out(r) for r in rows], total)

    @post("/", responses=errors(409, 422))
    async def create(self, request: Request, data: ApplicationIn) -> dict[str, Any]:
        return case_out(await admissions.apply(actor=request.user, **msgspec.structs.asdict(data)))

    @get("/{admission_id:int}", responses=errors(404))
    async def show(self, request: Request, admission_id: int) -> dict[str, Any]:
        return case_out(await admissions.get_case(actor=request.user, admission_id=admission_id))

    @post("/{admission_id:int}/review", responses=errors(404, 422))
    async def review(self, request: Request, admission_id: int, data: ReviewIn) -> dict[str, Any]:
        row = await admissions.review(
            actor=request.user, admission_id=admission_id, **msgspec.structs.asdict(data)
        )
        return case_out(row)

    @post("/{admission_id:int}/objections", responses=errors(404, 422))
    async def objection(self, request: Request, admission_id: int, data: ObjectionIn) -> dict[str, Any]:
        row = await admissions.object_to(
            actor=request.user, admission_id=admission_id, **msgspec.structs.asdict(data)
        )
        return case_out(row)
