"""Page: 本县设置, the bureau's county profile."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires
from eldercare.errors import Invalid
from eldercare.profile import services
from eldercare.web import redirect, render

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


class ProfilePages(Controller):
    path = "/settings"
    guards = [requires(BUREAU)]

    @get("/")
    async def show(self, request: Request) -> Template:
        return render(request, "profile/settings.html", values=await services.get_profile(), errors={})

    @post("/")
    async def save(self, request: Request, data: Form) -> Template | Redirect:
        try:
            saved = await services.save_profile(actor=request.user, values=data)
        except Invalid as exc:
            return render(request, "profile/settings.html", status_code=exc.status_code, values=data,
                          errors=exc.fields, message=exc.detail)  # fmt: skip
        return redirect("/settings", flash="本县设置已保存。" if saved else "未作修改。")
