"""Page: 本县设置, the bureau's county profile."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from eldercare.approvals import services as approvals
from eldercare.approvals.services import Pending
from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError, Invalid
from eldercare.forms import FormReader
from eldercare.profile import services
from eldercare.web import redirect, render

RULE_FLASH = {"on": "已开启资金事项双人审核：资金拨入、供养标准变更和年度定案须经另一名民政局工作人员批准后生效。",
              "unchanged": "未作修改。", "pending": "关闭双人审核的申请已提交，须由另一名民政局工作人员批准后生效。"}
Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


class ProfilePages(Controller):
    path = "/settings"
    guards = [requires(BUREAU)]

    @get("/")
    async def show(self, request: Request) -> Template:
        return await self._page(request, values=await services.get_profile(), errors={})

    async def _page(self, request: Request, *, status_code: int = 200, **context: Any) -> Template:
        return render(request, "profile/settings.html", status_code=status_code, rule_on=await approvals.rule_on(),
                      waiting=await approvals.pending_of(kinds=("rule_off",)), **context)  # fmt: skip

    @post("/")
    async def save(self, request: Request, data: Form) -> Template | Redirect:
        try:
            saved = await services.save_profile(actor=request.user, values=data)
        except Invalid as exc:
            return await self._page(request, status_code=exc.status_code, values=data, errors=exc.fields,
                                    message=exc.detail)  # fmt: skip
        return redirect("/settings", flash="本县设置已保存。" if saved else "未作修改。")

    @post("/two-person-rule")
    async def two_person_rule(self, request: Request) -> Template | Redirect:
        f = FormReader(await request.form())
        on = f.choice("two_person_rule", ("on", "off"))
        try:
            f.check("请选择开启或关闭。")
            done = await services.set_two_person_rule(actor=request.user, on=on == "on")
        except DomainError as exc:
            return await self._page(request, status_code=exc.status_code, values=await services.get_profile(),
                                    errors=exc.fields, message=exc.detail)  # fmt: skip
        return redirect("/settings", flash=RULE_FLASH["pending" if isinstance(done, Pending) else done])
