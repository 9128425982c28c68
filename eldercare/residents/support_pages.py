"""Pages and API: the support certificate (print), the certificates issued (masked), a dispersed person's
three-party agreement and the caretaker's visit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template

from eldercare.api_common import errors, page
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError, Invalid
from eldercare.residents import support
from eldercare.web import redirect, render


def _day(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise Invalid("日期格式不正确。", fields={field: "请填写日期，如 2026-11-30。"}) from None


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


def certificate_out(found: dict[str, Any]) -> dict[str, Any]:
    r, cert, a = found["resident"], found["certificate"], found["agreement"]
    return {
        "resident_id": r["id"], "number": cert["number"] if cert else None,
        "issued_on": cert["issued_on"].isoformat() if cert else None, "name": r["name"], "id_number": r["id_number"],
        "mode": r["mode"], "home": r["home_name"], "caretaker": a["caretaker_name"] if a else None,
        "care_level": r["care_level"],
        "care_level_changes": [{"on": c["on"].isoformat(), "from": c["from"], "to": c["to"]} for c in found["level_changes"]],
        "annual_reviews": [{"year": v["year"], "on": v["on"].isoformat(), "by": v["by"], "passed": v["passed"]}
                           for v in found["reviews"]],
    }  # fmt: skip


class SupportApi(Controller):
    path = "/api/v1/residents"
    tags = ["residents"]

    @get("/{resident_id:int}/certificate", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404))
    async def certificate(self, request: Request, resident_id: int) -> dict[str, Any]:
        return certificate_out(await support.certificate(actor=request.user, resident_id=resident_id))

    @post("/{resident_id:int}/certificate", guards=[requires(BUREAU)], responses=errors(404))
    async def issue(self, request: Request, resident_id: int) -> dict[str, Any]:
        """Issue the certificate (once; again: the same number)."""
        await support.issue_certificate(actor=request.user, resident_id=resident_id)
        return certificate_out(await support.certificate(actor=request.user, resident_id=resident_id))

    @get("/{resident_id:int}/agreement", guards=[requires(BUREAU)], responses=errors(404, 409))
    async def agreement(self, request: Request, resident_id: int) -> dict[str, Any]:
        found = await support.agreement_page(actor=request.user, resident_id=resident_id)
        a = found["agreement"]
        return {"agreement": None if a is None else {"id": a["id"], "caretaker_name": a["caretaker_name"],
                                                     "caretaker_phone": a["caretaker_phone"],
                                                     "signed_on": a["signed_on"].isoformat(), "duties": a["duties"]},
                **page([{"on": v["dated_on"].isoformat(), "found": v["found"]} for v in found["visits"]],
                       len(found["visits"]))}  # fmt: skip

    @post("/{resident_id:int}/agreement", guards=[requires(BUREAU)], responses=errors(404, 409, 422))
    async def sign(self, request: Request, resident_id: int, data: AgreementIn) -> dict[str, Any]:
        return await support.sign_agreement(actor=request.user, resident_id=resident_id,
                                            caretaker_name=data.caretaker_name, caretaker_phone=data.caretaker_phone,
                                            signed_on=data.signed_on, duties=data.duties)  # fmt: skip

    @post("/{resident_id:int}/visits", guards=[requires(BUREAU)], responses=errors(404, 409, 422))
    async def visit(self, request: Request, resident_id: int, data: VisitIn) -> Response[dict[str, Any]]:
        found = await support.record_visit(actor=request.user, resident_id=resident_id, dated_on=data.on,
                                           found=data.found)  # fmt: skip
        return Response(found, status_code=201)
