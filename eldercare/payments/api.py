"""/api/v1/standards, /api/v1/fund, /api/v1/payments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post, put

from eldercare import versions
from eldercare.api_common import clamp_limit, clamp_offset, errors, page
from eldercare.errors import Invalid
from eldercare.payments import rules, selectors, services


class StandardIn(msgspec.Struct):
    centralized_fen: int
    dispersed_fen: int
    care_supplement_fen: dict[str, int] = msgspec.field(default_factory=dict)


class InflowIn(msgspec.Struct):
    on: dt.date
    amount_fen: int
    source: str
    document_no: str


class BatchIn(msgspec.Struct):
    period: str


def standard_values(data: StandardIn) -> dict[str, Any]:
    unknown = set(data.care_supplement_fen) - set(rules.CARE_LEVELS)
    if unknown:
        raise Invalid("护理补贴的等级不正确。", fields={"care_supplement_fen": "只能是 self_care、partial、full。"})
    return {"centralized_fen": data.centralized_fen, "dispersed_fen": data.dispersed_fen,
            **{f"supplement_{k}_fen": v for k, v in data.care_supplement_fen.items()}}  # fmt: skip


def standard_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": row["year"], "version": row["version"], "centralized_fen": row["centralized_fen"],
        "dispersed_fen": row["dispersed_fen"],
        "care_supplement_fen": {level: row[f"supplement_{level}_fen"] for level in rules.CARE_LEVELS},
    }  # fmt: skip


class StandardApi(Controller):
    path = "/api/v1/standards"
    tags = ["payments"]

    @get("/{year:int}", responses=errors(404, 422))
    async def show(self, request: Request, year: int) -> Response[dict[str, Any]]:
        row = await services.get_standard(actor=request.user, year=year)
        return versions.etag_response(standard_out(row), row)

    @put("/{year:int}", responses=errors(409, 412, 422))
    async def update(
        self, request: Request, year: int, data: StandardIn, if_match: str | None = versions.IfMatch
    ) -> Response[dict[str, Any]]:
        row = await services.put_standard(actor=request.user, year=year, values=standard_values(data),
                                          if_match=if_match)  # fmt: skip
        return versions.etag_response(standard_out(row), row)


class FundApi(Controller):
    path = "/api/v1/fund"
    tags = ["payments"]

    @post("/inflows", responses=errors(409, 422))
    async def inflow(self, request: Request, data: InflowIn) -> dict[str, Any]:
        return await services.add_inflow(actor=request.user, dated_on=data.on, amount_fen=data.amount_fen,
                                         source=data.source, document_no=data.document_no)  # fmt: skip

    @get("/ledger", responses=errors(422))
    async def ledger(
        self, request: Request, year: int | None = None, limit: int = 100, offset: int = 0
    ) -> dict[str, Any]:
        found = await selectors.ledger(actor=request.user, year=year, limit=clamp_limit(limit), offset=clamp_offset(offset))
        items = [{k: i[k] for k in ("on", "kind", "amount_fen", "ref", "balance_after_fen", "source",
                                     "document_no")} for i in found["items"]]  # fmt: skip
        return {"balance_fen": found["balance_fen"], "items": items, "total": found["total"]}


def line_out(row: dict[str, Any]) -> dict[str, Any]:
    return {"resident_id": row["resident"], "mode": row["mode"], "payee": row["payee"],
            "amount_fen": row["amount_fen"], "kind": row["kind"], "for_period": row["for_period"],
            "home_id": row["home"], "care_level": row["care_level"]}  # fmt: skip


class PaymentApi(Controller):
    path = "/api/v1/payments"
    tags = ["payments"]

    @post("/batches", responses=errors(409, 422))
    async def create(self, request: Request, data: BatchIn) -> Response[dict[str, Any]]:
        """The month's batch; the same period again answers the same batch with 200 and pays nothing twice."""
        batch = await services.create_batch(actor=request.user, period=data.period)
        return Response(batch, status_code=201 if batch["created"] else 200)

    @get("/batches", responses=errors())
    async def index(self, request: Request, limit: int = 100, offset: int = 0) -> dict[str, Any]:
        rows, total = await selectors.list_batches(actor=request.user, limit=clamp_limit(limit), offset=clamp_offset(offset))
        return page([{k: r[k] for k in ("period", "count", "total_fen", "status")} for r in rows], total)

    @get("/batches/{period:str}", responses=errors(404, 422))
    async def show(self, request: Request, period: str, limit: int = 500, offset: int = 0) -> dict[str, Any]:
        batch = await selectors.get_batch(actor=request.user, period=period, limit=clamp_limit(limit),
                                          offset=clamp_offset(offset))  # fmt: skip
        return {"period": batch["period"], "count": batch["count"], "total_fen": batch["total_fen"],
                "status": batch["status"], "lines": [line_out(r) for r in batch["lines"]]}  # fmt: skip

    @get("/residents/{resident_id:int}", responses=errors(404))
    async def for_resident(self, request: Request, resident_id: int) -> dict[str, Any]:
        rows = await services.payments_for_resident(actor=request.user, resident_id=resident_id)
        items = [{"paid_in": r["paid_in"], "for_period": r["for_period"], "kind": r["kind"], "mode": r["mode"],
                  "payee": r["payee"], "amount_fen": r["amount_fen"]} for r in rows]  # fmt: skip
        return page(items, len(items))
