"""/api/v1/staff."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, patch, post, put
from msgspec import UNSET

from eldercare import keyset, versions
from eldercare.api_common import (
    CountyQuery,
    Limit,
    ListedCounty,
    Offset,
    Out,
    Year,
    YearNumber,
    clamp_limit,
    clamp_offset,
    errors,
    typed,
)
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.enums import Grade
from eldercare.staff import services

Votes = Annotated[int, msgspec.Meta(ge=0, le=100_000)]


class StaffIn(msgspec.Struct):
    home_id: int
    name: str
    id_number: str
    hired_on: dt.date
    position: str = ""
    is_director: bool = False
    left_on: dt.date | None = None


class StaffPatch(msgspec.Struct):
    name: str | None = None
    id_number: str | None = None
    position: str | None = None
    is_director: bool | None = None
    hired_on: dt.date | None = None
    left_on: dt.date | None = None


class StaffOut(Out):
    id: int
    home_id: int
    name: str
    id_number: str
    position: str
    is_director: bool
    hired_on: dt.date
    left_on: dt.date | None
    county_code: ListedCounty = UNSET


class StaffList(Out):
    items: list[StaffOut]
    total: int
    next_after: str | None = None
    """keyset cursor of the next page (`?after=`), null at the end"""


def staff_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "home_id": row["home"], "name": row["name"], "id_number": row["id_number"],
        "position": row["position"], "is_director": row["is_director"],
        "hired_on": row["hired_on"], "left_on": row["left_on"],
    }  # fmt: skip


class StaffApi(Controller):
    path = "/api/v1/staff"
    tags = ["staff"]

    @get("/", responses=errors())
    async def index(
        self, request: Request, home_id: int | None = None, limit: Limit = 100, offset: Offset = 0, after: str = "",
        county: CountyQuery = None,
    ) -> StaffList:
        """`?limit=&offset=` as the contract says; `?after=<next_after>` pages by keyset (each home's staff
        together, its director first), and every answer carries `next_after` (null at the end)."""
        if after or offset <= 0:
            window, total, _ = await services.staff_page(
                actor=request.user, home_id=home_id, limit=clamp_limit(limit), after=after or None, cap=None
            )
            rows, next_after = window.rows, window.next_after
        else:
            rows, total = await services.list_staff(
                actor=request.user, home_id=home_id, limit=clamp_limit(limit), offset=clamp_offset(offset)
            )
            more = rows and offset + len(rows) < total
            next_after = keyset.cursor_of(services.STAFF_ORDER, rows[-1]) if more else None
        return typed(StaffList, {"items": [staff_out(r) for r in rows], "total": total, "next_after": next_after})

    @post("/", responses=errors(409))
    async def create(self, request: Request, data: StaffIn) -> StaffOut:
        fields = msgspec.structs.asdict(data)
        row = await services.create_staff(actor=request.user, **fields)
        return typed(StaffOut, staff_out(row))

    @get("/{staff_id:int}", responses=errors())
    async def show(self, request: Request, staff_id: int) -> Response[StaffOut]:
        row = await services.get_staff(actor=request.user, staff_id=staff_id)
        return versions.etag_response(typed(StaffOut, staff_out(row)), row)

    @patch("/{staff_id:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors(409, 412))
    async def update(
        self, request: Request, staff_id: int, data: StaffPatch, if_match: str | None = versions.IfMatch
    ) -> Response[StaffOut]:
        changes = msgspec.structs.asdict(data)
        row = await services.update_staff(actor=request.user, staff_id=staff_id, changes=changes, if_match=if_match)
        return versions.etag_response(typed(StaffOut, staff_out(row)), row)


class GradeIn(msgspec.Struct):
    grade: Grade


class TrustResultIn(msgspec.Struct):
    staff_id: int
    trust: Votes
    cast: Votes


class TrustSurveyIn(msgspec.Struct):
    year: YearNumber
    round: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    on: dt.date
    results: list[TrustResultIn]


class AssessmentGradeOut(Out):
    staff_id: int
    home_id: int
    year: int
    grade: Grade


class TrustResultOut(Out):
    staff_id: int
    trust: int
    cast: int


class TrustSurveyOut(Out):
    id: int
    home_id: int
    year: int
    round: int
    on: dt.date
    results: list[TrustResultOut]


class StaffRecordApi(Controller):
    """Writes to staff records: the director keeps them, the bureau may too."""

    path = "/api/v1/staff"
    tags = ["staff"]

    @put("/{staff_id:int}/assessments/{year:int}", guards=[requires(BUREAU, DIRECTOR)],
         responses=errors(conflicts=("year_finalized",)))  # fmt: skip
    async def assess(self, request: Request, staff_id: int, year: Year, data: GradeIn) -> AssessmentGradeOut:
        found = await services.set_assessment(actor=request.user, staff_id=staff_id, year=year, grade=data.grade)
        return typed(AssessmentGradeOut, found)


class TrustSurveyApi(Controller):
    path = "/api/v1/homes"
    tags = ["staff"]

    @post(
        "/{home_id:int}/trust-surveys", guards=[requires(BUREAU, DIRECTOR)],
        responses=errors(conflicts=("duplicate", "year_finalized")),
    )  # fmt: skip
    async def create(self, request: Request, home_id: int, data: TrustSurveyIn) -> TrustSurveyOut:
        survey = await services.record_trust_survey(
            actor=request.user, home_id=home_id, year=data.year, round=data.round, dated_on=data.on,
            results=[msgspec.structs.asdict(r) for r in data.results],
        )  # fmt: skip
        return typed(TrustSurveyOut, survey)
