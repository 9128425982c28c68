"""/api/v1/homes/{id}/economy, /api/v1/homes/{id}/contributions/{year}, /api/v1/economy/{year}."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post, put

from eldercare import versions
from eldercare.api_common import clamp_limit, clamp_offset, errors, page
from eldercare.economy import contributions, county, services


class LineIn(msgspec.Struct):
    """`amount_fen` may be left out for in-kind produce: it is then quantity × unit_price_fen."""

    on: dt.date
    kind: str
    category: str
    amount_fen: int | None = None
    in_kind: bool = False
    note: str = ""
    quantity: str = ""
    unit: str = ""
    unit_price_fen: int | None = None


class ReversalIn(msgspec.Struct):
    reason: str


class ContributionIn(msgspec.Struct):
    person_kind: str
    person_id: int
    points: int


def line_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "home_id": row["home"], "on": row["dated_on"].isoformat(), "kind": row["kind"],
        "category": row["category"], "amount_fen": row["amount_fen"], "in_kind": row["in_kind"],
        "note": row["note"], "quantity": row["quantity"], "unit": row["unit"],
        "unit_price_fen": row["unit_price_fen"], "reverses": row["reverses"],
    }  # fmt: skip


class EconomyApi(Controller):
    path = "/api/v1/homes/{home_id:int}"
    tags = ["economy"]

    @post("/economy", responses=errors(404, 409, 422))
    async def create(self, request: Request, home_id: int, data: LineIn) -> dict[str, Any]:
        row = await services.add_line(
            actor=request.user, home_id=home_id, dated_on=data.on, kind=data.kind, category=data.category,
            amount_fen=data.amount_fen, note=data.note, in_kind=data.in_kind, quantity=data.quantity,
            unit=data.unit, unit_price_fen=data.unit_price_fen,
        )  # fmt: skip
        return line_out(row)

    @get("/economy", responses=errors(404, 422))
    async def lines(
        self, request: Request, home_id: int, year: int, limit: int = 100, offset: int = 0
    ) -> dict[str, Any]:
        rows, total = await services.list_lines(
            actor=request.user, home_id=home_id, year=year, limit=clamp_limit(limit), offset=clamp_offset(offset)
        )
        return page([{**line_out(r), "reversed": r["reversed"]} for r in rows], total)

    @post("/economy/lines/{line_id:int}/reversal", responses=errors(404, 409, 422))
    async def reverse(self, request: Request, home_id: int, line_id: int, data: ReversalIn) -> dict[str, Any]:
        row = await services.reverse_line(
            actor=request.user, home_id=home_id, line_id=line_id, reason=data.reason
        )
        return line_out(row)

    @get("/economy/{year:int}", responses=errors(404, 422))
    async def year(self, request: Request, home_id: int, year: int) -> dict[str, Any]:
        summary = await services.year_summary(actor=request.user, home_id=home_id, year=year)
        keys = ("income_fen", "expense_fen", "net_fen", "pool_fen", "shares", "status", "why")
        return {k: summary[k] for k in keys}

    @get("/contributions/{year:int}", responses=errors(404))
    async def contribution_list(self, request: Request, home_id: int, year: int) -> Response[list[dict[str, Any]]]:
        """The year's contribution list, with the ETag a PUT's If-Match names."""
        rows = await contributions.list_contributions(actor=request.user, home_id=home_id, year=year)
        return versions.etag_response(_contributions_out(rows), rows)

    @put("/contributions/{year:int}", responses=errors(404, 409, 412, 422))
    async def contributions(
        self, request: Request, home_id: int, year: int, data: list[ContributionIn],
        if_match: str | None = versions.IfMatch,
    ) -> Response[list[dict[str, Any]]]:  # fmt: skip
        rows = await contributions.set_contributions(
            actor=request.user, home_id=home_id, year=year, entries=[msgspec.structs.asdict(d) for d in data],
            if_match=if_match,
        )
        return versions.etag_response(_contributions_out(rows), rows)


def _contributions_out(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in ("person_kind", "person_id", "points")} for r in rows]


class CountyEconomyApi(Controller):
    path = "/api/v1/economy"
    tags = ["economy"]

    @get("/{year:int}", responses=errors(422))
    async def year(self, request: Request, year: int) -> dict[str, Any]:
        rows = await county.county_table(actor=request.user, year=year)
        return page(rows, len(rows))
