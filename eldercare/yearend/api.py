"""/api/v1/years/{year}: year-end run or preview, finalize, ranking, staff pay, missing inputs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, get, post, put

from eldercare import versions
from eldercare.api_common import FEN, Limit, Offset, Out, Year, clamp_limit, clamp_offset, errors, typed
from eldercare.approvals.api import PENDING, pending_response
from eldercare.approvals.services import Pending
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.enums import Grade, PersonKind
from eldercare.yearend import inputs, results, services

Why = Annotated[dict[str, Any], msgspec.Meta(description="the inputs that decided this result (for reading)")]

RANKING_FIELDS = ("rank", "home_id", "code", "name", "total", "star", "award_fen", "pension_eligible",
                  "income_fen", "expense_fen", "net_fen", "pool_fen", "why")  # fmt: skip
PAY_FIELDS = ("staff_id", "home_id", "name", "grade", "months", "rate_fen", "performance_pay_fen",
              "bonus_share_fen", "pension_eligible", "flagged_for_adjustment", "reasons", "why")  # fmt: skip


class SettingsIn(msgspec.Struct):
    award_count: Annotated[int, msgspec.Meta(ge=0, le=1000)] | None = None
    award_fen: FEN | None = None
    tiers_fen: dict[Grade, FEN] | None = None


class RankingRow(Out):
    rank: int
    home_id: int
    code: str
    name: str
    total: Annotated[float, msgspec.Meta(ge=0)]
    star: int | None
    award_fen: FEN
    # a director sees other homes only as the printed 通报 shows them: these are null for those homes
    pension_eligible: bool | None
    income_fen: int | None
    expense_fen: int | None
    net_fen: int | None
    pool_fen: FEN | None
    why: Why | None


class RankingList(Out):
    items: list[RankingRow]
    total: int


class StaffPayRow(Out):
    staff_id: int
    home_id: int
    name: str
    grade: Grade | None
    months: Annotated[int, msgspec.Meta(ge=0, le=12)]
    rate_fen: FEN
    performance_pay_fen: FEN
    bonus_share_fen: FEN
    pension_eligible: bool
    flagged_for_adjustment: bool
    reasons: list[str]
    why: Why


class StaffPayList(Out):
    items: list[StaffPayRow]
    total: int


class YearShare(Out):
    home_id: int
    person_kind: PersonKind
    person_id: int
    points: int
    share_fen: FEN


class MissingHome(Out):
    id: int
    code: str
    name: str


class MissingStaff(Out):
    id: int
    home_id: int
    name: str


class MissingOut(Out):
    year: int
    homes_not_scored: list[MissingHome]
    staff_not_assessed: list[MissingStaff]


class YearEndOut(Out):
    year: int
    status: Literal["preview", "run"]
    preview: bool
    ranking: list[RankingRow]
    staff_pay: list[StaffPayRow]
    shares: list[YearShare]
    missing: MissingOut


class FinalizedOut(Out):
    year: int
    status: Literal["finalized"]


class TiersOut(Out):
    excellent: int
    competent: int
    basic: int
    incompetent: int


class YearSettingsOut(Out):
    year: int
    award_count: int
    award_fen: int
    tiers_fen: TiersOut
    pension_threshold_tenths: int
    trust_line_percent: int


def _pick(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in fields}


class YearApi(Controller):
    path = "/api/v1/years"
    tags = ["year-end"]

    @post("/{year:int}/year-end", guards=[requires(BUREAU)], status_code=200,
          responses=errors(conflicts=("inputs_missing", "year_finalized")))  # fmt: skip
    async def year_end(self, request: Request, year: Year, preview: bool = True) -> YearEndOut:
        result = await services.year_end(actor=request.user, year=year, preview=preview)
        return typed(YearEndOut, {
            "year": year, "status": result["status"], "preview": result["preview"],
            "ranking": [_pick(h, RANKING_FIELDS) for h in result["homes"]],
            "staff_pay": [_pick(s, PAY_FIELDS) for s in result["staff"]],
            "shares": result["shares"], "missing": result["missing"],
        })  # fmt: skip

    @post("/{year:int}/finalize", guards=[requires(BUREAU)], status_code=200,
          responses={**PENDING, **errors(conflicts=("not_run", "year_finalized", "approval_pending", "rating_notice_open",
                                              "objections_unanswered"))})  # fmt: skip
    async def finalize(self, request: Request, year: Year) -> Response[FinalizedOut]:
        done = await services.finalize_year(actor=request.user, year=year)
        if isinstance(done, Pending):
            return pending_response(done)  # type: ignore[return-value]
        return Response(typed(FinalizedOut, done))

    @get("/{year:int}/missing", guards=[requires(BUREAU)], responses=errors())
    async def missing(self, year: Year) -> MissingOut:
        return typed(MissingOut, await services.missing_inputs(year=year))

    @get("/{year:int}/ranking", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def ranking(self, request: Request, year: Year, limit: Limit = 100, offset: Offset = 0) -> RankingList:
        rows, total = await results.ranking(
            actor=request.user, year=year, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        return typed(RankingList, {"items": [_pick(r, RANKING_FIELDS) for r in rows], "total": total})

    @get("/{year:int}/staff-pay", responses=errors())
    async def staff_pay(
        self, request: Request, year: Year, home_id: int | None = None, flagged: bool = False, limit: Limit = 100,
        offset: Offset = 0,
    ) -> StaffPayList:  # fmt: skip
        rows, total = await results.staff_pay(actor=request.user, year=year, home_id=home_id, flagged_only=flagged,
                                              limit=clamp_limit(limit), offset=clamp_offset(offset))  # fmt: skip
        return typed(StaffPayList, {"items": [_pick(r, PAY_FIELDS) for r in rows], "total": total})

    @get("/{year:int}/settings", guards=[requires(BUREAU)], responses=errors())
    async def settings(self, year: Year) -> Response[YearSettingsOut]:
        found = await inputs.year_settings(year)
        return versions.etag_response(typed(YearSettingsOut, found), found)

    @put("/{year:int}/settings", guards=[requires(BUREAU)], responses=errors(412, conflicts=("year_finalized",)))
    async def save_settings(
        self, request: Request, year: Year, data: SettingsIn, if_match: str | None = versions.IfMatch
    ) -> Response[YearSettingsOut]:
        values = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None}
        found = await inputs.save_year_settings(actor=request.user, year=year, values=values, if_match=if_match)
        return versions.etag_response(typed(YearSettingsOut, found), found)
