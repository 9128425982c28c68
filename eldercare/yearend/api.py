"""/api/v1/years/{year}: year-end run or preview, finalize, ranking, staff pay, missing inputs."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post, put

from eldercare import versions
from eldercare.api_common import clamp_limit, clamp_offset, errors, page
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.yearend import inputs, results, services

RANKING_FIELDS = ("rank", "home_id", "code", "name", "total", "star", "award_fen", "pension_eligible",
                  "income_fen", "expense_fen", "net_fen", "pool_fen", "why")  # fmt: skip
PAY_FIELDS = ("staff_id", "home_id", "name", "grade", "months", "rate_fen", "performance_pay_fen",
              "bonus_share_fen", "pension_eligible", "flagged_for_adjustment", "reasons", "why")  # fmt: skip


class SettingsIn(msgspec.Struct):
    award_count: int | None = None
    award_fen: int | None = None
    tiers_fen: dict[str, int] | None = None


def _pick(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in fields}


class YearApi(Controller):
    path = "/api/v1/years"
    tags = ["year-end"]

    @post("/{year:int}/year-end", guards=[requires(BUREAU)], status_code=200, responses=errors(409))
    async def year_end(self, request: Request, year: int, preview: bool = True) -> dict[str, Any]:
        result = await services.year_end(actor=request.user, year=year, preview=preview)
        return {
            "year": year, "status": result["status"], "preview": result["preview"],
            "ranking": [_pick(h, RANKING_FIELDS) for h in result["homes"]],
            "staff_pay": [_pick(s, PAY_FIELDS) for s in result["staff"]],
            "shares": result["shares"], "missing": result["missing"],
        }  # fmt: skip

    @post("/{year:int}/finalize", guards=[requires(BUREAU)], status_code=200, responses=errors(409))
    async def finalize(self, request: Request, year: int) -> dict[str, Any]:
        return await services.finalize_year(actor=request.user, year=year)

    @get("/{year:int}/missing", guards=[requires(BUREAU)], responses=errors())
    async def missing(self, year: int) -> dict[str, Any]:
        return await services.missing_inputs(year=year)

    @get("/{year:int}/ranking", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404))
    async def ranking(self, request: Request, year: int, limit: int = 100, offset: int = 0) -> dict[str, Any]:
        rows, total = await results.ranking(
            actor=request.user, year=year, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        return page([_pick(r, RANKING_FIELDS) for r in rows], total)

    @get("/{year:int}/staff-pay", responses=errors(404))
    async def staff_pay(
        self, request: Request, year: int, home_id: int | None = None, flagged: bool = False, limit: int = 100,
        offset: int = 0,
    ) -> dict[str, Any]:  # fmt: skip
        rows, total = await results.staff_pay(actor=request.user, year=year, home_id=home_id, flagged_only=flagged,
                                              limit=clamp_limit(limit), offset=clamp_offset(offset))  # fmt: skip
        return page([_pick(r, PAY_FIELDS) for r in rows], total)

    @get("/{year:int}/settings", guards=[requires(BUREAU)], responses=errors())
    async def settings(self, year: int) -> Response[dict[str, Any]]:
        found = await inputs.year_settings(year)
        return versions.etag_response(found, found)

    @put("/{year:int}/settings", guards=[requires(BUREAU)], responses=errors(409, 412, 422))
    async def save_settings(
        self, request: Request, year: int, data: SettingsIn, if_match: str | None = versions.IfMatch
    ) -> Response[dict[str, Any]]:
        values = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None}
        found = await inputs.save_year_settings(actor=request.user, year=year, values=values, if_match=if_match)
        return versions.etag_response(found, found)
