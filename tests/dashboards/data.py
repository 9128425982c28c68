"""One hand-built county for the dashboard and report tests (numbers worked out in the tests)."""

from __future__ import annotations

import datetime as dt

from eldercare.residents.tables import Resident
from tests.factories import (
    County,
    add_resident_event,
    make_admission,
    make_batch,
    make_census,
    make_economy_line,
    make_fund_entry,
    make_resident,
    make_rubric,
    make_scores,
    make_trust_survey,
    make_year_end,
)

ON = dt.date(2026, 6, 15)


async def build(county: County) -> dict[str, int]:
    ta, tb, ha, hb = county.township_a, county.township_b, county.home_a, county.home_b
    r1 = await make_resident(township=ta, home=ha)
    r2 = await make_resident(township=ta, home=ha, care_level="partial", born=dt.date(1948, 1, 1))
    r3 = await make_resident(township=ta, home=ha)
    await add_resident_event(resident=r3, seq=2, kind="exit", dated_on=dt.date(2026, 3, 1), status="exited",
                             mode="centralized", home=ha)  # fmt: skip
    d1 = await make_resident(township=ta, mode="dispersed")
    r4 = await make_resident(township=tb, home=hb, care_level="full")
    await make_resident(township=tb, mode="dispersed")
    await make_resident(township=tb, mode="dispersed")
    await Resident.update({Resident.last_review_on: dt.date(2026, 1, 10)}).where(Resident.id == r2).run()

    await make_census(home=ha, dated_on=ON, present=2, hospitalized=1)
    january = await make_batch(period="2026-01", lines=[
        {"resident": r1, "mode": "centralized", "home": ha, "amount_fen": 16000},
        {"resident": d1, "mode": "dispersed", "home": None, "amount_fen": 11000}])  # fmt: skip
    await make_batch(
        period="2026-04", lines=[{"resident": r3, "mode": "centralized", "home": ha, "amount_fen": 16000}]
    )
    await make_batch(period="2026-06", lines=[
        {"resident": r1, "mode": "centralized", "home": ha, "amount_fen": 16000},
        {"resident": r2, "mode": "centralized", "home": ha, "amount_fen": 16000},
        {"resident": r4, "mode": "centralized", "home": hb, "amount_fen": 16000},
        {"resident": d1, "mode": "dispersed", "home": None, "amount_fen": 11000}])  # fmt: skip
    await make_fund_entry(
        dated_on=dt.date(2025, 12, 20), kind="inflow", amount_fen=1_000_000, balance_after_fen=1_000_000
    )
    await make_fund_entry(dated_on=dt.date(2026, 1, 5), kind="outflow", amount_fen=27_000, balance_after_fen=973_000,
                          batch=january)  # fmt: skip
    await make_fund_entry(
        dated_on=dt.date(2026, 3, 10), kind="inflow", amount_fen=500_000, balance_after_fen=1_473_000
    )

    await make_economy_line(home=ha, dated_on=dt.date(2026, 3, 10), kind="income", amount_fen=300_000)
    await make_economy_line(
        home=ha, dated_on=dt.date(2026, 4, 1), kind="income", amount_fen=50_000, in_kind=True
    )
    await make_economy_line(home=ha, dated_on=dt.date(2026, 4, 15), kind="expense", amount_fen=100_000)
    await make_economy_line(
        home=ha, dated_on=dt.date(2026, 5, 1), kind="income", amount_fen=-20_000
    )  # a reversal
    await make_economy_line(home=ha, dated_on=dt.date(2025, 7, 1), kind="income", amount_fen=99_999)
    await make_economy_line(home=hb, dated_on=dt.date(2026, 2, 1), kind="income", amount_fen=10_000)
    await make_economy_line(home=hb, dated_on=dt.date(2026, 2, 2), kind="expense", amount_fen=40_000)

    rubric, items = await make_rubric(year=2026, items=2)
    await make_scores(rubric=rubric, home=ha, points={items[0]: 90, items[1]: 85})
    await make_scores(rubric=rubric, home=hb, points={items[0]: 70})
    await make_year_end(year=2025, homes=[
        {"home": ha, "rank": 1, "total_tenths": 955, "star": 5, "award_fen": 500_000, "pension_eligible": True,
         "net_fen": 80_000, "pool_fen": 16_000},
        {"home": hb, "rank": 2, "total_tenths": 800, "star": 3, "award_fen": 500_000}])  # fmt: skip

    await make_admission(township=ta, home=ha, stage="village")
    await make_admission(township=ta, home=ha, stage="township", in_notice=True, notice_ends_on=dt.date(2026, 6, 18),
                         name="欧阳伯")  # fmt: skip
    await make_admission(township=ta, home=ha, stage="county", in_notice=True, notice_ends_on=dt.date(2026, 7, 30),
                         name="罗婆婆")  # fmt: skip
    await make_admission(township=tb, home=hb, stage="approved")
    await make_trust_survey(home=hb, year=2026, round_no=1, dated_on=dt.date(2026, 5, 5))
    return {"r1": r1, "r2": r2, "r3": r3, "r4": r4, "d1": d1}
