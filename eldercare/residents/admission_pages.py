"""Pages and API for 三审三公示: the list of cases, a case with its review and objection forms, the 公示 print."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.api_common import Id, Limit, Offset, Out, clamp_limit, clamp_offset, errors, typed
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.enums import CareLevel, SupportMode
from eldercare.errors import DomainError
from eldercare.forms import FormReader
from eldercare.residents import admissions, roster, rules, services
from eldercare.residents.controllers import person_form
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
        f = FormReader(await request.form())
        form = f.values()
        try:
            person, applied_on = person_form(f), f.date("applied_on")
            f.check()
            case = await admissions.apply(actor=request.user, **person, applied_on=applied_on)
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
        f = FormReader(await request.form())
        try:
            on, passed, note = f.date("on"), f.flag("passed", on=("yes",)), f.text("note", max_length=500)
            f.check()
            await admissions.review(actor=request.user, admission_id=admission_id, on=on, passed=passed, note=note)
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._show(
                request, admission_id, errors=exc.fields, message=exc.detail, status=exc.status_code
            )
        return redirect(f"/admissions/{admission_id}", flash="审核已登记。")

    @post("/{admission_id:int}/objection")
    async def objection(self, request: Request, admission_id: int) -> Template | Redirect:
        f = FormReader(await request.form())
        try:
            on, note = f.date("on"), f.text("note", max_length=500)
            f.check()
            await admissions.object_to(actor=request.user, admission_id=admission_id, on=on, note=note)
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
    mode: SupportMode
    applied_on: dt.date
    home_id: Id | None = None
    village: str = ""
    care_level: CareLevel = CareLevel.self_care


class AdmissionReviewIn(msgspec.Struct):
    on: dt.date
    passed: bool
    note: str = ""


class ObjectionIn(msgspec.Struct):
    on: dt.date
    note: str


class AdmissionStepOut(Out):
    stage: str
    action: str
    on: dt.date | None
    note: str


class AdmissionOut(Out):
    id: int
    id_number: str
    name: str
    mode: SupportMode
    home_id: int | None
    care_level: CareLevel
    applied_on: dt.date | None
    stage: str
    in_notice: bool
    notice_starts_on: dt.date | None
    notice_ends_on: dt.date | None
    resident_id: int | None
    steps: list[AdmissionStepOut]


class AdmissionList(Out):
    items: list[AdmissionOut]
    total: int


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
    async def index(self, request: Request, limit: Limit = 50, offset: Offset = 0) -> AdmissionList:
        rows, total = await admissions.list_cases(
            actor=request.user, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        return typed(AdmissionList, {"items": [case_out(r) for r in rows], "total": total})

    @post("/", responses=errors(conflicts=("duplicate",)))
    async def create(self, request: Request, data: ApplicationIn) -> AdmissionOut:
        return typed(AdmissionOut, case_out(await admissions.apply(actor=request.user, **msgspec.structs.asdict(data))))

    @get("/{admission_id:int}", responses=errors())
    async def show(self, request: Request, admission_id: int) -> AdmissionOut:
        return typed(AdmissionOut, case_out(await admissions.get_case(actor=request.user, admission_id=admission_id)))

    @post("/{admission_id:int}/review", responses=errors(409))
    async def review(self, request: Request, admission_id: int, data: AdmissionReviewIn) -> AdmissionOut:
        row = await admissions.review(
            actor=request.user, admission_id=admission_id, **msgspec.structs.asdict(data)
        )
        return typed(AdmissionOut, case_out(row))

    @post("/{admission_id:int}/objections", responses=errors(409))
    async def objection(self, request: Request, admission_id: int, data: ObjectionIn) -> AdmissionOut:
        row = await admissions.object_to(
            actor=request.user, admission_id=admission_id, **msgspec.structs.asdict(data)
        )
        return typed(AdmissionOut, case_out(row))
