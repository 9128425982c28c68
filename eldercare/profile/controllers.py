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
from eldercare.profile import rules, services
from eldercare.ratings.process import local_today
from eldercare.web import redirect, render

RULE_FLASH = {"on": "已开启资金事项双人审核：资金拨入、供养标准变更和年度定案须经另一名民政局工作人员批准后生效。",
              "unchanged": "未作修改。", "pending": "关闭双人审核的申请已提交，须由另一名民政局工作人员批准后生效。"}
Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


class ProfilePages(Controller):
    path = "/settings"
    guards = [requires(BUREAU)]

    @get("/")
    async def show(self, request: Request, year: int | None = None) -> Template:
        return await _page(request, year=year)

    @post("/")
    async def save(self, request: Request, data: Form) -> Template | Redirect:
        try:
            saved = await services.save_profile(actor=request.user, values=data)
        except Invalid as exc:
            return await _page(request, status=exc.status_code, values=data, errors=exc.fields, message=exc.detail)  # fmt: skip
        return redirect("/settings", flash="本县设置已保存。" if saved else "未作修改。")

    @post("/notices")
    async def save_notices(self, request: Request) -> Template | Redirect:
        """公示期 of a year: blank inherits the province's default for the year, then the built-in."""
        f = FormReader(await request.form())
        year = f.year(default=local_today().year)
        values = {f"{k}_days": f.integer(f"{k}_days", required=False, minimum=1, maximum=30,
                                         message=rules.NOTICE_MESSAGE) for k in rules.NOTICE_KINDS}  # fmt: skip
        try:
            f.check("公示期设置有误。")
            saved = await services.save_notice_periods(actor=request.user, year=year or 0, values=values)
        except Invalid as exc:
            return await _page(request, year=year, status=exc.status_code, notice_values=f.values(),
                               notice_errors=exc.fields, notice_message=exc.detail)  # fmt: skip
        return redirect(f"/settings?year={year}", flash=f"{year}年度公示期已保存。" if saved else "未作修改。")  # fmt: skip

    @post("/two-person-rule")
    async def two_person_rule(self, request: Request) -> Template | Redirect:
        f = FormReader(await request.form())
        on = f.choice("two_person_rule", ("on", "off"))
        try:
            f.check("请选择开启或关闭。")
            done = await services.set_two_person_rule(actor=request.user, on=on == "on")
        except DomainError as exc:
            return await _page(request, status=exc.status_code, errors=exc.fields, message=exc.detail)
        return redirect("/settings", flash=RULE_FLASH["pending" if isinstance(done, Pending) else done])


async def _page(request: Request, *, year: int | None = None, status: int = 200, **extra: Any) -> Template:
    """The profile form and the year's 公示期 form (each re-rendered with its own errors)."""
    year = year if year and 2000 <= year <= 2100 else local_today().year
    periods = await services.notice_periods(year)
    notice_values = extra.pop("notice_values", None) or {f"{k}_days": p["own"] for k, p in periods.items()}
    return render(request, "profile/settings.html", status_code=status,
                  values=extra.pop("values", None) or await services.get_profile(), errors=extra.pop("errors", {}),
                  year=year, periods=periods, kinds=rules.NOTICE_KINDS, notice_values=notice_values,
                  notice_errors=extra.pop("notice_errors", {}), rule_on=await approvals.rule_on(),
                  waiting=await approvals.pending_of(kinds=("rule_off",)), **extra)  # fmt: skip
