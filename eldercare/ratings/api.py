"""/api/v1/rubrics/{year} and /api/v1/ratings/{year}/homes/{home_id}."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, get, put

from eldercare import versions
from eldercare.api_common import Out, Year, errors, typed
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.ratings import services


class ItemIn(msgspec.Struct):
    code: str
    name: str
    max_points: float | int | str


class AreaIn(msgspec.Struct):
    code: str
    name: str
    items: list[ItemIn]


class RubricIn(msgspec.Struct):
    areas: list[AreaIn]
    star_thresholds: list[float | int | str] | None = None  # None: the lines in force for the year


class ScoresIn(msgspec.Struct):
    scores: dict[str, float | int | str]
    note: str = ""


Points = Annotated[float, msgspec.Meta(ge=0, description="points, at most one decimal")]


class RubricItemOut(Out):
    code: str
    name: str
    max_points: Points


class RubricAreaOut(Out):
    code: str
    name: str
    items: list[RubricItemOut]


class RubricOut(Out):
    year: int
    saved: bool
    frozen: bool
    copied_from: int | None
    source: Literal["county", "province", "earlier_year", "built_in"]
    in_force: bool
    star_thresholds: list[Points]
    areas: list[RubricAreaOut]


class ScoredItemOut(Out):
    code: str
    max_points: Points
    points: Points | None


class ScoredAreaOut(Out):
    code: str
    name: str
    points: Points
    items: list[ScoredItemOut]


class RatingSheetOut(Out):
    year: int
    home_id: int
    scored: bool
    note: str
    total: Points
    star: Annotated[int, msgspec.Meta(ge=0, le=5)] | None
    areas: list[ScoredAreaOut]


def sheet_out(sheet: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": sheet["year"], "home_id": sheet["home"]["id"], "scored": sheet["scored"], "note": sheet["note"],
        "total": sheet["total_tenths"] / 10, "star": sheet["star"],
        "areas": [{"code": a["code"], "name": a["name"], "points": a["points_tenths"] / 10,
                   "items": [{"code": i["code"], "max_points": i["max_tenths"] / 10,
                              "points": None if i["points_tenths"] is None else i["points_tenths"] / 10}
                             for i in a["items"]]} for a in sheet["areas"]],
    }  # fmt: skip


class RubricApi(Controller):
    path = "/api/v1/rubrics"
    tags = ["ratings"]

    @get("/{year:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def show(self, year: Year) -> Response[RubricOut]:
        rubric = await services.get_rubric(year=year)
        return versions.etag_response(typed(RubricOut, services.rubric_out(rubric)), rubric)

    @put("/{year:int}", guards=[requires(BUREAU)],
         responses=errors(412, conflicts=("rubric_frozen", "year_finalized")))
    async def replace(
        self, request: Request, year: Year, data: RubricIn, if_match: str | None = versions.IfMatch
    ) -> Response[RubricOut]:
        areas = msgspec.to_builtins(data.areas)
        rubric = await services.save_rubric(
            actor=request.user, year=year, areas=areas, star_thresholds=data.star_thresholds, if_match=if_match
        )
        return versions.etag_response(typed(RubricOut, services.rubric_out(rubric)), rubric)


class RatingApi(Controller):
    path = "/api/v1/ratings"
    tags = ["ratings"]

    @put("/{year:int}/homes/{home_id:int}", guards=[requires(BUREAU)],
         responses=errors(412, conflicts=("year_finalized",)))
    async def score(
        self, request: Request, year: Year, home_id: int, data: ScoresIn, if_match: str | None = versions.IfMatch
    ) -> Response[RatingSheetOut]:
        sheet = await services.save_scores(
            actor=request.user, year=year, home_id=home_id, scores=data.scores, note=data.note, if_match=if_match
        )
        return versions.etag_response(typed(RatingSheetOut, sheet_out(sheet)), sheet)

    @get("/{year:int}/homes/{home_id:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def show(self, request: Request, year: Year, home_id: int) -> Response[RatingSheetOut]:
        sheet = await services.home_sheet(actor=request.user, year=year, home_id=home_id)
        return versions.etag_response(typed(RatingSheetOut, sheet_out(sheet)), sheet)
