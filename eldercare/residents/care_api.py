"""/api/v1 for self-care assessments, 年审, census and the county's rates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put

from eldercare.api_common import Out, errors, typed
from eldercare.auth.scope import require_role
from eldercare.enums import CareLevel
from eldercare.residents import care, integrity, services


class AssessmentIn(msgspec.Struct):
    on: dt.date
    eating: bool
    dressing: bool
    transfer: bool
    toileting: bool
    walking: bool
    bathing: bool


class AnnualReviewIn(msgspec.Struct):
    on: dt.date
    passed: bool = True
    note: str = ""


Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]


class CensusIn(msgspec.Struct):
    present: Count
    hospitalized: Count = 0
    on_leave: Count = 0


class AssessmentOut(Out):
    care_level: CareLevel
    changed: bool


class AnnualReviewOut(Out):
    resident_id: int
    on: dt.date
    passed: bool


class OverdueReview(Out):
    resident_id: int
    name: str
    home_id: int | None
    due_on: dt.date
    review: str


class OverdueReviewList(Out):
    items: list[OverdueReview]
    total: int


class CensusOut(Out):
    home_id: int
    on: dt.date
    present: int
    hospitalized: int
    on_leave: int


class TownshipRate(Out):
    code: str
    name: str
    centralized: int
    total: int
    rate_permille: int | None


class HomeOccupancy(Out):
    home_id: int
    beds: int
    occupied: int


class CentralizedRateOut(Out):
    county_permille: int | None
    target_permille: int
    townships: list[TownshipRate]
    homes: list[HomeOccupancy]


class CareApi(Controller):
    path = "/api/v1"
    tags = ["residents"]

    @post("/residents/{resident_id:int}/assessments", responses=errors(conflicts=("year_finalized",)))
    async def assess(self, request: Request, resident_id: int, data: AssessmentIn) -> AssessmentOut:
        managed = {k: v for k, v in msgspec.structs.asdict(data).items() if k != "on"}
        found = await care.assess(actor=request.user, resident_id=resident_id, on=data.on, managed=managed)
        return typed(AssessmentOut, found)

    @post("/residents/{resident_id:int}/reviews", responses=errors())
    async def review(self, request: Request, resident_id: int, data: AnnualReviewIn) -> AnnualReviewOut:
        await care.record_review(actor=request.user, resident_id=resident_id, **msgspec.structs.asdict(data))
        return AnnualReviewOut(resident_id=resident_id, on=data.on, passed=data.passed)

    @get("/reviews", responses=errors())
    async def reviews(self, request: Request, on: dt.date | None = None) -> OverdueReviewList:
        require_role(request.user, "bureau", "director")
        home_id = request.user.home_id if request.user.is_director else None
        rows = await integrity.overdue_reviews(on=on or services.local_today(), home_id=home_id)
        items = [{"resident_id": r["id"], "name": r["name"], "home_id": r["home"], "due_on": r["due_on"],
                  "review": r["review"]} for r in rows]  # fmt: skip
        return typed(OverdueReviewList, {"items": items, "total": len(items)})

    @put("/homes/{home_id:int}/census/{on:date}", responses=errors())
    async def census(self, request: Request, home_id: int, on: dt.date, data: CensusIn) -> CensusOut:
        await care.record_census(actor=request.user, home_id=home_id, on=on, **msgspec.structs.asdict(data))
        return CensusOut(home_id=home_id, on=on, **msgspec.structs.asdict(data))

    @get("/centralized-rate", responses=errors())
    async def rates(self, request: Request) -> CentralizedRateOut:
        require_role(request.user, "bureau")
        rates = await care.county_rates()
        return typed(CentralizedRateOut, {
            "county_permille": rates["county_permille"], "target_permille": rates["target_permille"],
            "townships": [{k: t[k] for k in ("code", "name", "centralized", "total", "rate_permille")}
                          for t in rates["townships"]],
            "homes": [{"home_id": h["id"], "beds": h["beds"], "occupied": int(h["occupied"])} for h in rates["homes"]],
        })  # fmt: skip
