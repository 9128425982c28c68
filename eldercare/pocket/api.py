"""/api/v1/pocket-money/{year}, /api/v1/pocket-money/payments, /api/v1/residents/{id}/pocket-money and /savings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.openapi.datastructures import ResponseSpec

from eldercare.api_common import FEN, Limit, Out, Year, YearNumber, clamp_limit, errors, typed
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.enums import CareLevel, PocketSource, PocketStatus, SavingsKind
from eldercare.errors import Invalid
from eldercare.payments.api import Period
from eldercare.pocket import rules, savings, services

MonthlyFen = Annotated[int, msgspec.Meta(ge=0, le=rules.MAX_MONTHLY_FEN, description="fen a month (0–1,000 元)")]
SavingsFen = Annotated[int, msgspec.Meta(ge=0, le=rules.MAX_SAVINGS_FEN, description="fen (at most 100 万元)")]


class PocketMoneyIn(msgspec.Struct):
    source: PocketSource
    monthly_fen: dict[str, int]
    """fen a month by care level: `self_care`, `partial`, `full` (a level left out pays nothing)"""


class PaymentIn(msgspec.Struct):
    period: Period


class SavingsIn(msgspec.Struct):
    kind: SavingsKind
    on: dt.date
    amount_fen: int
    witness: str = ""
    """who witnessed a withdrawal (required for one)"""
    note: str = ""


class MonthlyPocketMoney(Out):
    self_care: MonthlyFen
    partial: MonthlyFen
    full: MonthlyFen


class PocketMoneySettingOut(Out):
    year: YearNumber
    source: PocketSource
    monthly_fen: MonthlyPocketMoney


class PocketPaymentOut(Out):
    period: str
    status: PocketStatus
    count: Annotated[int, msgspec.Meta(ge=0)]
    total_fen: FEN
    detail: str
    created: bool
    """true when this call paid the month; false when it was paid before (nothing paid twice)"""


class ResidentPocketMoney(Out):
    for_period: str
    care_level: CareLevel
    amount_fen: MonthlyFen
    source: PocketSource


class ResidentPocketMoneyList(Out):
    items: list[ResidentPocketMoney]
    total: int


class SavingsEntryOut(Out):
    id: int
    seq: Annotated[int, msgspec.Meta(ge=1)]
    on: dt.date
    kind: SavingsKind
    amount_fen: SavingsFen
    balance_fen: FEN
    """the balance after this entry"""
    witness: str
    note: str


class SavingsLedgerOut(Out):
    balance_fen: FEN
    items: list[SavingsEntryOut]
    total: int
    next_after: str | None = None
    """keyset cursor of the next page (`?after=`), null at the end"""


def setting_out(row: dict[str, Any]) -> PocketMoneySettingOut:
    return typed(PocketMoneySettingOut, {"year": row["year"], "source": row["source"],
                                         "monthly_fen": {level: row[f"{level}_fen"] for level in rules.CARE_LEVELS}})  # fmt: skip


def setting_values(data: PocketMoneyIn) -> dict[str, Any]:
    unknown = set(data.monthly_fen) - set(rules.CARE_LEVELS)
    if unknown:
        raise Invalid("自理能力等级不正确。", fields={"monthly_fen": "只能是 self_care、partial、full。"})
    return {"source": data.source, **{f"{level}_fen": data.monthly_fen.get(level, 0) for level in rules.CARE_LEVELS}}


class PocketMoneyApi(Controller):
    path = "/api/v1/pocket-money"
    tags = ["pocket-money"]

    @get("/{year:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def show(self, request: Request, year: Year) -> PocketMoneySettingOut:
        return setting_out(await services.get_setting(actor=request.user, year=year))

    @put("/{year:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors(conflicts=("year_finalized",)))
    async def update(self, request: Request, year: Year, data: PocketMoneyIn) -> PocketMoneySettingOut:
        """The year's monthly pocket money per centralized resident by care level, and its source."""
        return setting_out(await services.put_setting(actor=request.user, year=year, values=setting_values(data)))

    @post(
        "/payments", guards=[requires(BUREAU, DIRECTOR)],
        responses={200: ResponseSpec(PocketPaymentOut, description="the month was paid before: nothing paid twice"),
                   **errors(conflicts=("no_batch", "insufficient_funds", "no_setting", "year_finalized"))},
    )  # fmt: skip
    async def pay(self, request: Request, data: PaymentIn) -> Response[PocketPaymentOut]:
        """Pay a month's pocket money by hand (its batch already made); paid once, 200 when it already was."""
        result = await services.pay_month(actor=request.user, period=data.period)
        return Response(typed(PocketPaymentOut, result), status_code=201 if result.get("created") else 200)


def savings_out(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "seq": row["seq"], "on": row["dated_on"], "kind": row["kind"],
            "amount_fen": row["amount_fen"], "balance_fen": row["balance_after_fen"], "witness": row["witness"],
            "note": row["note"]}  # fmt: skip


class ResidentMoneyApi(Controller):
    path = "/api/v1/residents"
    tags = ["pocket-money"]

    @get("/{resident_id:int}/pocket-money", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def pocket_money(self, request: Request, resident_id: int) -> ResidentPocketMoneyList:
        rows = await services.for_resident(actor=request.user, resident_id=resident_id)
        items = [{k: r[k] for k in ("for_period", "care_level", "amount_fen", "source")} for r in rows]
        return typed(ResidentPocketMoneyList, {"items": items, "total": len(items)})

    @get("/{resident_id:int}/savings", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def savings(self, request: Request, resident_id: int, limit: Limit = 500, after: str = "") -> SavingsLedgerOut:
        """The ledger in order, a keyset page (`?after=<next_after>`; null at the end) with the whole balance."""
        found = await savings.ledger(actor=request.user, resident_id=resident_id, limit=clamp_limit(limit),
                                     after=after or None)  # fmt: skip
        return typed(SavingsLedgerOut, {"balance_fen": found["balance_fen"], "total": found["total"],
                                        "items": [savings_out(r) for r in found["items"]],
                                        "next_after": found["next_after"]})  # fmt: skip

    @post("/{resident_id:int}/savings", guards=[requires(BUREAU, DIRECTOR)], responses=errors(409))
    async def add_savings(self, request: Request, resident_id: int, data: SavingsIn) -> SavingsEntryOut:
        """A deposit or a witnessed withdrawal (the director of the resident's home); never below zero."""
        entry = await savings.record_entry(actor=request.user, resident_id=resident_id, kind=data.kind,
                                           dated_on=data.on, amount_fen=data.amount_fen, witness=data.witness,
                                           note=data.note)  # fmt: skip
        return typed(SavingsEntryOut, entry)
