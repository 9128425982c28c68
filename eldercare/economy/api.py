"""/api/v1/homes/{id}/economy, /api/v1/homes/{id}/contributions/{year}, /api/v1/economy/{year}."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, get, post, put

from eldercare import keyset, versions
from eldercare.api_common import FEN, Limit, Offset, Out, Year, clamp_limit, clamp_offset, errors, typed
from eldercare.economy import contributions, county, services
from eldercare.enums import EconomyCategory, EconomyKind, PersonKind

Points = Annotated[int, msgspec.Meta(ge=1, le=1_000_000, description="whole points, 1 to 1,000,000")]
PositiveFen = Annotated[int, msgspec.Meta(ge=1, le=10**15, description="an amount in fen (> 0)")]


class LineIn(msgspec.Struct):
    """In-kind produce (`in_kind: true`, income only) is recorded at a stated value: `amount_fen` as stated,
    or, when it is left out, quantity × unit_price_fen. Quantity, unit and unit price are optional detail; if
    both they and `amount_fen` are given, the amount must equal the product."""

    on: dt.date
    kind: EconomyKind
    category: EconomyCategory
    amount_fen: PositiveFen | None = None
    in_kind: bool = False
    note: str = ""
    quantity: str = ""
    unit: str = ""
    unit_price_fen: PositiveFen | None = None


class ReversalIn(msgspec.Struct):
    reason: str


class ContributionIn(msgspec.Struct):
    person_kind: PersonKind
    person_id: int
    points: Points


class LineOut(Out):
    id: int
    home_id: int
    on: dt.date
    kind: EconomyKind
    category: EconomyCategory
    amount_fen: int
    in_kind: bool
    note: str
    quantity: str
    unit: str
    unit_price_fen: int | None
    reverses: int | None


class LedgerLine(LineOut):
    reversed: bool


class LineList(Out):
    items: list[LedgerLine]
    total: int
    next_after: str | None = None
    """keyset cursor of the next page (`?after=`), null at the end"""


class ShareOut(Out):
    person_kind: PersonKind
    person_id: int
    points: int
    share_fen: FEN


class EconomyYearOut(Out):
    income_fen: int
    expense_fen: int
    net_fen: int
    pool_fen: FEN
    shares: list[ShareOut]
    status: Literal["none", "waiting", "split"]
    why: list[str]


class ContributionOut(Out):
    person_kind: PersonKind
    person_id: int
    points: int


class CountyEconomyRow(Out):
    home_id: int
    code: str
    name: str
    township_name: str
    income_fen: int
    expense_fen: int
    net_fen: int
    pool_fen: FEN


class CountyEconomyOut(Out):
    items: list[CountyEconomyRow]
    total: int


def line_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "home_id": row["home"], "on": row["dated_on"], "kind": row["kind"],
        "category": row["category"], "amount_fen": row["amount_fen"], "in_kind": row["in_kind"],
        "note": row["note"], "quantity": row["quantity"], "unit": row["unit"],
        "unit_price_fen": row["unit_price_fen"], "reverses": row["reverses"],
    }  # fmt: skip


class EconomyApi(Controller):
    path = "/api/v1/homes/{home_id:int}"
    tags = ["economy"]

    @post("/economy", responses=errors(conflicts=("year_finalized",)))
    async def create(self, request: Request, home_id: int, data: LineIn) -> LineOut:
        row = await services.add_line(
            actor=request.user, home_id=home_id, dated_on=data.on, kind=data.kind, category=data.category,
            amount_fen=data.amount_fen, note=data.note, in_kind=data.in_kind, quantity=data.quantity,
            unit=data.unit, unit_price_fen=data.unit_price_fen,
        )  # fmt: skip
        return typed(LineOut, line_out(row))

    @get("/economy", responses=errors())
    async def lines(
        self, request: Request, home_id: int, year: Year, limit: Limit = 100, offset: Offset = 0, after: str = ""
    ) -> LineList:
        """The year's lines, newest first: `?limit=&offset=`, or `?after=<next_after>` by keyset."""
        if after or offset <= 0:
            window, total, _ = await services.lines_page(actor=request.user, home_id=home_id, year=year,
                                                         limit=clamp_limit(limit), after=after or None, cap=None)  # fmt: skip
            rows, next_after = window.rows, window.next_after
        else:
            rows, total = await services.list_lines(
                actor=request.user, home_id=home_id, year=year, limit=clamp_limit(limit), offset=clamp_offset(offset)
            )
            more = rows and offset + len(rows) < total
            next_after = keyset.cursor_of(services.LINE_ORDER, rows[-1]) if more else None
        items = [{**line_out(r), "reversed": r["reversed"]} for r in rows]
        return typed(LineList, {"items": items, "total": total, "next_after": next_after})

    @post(
        "/economy/lines/{line_id:int}/reversal",
        responses=errors(conflicts=("already_reversed", "not_reversible", "year_finalized")),
    )
    async def reverse(self, request: Request, home_id: int, line_id: int, data: ReversalIn) -> LineOut:
        row = await services.reverse_line(
            actor=request.user, home_id=home_id, line_id=line_id, reason=data.reason
        )
        return typed(LineOut, line_out(row))

    @get("/economy/{year:int}", responses=errors())
    async def year(self, request: Request, home_id: int, year: Year) -> EconomyYearOut:
        summary = await services.year_summary(actor=request.user, home_id=home_id, year=year)
        keys = ("income_fen", "expense_fen", "net_fen", "pool_fen", "shares", "status", "why")
        return typed(EconomyYearOut, {k: summary[k] for k in keys})

    @get("/contributions/{year:int}", responses=errors())
    async def contribution_list(self, request: Request, home_id: int, year: Year) -> Response[list[ContributionOut]]:
        """The year's contribution list, with the ETag a PUT's If-Match names."""
        rows = await contributions.list_contributions(actor=request.user, home_id=home_id, year=year)
        return versions.etag_response(_contributions_out(rows), rows)

    @put("/contributions/{year:int}", responses=errors(412, conflicts=("year_finalized",)))
    async def contributions(
        self, request: Request, home_id: int, year: Year, data: list[ContributionIn],
        if_match: str | None = versions.IfMatch,
    ) -> Response[list[ContributionOut]]:  # fmt: skip
        rows = await contributions.set_contributions(
            actor=request.user, home_id=home_id, year=year, entries=[msgspec.structs.asdict(d) for d in data],
            if_match=if_match,
        )
        return versions.etag_response(_contributions_out(rows), rows)


def _contributions_out(rows: list[dict[str, Any]]) -> list[ContributionOut]:
    return [ContributionOut(person_kind=r["person_kind"], person_id=r["person_id"], points=r["points"])
            for r in rows]  # fmt: skip


class CountyEconomyApi(Controller):
    path = "/api/v1/economy"
    tags = ["economy"]

    @get("/{year:int}", responses=errors())
    async def year(self, request: Request, year: Year) -> CountyEconomyOut:
        rows = await county.county_table(actor=request.user, year=year)
        return typed(CountyEconomyOut, {"items": rows, "total": len(rows)})
