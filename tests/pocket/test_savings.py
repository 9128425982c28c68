"""代管金: a resident's own money kept by the home; the home's director writes, the bureau reads; never below zero."""

import datetime as dt

import pytest

from eldercare.auth.actor import Actor
from eldercare.errors import Forbidden, Invalid
from eldercare.pocket import rules, savings
from eldercare.pocket.tables import SavingsEntry
from tests.factories import make_resident


def director(county, home: str = "a") -> Actor:
    p = county.personas[f"director_{home}"]
    return Actor(user_id=p.user_id, username=p.username, role="director", home_id=p.home_id, staff_id=p.staff_id)


def test_a_withdrawal_beyond_the_balance_is_refused():
    assert rules.savings_balance_after(10_000, kind="withdrawal", amount_fen=10_000) == 0
    with pytest.raises(Invalid) as caught:
        rules.savings_balance_after(10_000, kind="withdrawal", amount_fen=10_001)
    assert "超过余额" in caught.value.fields["amount"]


async def test_deposits_and_witnessed_withdrawals_keep_a_running_balance(county):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    actor = director(county)
    await savings.record_entry(actor=actor, resident_id=rid, kind="deposit", dated_on=dt.date(2026, 3, 1),
                               amount_fen=50_000, note="亲属送来")  # fmt: skip
    await savings.record_entry(actor=actor, resident_id=rid, kind="withdrawal", dated_on=dt.date(2026, 3, 5),
                               amount_fen=12_050, witness="王护理", note="买药")  # fmt: skip
    found = await savings.ledger(actor=actor, resident_id=rid)
    # 500.00 − 120.50 = 379.50 元
    assert [e["balance_after_fen"] for e in found["items"]] == [50_000, 37_950]
    assert found["balance_fen"] == 37_950


async def test_nothing_is_written_for_an_overdraft_an_unwitnessed_withdrawal_or_a_bad_amount(county):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    actor = director(county)
    await savings.record_entry(actor=actor, resident_id=rid, kind="deposit", dated_on=dt.date(2026, 3, 1),
                               amount_fen=1_000)  # fmt: skip
    bad = [dict(kind="withdrawal", amount_fen=1_001, witness="王护理"),
           dict(kind="withdrawal", amount_fen=500, witness=" "),
           dict(kind="deposit", amount_fen=-5), dict(kind="deposit", amount_fen=rules.MAX_SAVINGS_FEN + 1)]  # fmt: skip
    for entry in bad:
        with pytest.raises(Invalid):
            await savings.record_entry(actor=actor, resident_id=rid, dated_on=dt.date(2026, 3, 2), **entry)
    assert await SavingsEntry.count() == 1


async def test_the_database_refuses_a_negative_balance_too(county):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    with pytest.raises(Exception, match="(?i)check|constraint"):
        await SavingsEntry.insert(SavingsEntry(resident=rid, home=county.home_a, seq=1, dated_on=dt.date(2026, 1, 1),
                                               kind="withdrawal", amount_fen=100, balance_after_fen=-100,
                                               witness="王护理", created_at=dt.datetime.now(dt.UTC))).run()  # fmt: skip
    assert await SavingsEntry.count() == 0


async def test_only_the_director_of_the_home_writes_and_the_bureau_reads(county):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    with pytest.raises(Forbidden):
        await savings.record_entry(actor=director(county, "b"), resident_id=rid, kind="deposit",
                                   dated_on=dt.date(2026, 3, 1), amount_fen=100)  # fmt: skip
    bureau = Actor(user_id=0, username="b", role="bureau")
    with pytest.raises(Forbidden):
        await savings.record_entry(actor=bureau, resident_id=rid, kind="deposit", dated_on=dt.date(2026, 3, 1),
                                   amount_fen=100)  # fmt: skip
    assert (await savings.ledger(actor=bureau, resident_id=rid))["balance_fen"] == 0
    with pytest.raises(Forbidden):
        await savings.ledger(actor=director(county, "b"), resident_id=rid)


async def test_the_savings_page_shows_the_message_beside_the_field_and_the_api_answers_422(client_for, county):
    rid = await make_resident(township=county.township_a, home=county.home_a, name="张秀英")
    client = await client_for("director_a")
    page = await client.post(f"/residents/{rid}/savings", data={"kind": "withdrawal", "on": "2026-03-01",
                                                                 "amount": "10", "witness": "王护理"})  # fmt: skip
    assert page.status_code == 422 and "超过余额" in page.text
    api = await client_for("director_a", via="token")
    answer = await api.post(f"/api/v1/residents/{rid}/savings", json={"kind": "deposit", "on": "2026-03-01",
                                                                      "amount_fen": -100})  # fmt: skip
    assert answer.status_code == 422 and "amount" in answer.json()["fields"]
    ok = await api.post(f"/api/v1/residents/{rid}/savings", json={"kind": "deposit", "on": "2026-03-01",
                                                                  "amount_fen": 2_000})  # fmt: skip
    assert ok.status_code == 201 and ok.json()["balance_fen"] == 2_000
    statement = await client.get(f"/residents/{rid}/savings")
    assert "打印对账单" in statement.text and "20.00" in statement.text
    other = await client_for("director_b")
    assert (await other.get(f"/residents/{rid}/savings")).status_code == 403
    bureau = await client_for("bureau")
    assert (await bureau.get(f"/residents/{rid}/savings")).status_code == 200
    assert await SavingsEntry.count() == 1
