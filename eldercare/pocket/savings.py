"""代管金: a resident's own money kept by the home. The home's director writes (deposits, withdrawals with a
witness), the bureau reads; the balance never goes below zero (checked here, refused by the database too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db, keyset
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role
from eldercare.errors import Forbidden, Invalid, NotFound
from eldercare.pocket import rules
from eldercare.pocket.services import local_today
from eldercare.pocket.tables import SavingsEntry
from eldercare.residents.tables import Resident

LAST = "SELECT seq, balance_after_fen FROM savings_entry WHERE resident = ? ORDER BY seq DESC LIMIT 1"


async def _resident(resident_id: int) -> dict[str, Any]:
    row = await Resident.select(Resident.id, Resident.name, Resident.id_number, Resident.home,
                                Resident.home.name.as_alias("home_name"), Resident.mode, Resident.status).where(
        Resident.id == resident_id).first()  # fmt: skip
    if row is None:
        raise NotFound("供养对象不存在。")
    return row


SELECT_SAVINGS = (
    "SELECT e.id AS id, e.seq AS seq, e.dated_on AS dated_on, e.kind AS kind, e.amount_fen AS amount_fen, "
    "e.balance_after_fen AS balance_after_fen, e.witness AS witness, e.note AS note FROM savings_entry e"
)
SAVINGS_ORDER = keyset.Order(columns=("e.seq",), keys=("seq",), kinds=(int,))  # unique (resident, seq)
SUMS = (
    "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CASE WHEN kind = 'deposit' THEN amount_fen ELSE 0 END), 0) AS BIGINT) "
    "AS deposits, CAST(COALESCE(SUM(CASE WHEN kind = 'withdrawal' THEN amount_fen ELSE 0 END), 0) AS BIGINT) "
    "AS withdrawals FROM savings_entry WHERE resident = ?"
)


async def ledger(
    *, actor: Actor, resident_id: int, limit: int = 100, after: str | None = None, before: str | None = None
) -> dict[str, Any]:
    """The resident's ledger in order with the balance after each line (the printed statement's content): a
    keyset page by seq, with the balance, the sums and the count of the whole ledger."""
    require_role(actor, BUREAU, DIRECTOR)
    resident = await _resident(resident_id)
    if actor.is_director:
        require_home(actor, resident["home"])
    window = await keyset.page(SAVINGS_ORDER, SELECT_SAVINGS, ("e.resident = ?",), [resident_id], limit=limit,
                               after=after, before=before)  # fmt: skip
    last = await db.fetch(LAST, resident_id)
    sums = (await db.fetch(SUMS, resident_id))[0]
    return {"resident": resident, "items": keyset.plain(window.rows, dates=("dated_on",)),
            "balance_fen": int(last[0]["balance_after_fen"]) if last else 0, "total": int(sums["n"]),
            "deposits_fen": int(sums["deposits"]), "withdrawals_fen": int(sums["withdrawals"]),
            "next_after": window.next_after, "prev_before": window.prev_before}  # fmt: skip


async def record_entry(*, actor: Actor, resident_id: int, kind: str, dated_on: dt.date, amount_fen: Any,
                       witness: str = "", note: str = "") -> dict[str, Any]:  # fmt: skip
    """A deposit or withdrawal by the director of the resident's home; a withdrawal beyond the balance, an
    unwitnessed withdrawal, a bad amount or date are refused and nothing is written."""
    require_role(actor, DIRECTOR)
    resident = await _resident(resident_id)
    if resident["home"] is None:
        raise Forbidden("代管金只由供养对象所在敬老院管理。")
    require_home(actor, resident["home"])
    fields = rules.check_savings_entry(kind=kind, amount_fen=amount_fen, witness=witness, dated_on=dated_on,
                                       today=local_today())  # fmt: skip
    if fields:
        raise Invalid("代管金登记有误。", fields=fields)
    async with db.write(actor) as w:
        if not db.is_sqlite(w.engine):
            await w.fetch("SELECT id FROM resident WHERE id = ? FOR UPDATE", resident_id)
        last = await w.fetch(LAST, resident_id)
        balance = int(last[0]["balance_after_fen"]) if last else 0
        after = rules.savings_balance_after(balance, kind=kind, amount_fen=amount_fen)
        seq = (int(last[0]["seq"]) if last else 0) + 1
        entry_id = await w.insert(
            SavingsEntry, resident=resident_id, home=resident["home"], seq=seq, dated_on=dated_on, kind=kind,
            amount_fen=amount_fen, balance_after_fen=after, witness=(witness or "").strip(),
            note=(note or "").strip(), created_at=dt.datetime.now(dt.UTC), created_by=actor.user_id or None,
        )  # fmt: skip
    return {"id": entry_id, "seq": seq, "kind": kind, "on": dated_on.isoformat(), "amount_fen": amount_fen,
            "balance_fen": after, "witness": (witness or "").strip(), "note": (note or "").strip()}  # fmt: skip
