"""Reads of 供养金: the ledger and its yearly statement, batches and their lines, pay lists (发放花名册),
the public disclosure per home (财务公开), a resident's payments. Scoped: directors see their home's lines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from piccolo.query.functions.aggregate import Count, Sum

from eldercare import db, keyset
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role, scoped, scoped_sql
from eldercare.county.tables import Home, Township
from eldercare.errors import NotFound
from eldercare.payments import rules
from eldercare.payments.services import check_year, last_balance, read
from eldercare.payments.tables import PaymentBatch, PaymentLine
from eldercare.residents.support import numbers_for as certificate_numbers
from eldercare.yearend.lock import is_finalized

L = PaymentLine


SELECT_FUND = ("SELECT f.id AS id, f.dated_on AS dated_on, f.kind AS kind, f.amount_fen AS amount_fen, "
               "f.balance_after_fen AS balance_after_fen, f.source AS source, f.document_no AS document_no "
               "FROM fund_entry f")
FUND_ORDER = keyset.Order(columns=("f.id",), keys=("id",), kinds=(int,))  # entry order, the primary key


async def ledger(
    *, actor: Actor, year: int | None = None, limit: int = 100, offset: int = 0, after: str | None = None,
    before: str | None = None, cap: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The fund's lines in entry order (the balance after each), optionally one year's: a keyset page
    (`after`/`before`), or by `offset` when one is given (the API's `?offset=`)."""
    require_role(actor, BUREAU)
    conditions: tuple[str, ...] = ()
    args: list[Any] = []
    if year is not None:
        check_year(year)
        conditions, args = ("f.dated_on >= ?", "f.dated_on <= ?"), [dt.date(year, 1, 1), dt.date(year, 12, 31)]
    if offset > 0 and not (after or before):
        sql = SELECT_FUND + keyset.where(*conditions) + " ORDER BY f.id LIMIT ? OFFSET ?"
        rows = await db.fetch(sql, *args, limit, offset)
        total, capped = await keyset.count("fund_entry f", conditions, args, cap=cap)
        more = rows and offset + len(rows) < total
        window = keyset.Window(rows, keyset.cursor_of(FUND_ORDER, rows[-1]) if more else None, None)
    else:
        window = await keyset.page(FUND_ORDER, SELECT_FUND, conditions, args, limit=limit, after=after, before=before)
        total, capped = await keyset.count("fund_entry f", conditions, args, cap=cap)
    items = [
        {"id": r["id"], "on": r["dated_on"].isoformat(), "kind": r["kind"], "amount_fen": int(r["amount_fen"]),
         "balance_after_fen": int(r["balance_after_fen"]), "source": r["source"], "document_no": r["document_no"],
         "ref": r["document_no"]}
        for r in keyset.plain(window.rows, dates=("dated_on",))
    ]  # fmt: skip
    return {"balance_fen": await last_balance(), "items": items, "total": total, "capped": capped,
            "next_after": window.next_after, "prev_before": window.prev_before}  # fmt: skip


STATEMENT = """
SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'inflow' AND dated_on < ? THEN amount_fen
                              WHEN kind = 'outflow' AND dated_on < ? THEN -amount_fen ELSE 0 END), 0) AS BIGINT) AS opening,
       CAST(COALESCE(SUM(CASE WHEN kind = 'inflow' AND dated_on >= ? AND dated_on <= ? THEN amount_fen ELSE 0 END), 0) AS BIGINT) AS inflow,
       CAST(COALESCE(SUM(CASE WHEN kind = 'outflow' AND dated_on >= ? AND dated_on <= ? THEN amount_fen ELSE 0 END), 0) AS BIGINT) AS outflow
FROM fund_entry
"""


async def statement(*, actor: Actor, year: int) -> dict[str, Any]:
    """年度收支表: opening balance, the year's inflows and outflows, closing balance."""
    require_role(actor, BUREAU)
    check_year(year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    row = (await read(STATEMENT, start, start, start, end, start, end))[0]
    opening, inflow, outflow = int(row["opening"]), int(row["inflow"]), int(row["outflow"])
    return {"year": year, "opening_fen": opening, "inflow_fen": inflow, "outflow_fen": outflow,
            "closing_fen": opening + inflow - outflow, "draft": await year_draft(year, "试算")}  # fmt: skip


async def year_draft(year: int, word: str = "草稿") -> str:
    """The mark of a yearly document (收支表, 财务公开) until the bureau finalizes the year; "" once final."""
    return "" if await is_finalized(year) else word


def batch_draft(batch: dict[str, Any]) -> str:
    """A 发放花名册 is final once its batch is paid (`paid`, what a batch is when made); any other status is 草稿."""
    return "" if batch["status"] == "paid" else "草稿"


async def list_batches(*, actor: Actor, limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
    """Batches, newest first; a director sees only their home's part of each."""
    require_role(actor, BUREAU, DIRECTOR)
    total = len(await PaymentBatch.select(PaymentBatch.id))
    batches = await PaymentBatch.select().order_by(PaymentBatch.period, ascending=False).limit(limit).offset(offset)
    if actor.is_bureau:
        return batches, total
    mine = await scoped(
        L.select(L.batch, Count(alias="n"), Sum(L.amount_fen, alias="total")), actor, home=L.home
    ).group_by(L.batch)
    by_batch = {r["batch"]: r for r in mine}
    return [{**b, "count": by_batch.get(b["id"], {}).get("n", 0),
             "total_fen": int(by_batch.get(b["id"], {}).get("total") or 0)} for b in batches], total  # fmt: skip


async def _batch(period: str) -> dict[str, Any]:
    rules.parse_period(period)
    row = await PaymentBatch.select().where(PaymentBatch.period == period).first()
    if row is None:
        raise NotFound(f"{period} 还没有发放批次。")
    return row


LINE_COLUMNS = (L.id, L.resident, L.resident.name.as_alias("name"), L.resident.id_number.as_alias("id_number"),
                L.resident.sex.as_alias("sex"), L.resident.village.as_alias("village"), L.for_period, L.kind,
                L.mode, L.care_level, L.home, L.payee, L.standard_fen, L.supplement_fen, L.amount_fen, L.note)  # fmt: skip


SELECT_LINES = ("SELECT l.id AS id, l.resident AS resident, l.for_period AS for_period, l.kind AS kind, "
                "l.mode AS mode, l.care_level AS care_level, l.home AS home, l.payee AS payee, "
                "l.amount_fen AS amount_fen FROM payment_line l")
# Within a batch by id (indexes payment_line_batch_id, and payment_line_batch_home_id for a director).
LINE_ORDER = keyset.Order(columns=("l.id",), keys=("id",), kinds=(int,))


async def get_batch(
    *, actor: Actor, period: str, limit: int = 500, offset: int = 0, after: str | None = None
) -> dict[str, Any]:
    """A batch with a page of its lines (a director: their home's lines, and the count and total of those):
    by keyset after `after`, or by `offset` when one is given; `next_after` names the page after."""
    require_role(actor, BUREAU, DIRECTOR)
    batch = await _batch(period)
    where = L.batch == batch["id"]
    sums = await scoped(L.select(Count(alias="n"), Sum(L.amount_fen, alias="total")).where(where), actor,
                        home=L.home).first()  # fmt: skip
    if offset > 0 and not after:
        lines = await scoped(L.select(*LINE_COLUMNS).where(where), actor, home=L.home).order_by(L.id).limit(
            limit
        ).offset(offset)
        more = lines and offset + len(lines) < sums["n"]
        next_after = keyset.cursor_of(LINE_ORDER, lines[-1]) if more else None
    else:
        mine, args = scoped_sql(actor, home="l.home")
        window = await keyset.page(LINE_ORDER, SELECT_LINES, ("l.batch = ?", mine), [batch["id"], *args],
                                   limit=limit, after=after)  # fmt: skip
        lines, next_after = window.rows, window.next_after
    return {"period": batch["period"], "status": batch["status"], "count": sums["n"],
            "total_fen": int(sums["total"] or 0), "created_at": batch["created_at"], "lines": lines,
            "next_after": next_after}  # fmt: skip


async def batch_groups(*, actor: Actor, period: str) -> dict[str, Any]:
    """A batch by payee: per home (centralized, paid to the home) and per township (dispersed, to the person)."""
    require_role(actor, BUREAU, DIRECTOR)
    batch = await _batch(period)
    homes_q = L.select(L.home, L.home.name.as_alias("home_name"), Count(alias="n"), Sum(L.amount_fen, alias="total"))
    homes = await scoped(homes_q.where((L.batch == batch["id"]) & (L.mode == "centralized")), actor,
                         home=L.home).group_by(L.home, L.home.name).order_by(L.home)  # fmt: skip
    townships: list[dict] = []
    if actor.is_bureau:
        townships = await L.select(
            L.resident.township.as_alias("township"), L.resident.township.name.as_alias("township_name"),
            Count(alias="n"), Sum(L.amount_fen, alias="total"),
        ).where((L.batch == batch["id"]) & (L.mode == "dispersed")).group_by(
            L.resident.township, L.resident.township.name
        ).order_by(L.resident.township)  # fmt: skip
    return {"batch": batch, "homes": homes, "townships": townships}


async def pay_list(
    *, actor: Actor, period: str, home_id: int | None = None, township_id: int | None = None
) -> dict[str, Any]:
    """发放花名册: a home's centralized lines, or a township's dispersed lines, with the 合计."""
    require_role(actor, BUREAU, DIRECTOR)
    batch = await _batch(period)
    if home_id is not None:
        require_home(actor, home_id)
        unit = await Home.select(Home.name).where(Home.id == home_id).first()
        where = (L.batch == batch["id"]) & (L.mode == "centralized") & (L.home == home_id)
    else:
        require_role(actor, BUREAU)
        unit = await Township.select(Township.name).where(Township.id == township_id).first()
        where = (L.batch == batch["id"]) & (L.mode == "dispersed") & (L.resident.township == township_id)
    if unit is None:
        raise NotFound("没有这个发放单位。")
    rows = await L.select(*LINE_COLUMNS).where(where).order_by(L.resident.name).order_by(L.id)
    numbers = await certificate_numbers(list({r["resident"] for r in rows}))
    rows = [{**r, "certificate_no": numbers.get(r["resident"], "")} for r in rows]
    return {"batch": batch, "unit": unit["name"], "rows": rows, "total_fen": sum(r["amount_fen"] for r in rows),
            "mode": "centralized" if home_id is not None else "dispersed", "draft": batch_draft(batch)}  # fmt: skip


async def disclosure(*, actor: Actor, home_id: int, year: int) -> dict[str, Any]:
    """财务公开: a home's monthly totals of support received for the year, no personal data."""
    require_home(actor, home_id)
    check_year(year)
    home = await Home.select(Home.id, Home.name).where(Home.id == home_id).first()
    if home is None:
        raise NotFound("敬老院不存在。")
    rows = await L.select(
        L.batch.period.as_alias("period"), L.kind, Count(alias="n"), Sum(L.amount_fen, alias="total")
    ).where((L.home == home_id) & (L.mode == "centralized") & L.batch.period.like(f"{year}-%")).group_by(
        L.batch.period, L.kind
    )  # fmt: skip
    months = {rules.period_of(year, m): {"people": 0, "regular_fen": 0, "back_pay_fen": 0} for m in range(1, 13)}
    for r in rows:
        month = months[r["period"]]
        if r["kind"] == "regular":
            month["people"] = r["n"]
        month[f"{r['kind']}_fen"] = int(r["total"] or 0)
    items = [{"period": p, **m, "total_fen": m["regular_fen"] + m["back_pay_fen"]} for p, m in months.items()]
    return {"home": home, "year": year, "months": items, "total_fen": sum(i["total_fen"] for i in items),
            "draft": await year_draft(year)}  # fmt: skip
