"""/api/v1/standards, /api/v1/fund, /api/v1/payments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Parameter

from eldercare import versions
from eldercare.api_common import (
    FEN,
    Limit,
    Offset,
    OptionalYear,
    Out,
    Year,
    clamp_limit,
    clamp_offset,
    errors,
    typed,
)
from eldercare.approvals.api import PENDING, pending_response
from eldercare.approvals.services import Pending
from eldercare.enums import CareLevel, LedgerKind, SupportMode
from eldercare.errors import Invalid
from eldercare.payments import rules, selectors, services

# The period's format is checked by the service (a Chinese message naming the format), not by a pattern.
Period = Annotated[str, msgspec.Meta(description="a month, YYYY-MM", examples=["2025-03"])]
PeriodPath = Annotated[str, Parameter(description="a month, YYYY-MM")]


class StandardIn(msgspec.Struct):
    centralized_fen: FEN
    dispersed_fen: FEN
    care_supplement_fen: dict[CareLevel, FEN] = msgspec.field(default_factory=dict)


class InflowIn(msgspec.Struct):
    on: dt.date
    amount_fen: FEN
    source: str
    document_no: str


class BatchIn(msgspec.Struct):
    period: Period


class CareSupplementOut(Out):
    self_care: int
    partial: int
    full: int


class StandardOut(Out):
    year: int
    version: int
    centralized_fen: int
    dispersed_fen: int
    care_supplement_fen: CareSupplementOut


class InflowOut(Out):
    id: int
    on: dt.date
    amount_fen: int
    balance_fen: int
    source: str
    document_no: str


class LedgerItem(Out):
    on: dt.date
    kind: LedgerKind
    amount_fen: int
    ref: str
    balance_after_fen: int
    source: str
    document_no: str


class LedgerOut(Out):
    balance_fen: int
    items: list[LedgerItem]
    total: int
    next_after: str | None = None
    """keyset cursor of the next page (`?after=`), null at the end"""


class BatchOut(Out):
    period: str
    count: int
    total_fen: int
    status: str


class CreatedBatchOut(BatchOut):
    created: bool


class BatchList(Out):
    items: list[BatchOut]
    total: int


class PaymentLineOut(Out):
    resident_id: int
    mode: SupportMode
    payee: str
    amount_fen: int
    kind: str
    for_period: str
    home_id: int | None
    care_level: CareLevel


class BatchDetail(BatchOut):
    lines: list[PaymentLineOut]
    next_after: str | None = None
    """keyset cursor of the next page of lines (`?after=`), null at the end"""


class ResidentPayment(Out):
    paid_in: str
    for_period: str
    kind: str
    mode: SupportMode
    payee: str
    amount_fen: int


class ResidentPaymentList(Out):
    items: list[ResidentPayment]
    total: int


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

    @get("/{year:int}", responses=errors())
    async def show(self, request: Request, year: Year) -> Response[StandardOut]:
        row = await services.get_standard(actor=request.user, year=year)
        return versions.etag_response(typed(StandardOut, standard_out(row)), row)

    @put("/{year:int}", responses={**PENDING, **errors(412, conflicts=("year_finalized", "approval_pending"))})
    async def update(
        self, request: Request, year: Year, data: StandardIn, if_match: str | None = versions.IfMatch
    ) -> Response[StandardOut]:
        row = await services.put_standard(actor=request.user, year=year, values=standard_values(data),
                                          if_match=if_match)  # fmt: skip
        if isinstance(row, Pending):
            return pending_response(row)  # type: ignore[return-value]
        return versions.etag_response(typed(StandardOut, standard_out(row)), row)


class FundApi(Controller):
    path = "/api/v1/fund"
    tags = ["payments"]

    @post("/inflows", responses={**PENDING, **errors(conflicts=("duplicate", "year_finalized", "approval_pending"))})
    async def inflow(self, request: Request, data: InflowIn) -> Response[InflowOut]:
        entry = await services.add_inflow(actor=request.user, dated_on=data.on, amount_fen=data.amount_fen,
                                          source=data.source, document_no=data.document_no)  # fmt: skip
        if isinstance(entry, Pending):
            return pending_response(entry)  # type: ignore[return-value]
        return Response(typed(InflowOut, entry), status_code=201)

    @get("/ledger", responses=errors())
    async def ledger(
        self, request: Request, year: OptionalYear = None, limit: Limit = 100, offset: Offset = 0, after: str = ""
    ) -> LedgerOut:
        """Entry order: `?limit=&offset=`, or `?after=<next_after>` by keyset."""
        found = await selectors.ledger(actor=request.user, year=year, limit=clamp_limit(limit),
                                       offset=clamp_offset(offset), after=after or None)  # fmt: skip
        items = [{k: i[k] for k in ("on", "kind", "amount_fen", "ref", "balance_after_fen", "source",
                                     "document_no")} for i in found["items"]]  # fmt: skip
        return typed(LedgerOut, {"balance_fen": found["balance_fen"], "items": items, "total": found["total"],
                                 "next_after": found["next_after"]})  # fmt: skip


def line_out(row: dict[str, Any]) -> dict[str, Any]:
    return {"resident_id": row["resident"], "mode": row["mode"], "payee": row["payee"],
            "amount_fen": row["amount_fen"], "kind": row["kind"], "for_period": row["for_period"],
            "home_id": row["home"], "care_level": row["care_level"]}  # fmt: skip


class PaymentApi(Controller):
    path = "/api/v1/payments"
    tags = ["payments"]

    @post(
        "/batches",
        responses={
            200: ResponseSpec(CreatedBatchOut, description="the period's batch already existed: nothing paid twice"),
            **errors(conflicts=("insufficient_funds", "no_standard", "year_finalized")),
        },
    )
    async def create(self, request: Request, data: BatchIn) -> Response[CreatedBatchOut]:
        """The month's batch; the same period again answers the same batch with 200 and pays nothing twice."""
        batch = await services.create_batch(actor=request.user, period=data.period)
        return Response(typed(CreatedBatchOut, batch), status_code=201 if batch["created"] else 200)

    @get("/batches", responses=errors())
    async def index(self, request: Request, limit: Limit = 100, offset: Offset = 0) -> BatchList:
        rows, total = await selectors.list_batches(actor=request.user, limit=clamp_limit(limit), offset=clamp_offset(offset))
        items = [{k: r[k] for k in ("period", "count", "total_fen", "status")} for r in rows]
        return typed(BatchList, {"items": items, "total": total})

    @get("/batches/{period:str}", responses=errors())
    async def show(
        self, request: Request, period: PeriodPath, limit: Limit = 500, offset: Offset = 0, after: str = ""
    ) -> BatchDetail:
        """The batch and a page of its lines: `?limit=&offset=`, or `?after=<next_after>` by keyset."""
        batch = await selectors.get_batch(actor=request.user, period=period, limit=clamp_limit(limit),
                                          offset=clamp_offset(offset), after=after or None)  # fmt: skip
        return typed(BatchDetail, {"period": batch["period"], "count": batch["count"], "total_fen": batch["total_fen"],
                                   "status": batch["status"], "lines": [line_out(r) for r in batch["lines"]],
                                   "next_after": batch["next_after"]})  # fmt: skip

    @get("/residents/{resident_id:int}", responses=errors())
    async def for_resident(self, request: Request, resident_id: int) -> ResidentPaymentList:
        rows = await services.payments_for_resident(actor=request.user, resident_id=resident_id)
        items = [{"paid_in": r["paid_in"], "for_period": r["for_period"], "kind": r["kind"], "mode": r["mode"],
                  "payee": r["payee"], "amount_fen": r["amount_fen"]} for r in rows]  # fmt: skip
        return typed(ResidentPaymentList, {"items": items, "total": len(items)})
