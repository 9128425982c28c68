"""Pages (bureau): the rubric editor, the county scoring view, a home's scoring sheet with its running total."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from eldercare import versions
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import DomainError, PreconditionFailed
from eldercare.forms import FormReader
from eldercare.ratings import process, rules, services
from eldercare.web import redirect, render


def default_year() -> int:
    """The year being assessed: last calendar year (the year-end work happens early in the next)."""
    return dt.date.today().year - 1


def _rubric_rows(f: FormReader) -> list[dict[str, Any]]:
    """One row per item: the four columns repeat together; a missing or short column is a form error."""
    areas = {code: {"code": code, "name": name, "items": []} for code, name in rules.AREAS}
    columns = [f.many(n) for n in ("area_code", "item_code", "item_name", "max_points")]
    if len({len(c) for c in columns}) > 1:
        f.fail("areas", "评分标准的行不完整（缺少方面、编号、名称或分值），请刷新页面后重试。")
        return []
    for area, code, name, points in zip(*columns, strict=True):
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
        return render(request, "ratings/rubric.html", rubric=rubric, year=year, areas=rules.AREAS, errors={},
                      version=versions.tag(rubric))  # fmt: skip

    @post("/{year:int}/rubric")
    async def save_rubric(self, request: Request, year: int) -> Template | Redirect:
        f = FormReader(await request.form())
        try:
            areas, thresholds = _rubric_rows(f), f.text("star_thresholds", max_length=100)
            version = f.text("version", max_length=100) or None
            f.check("评分标准有误。")
            await services.save_rubric(actor=request.user, year=year, areas=areas, star_thresholds=thresholds,
                                       if_match=version)  # fmt: skip
        except DomainError as exc:  # the saved rubric (the newer one when someone saved first) and why
            rubric = await services.get_rubric(year=year)
            return render(request, "ratings/rubric.html", status_code=exc.status_code, rubric=rubric, year=year,
                          areas=rules.AREAS, errors=exc.fields, message=exc.detail,
                          version=versions.tag(rubric))  # fmt: skip
        return redirect(f"/ratings/{year}/rubric", flash=f"{year}年度评分标准已保存。")

    @get("/")
    async def index(self, request: Request, year: int | None = None) -> Template:
        return await _year_page(request, year or default_year())

    @get("/{year:int}")
    async def year(self, request: Request, year: int) -> Template:
        return await _year_page(request, year)

    @get("/{year:int}/homes/{home_id:int}")
    async def sheet(self, request: Request, year: int, home_id: int, saved: bool = False) -> Template:
        sheet = await process.self_assessment(actor=request.user, year=year, home_id=home_id)
        return render(request, "ratings/sheet.html", sheet=sheet, errors={}, values={}, notes={}, saved=saved,
                      version=versions.tag(await services.home_sheet(actor=request.user, year=year, home_id=home_id)))

    @post("/{year:int}/homes/{home_id:int}")
    async def score(self, request: Request, year: int, home_id: int) -> Template | Redirect:
        f = FormReader(await request.form())
        sheet = await process.self_assessment(actor=request.user, year=year, home_id=home_id)
        codes = services.maxima(sheet["rubric"])
        values = {code: f.text(f"s_{code}", max_length=20) for code in codes}
        notes = {code: f.text(f"n_{code}", max_length=1000) for code in codes}

        async def version_now() -> str:
            return versions.tag(await services.home_sheet(actor=request.user, year=year, home_id=home_id))

        try:
            note, version = f.text("note", max_length=1000), f.text("version", max_length=100) or None
            f.check("评分有误。")
            await services.save_scores(actor=request.user, year=year, home_id=home_id, scores=values, note=note,
                                       item_notes=notes, if_match=version)  # fmt: skip
        except PreconditionFailed as exc:  # someone saved first: their scores, to check before saving again
            sheet = await process.self_assessment(actor=request.user, year=year, home_id=home_id)
            return render(request, "ratings/sheet.html", status_code=exc.status_code, sheet=sheet, errors={},
                          values={}, notes={}, message=exc.detail, saved=False, version=await version_now())  # fmt: skip
        except DomainError as exc:
            return render(request, "ratings/sheet.html", status_code=exc.status_code, sheet=sheet,
                          errors=exc.fields, values=values, notes=notes, message=exc.detail, saved=False,
                          version=await version_now())  # fmt: skip
        return redirect(f"/ratings/{year}/homes/{home_id}?saved=true", flash="评分已保存。")

    @post("/{year:int}/homes/{home_id:int}/total")
    async def running_total(self, request: Request, year: int, home_id: int) -> Template:
        """htmx: the running total as the bureau types; a score above its maximum is refused beside it."""
        f = FormReader(await request.form())
        sheet = await services.home_sheet(actor=request.user, year=year, home_id=home_id)
        maxima = services.maxima(sheet["rubric"])
        typed = {c: f.text(f"s_{c}", max_length=20) for c in maxima}
        errors = {c: e for c in maxima if (e := rules.score_error(typed[c] or 0, maxima[c]))}
        errors.update({k.removeprefix("s_"): v for k, v in f.errors.items()})
        total = sum(rules.to_tenths(typed[c] or 0) or 0 for c in maxima if c not in errors)
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
