"""/counties: a city or province user's comparison of its counties, and the choice of one to look into."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get
from litestar.response import Redirect, Template

from eldercare.auth.middleware import COUNTY_COOKIE
from eldercare.county import directory, rollup
from eldercare.errors import Forbidden
from eldercare.web import redirect, render


class RollupController(Controller):
    path = "/counties"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Template | Redirect:
        actor = request.user
        if not actor.is_reader:
            return redirect("/county")
        data = await rollup.comparison(actor=actor, year=dt.date.today().year)
        response = render(request, "county/rollup.html", **data)
        response.delete_cookie(COUNTY_COOKIE)
        return response

    @get("/{code:str}/enter")
    async def enter(self, request: Request, code: str) -> Redirect:
        """Look into one county as its bureau sees it (read only) until the user goes back to the roll-up."""
        actor = request.user
        if not actor.is_reader or code not in [c["code"] for c in await directory.visible_counties(actor)]:
            raise Forbidden("该县不在您的查看范围内。")
        response = redirect("/county")
        response.set_cookie(COUNTY_COOKIE, code, httponly=True, samesite="lax", max_age=12 * 3600)
        return response
