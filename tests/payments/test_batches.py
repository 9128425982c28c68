"""Monthly batches, computed by hand: who is paid, how much, to whom; exactly once; refused whole."""

import asyncio
import datetime as dt

import pytest

from eldercare.errors import Conflict, Invalid
from eldercare.payments.tables import FundEntry, PaymentBatch, PaymentLine
from eldercare.yearend.tables import YearEnd
from tests.factories import add_event, make_resident
from tests.payments.helpers import BUREAU, fund, pay, standard


async def lines_of(resident: int) -> dict[str, list[dict]]:
    rows = await PaymentLine.select().where(PaymentLine.resident == resident).order_by(PaymentLine.id)
    found: dict[str, list[dict]] = {}
    for row in rows:
        found.setdefault(row["for_period"], []).append(row)
    return found


async def test_the_remainder_is_paid_in_december(county):
    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 6, 1))
    for month in range(1, 13):
        await pay(f"2025-{month:02d}")
    paid = await lines_of(rid)
    # 190,000 // 12 = 15,833 for January…November; 190,000 − 11 × 15,833 = 15,837 in December
    assert [paid[f"2025-{m:02d}"][0]["amount_fen"] for m in range(1, 12)] == [15_833] * 11
    assert paid["2025-12"][0]["amount_fen"] == 15_837
    assert paid["2025-12"][0]["payee"] == "home" and paid["2025-12"][0]["home"] == county.home_a


async def test_a_full_care_resident_gets_the_supplement(county):
    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_a, home=county.home_a, care_level="full",
                              admitted_on=dt.date(2024, 6, 1))  # fmt: skip
    await pay("2025-03")
    line = (await lines_of(rid))["2025-03"][0]
    # 15,833 + 24,000 / 12 = 15,833 + 2,000 = 17,833
    assert (line["standard_fen"], line["supplement_fen"], line["amount_fen"]) == (15_833, 2_000, 17_833)


async def test_an_admission_on_the_15th_is_paid_from_the_next_month(county):
    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2025, 3, 15))
    await pay("2025-03")
    await pay("2025-04")
    assert list(await lines_of(rid)) == ["2025-04"]


async def test_a_death_on_the_20th_is_paid_that_month_not_the_next(county):
    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    await add_event(rid, kind="death", dated_on=dt.date(2025, 5, 20), status="deceased", home=county.home_a)
    for period in ("2025-05", "2025-06"):
        await pay(period)
    assert list(await lines_of(rid)) == ["2025-05"]


async def test_a_transfer_on_the_first_pays_the_new_mode_that_month(county):
    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    await add_event(rid, kind="transfer", dated_on=dt.date(2025, 7, 1), mode="dispersed")
    await pay("2025-06")
    await pay("2025-07")
    paid = await lines_of(rid)
    june, july = paid["2025-06"][0], paid["2025-07"][0]
    assert (june["mode"], june["payee"], june["amount_fen"]) == ("centralized", "home", 15_833)
    # 132,000 / 12 = 11,000, paid to the person, no home
    assert (july["mode"], july["payee"], july["amount_fen"], july["home"]) == ("dispersed", "person", 11_000, None)


async def test_a_suspended_resident_is_not_paid_until_resumed(county):
    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_b, mode="dispersed", admitted_on=dt.date(2024, 1, 1))
    await add_event(rid, kind="suspend", dated_on=dt.date(2025, 8, 10), status="suspended", mode="dispersed")
    await add_event(rid, kind="resume", dated_on=dt.date(2025, 10, 1), mode="dispersed")
    for month in (8, 9, 10):
        await pay(f"2025-{month:02d}")
    assert list(await lines_of(rid)) == ["2025-08", "2025-10"]


async def test_a_batch_the_fund_cannot_cover_is_refused_whole(county):
    await standard(2025)
    await fund(20_000)
    for _ in range(2):  # 2 × 15,833 = 31,666 > 20,000
        await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    before = await FundEntry.select().order_by(FundEntry.id)
    with pytest.raises(Conflict) as exc:
        await pay("2025-01")
    assert exc.value.code == "insufficient_funds" and "200.00" in exc.value.detail
    assert await FundEntry.select().order_by(FundEntry.id) == before
    assert len(await PaymentBatch.select(PaymentBatch.id)) == 0 and await PaymentLine.count() == 0


async def test_the_same_batch_twice_pays_nothing_twice(county):
    await standard(2025)
    await fund(100_000)
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    first = await pay("2025-01")
    again = await pay("2025-01")
    assert first == {"period": "2025-01", "count": 1, "total_fen": 15_833, "status": "paid", "created": True}
    assert again == {**first, "created": False}
    assert await PaymentLine.count() == 1
    outflows = await FundEntry.select().where(FundEntry.kind == "outflow")
    # 100,000 − 15,833 = 84,167
    assert len(outflows) == 1 and outflows[0]["balance_after_fen"] == 84_167


async def test_two_concurrent_requests_make_one_batch(county):
    await standard(2025)
    await fund()
    for _ in range(3):
        await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    results = await asyncio.gather(pay("2025-02"), pay("2025-02"))
    assert sorted(r["created"] for r in results) == [False, True]
    assert results[0]["total_fen"] == results[1]["total_fen"] == 3 * 15_833
    assert len(await PaymentBatch.select(PaymentBatch.id)) == 1 and await PaymentLine.count() == 3
    assert await FundEntry.count().where(FundEntry.kind == "outflow") == 1


async def test_a_raised_standard_pays_back_pay_in_the_next_batch(county):
    await standard(2025, centralized=180_000)
    await fund()
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    for month in (1, 2, 3):
        await pay(f"2025-0{month}")  # 180,000 / 12 = 15,000 a month
    await standard(2025, centralized=192_000)  # version 2: 16,000 a month
    april = await pay("2025-04")
    paid = await lines_of(rid)
    assert paid["2025-04"][0]["amount_fen"] == 16_000
    back = [line for p in ("2025-01", "2025-02", "2025-03") for line in paid[p] if line["kind"] == "back_pay"]
    # January…March: 16,000 − 15,000 = 1,000 each
    assert [(b["amount_fen"], b["standard_version"], b["note"]) for b in back] == [(1_000, 2, "提标补发")] * 3
    assert april["total_fen"] == 16_000 + 3 * 1_000 and april["count"] == 4
    may = await pay("2025-05")
    assert may["total_fen"] == 16_000 and may["count"] == 1


async def test_a_batch_for_a_finalized_year_is_refused(county):
    await standard(2025)
    await fund()
    await YearEnd.insert(YearEnd(year=2025, status="finalized")).run()
    with pytest.raises(Conflict) as exc:
        await pay("2025-05")
    assert exc.value.code == "year_finalized"
    assert len(await PaymentBatch.select(PaymentBatch.id)) == 0


async def test_a_bad_period_is_refused_before_anything_is_written(county):
    for period in ("2025-13", "2025/01", "next month", ""):
        with pytest.raises(Invalid) as exc:
            await pay(period)
        assert "period" in exc.value.fields
    with pytest.raises(Invalid):
        await pay("2099-01")  # not yet come
    assert len(await PaymentBatch.select(PaymentBatch.id)) == 0


async def test_a_year_without_a_standard_cannot_be_paid(county):
    await fund()
    with pytest.raises(Conflict) as exc:
        await pay("2025-01")
    assert exc.value.code == "no_standard"
    assert BUREAU.is_bureau
