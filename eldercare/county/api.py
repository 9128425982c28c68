"""/api/v1/townships and /api/v1/homes."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, patch, post

from eldercare.api_common import clamp_limit, clamp_offset, errors, page
from eldercare.county import directory, services
from eldercare.errors import Forbidden


class TownshipIn(msgspec.Struct):
    code: str
    name: str


class HomeIn(msgspec.Struct):
    code: str
    name: str
    township_code: str
    beds: int
    kind: str = "nursing_home"


class HomePatch(msgspec.Struct):
    name: str | None = None
    kind: str | None = None
    township_code: str | None = None
    beds: int | None = None


def home_out(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "code", "name", "kind", "township_code", "beds")}


class CountyIn(msgspec.Struct):
    code: str
    name: str = ""


class CountyApi(Controller):
    """/api/v1/counties: the caller's counties; a province user adds one (the one write that role has)."""

    path = "/api/v1/counties"
    tags = ["county"]

    @get("/", responses=errors())
    async def index(self, request: Request) -> dict[str, Any]:
        rows = await directory.counties_of(request.user)
        return page([{"code": r["code"], "name": r["name"]} for r in rows], len(rows))

    @post("/", responses=errors(403, 409, 422))
    async def create(self, request: Request, data: CountyIn) -> dict[str, Any]:
        if not request.user.is_reader or request.user.role != "province":
            raise Forbidden("只有省级账号可以新增县。")
        return await directory.add_county(actor=request.user, code=data.code, name=data.name)


class TownshipApi(Controller):
    path = "/api/v1/townships"
    tags = ["county"]

    @get("/", responses=errors())
    async def index(self) -> dict[str, Any]:
        rows = await services.list_townships()
        return page([{"code": r["code"], "name": r["name"]} for r in rows], len(rows))

    @post("/", responses=errors(409, 422))
    async def create(self, request: Request, data: TownshipIn) -> dict[str, Any]:
        row = await services.create_township(actor=request.user, code=data.code, name=data.name)
        return {"code": row["code"], "name": row["name"]}


class HomeApi(Controller):
    path = "/api/v1/homes"
    tags = ["county"]

    @get("/", responses=errors())
    async def index(self, request: Request, limit: int = 100, offset: int = 0) -> dict[str, Any]:
        rows, total = await services.list_homes(
            actor=request.user, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        return page([home_out(r) for r in rows], total)

    @post("/", responses=errors(409, 422))
    async def create(self, request: Request, data: HomeIn) -> dict[str, Any]:
        row = await services.create_home(actor=request.user, **msgspec.structs.asdict(data))
        return home_out(row)

    @get("/{home_id:int}", responses=errors(404))
    async def show(self, request: Request, home_id: int) -> dict[str, Any]:
        return home_out(await services.get_home(actor=request.user, home_id=home_id))

    @patch("/{home_id:int}", responses=errors(404, 422))
    async def update(self, request: Request, home_id: int, data: HomePatch) -> dict[str, Any]:
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None}
        return home_out(await services.update_home(actor=request.user, home_id=home_id, changes=changes))
