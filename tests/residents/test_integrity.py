"""The integrity checks and the daily job's entry point."""

import datetime as dt

from eldercare.auth.actor import SYSTEM
from eldercare.county.tables import Home
from eldercare.payments.tables import PaymentBatch, PaymentLine
from eldercare.residents.integrity import find_integrity_problems, overdue_reviews
from eldercare.residents.services import run_daily_checks
from eldercare.residents.tables import Resident, ResidentEvent
from tests.factories import NOW, make_resident

D = dt.date


async def test_a_home_over_its_beds_is_found(county):
    for _ in range(3):
        await make_resident(township=county.township_a, home=county.home_a, admitted_on=D(2026, 1, 1))
    await Home.update({Home.beds: 2}).where(Home.id == county.home_a)
    found = await find_integrity_problems(on=D(2026, 2, 1))
    assert [(f["check"], f["subject"], f["link"]) for f in found] == [
        ("home_over_beds", "泉江镇敬老院", f"/homes/{county.home_a}")
    ]


async def test_a_payment_for_a_month_the_resident_had_left_is_found(county):
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=D(2026, 1, 1))
    await ResidentEvent.insert(ResidentEvent(resident=rid, seq=2, kind="death", dated_on=D(2026, 2, 10), reason="病故",
                               status_after="deceased", mode_after="centralized", home_after=county.home_a,
                               care_level_after="self_care", created_at=NOW)).run()  # fmt: skip
    await Resident.update({Resident.status: "deceased"}).where(Resident.id == rid)
    batch = (
        await PaymentBatch.insert(PaymentBatch(period="2026-03", created_at=NOW))
        .returning(PaymentBatch.id)
        .run()
    )[0]["id"]
    for period in ("2026-02", "2026-03"):  # alive on 1 Feb, dead on 1 Mar
        await PaymentLine.insert(PaymentLine(batch=batch, resident=rid, for_period=period, mode="centralized",
                                 care_level="self_care", payee="home", amount_fen=16000)).run()  # fmt: skip
    found = await find_integrity_problems(on=D(2026, 3, 15))
    assert [(f["check"], f["link"]) for f in found] == [("paid_while_not_active", f"/residents/{rid}")]
    assert "2026-03" in found[0]["detail"] and "死亡" in found[0]["detail"]


async def test_same_id_active_twice_is_found_when_the_index_was_bypassed(county):
    a = await make_resident(township=county.township_a, home=county.home_a, admitted_on=D(2026, 1, 1))
    b = await make_resident(township=county.township_a, home=county.home_a, admitted_on=D(2026, 1, 1))
    number = (await Resident.select(Resident.id_number).where(Resident.id == a).first())["id_number"]
    await Resident.update({Resident.status: "exited"}).where(Resident.id == b)
    await Resident.update({Resident.id_number: number}).where(Resident.id == b)
    assert await find_integrity_problems(on=D(2026, 2, 1)) == []  # one active, one exited: fine


async def test_reviews_due_and_overdue(county):
    late = await make_resident(township=county.township_a, home=county.home_a, admitted_on=D(2025, 1, 1))
    soon = await make_resident(township=county.township_a, home=county.home_a, admitted_on=D(2025, 6, 20))
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=D(2026, 1, 1))
    rows = await overdue_reviews(on=D(2026, 6, 1))  # late due 2025-01-01+1y; soon due 2026-06-20 (19 days)
    assert [(r["id"], r["review"]) for r in rows] == [(late, "overdue"), (soon, "due")]


async def test_the_daily_checks_run_twice_the_same_day_give_the_same_summary(county):
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=D(2024, 1, 1))
    first = await run_daily_checks(actor=SYSTEM, on=D(2026, 6, 1))
    second = await run_daily_checks(actor=SYSTEM, on=D(2026, 6, 1))
    assert first == second == {"on": "2026-06-01", "notices_advanced": 0, "findings": 1,
                               "by_check": {"review_overdue": 1}, "verify_problems": 0}  # fmt: skip
