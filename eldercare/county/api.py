"""/api/v1/townships and /api/v1/homes."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post
from msgspec import UNSET

from eldercare import keyset
from eldercare.api_common import (
    CountyCode,
    CountyQuery,
    Limit,
    ListedCounty,
    Offset,
    Out,
    clamp_limit,
    clamp_offset,
    errors,
    typed,
)
from eldercare.county import directory, services
from eldercare.enums import HomeKind
from eldercare.errors import Forbidden

Beds = Annotated[int, msgspec.Meta(ge=0, le=100_000)]


class TownshipIn(msgspec.Struct):
    code: str
    name: str


class HomeIn(msgspec.Struct):
    code: str
    name: str
    township_code: str
    beds: Beds
    kind: HomeKind = HomeKind.nursing_home


class HomePatch(msgspec.Struct):
    name: str | None = None
    kind: HomeKind | None = None
    township_code: str | None = None
    beds: Beds | None = None


class TownshipOut(Out):
    code: str
    name: str
    county_code: ListedCounty = UNSET


class TownshipList(Out):
    items: list[TownshipOut]
    total: int
    next_after: str | None = None
    """keyset cursor of the next page (`?after=`), null at the end"""


class HomeOut(Out):
    id: int
    code: str
    name: str
    kind: HomeKind
    township_code: str
    beds: int
    county_code: ListedCounty = UNSET


class HomeList(Out):
    items: list[HomeOut]
    total: int
    next_after: str | None = None
    """keyset cursor of the next page (`?after=`), null at the end"""


def home_out(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "code", "name", "kind", "township_code", "beds")}


class CountyIn(msgspec.Struct):
    code: str
    name: str = ""


class CountyOut(Out):
    code: CountyCode
    name: str


class CountyList(Out):
    items: list[CountyOut]
    total: int


class CountyApi(Controller):
    """/api/v1/counties: the caller's counties; a province user adds one (the one write that role has)."""

    path = "/api/v1/counties"
    tags = ["county"]

    @get("/", responses=errors())
    async def index(self, request: Request) -> CountyList:
        rows = await directory.counties_of(request.user)
        return typed(CountyList, {"items": [{"code": r["code"], "name": r["name"]} for r in rows],
                                  "total": len(rows)})  # fmt: skip

    @post("/", responses=errors(conflicts=("duplicate",)))
    async def create(self, request: Request, data: CountyIn) -> CountyOut:
        if not request.user.is_reader or request.user.role != "province":
            raise Forbidden("只有省级账号可以新增县。")
        return typed(CountyOut, await directory.add_county(actor=request.user, code=data.code, name=data.name))


class TownshipApi(Controller):
    path = "/api/v1/townships"
    tags = ["county"]

    @get("/", responses=errors())
    async def index(
        self, limit: Limit = 500, offset: Offset = 0, after: str = "", county: CountyQuery = None
    ) -> TownshipList:
        """In code order, 500 at a time unless `?limit=` says otherwise (a county holds a few dozen; a
        province-sized store 1,600): `?offset=`, or `?after=<next_after>` by keyset."""
        window, total, _ = await services.townships_page(limit=clamp_limit(limit), offset=clamp_offset(offset),
                                                         after=after or None)  # fmt: skip
        return typed(TownshipList, {"items": [{"code": r["code"], "name": r["name"]} for r in window.rows],
                                    "total": total, "next_after": window.next_after})  # fmt: skip

    @post("/", responses=errors(conflicts=("duplicate",)))
    async def create(self, request: Request, data: TownshipIn) -> TownshipOut:
        row = await services.create_township(actor=request.user, code=data.code, name=data.name)
        return TownshipOut(code=row["code"], name=row["name"])


class HomeApi(Controller):
    path = "/api/v1/homes"
    tags = ["county"]

    @get("/", responses=errors())
    async def index(
        self, request: Request, limit: Limit = 100, offset: Offset = 0, after: str = "",
        county: CountyQuery = None,
    ) -> HomeList:
        """In code order: `?limit=&offset=`, or `?after=<next_after>` by keyset."""
        if after or offset <= 0:
            window, total, _ = await services.homes_page(actor=request.user, limit=clamp_limit(limit),
                                                         after=after or None, cap=None)  # fmt: skip
            rows, next_after = window.rows, window.next_after
        else:
            rows, total = await services.list_homes(
                actor=request.user, limit=clamp_limit(limit), offset=clamp_offset(offset)
            )
            more = rows and offset + len(rows) < total
            next_after = keyset.cursor_of(services.HOME_ORDER, rows[-1]) if more else None
        return typed(HomeList, {"items": [home_out(r) for r in rows], "total": total, "next_after": next_after})

    @post("/", responses=errors(conflicts=("duplicate",)))
    async def create(self, request: Request, data: HomeIn) -> HomeOut:
        row = await services.create_home(actor=request.user, **msgspec.structs.asdict(data))
        return typed(HomeOut, home_out(row))

    @get("/{home_id:int}", responses=errors())
    async def show(self, request: Request, home_id: int) -> HomeOut:
        return typed(HomeOut, home_out(await services.get_home(actor=request.user, home_id=home_id)))

    @patch("/{home_id:int}", responses=errors(409))
    async def update(self, request: Request, home_id: int, data: HomePatch) -> HomeOut:
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None}
        return typed(HomeOut, home_out(await services.update_home(actor=request.user, home_id=home_id, changes=changes)))
