"""/api/v1/staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, post

from eldercare.api_common import clamp_limit, clamp_offset, errors, page
from eldercare.staff import services


class StaffIn(msgspec.Struct):
    home_id: int
    name: str
    id_number: str
    hired_on: dt.date
    position: str = ""
    is_director: bool = False
    left_on: dt.date | None = None


def staff_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "home_id": row["home"], "name": row["name"], "id_number": row["id_number"],
        "position": row["position"], "is_director": row["is_director"],
        "hired_on": row["hired_on"].isoformat(), "left_on": row["left_on"].isoformat() if row["left_on"] else None,
    }  # fmt: skip


class StaffApi(Controller):
    path = "/api/v1/staff"
    tags = ["staff"]

    @get("/", responses=errors())
    async def index(
        self, request: Request, home_id: int | None = None, limit: int = 100, offset: int = 0
    ) -> dict:
        rows, total = await services.list_staff(
            actor=request.user, home_id=home_id, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        return page([staff_out(r) for r in rows], total)

    @post("/", responses=errors(404, 422))
    async def create(self, request: Request, data: StaffIn) -> dict[str, Any]:
        fields = msgspec.structs.asdict(data)
        row = await services.create_staff(actor=request.user, **fields)
        return staff_out(row)

    @get("/{staff_id:int}", responses=errors(404))
    async def show(self, request: Request, staff_id: int) -> dict[str, Any]:
        return staff_out(await services.get_staff(actor=request.user, staff_id=staff_id))
