"""/api/v1/rubrics/{year} and /api/v1/ratings/{year}/homes/{home_id}."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, put

from eldercare import versions
from eldercare.api_common import errors
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
    star_thresholds: list[float | int | str] = msgspec.field(default_factory=lambda: [60, 70, 80, 90, 95])


class ScoresIn(msgspec.Struct):
    scores: dict[str, float | int | str]
    note: str = ""


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
    async def show(self, year: int) -> Response[dict[str, Any]]:
        rubric = await services.get_rubric(year=year)
        return versions.etag_response(services.rubric_out(rubric), rubric)

    @put("/{year:int}", guards=[requires(BUREAU)], responses=errors(409, 412, 422))
    async def replace(
        self, request: Request, year: int, data: RubricIn, if_match: str | None = versions.IfMatch
    ) -> Response[dict[str, Any]]:
        areas = msgspec.to_builtins(data.areas)
        rubric = await services.save_rubric(
            actor=request.user, year=year, areas=areas, star_thresholds=data.star_thresholds, if_match=if_match
        )
        return versions.etag_response(services.rubric_out(rubric), rubric)


class RatingApi(Controller):
    path = "/api/v1/ratings"
    tags = ["ratings"]

    @put("/{year:int}/homes/{home_id:int}", guards=[requires(BUREAU)], responses=errors(404, 409, 412, 422))
    async def score(
        self, request: Request, year: int, home_id: int, data: ScoresIn, if_match: str | None = versions.IfMatch
    ) -> Response[dict[str, Any]]:
        sheet = await services.save_scores(
            actor=request.user, year=year, home_id=home_id, scores=data.scores, note=data.note, if_match=if_match
        )
        return versions.etag_response(sheet_out(sheet), sheet)

    @get("/{year:int}/homes/{home_id:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404))
    async def show(self, request: Request, year: int, home_id: int) -> Response[dict[str, Any]]:
        sheet = await services.home_sheet(actor=request.user, year=year, home_id=home_id)
        return versions.etag_response(sheet_out(sheet), sheet)
