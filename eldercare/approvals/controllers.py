"""Page: 待审核 (the bureau's list of money changes waiting for a second bureau user), approve and reject."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.params import Parameter
from litestar.response import Redirect, Template

from eldercare.approvals import rules, services
from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError
from eldercare.forms import FormReader
from eldercare.web import page_or_partial, redirect

PAGE = 50
StateQuery = Annotated[str, Parameter(query="state")]
DONE = {"inflow": "拨入已入账", "standard": "新供养标准已生效", "finalize": "该年度已定案，数据已锁定",
        "rule_off": "双人审核已关闭"}  # fmt: skip


class ApprovalPages(Controller):
    path = "/approvals"
    guards = [requires(BUREAU)]

    async def _page(self, request: Request, state: str, offset: int = 0, **extra) -> Template:
        rows, total = await services.list_requests(actor=request.user, state=state, limit=PAGE, offset=offset)
        return page_or_partial(request, "approvals/index.html", "approvals/_list.html", rows=rows, total=total, state=state, offset=offset,
                      limit=PAGE, states=rules.STATE_NAMES, rule_on=await services.rule_on(),
                      errors=extra.pop("errors", {}), **extra)  # fmt: skip

    @get("/")
    async def index(self, request: Request, wanted: StateQuery = "pending", offset: int = 0) -> Template:
        return await self._page(request, wanted if wanted in rules.STATES else "pending", max(0, offset))

    @post("/{request_id:int}/approve")
    async def approve(self, request: Request, request_id: int) -> Template | Redirect:
        try:
            done = await services.approve(actor=request.user, request_id=request_id)
        except DomainError as exc:
            page = await self._page(request, "pending", message=exc.detail, failed=request_id)
            page.status_code = exc.status_code
            return page
        return redirect("/approvals", flash=f"已批准第 {request_id} 号申请：{DONE[done['kind']]}。")

    @post("/{request_id:int}/reject")
    async def reject(self, request: Request, request_id: int) -> Template | Redirect:
        f = FormReader(await request.form())
        reason = f.text("reason", max_length=rules.MAX_REASON)
        try:
            f.check("退回理由有误。")
            await services.reject(actor=request.user, request_id=request_id, reason=reason)
        except DomainError as exc:
            page = await self._page(request, "pending", message=exc.detail, failed=request_id, errors=exc.fields,
                                    reason=reason)  # fmt: skip
            page.status_code = exc.status_code
            return page
        return redirect("/approvals", flash=f"已退回第 {request_id} 号申请，未生效。")
