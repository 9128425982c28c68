"""Pages: the bureau's county overview, the list of homes, a home's own page."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Template

from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.county import services
from eldercare.dashboards.controllers import home_figures
from eldercare.residents.care import census_figures
from eldercare.residents.services import local_today
from eldercare.web import render


class CountyPages(Controller):
    path = "/"

    @get("/county", guards=[requires(BUREAU)])
    async def county(self, request: Request) -> Template:
        summary = await services.county_summary()
        homes, _ = await services.list_homes(actor=request.user, limit=500)
        return render(request, "county/overview.html", summary=summary, homes=homes)

    @get("/homes", guards=[requires(BUREAU, DIRECTOR)])
    async def homes(self, request: Request) -> Template:
        homes, total = await services.list_homes(actor=request.user, limit=500)
        return render(request, "county/homes.html", homes=homes, total=total)

    @get("/homes/{home_id:int}", guards=[requires(BUREAU, DIRECTOR)])
    async def home(self, request: Request, home_id: int) -> Template:
        home = await services.home_summary(actor=request.user, home_id=home_id)
        day = local_today()
        figures = await census_figures(actor=request.user, home_id=home_id, on=day)
        return render(request, "county/home.html", home=home, figures=figures,
                      **await home_figures(request, home_id, day))  # fmt: skip
