"""Pages: a staff member's own page (我的), a home's staff list, one staff record."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Template

from eldercare.auth.actor import STAFF
from eldercare.auth.middleware import requires
from eldercare.staff import services
from eldercare.web import render


class StaffPages(Controller):
    path = "/"

    @get("/me", guards=[requires(STAFF)])
    async def me(self, request: Request) -> Template:
        staff = await services.get_staff(actor=request.user, staff_id=request.user.staff_id)
        return render(request, "staff/me.html", staff=staff)

    @get("/staff/{staff_id:int}")
    async def show(self, request: Request, staff_id: int) -> Template:
        staff = await services.get_staff(actor=request.user, staff_id=staff_id)
        return render(request, "staff/show.html", staff=staff)
