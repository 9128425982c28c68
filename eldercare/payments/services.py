"""供养金: standards by year (versions kept), the special fund (农村五保供养资金分户), monthly batches exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from eldercare import db, versions
from eldercare.approvals import services as approvals
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role, scoped
from eldercare.errors import Conflict, Invalid, NotFound
from eldercare.money import format_fen
from eldercare.payments import rules, sql
from eldercare.payments.tables import FundEntry, PaymentBatch, PaymentLine, Standard
from eldercare.pocket import services as pocket_money
from eldercare.residents.tables import Resident, ResidentEvent
from eldercare.yearend.lock import ensure_year_open

CHINA = dt.timezone(dt.timedelta(hours=8))
Progress = Callable[[int, int], Awaitable[Any]]


def local_today() -> dt.date:
    """Months and years of money belong to the local (Asia/Shanghai) date."""
    return dt.datetime.now(CHINA).date()


async def read(query: str, *args: Any) -> list[dict[str, Any]]:
    """A raw read outside a write transaction, `?` placeholders as in Writer.fetch."""
    return await ResidentEvent.raw(query.replace("?", "{}"), *args)


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Invalid("年度不正确。", fields={"year": "年度应在 2000–2100 之间。"})


# ---- standards ---------------------------------------------------------------------------------------


def standard_out(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("year", "version", *rules.STANDARD_FIELDS, "set_at")}


async def standard_in_force(year: int) -> dict[str, Any] | None:
    """The year's highest version, or None when the year has no standard yet."""
    row = await Standard.select().where(Standard.year == year).order_by(Standard.version, ascending=False).first()
    if row:
        return standard_out(row)
    from eldercare.county.defaults import province_default

    default = await province_default("standard", year)
    if default and all(k in default for k in rules.STANDARD_FIELDS):
        # the province's default for the year, until the county sets its own (docs/domain-decisions.md)
        return {"year": year, "version": 0, **{k: default[k] for k in rules.STANDARD_FIELDS}, "set_at": None}
    return None


async def standard_history(*, actor: Actor, year: int) -> list[dict[str, Any]]:
    require_role(actor, BUREAU, DIRECTOR)
    rows = await Standard.select().where(Standard.year == year).order_by(Standard.version, ascending=False)
    return [standard_out(r) for r in rows]


async def get_standard(*, actor: Actor, year: int) -> dict[str, Any]:
    require_role(actor, BUREAU, DIRECTOR)
    check_year(year)
    found = await standard_in_force(year)
    if found is None:
        raise NotFound(f"{year}年度供养标准尚未设定。")
    return found


async def put_standard(
    *, actor: Actor, year: int, values: dict[str, Any], if_match: str | None = None
) -> dict[str, Any]:
    """A new version of the year's standard (the old ones stay as history). Months already paid under an
    older version get their 补发 in the next batch. The same figures as the version in force write nothing.
    With the county's two-person rule on, the new version waits for another bureau user (approvals.Pending)."""
    require_role(actor, BUREAU)
    check_year(year)
    clean = rules.check_standard(values)
    async with db.write(actor) as w:
        await versions.guard(w, f"standard:{year}", if_match, lambda: standard_in_force(year))
        await ensure_year_open(year)
        last = await _last_standard(year, clean)
        if last and all(last[k] == v for k, v in clean.items()):
            return await standard_in_force(year)  # type: ignore[return-value]
        if await approvals.rule_on():
            payload = {"year": year, "values": clean, "base_version": last["version"] if last else 0}
            return await approvals.request(w, actor=actor, kind="standard", subject=f"standard:{year}", year=year,
                                           payload=payload)  # fmt: skip
        await _insert_standard(w, actor, year, clean, last)
    return await standard_in_force(year)  # type: ignore[return-value]


async def _last_standard(year: int, clean: dict[str, Any]) -> dict[str, Any] | None:
    return await Standard.select(Standard.version, *[getattr(Standard, k) for k in clean]).where(
        Standard.year == year
    ).order_by(Standard.version, ascending=False).first()


async def _insert_standard(w: db.Writer, actor: Actor, year: int, clean: dict[str, Any],
                           last: dict[str, Any] | None) -> None:  # fmt: skip
    version = (last["version"] if last else 0) + 1
    await w.insert(Standard, year=year, version=version, set_at=dt.datetime.now(dt.UTC),
                   set_by=actor.user_id or None, **clean)  # fmt: skip


async def apply_standard(w: db.Writer, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    """审核 approved: the requested version, if the year is still open and its standard unchanged since."""
    year = payload["year"]
    clean = rules.check_standard(payload["values"])
    await ensure_year_open(year)
    last = await _last_standard(year, clean)
    if (last["version"] if last else 0) != payload["base_version"]:
        raise Conflict(
            f"{year}年度供养标准在提交审核后已改为第 {last['version'] if last else 0} 版，这项申请已过时，未生效；"
            "请退回它，按现行标准重新提交。", code="stale_request",
        )  # fmt: skip
    await _insert_standard(w, actor, year, clean, last)
    return await standard_in_force(year)  # type: ignore[return-value]


async def roster_counts(on: dt.date) -> list[tuple[str, str, int]]:
    """Today's roster by mode and care level (active on that date), counted in SQL."""
    rows = await read(sql.ROSTER_COUNTS, on, on)
    return [(r["mode"], r["care_level"], int(r["n"])) for r in rows]


async def preview_standard(
    *, actor: Actor, year: int, values: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """What-if: for today's roster, how much the change raises (or lowers) the year's payments."""
    require_role(actor, BUREAU)
    check_year(year)
    new = rules.check_standard(values)
    old = await standard_in_force(year)
    roster = await roster_counts(today or local_today())
    return {
        "year": year,
        "people": sum(n for _, _, n in roster),
        "delta_fen": rules.what_if_delta(roster, old, new),
        "year_total_fen": rules.what_if_delta(roster, None, new),
    }


# ---- the special fund --------------------------------------------------------------------------------


async def lock_fund(w: db.Writer) -> None:
    """Serialize writes to the ledger: SQLite's IMMEDIATE transaction already does; PostgreSQL needs a lock."""
    await w.lock("eldercare.fund")


async def last_balance(w: db.Writer | None = None) -> int:
    rows = await (w.fetch(sql.LAST_BALANCE) if w else read(sql.LAST_BALANCE))
    return int(rows[0]["balance"]) if rows else 0


async def add_inflow(
    *, actor: Actor, dated_on: dt.date, amount_fen: int, source: str, document_no: str
) -> dict[str, Any]:
    """An appropriation into the fund (拨入), with its source and document number (文号). With the county's
    two-person rule on, it waits for another bureau user (approvals.Pending) and the balance is unchanged."""
    require_role(actor, BUREAU)
    fields: dict[str, str] = {}
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
        fields["amount_fen"] = "拨入金额必须大于零。"
    if not (source or "").strip():
        fields["source"] = "请填写资金来源。"
    if not (document_no or "").strip():
        fields["document_no"] = "请填写文号。"
    if dated_on > local_today():
        fields["on"] = "日期不能晚于今天。"
    if fields:
        raise Invalid("拨入信息有误。", fields=fields)
    payload = {"on": dated_on.isoformat(), "amount_fen": amount_fen, "source": source.strip(),
               "document_no": document_no.strip()}  # fmt: skip
    async with db.write(actor) as w:
        if await approvals.rule_on():
            await _check_inflow(w, payload)
            return await approvals.request(w, actor=actor, kind="inflow", subject=f"inflow:{payload['document_no']}",
                                           year=dated_on.year, payload=payload)  # fmt: skip
        return await apply_inflow(w, actor, payload)


async def _check_inflow(w: db.Writer, payload: dict[str, Any]) -> None:
    await ensure_year_open(dt.date.fromisoformat(payload["on"]).year)
    await lock_fund(w)
    if await FundEntry.exists().where(FundEntry.document_no == payload["document_no"]):
        raise Conflict("该文号已经入账。", code="duplicate", fields={"document_no": "该文号已经入账。"})


async def apply_inflow(w: db.Writer, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    """The inflow's ledger line, inside the caller's write (add_inflow's, or an approval's: checked again)."""
    await _check_inflow(w, payload)
    dated_on, amount_fen = dt.date.fromisoformat(payload["on"]), payload["amount_fen"]
    balance = await last_balance(w) + amount_fen
    entry_id = await w.insert(
        FundEntry, dated_on=dated_on, kind="inflow", amount_fen=amount_fen, balance_after_fen=balance,
        source=payload["source"], document_no=payload["document_no"], created_at=dt.datetime.now(dt.UTC),
        created_by=actor.user_id or None,
    )  # fmt: skip
    return {"id": entry_id, "on": payload["on"], "amount_fen": amount_fen, "balance_fen": balance,
            "source": payload["source"], "document_no": payload["document_no"]}  # fmt: skip


# ---- monthly batches ---------------------------------------------------------------------------------


def batch_out(row: dict[str, Any], *, created: bool) -> dict[str, Any]:
    return {"period": row["period"], "count": row["count"], "total_fen": row["total_fen"],
            "status": row["status"], "created": created}  # fmt: skip


async def create_batch(*, actor: Actor, period: str, progress: Progress | None = None) -> dict[str, Any]:
    """The month's batch, exactly once: the same period again returns the same batch (created False)."""
    require_role(actor, BUREAU)
    period = rules.period_of(*rules.parse_period(period))
    if rules.is_future(period, today=local_today()):
        raise Invalid("该月份尚未到来，不能发放。", fields={"period": "只能为本月或以前的月份发放。"})
    for attempt in range(3):
        try:
            result = await _create_batch_once(actor=actor, period=period)
            break
        except Exception as exc:  # noqa: BLE001 - only a race is retried, see _is_race
            if attempt == 2 or not _is_race(exc):
                raise
            await asyncio.sleep(0.05 * (attempt + 1))
    if progress is not None:
        await progress(result["count"], result["count"])
    return result


def _is_race(exc: Exception) -> bool:
    """Another request made the batch first (unique period) or held the lock past the busy wait."""
    text = f"{type(exc).__name__} {exc}"
    return "UniqueViolation" in text or "payment_batch" in text or "database is locked" in text


async def _create_batch_once(*, actor: Actor, period: str) -> dict[str, Any]:
    async with db.write(actor) as w:
        return await make_batch(w, actor=actor, period=period, now=dt.datetime.now(dt.UTC))


async def make_batch(w: db.Writer, *, actor: Actor, period: str, now: dt.datetime) -> dict[str, Any]:
    """The batch inside the caller's write transaction (create_batch's, or the demo's)."""
    year, _ = rules.parse_period(period)
    await lock_fund(w)
    existing = await PaymentBatch.select().where(PaymentBatch.period == period).first()
    if existing:
        return with_pocket_money(batch_out(existing, created=False), await pocket_money.month_status(period, w))
    await ensure_year_open(year)
    standard = await standard_in_force(year)
    if standard is None:
        raise Conflict(f"{year}年度供养标准尚未设定，不能发放。", code="no_standard")
    batch_id = await w.insert(PaymentBatch, period=period, count=0, total_fen=0, status="paid",
                              created_at=now, created_by=actor.user_id or None)  # fmt: skip
    await _insert_lines(w, batch_id=batch_id, period=period, standard=standard)
    totals = (await w.fetch(sql.BATCH_TOTALS, batch_id))[0]
    count, total = int(totals["n"]), int(totals["total"])
    balance = await last_balance(w)
    if total > balance:
        raise Conflict(
            f"专户余额 {format_fen(balance)} 元，不足以支付 {period} 批次 {format_fen(total)} 元，整批未发放。",
            code="insufficient_funds", fields={"period": "专户余额不足。"},
        )  # fmt: skip
    if total:
        await w.insert(FundEntry, dated_on=rules.first_day(period), kind="outflow", amount_fen=total,
                       balance_after_fen=balance - total, source="供养金发放", document_no=f"发放-{period}",
                       batch=batch_id, created_at=now, created_by=actor.user_id or None)  # fmt: skip
    await w.update(PaymentBatch, batch_id, count=count, total_fen=total)
    await w.audit(table=PaymentBatch, row_id=batch_id, action="batch", before=None,
                  after={"period": period, "lines": count, "people": totals["people"], "total_fen": total})  # fmt: skip
    pocket = await pocket_money.pay_with_batch(w, batch_id=batch_id, period=period, actor=actor, now=now)
    pocket.pop("created")
    result = {"period": period, "count": count, "total_fen": total, "status": "paid", "created": True}
    return with_pocket_money(result, pocket)


def with_pocket_money(batch: dict[str, Any], pocket: dict[str, Any]) -> dict[str, Any]:
    """The batch's answer carries its month's pocket money (零用钱) when the year has a setting."""
    return batch if pocket["status"] == "none" else {**batch, "pocket_money": pocket}


async def _insert_lines(w: db.Writer, *, batch_id: int, period: str, standard: dict[str, Any]) -> None:
    """Regular lines for everyone active on the first day, then 补发 for months paid under older versions."""
    first = rules.first_day(period)
    rates = [(mode, level, rules.payee(mode), s, sup) for mode, level, s, sup in rules.monthly_rates(standard, period)]
    await w.fetch(sql.insert_regular(len(rates)), *[v for row in rates for v in row], first, first,
                  batch_id, period, standard["version"])  # fmt: skip
    due = await _back_pay_due(period)
    if due:
        since = rules.period_of(first.year - 1, 1)
        await w.fetch(sql.insert_back_pay(len(due)), *[v for row in due for v in row], since, period,
                      batch_id, "提标补发", batch_id)  # fmt: skip


async def _back_pay_due(period: str) -> list[tuple[str, str, str, int, int, int]]:
    """The month's due rates under the latest version, for this year and last, when a version was set after
    that year's first batch (only then can a month have been paid under an older one)."""
    year, month = rules.parse_period(period)
    due = []
    for y in (year - 1, year):
        standard = await standard_in_force(y)
        first_batch = await PaymentBatch.select(PaymentBatch.created_at).where(
            PaymentBatch.period.like(f"{y}-%") & (PaymentBatch.period != period)
        ).order_by(PaymentBatch.created_at).first()
        if standard is None or first_batch is None or standard["set_at"] < first_batch["created_at"]:
            continue
        for m in range(1, 13 if y < year else month):
            p = rules.period_of(y, m)
            due += [(p, mode, level, s, sup, standard["version"])
                    for mode, level, s, sup in rules.monthly_rates(standard, p)]  # fmt: skip
    return due


# ---- a resident's payments (the resident page includes templates/payments/_resident_payments.html) ------

RESIDENT_LINE_COLUMNS = (PaymentLine.for_period, PaymentLine.kind, PaymentLine.mode, PaymentLine.care_level,
                         PaymentLine.payee, PaymentLine.standard_fen, PaymentLine.supplement_fen,
                         PaymentLine.amount_fen, PaymentLine.note)  # fmt: skip


async def payments_for_resident(*, actor: Actor, resident_id: int) -> list[dict]:
    """Payments made to or for this person, month by month (a director: those paid to their home)."""
    require_role(actor, BUREAU, DIRECTOR)
    resident = await Resident.select(Resident.id, Resident.home).where(Resident.id == resident_id).first()
    if resident is None:
        raise NotFound("供养对象不存在。")
    if actor.is_director:
        require_home(actor, resident["home"])
    query = scoped(
        PaymentLine.select(PaymentLine.batch.period.as_alias("paid_in"), *RESIDENT_LINE_COLUMNS, PaymentLine.home.name.as_alias("home_name")),
                   actor, home=PaymentLine.home)  # fmt: skip
    return await query.where(PaymentLine.resident == resident_id).order_by(PaymentLine.for_period, ascending=False).order_by(PaymentLine.id)
