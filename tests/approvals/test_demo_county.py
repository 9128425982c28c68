"""The demo county (遂川县) has the two-person rule on: `bureau` enters, `bureau2` approves."""

from __future__ import annotations

import datetime as dt

from eldercare import db
from eldercare.approvals import services as approvals
from eldercare.auth.actor import Actor
from eldercare.auth.tables import User
from eldercare.demo import load_demo
from eldercare.payments import services as payments
from eldercare.payments.selectors import ledger


async def clerk(username: str) -> Actor:
    row = await User.select(User.id, User.username, User.role, User.county_code, User.display_name).where(
        User.username == username).first()  # fmt: skip
    return Actor(user_id=row["id"], username=row["username"], role=row["role"], county_code=row["county_code"],
                 display_name=row["display_name"])  # fmt: skip


async def test_the_demo_county_has_the_rule_on_and_a_second_clerk_to_approve(database):
    await load_demo()
    await db.start()
    bureau, bureau2 = await clerk("bureau"), await clerk("bureau2")
    assert bureau2.role == "bureau" and bureau2.county_code == "360827"
    assert await approvals.rule_on()
    before = (await ledger(actor=bureau, limit=1))["balance_fen"]
    pending = await payments.add_inflow(actor=bureau, dated_on=dt.date(2026, 1, 5), amount_fen=2_000_000,
                                        source="县财政", document_no="遂财〔2026〕演示1号")  # fmt: skip
    assert isinstance(pending, approvals.Pending) and pending["state"] == "pending"
    assert (await ledger(actor=bureau, limit=1))["balance_fen"] == before
    done = await approvals.approve(actor=bureau2, request_id=pending["id"])
    assert done["state"] == "approved" and done["decided_by_name"] == "遂川县民政局（复核）"
    assert (await ledger(actor=bureau, limit=1))["balance_fen"] == before + 2_000_000
