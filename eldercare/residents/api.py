"""/api/v1/residents (list, admit, show, events, roster at a date) and /api/v1/integrity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from msgspec import UNSET

from eldercare.api_common import (
    CountyQuery,
    Id,
    Limit,
    ListedCounty,
    Offset,
    Out,
    clamp_limit,
    clamp_offset,
    errors,
    typed,
)
from eldercare.enums import CareLevel, EventKind, ResidentStatus, Sex, SupportMode
from eldercare.residents import integrity, roster, services


class ResidentIn(msgspec.Struct):
    id_number: str
    name: str
    township_code: str
    mode: SupportMode
    admitted_on: dt.date
    home_id: Id | None = None
    village: str = ""
    care_level: CareLevel = CareLevel.self_care
    reason: str = "纳入特困供养"
    approval_document: str | None = None
    """录入既有对象: the original approval's 批准文号 (with approved_on; both or neither)"""
    approved_on: dt.date | None = None
    """录入既有对象: the original approval's 批准日期"""


class EventIn(msgspec.Struct):
    kind: EventKind
    on: dt.date
    reason: str
    mode: SupportMode | None = None
    home_id: Id | None = None
    care_level: CareLevel | None = None
    status: ResidentStatus | None = None


class ResidentOut(Out):
    id: int
    id_number: str
    name: str
    sex: Sex
    birth_date: dt.date | None
    township_code: str
    village: str
    mode: SupportMode
    home_id: int | None
    care_level: CareLevel
    status: ResidentStatus
    admitted_on: dt.date | None
    county_code: ListedCounty = UNSET


class ResidentList(Out):
    items: list[ResidentOut]
    total: int
    next_after: str | None = None
    """keyset cursor of the next page (`?after=`), null at the end"""


class RosterOut(Out):
    on: dt.date
    items: list[ResidentOut]
    total: int


class EventOut(Out):
    seq: int
    kind: EventKind
    on: dt.date | None
    reason: str
    status_after: ResidentStatus | None
    mode_after: SupportMode | None
    home_after: int | None
    care_level_after: CareLevel | None


class EventList(Out):
    items: list[EventOut]
    total: int


class Finding(Out):
    check: str
    subject: str
    detail: str
    link: str


class IntegrityOut(Out):
    findings: list[Finding]


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

    @get("/", responses=errors())
    async def index(
        self, request: Request, q: str = "", township_code: str = "", home_id: int | None = None,
        mode: SupportMode | None = None, status: ResidentStatus | None = None, care_level: CareLevel | None = None,
        limit: Limit = 100, offset: Offset = 0, after: str = "", county: CountyQuery = None,
    ) -> ResidentList:  # fmt: skip
        """`?limit=&offset=` as the contract says; `?after=<next_after>` pages by keyset (a deep page costs what
        the first does), and every answer carries `next_after` for the page that follows (null at the end)."""
        filters = roster.Filters(q=q, township_code=township_code, home_id=home_id, mode=mode or "",
                                 status=status or "", care_level=care_level or "")  # fmt: skip
        if after or offset <= 0:
            found = await roster.roster_page(
                actor=request.user, filters=filters, limit=clamp_limit(limit), after=after or None, cap=None
            )
            return typed(ResidentList, {"items": [resident_out(r) for r in found.rows], "total": found.total,
                                        "next_after": found.next_after})  # fmt: skip
        rows, total = await roster.list_residents(
            actor=request.user, filters=filters, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        next_after = roster.encode_cursor(rows[-1]) if rows and offset + len(rows) < total else None
        return typed(ResidentList, {"items": [resident_out(r) for r in rows], "total": total, "next_after": next_after})

    @post("/", responses=errors(conflicts=("duplicate", "home_full", "year_finalized")))
    async def create(self, request: Request, data: ResidentIn) -> ResidentOut:
        """录入既有对象, the bureau's: a person approved before the system existed. A director gets 403
        `admission_required`: new supported persons enter through 三审三公示 (`POST /api/v1/admissions`)."""
        fields = msgspec.structs.asdict(data)
        fields["on"] = fields.pop("admitted_on")
        document, approved_on = fields.pop("approval_document"), fields.pop("approved_on")
        if request.user.is_bureau:
            fields["reason"] = services.existing_person_reason(document, approved_on, fields["reason"])
        return typed(ResidentOut, resident_out(await services.admit_resident(actor=request.user, **fields)))

    @get("/roster", responses=errors())
    async def roster(
        self, request: Request, on: dt.date, home_id: int | None = None, limit: Limit = 100, offset: Offset = 0
    ) -> RosterOut:
        rows, total = await roster.roster_on(
            actor=request.user, on=on, home_id=home_id, limit=clamp_limit(limit), offset=max(offset, 0)
        )
        return typed(RosterOut, {"on": on, "items": [resident_out(r) for r in rows], "total": total})

    @get("/{resident_id:int}", responses=errors())
    async def show(self, request: Request, resident_id: int) -> ResidentOut:
        return typed(ResidentOut, resident_out(await services.get_resident(actor=request.user, resident_id=resident_id)))

    @get("/{resident_id:int}/events", responses=errors())
    async def events(self, request: Request, resident_id: int) -> EventList:
        rows = await services.list_events(actor=request.user, resident_id=resident_id)
        return typed(EventList, {"items": [event_out(r) for r in rows], "total": len(rows)})

    @post("/{resident_id:int}/events", responses=errors(conflicts=("home_full", "year_finalized")))
    async def add_event(self, request: Request, resident_id: int, data: EventIn) -> ResidentOut:
        row = await services.record_event(
            actor=request.user, resident_id=resident_id, **msgspec.structs.asdict(data)
        )
        return typed(ResidentOut, resident_out(row))


class IntegrityApi(Controller):
    path = "/api/v1/integrity"
    tags = ["residents"]

    @get("/", responses=errors())
    async def index(self, request: Request, on: dt.date | None = None) -> IntegrityOut:
        findings = await integrity.integrity_for(actor=request.user, on=on or services.local_today())
        return typed(IntegrityOut, {"findings": findings})
