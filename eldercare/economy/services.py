"""院办经济 ledger: append-only lines (reversal corrects), totals by category, the year's figures.

A director writes to their own home's ledger; the bureau reads every home; staff reach none of it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from eldercare import db, keyset
from eldercare.auth.actor import DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role
from eldercare.config import get_settings
from eldercare.county.tables import Home
from eldercare.economy import rules
from eldercare.economy.tables import EconomyLine
from eldercare.errors import Conflict, Invalid, NotFound
from eldercare.yearend.lock import ensure_year_open

LINE_COLUMNS = (EconomyLine.id, EconomyLine.home, EconomyLine.dated_on, EconomyLine.kind, EconomyLine.category,
                EconomyLine.amount_fen, EconomyLine.in_kind, EconomyLine.quantity, EconomyLine.unit,
                EconomyLine.unit_price_fen, EconomyLine.note, EconomyLine.reverses)  # fmt: skip


def local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo(get_settings().timezone)).date()


def year_range(year: int) -> tuple[dt.date, dt.date]:
    if not 2000 <= year <= 2100:
        raise Invalid("年度不正确。", fields={"year": "年度应在2000至2100之间。"})
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def in_year(year: int):
    start, end = year_range(year)
    return (EconomyLine.dated_on >= start) & (EconomyLine.dated_on < end)


async def _existing_home(home_id: int) -> None:
    if not await Home.exists().where(Home.id == home_id):
        raise NotFound("敬老院不存在。")


async def add_line(
    *,
    actor: Actor,
    home_id: int,
    dated_on: dt.date | None,
    kind: str,
    category: str,
    amount_fen: int | None = None,
    note: str = "",
    in_kind: bool = False,
    quantity: str = "",
    unit: str = "",
    unit_price_fen: int | None = None,
) -> dict[str, Any]:
    """一笔收支. In-kind produce (实物收入) is income at a stated value: `amount_fen`, or quantity × unit price
    (exact fen) when both are given; quantity, unit and unit price are kept as detail."""
    require_role(actor, DIRECTOR)
    require_home(actor, home_id)
    fields: dict[str, str] = {}
    if in_kind:
        amount_fen, quantity, fields = rules.in_kind_amount(
            kind=kind, amount_fen=amount_fen, quantity=quantity, unit_price_fen=unit_price_fen
        )
    fields = {**rules.check_line(kind=kind, category=category, amount_fen=amount_fen, dated_on=dated_on,
                                 today=local_today()), **fields}  # fmt: skip
    if in_kind and "amount" in fields and "quantity" in fields:
        fields.pop("amount")
    if fields:
        raise Invalid("收支记录有误。", fields=fields)
    await _existing_home(home_id)
    async with db.write(actor) as w:
        await ensure_year_open(dated_on.year)
        line_id = await w.insert(
            EconomyLine, home=home_id, dated_on=dated_on, kind=kind, category=category, amount_fen=amount_fen,
            in_kind=in_kind, quantity=quantity if in_kind else "", unit=(unit or "").strip()[:10] if in_kind else "",
            unit_price_fen=unit_price_fen if in_kind else None, note=(note or "").strip(), reverses=None,
            created_at=dt.datetime.now(dt.UTC), created_by=actor.user_id,
        )  # fmt: skip
    return await _line(line_id)


async def _line(line_id: int) -> dict[str, Any]:
    row = await EconomyLine.select(*LINE_COLUMNS).where(EconomyLine.id == line_id).first()
    if row is None:
        raise NotFound("收支记录不存在。")
    return row


async def reverse_line(*, actor: Actor, home_id: int, line_id: int, reason: str) -> dict[str, Any]:
    """冲销: a new line with the negated amount, dated as the original (the correction lands in its month).

    Once per line; a reversing line cannot itself be reversed.
    """
    require_role(actor, DIRECTOR)
    require_home(actor, home_id)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("请填写冲销原因。", fields={"reason": "请填写冲销原因。"})
    async with db.write(actor) as w:
        if not db.is_sqlite(w.engine):  # serialise two reversals of one line (SQLite: BEGIN IMMEDIATE does)
            await w.fetch("SELECT id FROM economy_line WHERE id = ? FOR UPDATE", line_id)
        original = await EconomyLine.select(*LINE_COLUMNS).where(EconomyLine.id == line_id).first()
        if original is None or original["home"] != home_id:
            raise NotFound("收支记录不存在。")
        if original["reverses"] is not None:
            raise Conflict(
                "冲销记录不能再被冲销。", code="not_reversible", fields={"reason": "冲销记录不能再被冲销。"}
            )
        if await EconomyLine.exists().where(EconomyLine.reverses == line_id):
            raise Conflict(
                "这笔记录已经冲销过。", code="already_reversed", fields={"reason": "这笔记录已经冲销过。"}
            )
        await ensure_year_open(original["dated_on"].year)
        new_id = await w.insert(
            EconomyLine, home=home_id, dated_on=original["dated_on"], kind=original["kind"],
            category=original["category"], amount_fen=-original["amount_fen"], in_kind=original["in_kind"],
            quantity="", unit="", unit_price_fen=None, note=reason, reverses=line_id,
            created_at=dt.datetime.now(dt.UTC), created_by=actor.user_id,
        )  # fmt: skip
    return await _line(new_id)


async def list_lines(
    *, actor: Actor, home_id: int, year: int, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """The year's lines, newest first, by offset (the API's `?offset=`; pages read lines_page's keyset)."""
    require_home(actor, home_id)
    where = (EconomyLine.home == home_id) & in_year(year)
    rows = await (
        EconomyLine.select(*LINE_COLUMNS).where(where)
        .order_by(EconomyLine.dated_on, ascending=False).order_by(EconomyLine.id, ascending=False)
        .limit(limit).offset(offset)
    )  # fmt: skip
    total = await EconomyLine.count().where(where)
    return await _mark_reversed(rows), total


SELECT_LINES = (
    "SELECT l.id AS id, l.home AS home, l.dated_on AS dated_on, l.kind AS kind, l.category AS category, "
    "l.amount_fen AS amount_fen, l.in_kind AS in_kind, l.quantity AS quantity, l.unit AS unit, "
    "l.unit_price_fen AS unit_price_fen, l.note AS note, l.reverses AS reverses FROM economy_line l"
)
# Newest first (index economy_line_home_dated: home, dated_on, id).
LINE_ORDER = keyset.Order(columns=("l.dated_on", "l.id"), keys=("dated_on", "id"), kinds=(dt.date, int),
                          descending=(True, True))  # fmt: skip


async def lines_page(
    *, actor: Actor, home_id: int, year: int, limit: int = 50, after: str | None = None,
    before: str | None = None, cap: int | None = keyset.COUNT_CAP,
) -> tuple[keyset.Window, int, bool]:  # fmt: skip
    """收支台账: a keyset page of the home's year, newest first, and its count (stopped at `cap`; None: exact)."""
    require_home(actor, home_id)
    start, end = year_range(year)
    conditions, args = ("l.home = ?", "l.dated_on >= ?", "l.dated_on < ?"), [home_id, start, end]
    window = await keyset.page(
        LINE_ORDER, SELECT_LINES, conditions, args, limit=limit, after=after, before=before
    )
    window.rows = await _mark_reversed(keyset.plain(window.rows, dates=("dated_on",), flags=("in_kind",)))
    total, capped = await keyset.count("economy_line l", conditions, args, cap=cap)
    return window, total, capped


async def _mark_reversed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each line knows whether it has been reversed."""
    ids = [r["id"] for r in rows]
    reversed_ids = set()
    if ids:
        found = await EconomyLine.select(EconomyLine.reverses).where(EconomyLine.reverses.is_in(ids))
        reversed_ids = {r["reverses"] for r in found}
    for row in rows:
        row["reversed"] = row["id"] in reversed_ids
    return rows


YEAR_FIGURES_SQL = (
    "SELECT kind, CAST(SUM(amount_fen) AS BIGINT) AS total FROM economy_total WHERE home = ? AND year = ? "
    "GROUP BY kind"
)


async def year_figures(home_id: int, year: int) -> dict[str, int]:
    """income_fen, expense_fen, net_fen, pool_fen of one home's year (reversals included), from the kept totals.

    economy_total is kept per (home, year, kind, in_kind) by a trigger on each new line (residents/kept.py).
    """
    year_range(year)
    rows = await db.fetch(YEAR_FIGURES_SQL, home_id, year)
    sums = {r["kind"]: int(r["total"] or 0) for r in rows}
    return figures(sums.get("income", 0), sums.get("expense", 0))


def figures(income: int, expense: int) -> dict[str, int]:
    net = rules.net_fen(income, expense)
    return {"income_fen": income, "expense_fen": expense, "net_fen": net, "pool_fen": rules.pool_fen(net)}


async def category_totals(*, actor: Actor, home_id: int, year: int) -> dict[str, Any]:
    """Monthly and yearly totals by kind and category: one SQL GROUP BY (month, kind, category)."""
    require_home(actor, home_id)
    start, end = year_range(year)
    month = (
        "CAST(substr(dated_on, 6, 2) AS INTEGER)"
        if db.is_sqlite()
        else "CAST(EXTRACT(MONTH FROM dated_on) AS INTEGER)"
    )
    rows = await EconomyLine.raw(
        f"SELECT {month} AS month, kind, category, SUM(amount_fen) AS total FROM economy_line "
        "WHERE home = {} AND dated_on >= {} AND dated_on < {} GROUP BY 1, 2, 3",
        home_id, start, end,
    )  # fmt: skip
    months = {m: {"income": 0, "expense": 0} for m in range(1, 13)}
    by_category = {c: {"income": 0, "expense": 0} for c in rules.CATEGORIES}
    for r in rows:
        total = int(r["total"] or 0)
        months[int(r["month"])][r["kind"]] += total
        by_category[r["category"]][r["kind"]] += total
    return {"months": months, "categories": by_category}


async def contributors(home_id: int, year: int) -> list[rules.Contributor]:
    """The year's contribution lines in order, with each person's name (two set-based look-ups)."""
    from eldercare.economy.tables import Contribution
    from eldercare.residents.tables import Resident
    from eldercare.staff.tables import Staff

    rows = await (
        Contribution.select(Contribution.person_kind, Contribution.person_id, Contribution.points)
        .where((Contribution.home == home_id) & (Contribution.year == year))
        .order_by(Contribution.position)
    )
    names: dict[tuple[str, int], str] = {}
    for kind, table in (("staff", Staff), ("resident", Resident)):
        ids = [r["person_id"] for r in rows if r["person_kind"] == kind]
        if ids:
            found = await table.select(table.id, table.name).where(table.id.is_in(ids))
            names.update({(kind, r["id"]): r["name"] for r in found})
    return [
        rules.Contributor(person_kind=r["person_kind"], person_id=r["person_id"], points=r["points"],
                          name=names.get((r["person_kind"], r["person_id"]), ""))
        for r in rows
    ]  # fmt: skip


async def year_summary(*, actor: Actor, home_id: int, year: int) -> dict[str, Any]:
    """The year's income, expense, net, pool and shares, with the why of each figure."""
    require_home(actor, home_id)
    await _existing_home(home_id)
    figs = await year_figures(home_id, year)
    split = rules.split_pool(figs["pool_fen"], await contributors(home_id, year))
    return {
        **figs, "year": year, "home_id": home_id, "status": split.status, "split": split,
        "why": rules.pool_why(figs["income_fen"], figs["expense_fen"]) + split.why,
        "shares": [share_out(s) for s in split.shares],
    }  # fmt: skip


def share_out(share: rules.Share) -> dict[str, Any]:
    return {"person_kind": share.person_kind, "person_id": share.person_id, "points": share.points,
            "share_fen": share.share_fen}  # fmt: skip


async def pool_shares(*, home_id: int, year: int) -> list[dict]:
    """For the year-end run (no actor): [{person_kind, person_id, points, share_fen}] of a home's pool."""
    figs = await year_figures(home_id, year)
    return [
        share_out(s) for s in rules.split_pool(figs["pool_fen"], await contributors(home_id, year)).shares
    ]


ECONOMY_YEAR_SQL = """
SELECT h.id AS home_id,
  CAST(COALESCE(SUM(CASE WHEN t.kind = 'income' THEN t.amount_fen ELSE 0 END), 0) AS BIGINT) AS income_fen,
  CAST(COALESCE(SUM(CASE WHEN t.kind = 'expense' THEN t.amount_fen ELSE 0 END), 0) AS BIGINT) AS expense_fen
FROM home h LEFT JOIN economy_total t ON t.home = h.id AND t.year = ?
GROUP BY h.id, h.code ORDER BY h.code
"""


async def economy_year(*, year: int) -> list[dict]:
    """Every home's {home_id, income_fen, expense_fen, net_fen, pool_fen} for a year, from the kept totals."""
    year_range(year)
    return [
        {"home_id": r["home_id"], **figures(int(r["income_fen"]), int(r["expense_fen"]))}
        for r in await db.fetch(ECONOMY_YEAR_SQL, year)
    ]
