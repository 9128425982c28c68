"""Pages: download the roster as Excel; upload a roster in the same layout (bureau)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Response, Template

from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError
from eldercare.reports.excel import XLSX, content_disposition, date_cn, file_name
from eldercare.residents import excel_io, services
from eldercare.residents.controllers import _filters
from eldercare.web import redirect_after, render


class ExcelPages(Controller):
    path = "/residents"

    @get("/export.xlsx", guards=[requires(BUREAU, DIRECTOR)])
    async def export(self, request: Request) -> Response:
        today = services.local_today()
        data = await excel_io.export_roster(actor=request.user, on=today, filters=_filters(request))
        unit = await excel_io.roster_unit(request.user)
        name = file_name("特困供养人员花名册", unit, date_cn(today))
        return Response(data, media_type=XLSX, headers={
            "Content-Disposition": content_disposition(name, f"roster-{today.isoformat()}.xlsx")})

    @get("/import", guards=[requires(BUREAU)])
    async def form(self, request: Request) -> Template:
        return render(request, "residents/import.html", errors={}, message="")

    @post("/import", guards=[requires(BUREAU)], request_max_body_size=20_000_000)
    async def upload(
        self, request: Request, data: Annotated[dict, Body(media_type=RequestEncodingType.MULTI_PART)]
    ) -> Template | Redirect | Response:
        upload = data.get("file")
        try:
            content = await upload.read() if isinstance(upload, UploadFile) else b""
            filename = upload.filename if isinstance(upload, UploadFile) else ""
            result = await excel_io.import_roster(actor=request.user, data=content, filename=filename or "",
                                                  ended=str(data.get("ended") or "import"))  # fmt: skip
        except DomainError as exc:
            return render(request, "residents/import.html", status_code=exc.status_code, errors=exc.fields,
                          message=exc.detail)  # fmt: skip
        return redirect_after(request, "/residents", flash=result.message())
