"""Pages (bureau): the rubric editor, the county scoring view, a home's scoring sheet with its running total."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError
from eldercare.ratings import rules, services
from eldercare.web import redirect, render


def default_year() -> int:
    """The year being assessed: last calendar year (the year-end work happens early in the next)."""
    return dt.date.today().year - 1


def _rubric_rows(form: Any) -> list[dict[str, Any]]:
    areas = {code: {"code": code, "name": name, "items": []} for code, name in rules.AREAS}
    for area, code, name, points in zip(form.getall("area_code"), form.getall("item_code"),
                                        form.getall("item_name"), form.getall("max_points"), strict=False):  # fmt: skip
        if code.strip() or name.strip() or points.strip():
            areas.setdefault(area, {"code": area, "name": area, "items": []})["items"].append(
                {"code": code, "name": name, "max_points": points}
            )
    return [a for a in areas.values() if a["items"]]


async def _year_page(request: Request, year: int) -> Template:
    homes = await services.scoring_status(actor=request.user, year=year)
    rubric = await services.get_rubric(year=year)
    return render(request, "ratings/index.html", homes=homes, year=year, rubric=rubric)


class RatingPages(Controller):
    path = "/ratings"
    guards = [requires(BUREAU)]

    @get("/{year:int}/rubric")
    async def rubric(self, request: Request, year: int) -> Template:
        rubric = await services.get_rubric(year=year)
        return render(request, "ratings/rubric.html", rubric=rubric, year=year, areas=rules.AREAS, errors={})

    @post("/{year:int}/rubric")
    async def save_rubric(self, request: Request, year: int) -> Template | Redirect:
        form = await request.form()
        try:
            await services.save_rubric(actor=request.user, year=year, areas=_rubric_rows(form),
                                       star_thresholds=form.get("star_thresholds", ""))  # fmt: skip
        except DomainError as exc:
            rubric = await services.get_rubric(year=year)
            return render(request, "ratings/rubric.html", status_code=exc.status_code, rubric=rubric, year=year,
                          areas=rules.AREAS, errors=exc.fields, message=exc.detail)  # fmt: skip
        return redirect(f"/ratings/{year}/rubric", flash=f"{year}年度评分标准已保存。")

    @get("/")
    async def index(self, request: Request, year: int | None = None) -> Template:
        return await _year_page(request, year or default_year())

    @get("/{year:int}")
    async def year(self, request: Request, year: int) -> Template:
        return await _year_page(request, year)

    @get("/{year:int}/homes/{home_id:int}")
    async def sheet(self, request: Request, year: int, home_id: int) -> Template:
        sheet = await services.home_sheet(actor=request.user, year=year, home_id=home_id)
        return render(request, "ratings/sheet.html", sheet=sheet, errors={}, values={})

    @post("/{year:int}/homes/{home_id:int}")
    async def score(self, request: Request, year: int, home_id: int) -> Template | Redirect:
        form = await request.form()
        sheet = await services.home_sheet(actor=request.user, year=year, home_id=home_id)
        values = {code: form.get(f"s_{code}", "") for code in services.maxima(sheet["rubric"])}
        try:
            await services.save_scores(actor=request.user, year=year, home_id=home_id, scores=values,
                                       note=form.get("note", ""))  # fmt: skip
        except DomainError as exc:
            return render(request, "ratings/sheet.html", status_code=exc.status_code, sheet=sheet,
                          errors=exc.fields, values=values, message=exc.detail)  # fmt: skip
        return redirect(f"/ratings/{year}/homes/{home_id}", flash="评分已保存。")

    @post("/{year:int}/homes/{home_id:int}/total")
    async def running_total(self, request: Request, year: int, home_id: int) -> Template:
        """htmx: the running total as the bureau types; a score above its maximum is refused beside it."""
        form = await request.form()
        sheet = await services.home_sheet(actor=request.user, year=year, home_id=home_id)
        maxima = services.maxima(sheet["rubric"])
        errors = {c: e for c in maxima if (e := rules.score_error(form.get(f"s_{c}", "") or 0, maxima[c]))}
        total = sum(rules.to_tenths(form.get(f"s_{c}", "") or 0) or 0 for c in maxima if c not in errors)
        star = rules.star_for(total, sheet["rubric"]["star_thresholds_tenths"])
        return render(
            request, "ratings/_total.html", total=total, star=star, errors=errors, codes=list(maxima)
        )


class HomeRatingPages(Controller):
    """A director sees their own home's breakdown; the bureau any home's."""

    path = "/homes"
    guards = [requires(BUREAU, DIRECTOR)]

    @get("/{home_id:int}/rating")
    async def latest(self, home_id: int) -> Redirect:
        return redirect(f"/homes/{home_id}/rating/{default_year()}")

    @get("/{home_id:int}/rating/{year:int}")
    async def breakdown(self, request: Request, home_id: int, year: int) -> Template:
        sheet = await services.home_sheet(actor=request.user, year=year, home_id=home_id)
        return render(request, "ratings/breakdown.html", sheet=sheet)
