"""/api/v1 for self-care assessments, 年审, census and the county's rates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, post, put

from eldercare.api_common import errors, page
from eldercare.auth.scope import require_role
from eldercare.residents import care, integrity, services


class AssessmentIn(msgspec.Struct):
    on: dt.date
    eating: bool
    dressing: bool
    transfer: bool
    toileting: bool
    walking: bool
    bathing: bool


class ReviewIn(msgspec.Struct):
    on: dt.date
    passed: bool = True
    note: str = ""


class CensusIn(msgspec.Struct):
    present: int
    hospitalized: int = 0
    on_leave: int = 0


class CareApi(Controller):
    path = "/api/v1"
    tags = ["residents"]

    @post("/residents/{resident_id:int}/assessments", responses=errors(404, 409, 422))
    async def assess(self, request: Request, resident_id: int, data: AssessmentIn) -> dict[str, Any]:
        managed = {k: v for k, v in msgspec.structs.asdict(data).items() if k != "on"}
        return await care.assess(actor=request.user, resident_id=resident_id, on=data.on, managed=managed)

    @post("/residents/{resident_id:int}/reviews", responses=errors(404, 422))
    async def review(self, request: Request, resident_id: int, data: ReviewIn) -> dict[str, Any]:
        await care.record_review(actor=request.user, resident_id=resident_id, **msgspec.structs.asdict(data))
        return {"resident_id": resident_id, "on": data.on.isoformat(), "passed": data.passed}

    @get("/reviews", responses=errors(422))
    async def reviews(self, request: Request, on: dt.date | None = None) -> dict[str, Any]:
        require_role(request.user, "bureau", "director")
        home_id = request.user.home_id if request.user.is_director else None
        rows = await integrity.overdue_reviews(on=on or services.local_today(), home_id=home_id)
        items = [{"resident_id": r["id"], "name": r["name"], "home_id": r["home"], "due_on": r["due_on"].isoformat(),
                  "review": r["review"]} for r in rows]  # fmt: skip
        return page(items, len(items))

    @put("/homes/{home_id:int}/census/{on:date}", responses=errors(422))
    async def census(self, request: Request, home_id: int, on: dt.date, data: CensusIn) -> dict[str, Any]:
        await care.record_census(actor=request.user, home_id=home_id, on=on, **msgspec.structs.asdict(data))
        return {"home_id": home_id, "on": on.isoformat(), **msgspec.structs.asdict(data)}

    @get("/centralized-rate", responses=errors())
    async def rates(self, request: Request) -> dict[str, Any]:
        require_role(request.user, "bureau")
        rates = await care.county_rates()
        return {
            "county_permille": rates["county_permille"], "target_permille": rates["target_permille"],
            "townships": [{k: t[k] for k in ("code", "name", "centralized", "total", "rate_permille")}
                          for t in rates["townships"]],
            "homes": [{"home_id": h["id"], "beds": h["beds"], "occupied": int(h["occupied"])} for h in rates["homes"]],
        }  # fmt: skip
