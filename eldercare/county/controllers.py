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
from eldercare.web import is_partial, page_or_partial, render

HOMES_PAGE = 50


async def _homes(request: Request, base: str, after: str, before: str) -> dict:
    """A keyset page of the homes (a province-sized store holds 2,000), 50 at a time, the count capped."""
    window, total, capped = await services.homes_page(
        actor=request.user, limit=HOMES_PAGE, after=after or None, before=before or None
    )
    return {"homes": window.rows, "total": total, "capped": capped, "next_after": window.next_after,
            "prev_before": window.prev_before, "base": base}  # fmt: skip


class CountyPages(Controller):
    path = "/"

    @get("/county", guards=[requires(BUREAU)])
    async def county(self, request: Request, after: str = "", before: str = "") -> Template:
        context = await _homes(request, "/county?", after, before)
        if is_partial(request):
            return render(request, "county/_homes_table.html", **context)
        return render(request, "county/overview.html", summary=await services.county_summary(), **context)

    @get("/homes", guards=[requires(BUREAU, DIRECTOR)])
    async def homes(self, request: Request, after: str = "", before: str = "") -> Template:
        context = await _homes(request, "/homes?", after, before)
        return page_or_partial(request, "county/homes.html", "county/_homes_table.html", **context)

    @get("/homes/{home_id:int}", guards=[requires(BUREAU, DIRECTOR)])
    async def home(self, request: Request, home_id: int) -> Template:
        home = await services.home_summary(actor=request.user, home_id=home_id)
        day = local_today()
        figures = await census_figures(actor=request.user, home_id=home_id, on=day)
        return render(request, "county/home.html", home=home, figures=figures,
                      **await home_figures(request, home_id, day))  # fmt: skip
