"""Pages of the rating process: a home's self-assessment and its evidence, the 公示 with its objections."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template

from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError
from eldercare.profile.services import notice_days
from eldercare.ratings import process, services
from eldercare.web import redirect, render

UPLOAD_LIMIT = 8_000_000  # above the 5 MB rule, so an oversized file gets its Chinese message from the rule


def _codes(sheet: dict[str, Any]) -> list[str]:
    return list(services.maxima(sheet["rubric"]))


async def read_upload(form: Any) -> tuple[str, bytes]:
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return "", b""
    return upload.filename or "", await upload.read()


class SelfAssessmentPages(Controller):
    path = "/homes"
    guards = [requires(BUREAU, DIRECTOR)]

    async def _page(self, request: Request, home_id: int, year: int, status: int = 200, **extra: Any) -> Template:
        sheet = await process.self_assessment(actor=request.user, year=year, home_id=home_id)
        return render(request, "ratings/self.html", status_code=status, sheet=sheet, errors=extra.pop("errors", {}),
                      values=extra.pop("values", {}), notes=extra.pop("notes", {}), **extra)  # fmt: skip

    @get("/{home_id:int}/rating/{year:int}/self")
    async def show(self, request: Request, home_id: int, year: int) -> Template:
        return await self._page(request, home_id, year)

    @post("/{home_id:int}/rating/{year:int}/self")
    async def save(self, request: Request, home_id: int, year: int) -> Template | Redirect:
        form = await request.form()
        sheet = await process.self_assessment(actor=request.user, year=year, home_id=home_id)
        values = {c: form.get(f"s_{c}", "") for c in _codes(sheet)}
        notes = {c: form.get(f"n_{c}", "") for c in _codes(sheet)}
        try:
            await process.save_self_scores(actor=request.user, year=year, home_id=home_id, scores=values, notes=notes)
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._page(request, home_id, year, status=exc.status_code, errors=exc.fields,
                                    values=values, notes=notes, message=exc.detail)  # fmt: skip
        return redirect(f"/homes/{home_id}/rating/{year}/self", flash="自评已保存。")

    @post("/{home_id:int}/rating/{year:int}/evidence", request_max_body_size=UPLOAD_LIMIT)
    async def upload(self, request: Request, home_id: int, year: int) -> Template | Redirect:
        form = await request.form()
        filename, data = await read_upload(form)
        try:
            await process.add_evidence(actor=request.user, year=year, home_id=home_id, item_code=form.get("item", ""),
                                       filename=filename, data=data)  # fmt: skip
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            return await self._page(request, home_id, year, status=exc.status_code, errors=exc.fields,
                                    message=exc.detail)  # fmt: skip
        return redirect(f"/homes/{home_id}/rating/{year}/self", flash=f"已上传：{filename}")


def evidence_response(found: dict[str, Any]) -> Response:
    from urllib.parse import quote

    disposition = f"inline; filename*=UTF-8''{quote(found['filename'])}"
    return Response(found["data"], media_type=found["content_type"],
                    headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "private, no-store"})  # fmt: skip


class NoticePages(Controller):
    path = "/ratings"
    guards = [requires(BUREAU, DIRECTOR)]

    @get("/evidence/{evidence_id:int}")
    async def evidence(self, request: Request, evidence_id: int) -> Response:
        return evidence_response(await process.evidence_file(actor=request.user, evidence_id=evidence_id))

    async def _page(self, request: Request, year: int, status: int = 200, **extra: Any) -> Template:
        try:
            found = await process.notice(year=year)
        except DomainError:
            found = None
        return render(request, "ratings/notice.html", status_code=status, year=year, n=found,
                      default_days=await notice_days("rating", year),
                      errors=extra.pop("errors", {}), form=extra.pop("form", {}), **extra)  # fmt: skip

    @get("/{year:int}/notice")
    async def show(self, request: Request, year: int) -> Template:
        return await self._page(request, year)

    @post("/{year:int}/notice", guards=[requires(BUREAU)])
    async def publish(self, request: Request, year: int) -> Template | Redirect:
        form = await request.form()
        days = form.get("days", "").strip()
        try:
            await process.publish_notice(actor=request.user, year=year,
                                         days=None if not days else int(days) if days.isdigit() else -1,
                                         object_to=form.get("object_to", ""))  # fmt: skip
        except DomainError as exc:
            return await self._page(request, year, status=exc.status_code, errors=exc.fields, message=exc.detail,
                                    form=form)  # fmt: skip
        return redirect(f"/ratings/{year}/notice", flash=f"{year}年度星级评定结果已公示。")

    @post("/{year:int}/objections")
    async def object(self, request: Request, year: int) -> Template | Redirect:
        form = await request.form()
        home = form.get("home_id", "")
        try:
            await process.add_objection(actor=request.user, year=year, objector=form.get("objector", ""),
                                        content=form.get("content", ""),
                                        home_id=int(home) if home.isdigit() else None)  # fmt: skip
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            return await self._page(request, year, status=exc.status_code, errors=exc.fields, message=exc.detail,
                                    form=form)  # fmt: skip
        return redirect(f"/ratings/{year}/notice", flash="异议已登记。")

    @post("/objections/{objection_id:int}/answer", guards=[requires(BUREAU)])
    async def answer(self, request: Request, objection_id: int) -> Redirect:
        form = await request.form()
        year = await process.year_of_objection(objection_id)
        await process.answer_objection(actor=request.user, objection_id=objection_id, answer=form.get("answer", ""))
        return redirect(f"/ratings/{year}/notice", flash="异议已答复。")
