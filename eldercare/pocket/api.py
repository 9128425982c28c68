"""/api/v1/pocket-money/{year}, /api/v1/pocket-money/payments, /api/v1/residents/{id}/pocket-money and /savings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post, put

from eldercare.api_common import Limit, clamp_limit, errors, page
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.errors import Invalid
from eldercare.pocket import rules, savings, services


class PocketMoneyIn(msgspec.Struct):
    source: str
    monthly_fen: dict[str, int]


class PaymentIn(msgspec.Struct):
    period: str


class SavingsIn(msgspec.Struct):
    kind: str
    on: dt.date
    amount_fen: int
    witness: str = ""
    note: str = ""


def setting_out(row: dict[str, Any]) -> dict[str, Any]:
    return {"year": row["year"], "source": row["source"],
            "monthly_fen": {level: row[f"{level}_fen"] for level in rules.CARE_LEVELS}}  # fmt: skip


def setting_values(data: PocketMoneyIn) -> dict[str, Any]:
    unknown = set(data.monthly_fen) - set(rules.CARE_LEVELS)
    if unknown:
        raise Invalid("自理能力等级不正确。", fields={"monthly_fen": "只能是 self_care、partial、full。"})
    return {"source": data.source, **{f"{level}_fen": data.monthly_fen.get(level, 0) for level in rules.CARE_LEVELS}}


class PocketMoneyApi(Controller):
    path = "/api/v1/pocket-money"
    tags = ["pocket-money"]

    @get("/{year:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404, 422))
    async def show(self, request: Request, year: int) -> dict[str, Any]:
        return setting_out(await services.get_setting(actor=request.user, year=year))

    @put("/{year:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors(409, 422))
    async def update(self, request: Request, year: int, data: PocketMoneyIn) -> dict[str, Any]:
        """The year's monthly pocket money per centralized resident by care level, and its source."""
        return setting_out(await services.put_setting(actor=request.user, year=year, values=setting_values(data)))

    @post("/payments", guards=[requires(BUREAU, DIRECTOR)], responses=errors(409, 422))
    async def pay(self, request: Request, data: PaymentIn) -> Response[dict[str, Any]]:
        """Pay a month's pocket money by hand (its batch already made); paid once, 200 when it already was."""
        result = await services.pay_month(actor=request.user, period=data.period)
        return Response(result, status_code=201 if result.get("created") else 200)


def savings_out(row: dict[str, Any]) -> dict[str, Any]:
    return {"seq": row["seq"], "on": row["dated_on"].isoformat(), "kind": row["kind"], "amount_fen": row["amount_fen"],
            "balance_fen": row["balance_after_fen"], "witness": row["witness"], "note": row["note"]}  # fmt: skip


class ResidentMoneyApi(Controller):
    path = "/api/v1/residents"
    tags = ["pocket-money"]

    @get("/{resident_id:int}/pocket-money", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404))
    async def pocket_money(self, request: Request, resident_id: int) -> dict[str, Any]:
        rows = await services.for_resident(actor=request.user, resident_id=resident_id)
        return page([{"for_period": r["for_period"], "care_level": r["care_level"], "amount_fen": r["amount_fen"],
                      "source": r["source"]} for r in rows], len(rows))  # fmt: skip

    @get("/{resident_id:int}/savings", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404))
    async def savings(
        self, request: Request, resident_id: int, limit: Limit = 500, after: str = ""
    ) -> dict[str, Any]:
        """The ledger in order, a keyset page (`?after=<next_after>`; null at the end) with the whole balance."""
        found = await savings.ledger(actor=request.user, resident_id=resident_id, limit=clamp_limit(limit),
                                     after=after or None)  # fmt: skip
        return {"balance_fen": found["balance_fen"], "items": [savings_out(r) for r in found["items"]],
                "total": found["total"], "next_after": found["next_after"]}  # fmt: skip

    @post("/{resident_id:int}/savings", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404, 422))
    async def add_savings(self, request: Request, resident_id: int, data: SavingsIn) -> dict[str, Any]:
        """A deposit or a witnessed withdrawal (the director of the resident's home); never below zero."""
        return await savings.record_entry(actor=request.user, resident_id=resident_id, kind=data.kind,
                                          dated_on=data.on, amount_fen=data.amount_fen, witness=data.witness,
                                          note=data.note)  # fmt: skip
