"""/api/v1/residents (list, admit, show, events, roster at a date) and /api/v1/integrity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, post

from eldercare.api_common import clamp_limit, clamp_offset, errors, page
from eldercare.residents import integrity, roster, services


class ResidentIn(msgspec.Struct):
    id_number: str
    name: str
    township_code: str
    mode: str
    admitted_on: dt.date
    home_id: int | None = None
    village: str = ""
    care_level: str = "self_care"
    reason: str = "纳入特困供养"


class EventIn(msgspec.Struct):
    kind: str
    on: dt.date
    reason: str
    mode: str | None = None
    home_id: int | None = None
    care_level: str | None = None
    status: str | None = None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def resident_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "id_number": row["id_number"], "name": row["name"], "sex": row["sex"],
        "birth_date": _iso(row["birth_date"]), "township_code": row["township_code"], "village": row["village"],
        "mode": row["mode"], "home_id": row.get("home", row.get("home_id")), "care_level": row["care_level"],
        "status": row["status"], "admitted_on": _iso(row["admitted_on"]),
    }  # fmt: skip


def event_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": row["seq"], "kind": row["kind"], "on": _iso(row["dated_on"]), "reason": row["reason"],
        "status_after": row["status_after"], "mode_after": row["mode_after"], "home_after": row["home_after"],
        "care_level_after": row["care_level_after"],
    }  # fmt: skip


class ResidentApi(Controller):
    path = "/api/v1/residents"
    tags = ["residents"]

    @get("/", responses=errors(422))
    async def index(
        self, request: Request, q: str = "", township_code: str = "", home_id: int | None = None, mode: str = "",
        status: str = "", care_level: str = "", limit: int = 100, offset: int = 0, after: str = "",
    ) -> dict[str, Any]:  # fmt: skip
        """`?limit=&offset=` as the contract says; `?after=<next_after>` pages by keyset (a deep page costs what
        the first does), and every answer carries `next_after` for the page that follows (null at the end)."""
        filters = roster.Filters(q=q, township_code=township_code, home_id=home_id, mode=mode, status=status,
                                 care_level=care_level)  # fmt: skip
        if after or offset <= 0:
            found = await roster.roster_page(
                actor=request.user, filters=filters, limit=clamp_limit(limit), after=after or None, cap=None
            )
            return {**page([resident_out(r) for r in found.rows], found.total), "next_after": found.next_after}
        rows, total = await roster.list_residents(
            actor=request.user, filters=filters, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        next_after = roster.encode_cursor(rows[-1]) if rows and offset + len(rows) < total else None
        return {**page([resident_out(r) for r in rows], total), "next_after": next_after}

    @post("/", responses=errors(409, 422))
    async def create(self, request: Request, data: ResidentIn) -> dict[str, Any]:
        fields = msgspec.structs.asdict(data)
        fields["on"] = fields.pop("admitted_on")
        return resident_out(await services.admit_resident(actor=request.user, **fields))

    @get("/roster", responses=errors(422))
    async def roster(
        self, request: Request, on: dt.date, home_id: int | None = None, limit: int = 100, offset: int = 0
    ) -> dict[str, Any]:
        rows, total = await roster.roster_on(
            actor=request.user, on=on, home_id=home_id, limit=clamp_limit(limit), offset=max(offset, 0)
        )
        return {"on": on.isoformat(), **page([resident_out(r) for r in rows], total)}

    @get("/{resident_id:int}", responses=errors(404))
    async def show(self, request: Request, resident_id: int) -> dict[str, Any]:
        return resident_out(await services.get_resident(actor=request.user, resident_id=resident_id))

    @get("/{resident_id:int}/events", responses=errors(404))
    async def events(self, request: Request, resident_id: int) -> dict[str, Any]:
        rows = await services.list_events(actor=request.user, resident_id=resident_id)
        return page([event_out(r) for r in rows], len(rows))

    @post("/{resident_id:int}/events", responses=errors(404, 409, 422))
    async def add_event(self, request: Request, resident_id: int, data: EventIn) -> dict[str, Any]:
        row = await services.record_event(
            actor=request.user, resident_id=resident_id, **msgspec.structs.asdict(data)
        )
        return resident_out(row)


class IntegrityApi(Controller):
    path = "/api/v1/integrity"
    tags = ["residents"]

    @get("/", responses=errors(422))
    async def index(self, request: Request, on: dt.date | None = None) -> dict[str, Any]:
        findings = await integrity.integrity_for(actor=request.user, on=on or services.local_today())
        return {"findings": findings}
