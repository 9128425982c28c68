"""零用钱 paid with the monthly batch, computed by hand: who is paid, how much, exactly once, refused whole."""

import datetime as dt

import pytest

from eldercare.errors import Conflict, Invalid
from eldercare.payments.tables import FundEntry
from eldercare.pocket import rules, services
from eldercare.pocket.tables import PocketMoneyLine, PocketMoneySetting
from tests.factories import add_event, make_resident
from tests.payments.helpers import BUREAU, fund, pay, standard
from tests.pocket.helpers import economy, pocket


async def months_paid(resident: int) -> dict[str, int]:
    rows = await PocketMoneyLine.select().where(PocketMoneyLine.resident == resident)
    return {r["for_period"]: r["amount_fen"] for r in rows}


def test_only_the_active_and_centralized_on_the_first_day_are_paid():
    setting = {"self_care_fen": 5_000, "partial_fen": 6_000, "full_fen": 8_000}
    assert rules.monthly_amount(setting, mode="centralized", status="active", care_level="full") == 8_000
    assert rules.monthly_amount(setting, mode="dispersed", status="active", care_level="full") == 0
    assert rules.monthly_amount(setting, mode="centralized", status="suspended", care_level="full") == 0
    assert rules.monthly_amount(None, mode="centralized", status="active", care_level="full") == 0


def test_a_negative_or_absurd_monthly_amount_is_refused_with_a_message_per_field():
    with pytest.raises(Invalid) as caught:
        rules.check_setting({"source": "bank", "self_care_fen": -1, "partial_fen": 100_001, "full_fen": "x"})
    assert set(caught.value.fields) == {"source", "self_care_fen", "partial_fen", "full_fen"}
    assert "负数" in caught.value.fields["self_care_fen"] and "过大" in caught.value.fields["partial_fen"]


async def test_an_admission_mid_month_is_paid_from_the_next_month(county):
    await standard(2025)
    await fund()
    await pocket(2025)
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2025, 3, 15))
    await pay("2025-03")
    await pay("2025-04")
    assert await months_paid(rid) == {"2025-04": 5_000}


async def test_a_death_pays_the_month_of_death_but_not_the_next(county):
    await standard(2025)
    await fund()
    await pocket(2025)
    rid = await make_resident(township=county.township_a, home=county.home_a, care_level="partial",
                              admitted_on=dt.date(2024, 1, 1))  # fmt: skip
    await add_event(rid, kind="death", dated_on=dt.date(2025, 5, 20), status="deceased", home=county.home_a,
                    care_level="partial")  # fmt: skip
    for period in ("2025-05", "2025-06"):
        await pay(period)
    # active on 1 May (6,000 fen for 半失能), deceased on 1 June
    assert await months_paid(rid) == {"2025-05": 6_000}


async def test_a_transfer_to_dispersed_support_ends_pocket_money(county):
    await standard(2025)
    await fund()
    await pocket(2025)
    rid = await make_resident(township=county.township_a, home=county.home_a, care_level="full",
                              admitted_on=dt.date(2024, 1, 1))  # fmt: skip
    await add_event(rid, kind="transfer", dated_on=dt.date(2025, 7, 2), mode="dispersed", care_level="full")
    for period in ("2025-07", "2025-08"):
        await pay(period)
    # centralized on 1 July (8,000 fen for 全失能), dispersed on 1 August: not paid
    assert await months_paid(rid) == {"2025-07": 8_000}


async def test_the_same_month_again_pays_nothing_twice_and_the_fund_pays_after_the_batch(county):
    await standard(2025)
    await fund(100_000)
    await pocket(2025)
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    await make_resident(township=county.township_a, home=county.home_a, care_level="full",
                        admitted_on=dt.date(2024, 1, 1))  # fmt: skip
    first = await pay("2025-03")
    again = await pay("2025-03")
    assert first["pocket_money"]["status"] == "paid" and first["pocket_money"]["total_fen"] == 13_000
    assert not again["created"]
    assert await PocketMoneyLine.count() == 2
    outflows = await FundEntry.select().where(FundEntry.kind == "outflow").order_by(FundEntry.id)
    # support: 15,833 + (15,833 + 2,000 全失能 supplement) = 33,666, leaving 66,334;
    # then pocket money 5,000 + 8,000 = 13,000, leaving 53,334
    assert [(o["amount_fen"], o["balance_after_fen"]) for o in outflows] == [(33_666, 66_334), (13_000, 53_334)]


async def test_pocket_money_is_refused_whole_when_the_fund_is_short_after_the_batch(county):
    await standard(2025)
    await fund(15_833 + 4_999)  # the batch leaves 4,999 fen: one resident's 5,000 cannot be paid
    await pocket(2025)
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    batch = await pay("2025-03")
    assert batch["created"] and batch["total_fen"] == 15_833
    assert batch["pocket_money"]["status"] == "refused" and "不足" in batch["pocket_money"]["detail"]
    assert await PocketMoneyLine.count() == 0
    with pytest.raises(Conflict):
        await services.pay_month(actor=BUREAU, period="2025-03")
    await fund(1, doc="补拨1号")
    paid = await services.pay_month(actor=BUREAU, period="2025-03")
    assert (paid["count"], paid["total_fen"]) == (1, 5_000)


async def test_economy_pocket_money_needs_every_home_to_cover_its_own(county):
    await standard(2025)
    await fund()
    await pocket(2025, source="economy")
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    await make_resident(township=county.township_b, home=county.home_b, admitted_on=dt.date(2024, 1, 1))
    await economy(county.home_a, 20_000)
    await economy(county.home_b, 9_000)
    await economy(county.home_b, 5_000, kind="expense")  # home B nets 4,000 fen: short of 5,000
    batch = await pay("2025-02")
    assert batch["pocket_money"]["status"] == "refused" and "雩田镇敬老院" in batch["pocket_money"]["detail"]
    assert await PocketMoneyLine.count() == 0
    await economy(county.home_b, 6_000)  # home B nets 10,000
    await services.pay_month(actor=BUREAU, period="2025-02")
    await pay("2025-03")
    # home A: 20,000 − 5,000 (Feb) = 15,000 ≥ 5,000; home B: 10,000 − 5,000 = 5,000 ≥ 5,000
    assert await PocketMoneyLine.count() == 4
    await pay("2025-04")  # home B has 0 left: April is refused whole, home A gets nothing either
    assert await PocketMoneyLine.count() == 4


async def test_a_director_cannot_set_pocket_money_and_a_bad_setting_writes_nothing(county):
    from tests.payments.helpers import BUREAU as bureau

    with pytest.raises(Invalid):
        await services.put_setting(actor=bureau, year=2025, values={"source": "fund", "self_care_fen": -5,
                                                                     "partial_fen": 0, "full_fen": 0})  # fmt: skip
    assert await PocketMoneySetting.count() == 0


async def test_the_signature_list_and_the_home_shares(county):
    await standard(2025)
    await fund()
    await pocket(2025)
    await make_resident(township=county.township_a, home=county.home_a, name="王大爷", admitted_on=dt.date(2024, 1, 1))
    await make_resident(township=county.township_a, home=county.home_a, name="李奶奶", care_level="full",
                        admitted_on=dt.date(2024, 1, 1))  # fmt: skip
    await pay("2025-03")
    found = await services.signature_list(actor=BUREAU, period="2025-03", home_id=county.home_a)
    assert [r["name"] for r in found["rows"]] == sorted(["王大爷", "李奶奶"]) and found["total_fen"] == 13_000
    shares = {s["id"]: s for s in await services.home_shares(on=dt.date(2025, 3, 20))}
    assert (shares[county.home_a]["paid"], shares[county.home_a]["eligible"], shares[county.home_a]["permille"]) == (2, 2, 1000)
    assert shares[county.home_b]["permille"] == 0
