"""Pages and API: the support certificate (print), the certificates issued (masked), a dispersed person's
three-party agreement and the caretaker's visit log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.api_common import Out, YearNumber, errors, typed
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.enums import CareLevel, SupportMode
from eldercare.errors import DomainError, Invalid
from eldercare.residents import support
from eldercare.web import redirect, render


def _day(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise Invalid("日期格式不正确。", fields={field: "请填写日期，如 2026-11-30。"}) from None


CertificateNumber = Annotated[str, msgspec.Meta(pattern=r"^\d{15,}$", description="county code, year, sequence")]


class SupportPages(Controller):
    path = "/residents"
    guards = [requires(BUREAU, DIRECTOR)]

    @get("/{resident_id:int}/certificate")
    async def certificate(self, request: Request, resident_id: int) -> Template:
        found = await support.certificate(actor=request.user, resident_id=resident_id)
        return render(request, "residents/certificate.html", **found)

    @post("/{resident_id:int}/certificate", guards=[requires(BUREAU)])
    async def issue(self, request: Request, resident_id: int) -> Redirect:
        cert = await support.issue_certificate(actor=request.user, resident_id=resident_id)
        return redirect(f"/residents/{resident_id}/certificate", flash=f"供养证编号：{cert['number']}")

    @get("/{resident_id:int}/agreement", guards=[requires(BUREAU)])
    async def agreement(self, request: Request, resident_id: int) -> Template:
        return await self._agreement(request, resident_id)

    async def _agreement(self, request: Request, resident_id: int, status: int = 200, **extra: Any) -> Template:
        found = await support.agreement_page(actor=request.user, resident_id=resident_id)
        return render(request, "residents/agreement.html", status_code=status, today=support.local_today(),
                      errors=extra.pop("errors", {}), form=extra.pop("form", {}), **found, **extra)  # fmt: skip

    @post("/{resident_id:int}/agreement", guards=[requires(BUREAU)])
    async def sign(self, request: Request, resident_id: int) -> Template | Redirect:
        form = await request.form()
        try:
            await support.sign_agreement(actor=request.user, resident_id=resident_id,
                                         caretaker_name=form.get("caretaker_name", ""),
                                         caretaker_phone=form.get("caretaker_phone", ""),
                                         signed_on=_day(form.get("signed_on", ""), "signed_on"),
                                         duties=form.get("duties", ""))  # fmt: skip
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._agreement(request, resident_id, status=exc.status_code, errors=exc.fields,
                                         message=exc.detail, form=form)  # fmt: skip
        return redirect(f"/residents/{resident_id}/agreement", flash="协议已登记。")

    @post("/{resident_id:int}/visits", guards=[requires(BUREAU)])
    async def visit(self, request: Request, resident_id: int) -> Template | Redirect:
        form = await request.form()
        try:
            await support.record_visit(actor=request.user, resident_id=resident_id,
                                       dated_on=_day(form.get("on", ""), "on"), found=form.get("found", ""))  # fmt: skip
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._agreement(request, resident_id, status=exc.status_code, errors=exc.fields,
                                         message=exc.detail, form=form)  # fmt: skip
        return redirect(f"/residents/{resident_id}/agreement", flash="探访已登记。")


class CertificateListPages(Controller):
    path = "/certificates"
    guards = [requires(BUREAU)]

    @get("/")
    async def index(self, request: Request) -> Template:
        return render(request, "residents/certificates.html", rows=await support.certificate_listing(actor=request.user))


class AgreementIn(msgspec.Struct):
    caretaker_name: str
    caretaker_phone: str
    signed_on: dt.date
    duties: str = ""


class VisitIn(msgspec.Struct):
    on: dt.date
    found: str
    """what the caretaker found on the visit"""


class LevelChangeOut(Out):
    on: dt.date
    from_: CareLevel | None = msgspec.field(name="from")
    """the level before (null: the first assessment)"""
    to: CareLevel


class AnnualReviewRowOut(Out):
    year: YearNumber
    on: dt.date
    by: str
    """who recorded the 年审"""
    passed: bool


class CertificateOut(Out):
    """特困人员救助供养证: the person's own paper, unmasked."""

    resident_id: int
    number: CertificateNumber | None
    """null until issued"""
    issued_on: dt.date | None
    name: str
    id_number: str
    mode: SupportMode
    home: str | None
    """the home's name (centralized support)"""
    caretaker: str | None
    """the caretaker of the agreement in force (dispersed support)"""
    care_level: CareLevel
    care_level_changes: list[LevelChangeOut]
    annual_reviews: list[AnnualReviewRowOut]


class AgreementOut(Out):
    """包户照料协议 (township, caretaker, the person); the latest signed is in force."""

    id: int
    resident_id: int
    caretaker_name: str
    caretaker_phone: str
    signed_on: dt.date
    duties: str


class VisitOut(Out):
    id: int
    resident_id: int
    on: dt.date
    found: str


class AgreementPageOut(Out):
    agreement: AgreementOut | None
    """the agreement in force (null: none signed yet)"""
    items: list[VisitOut]
    """the caretaker's visits, latest first"""
    total: int


def certificate_out(found: dict[str, Any]) -> CertificateOut:
    r, cert, a = found["resident"], found["certificate"], found["agreement"]
    return typed(CertificateOut, {
        "resident_id": r["id"], "number": cert["number"] if cert else None,
        "issued_on": cert["issued_on"] if cert else None, "name": r["name"], "id_number": r["id_number"],
        "mode": r["mode"], "home": r["home_name"], "caretaker": a["caretaker_name"] if a else None,
        "care_level": r["care_level"],
        "care_level_changes": [{"on": c["on"], "from": c["from"], "to": c["to"]} for c in found["level_changes"]],
        "annual_reviews": [{"year": v["year"], "on": v["on"], "by": v["by"], "passed": v["passed"]}
                           for v in found["reviews"]],
    })  # fmt: skip


def agreement_out(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "caretaker_name", "caretaker_phone", "signed_on", "duties")} | {
        "resident_id": row["resident"]}


class SupportApi(Controller):
    path = "/api/v1/residents"
    tags = ["residents"]

    @get("/{resident_id:int}/certificate", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def certificate(self, request: Request, resident_id: int) -> CertificateOut:
        return certificate_out(await support.certificate(actor=request.user, resident_id=resident_id))

    @post("/{resident_id:int}/certificate", guards=[requires(BUREAU)], responses=errors(409))
    async def issue(self, request: Request, resident_id: int) -> CertificateOut:
        """Issue the certificate (once; again: the same number)."""
        await support.issue_certificate(actor=request.user, resident_id=resident_id)
        return certificate_out(await support.certificate(actor=request.user, resident_id=resident_id))

    @get("/{resident_id:int}/agreement", guards=[requires(BUREAU)], responses=errors(conflicts=("not_dispersed",)))
    async def agreement(self, request: Request, resident_id: int) -> AgreementPageOut:
        found = await support.agreement_page(actor=request.user, resident_id=resident_id)
        a = found["agreement"]
        visits = [{"id": v["id"], "resident_id": resident_id, "on": v["dated_on"], "found": v["found"]}
                  for v in found["visits"]]  # fmt: skip
        return typed(AgreementPageOut, {"agreement": None if a is None else agreement_out(a), "items": visits,
                                        "total": len(visits)})  # fmt: skip

    @post("/{resident_id:int}/agreement", guards=[requires(BUREAU)], responses=errors(conflicts=("not_dispersed",)))
    async def sign(self, request: Request, resident_id: int, data: AgreementIn) -> AgreementOut:
        return typed(AgreementOut, await support.sign_agreement(
            actor=request.user, resident_id=resident_id, caretaker_name=data.caretaker_name,
            caretaker_phone=data.caretaker_phone, signed_on=data.signed_on, duties=data.duties))  # fmt: skip

    @post("/{resident_id:int}/visits", guards=[requires(BUREAU)],
          responses=errors(conflicts=("not_dispersed", "no_agreement")))  # fmt: skip
    async def visit(self, request: Request, resident_id: int, data: VisitIn) -> VisitOut:
        found = await support.record_visit(actor=request.user, resident_id=resident_id, dated_on=data.on,
                                           found=data.found)  # fmt: skip
        return typed(VisitOut, found)
