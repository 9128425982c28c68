"""零用钱: the year's setting, payment with the monthly batch (exactly once, refused whole when the source is
short), the signature list (领取签名) per home, what a resident received, the share paid per home."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role, scoped
from eldercare.county.tables import Home
from eldercare.errors import Conflict, Invalid, NotFound
from eldercare.money import format_fen
from eldercare.payments import rules as pay_rules
from eldercare.payments.sql import LAST_BALANCE
from eldercare.payments.tables import FundEntry, PaymentBatch
from eldercare.pocket import rules, sql
from eldercare.pocket.tables import PocketMoneyLine, PocketMoneySetting
from eldercare.residents.tables import Resident
from eldercare.yearend.lock import ensure_year_open

CHINA = dt.timezone(dt.timedelta(hours=8))
SETTING_FIELDS = ("source", "self_care_fen", "partial_fen", "full_fen")


def local_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Invalid("年度不正确。", fields={"year": "年度应在 2000–2100 之间。"})


async def setting_for(year: int) -> dict[str, Any] | None:
    return await PocketMoneySetting.select().where(PocketMoneySetting.year == year).first()


async def get_setting(*, actor: Actor, year: int) -> dict[str, Any]:
    require_role(actor, BUREAU, DIRECTOR)
    check_year(year)
    found = await setting_for(year)
    if found is None:
        raise NotFound(f"{year}年度零用钱标准尚未设定。")
    return found


async def put_setting(*, actor: Actor, year: int, values: dict[str, Any]) -> dict[str, Any]:
    """The bureau sets (or changes) the year's monthly amounts and source; months already paid stay as paid."""
    require_role(actor, BUREAU)
    check_year(year)
    clean = rules.check_setting(values)
    now = dt.datetime.now(dt.UTC)
    async with db.write(actor) as w:
        await ensure_year_open(year)
        existing = await setting_for(year)
        if existing is None:
            await w.insert(PocketMoneySetting, year=year, set_at=now, set_by=actor.user_id or None, **clean)
        else:
            await w.update(PocketMoneySetting, existing["id"], set_at=now, set_by=actor.user_id or None, **clean)
    return await setting_for(year)  # type: ignore[return-value]


# ---- paying with the batch -----------------------------------------------------------------------------


async def _economy_available(w: db.Writer, year: int) -> dict[int, int]:
    """Per home: the courtyard-economy net income of the year minus pocket money already paid from it."""
    net = {r["home"]: int(r["net"] or 0)
           for r in await w.fetch(sql.ECONOMY_NET, dt.date(year, 1, 1), dt.date(year, 12, 31))}  # fmt: skip
    paid = await w.fetch(sql.ECONOMY_PAID, f"{year}-01", f"{year}-12")
    for r in paid:
        net[r["home"]] = net.get(r["home"], 0) - int(r["paid"] or 0)
    return net


async def _refusal(source: str, short: dict[Any, tuple[int, int]]) -> str:
    if source == "fund":
        needed, available = short["fund"]
        return (f"供养资金专户支付本批次后余额 {format_fen(available)} 元，不足以支付零用钱 "
                f"{format_fen(needed)} 元，本月零用钱整体未发放。")  # fmt: skip
    names = {h["id"]: h["name"] for h in await Home.select(Home.id, Home.name).where(Home.id.is_in(list(short)))}
    parts = [f"{names.get(h, h)}可用院办经济收入 {format_fen(a)} 元，需 {format_fen(n)} 元"
             for h, (n, a) in sorted(short.items())]  # fmt: skip
    return "；".join(parts) + "。本月零用钱整体未发放。"


async def pay_with_batch(w: db.Writer, *, batch_id: int, period: str, actor: Actor | None,
                         now: dt.datetime) -> dict[str, Any]:  # fmt: skip
    """The month's pocket money inside the batch's transaction: everyone active and centralized on the first
    day, at their care level's amount; nothing when already paid; refused whole when the source is short."""
    year, _ = pay_rules.parse_period(period)
    setting = await setting_for(year)
    rates = rules.monthly_rates(setting)
    if not rates or await PocketMoneyLine.exists().where(PocketMoneyLine.for_period == period):
        return {**await month_status(period, w), "created": False}
    first = pay_rules.first_day(period)
    flat = [v for row in rates for v in row]
    needed = {r["home"]: int(r["total"]) for r in await w.fetch(sql.needs(len(rates)), *flat, first, first)}
    source = setting["source"]  # type: ignore[index]
    if source == "fund":
        rows = await w.fetch(LAST_BALANCE)
        balance = int(rows[0]["balance"]) if rows else 0
        short = rules.shortfalls({"fund": sum(needed.values())}, {"fund": balance})
    else:
        balance = 0
        short = rules.shortfalls(needed, await _economy_available(w, year))
    if short:
        return {"status": "refused", "count": 0, "total_fen": 0, "detail": await _refusal(source, short),
                "created": False}  # fmt: skip
    await w.fetch(sql.insert_lines(len(rates)), *flat, first, first, batch_id, period, source)
    total = sum(needed.values())
    if source == "fund" and total:
        await w.insert(FundEntry, dated_on=first, kind="outflow", amount_fen=total, balance_after_fen=balance - total,
                       source="零用钱发放", document_no=f"零用钱-{period}", batch=None, created_at=now,
                       created_by=actor.user_id if actor and actor.user_id else None)  # fmt: skip
    totals = await _month_totals(period, w)
    await w.audit(table=PocketMoneyLine, row_id=batch_id, action="pay", before=None,
                  after={"period": period, "source": source, **totals})  # fmt: skip
    return {"status": "paid", **totals, "detail": "", "created": True}


async def month_status(period: str, w: db.Writer | None = None) -> dict[str, Any]:
    """What was paid for the month: paid (with count and total), not paid, or none (no setting for the year)."""
    totals = await _month_totals(period, w)
    if totals["count"]:
        return {"status": "paid", **totals, "detail": ""}
    if not rules.monthly_rates(await setting_for(int(period[:4]))):
        return {"status": "none", **totals, "detail": f"{period[:4]}年度未设定零用钱。"}
    return {"status": "not_paid", **totals, "detail": "本月零用钱尚未发放。"}


async def _month_totals(period: str, w: db.Writer | None = None) -> dict[str, int]:
    query = "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS total FROM pocket_money_line WHERE for_period = ?"
    rows = await (w.fetch(query, period) if w else db.fetch(query, period))
    return {"count": int(rows[0]["n"]), "total_fen": int(rows[0]["total"])}


async def pay_month(*, actor: Actor, period: str) -> dict[str, Any]:
    """By hand, for a month whose batch is made but whose pocket money was refused (the source is topped up)."""
    require_role(actor, BUREAU)
    period = pay_rules.period_of(*pay_rules.parse_period(period))
    from eldercare.payments.services import lock_fund

    async with db.write(actor) as w:
        await ensure_year_open(int(period[:4]))
        await lock_fund(w)
        batch = await PaymentBatch.select(PaymentBatch.id).where(PaymentBatch.period == period).first()
        if batch is None:
            raise Conflict(f"{period} 尚未发放供养金批次，零用钱随批次发放。", code="no_batch",
                           fields={"period": "该月尚无发放批次。"})  # fmt: skip
        result = await pay_with_batch(w, batch_id=batch["id"], period=period, actor=actor,
                                      now=dt.datetime.now(dt.UTC))  # fmt: skip
    if result["status"] == "refused":
        raise Conflict(result["detail"], code="insufficient_funds", fields={"period": "资金来源不足。"})
    if result["status"] == "none" or (result["status"] == "not_paid"):
        raise Conflict(result["detail"], code="no_setting", fields={"period": result["detail"]})
    return {"period": period, **result}


# ---- reading -------------------------------------------------------------------------------------------


async def year_months(*, actor: Actor, year: int) -> list[dict[str, Any]]:
    """The bureau's view of a year: each month with a batch, and the pocket money paid with it (or not)."""
    require_role(actor, BUREAU)
    check_year(year)
    paid = {r["for_period"]: r for r in await db.fetch(sql.MONTHS, f"{year}-01", f"{year}-12")}
    batches = await PaymentBatch.select(PaymentBatch.period).where(PaymentBatch.period.like(f"{year}-%")).order_by(
        PaymentBatch.period)  # fmt: skip
    return [{"period": b["period"], "paid": b["period"] in paid, "count": int(paid.get(b["period"], {}).get("n", 0)),
             "total_fen": int(paid.get(b["period"], {}).get("total") or 0),
             "source": paid.get(b["period"], {}).get("source")} for b in batches]  # fmt: skip


async def signature_list(*, actor: Actor, period: str, home_id: int) -> dict[str, Any]:
    """领取签名: a home's residents paid for the month, each with a blank for their signature."""
    require_role(actor, BUREAU, DIRECTOR)
    require_home(actor, home_id)
    period = pay_rules.period_of(*pay_rules.parse_period(period))
    home = await Home.select(Home.id, Home.name).where(Home.id == home_id).first()
    if home is None:
        raise NotFound("敬老院不存在。")
    L = PocketMoneyLine
    rows = await L.select(
        L.resident, L.resident.name.as_alias("name"), L.resident.sex.as_alias("sex"),
        L.resident.id_number.as_alias("id_number"), L.care_level, L.amount_fen, L.source,
    ).where((L.home == home_id) & (L.for_period == period)).order_by(L.resident.name).order_by(L.id)  # fmt: skip
    paid = (await month_status(period))["status"] == "paid"
    return {"home": home, "period": period, "rows": rows, "total_fen": sum(r["amount_fen"] for r in rows),
            "source": rows[0]["source"] if rows else None, "draft": "" if paid else "草稿"}  # fmt: skip


async def for_resident(*, actor: Actor, resident_id: int) -> list[dict[str, Any]]:
    """The pocket money a resident received, month by month (a director: what was paid in their home)."""
    require_role(actor, BUREAU, DIRECTOR)
    resident = await Resident.select(Resident.id, Resident.home).where(Resident.id == resident_id).first()
    if resident is None:
        raise NotFound("供养对象不存在。")
    if actor.is_director:
        require_home(actor, resident["home"])
    L = PocketMoneyLine
    query = scoped(L.select(L.for_period, L.care_level, L.amount_fen, L.source, L.home.name.as_alias("home_name")),
                   actor, home=L.home)  # fmt: skip
    return await query.where(L.resident == resident_id).order_by(L.for_period, ascending=False)


async def home_shares(*, on: dt.date) -> list[dict[str, Any]]:
    """Per home, the share of its centralized residents (active on the month's first day) paid this month."""
    first = on.replace(day=1)
    eligible = {r["home"]: int(r["n"]) for r in await db.fetch(sql.ELIGIBLE_BY_HOME, first, first)}
    paid = {r["home"]: int(r["n"]) for r in await db.fetch(sql.PAID_BY_HOME, f"{on:%Y-%m}")}
    homes = await Home.select(Home.id, Home.code, Home.name).order_by(Home.code)
    return [{**h, "eligible": eligible.get(h["id"], 0), "paid": paid.get(h["id"], 0),
             "permille": rules.share_permille(paid.get(h["id"], 0), eligible.get(h["id"], 0))} for h in homes]  # fmt: skip
