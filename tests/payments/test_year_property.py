"""Property: a year of batches for a resident active all year pays exactly the annual standard plus supplement."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eldercare import db
from eldercare.payments import services
from eldercare.payments.tables import PaymentLine
from tests.factories import make_home, make_resident, make_township
from tests.payments.helpers import BUREAU

YEARS = itertools.count(2001)  # each example pays its own year in the same database (earlier residents too)


async def pay_a_year(year: int, *, annual: int, supplement: int, mode: str, level: str) -> int:
    try:
        await services.put_standard(
            actor=BUREAU, year=year,
            values={"centralized_fen": annual, "dispersed_fen": annual, "supplement_self_care_fen": supplement,
                    "supplement_partial_fen": supplement, "supplement_full_fen": supplement},
        )  # fmt: skip
        await services.add_inflow(actor=BUREAU, dated_on=dt.date(year, 1, 1), amount_fen=10**10,
                                  source="县财政", document_no=f"遂民字〔{year}〕1号")  # fmt: skip
        township = await make_township(code=f"360827{year % 1000:03d}", name=f"{year}镇")
        home = await make_home(township=township, code=f"P{year}", name=f"{year}敬老院")
        rid = await make_resident(township=township, home=home, mode=mode, care_level=level,
                                  admitted_on=dt.date(year - 1, 12, 31))  # fmt: skip
        for month in range(1, 13):
            await services.create_batch(actor=BUREAU, period=f"{year}-{month:02d}")
        rows = await PaymentLine.select(PaymentLine.amount_fen).where(PaymentLine.resident == rid)
        return sum(r["amount_fen"] for r in rows)
    finally:
        await db.stop()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    annual=st.integers(min_value=0, max_value=1_000_000),
    supplement=st.integers(min_value=0, max_value=100_000),
    mode=st.sampled_from(["centralized", "dispersed"]),
    level=st.sampled_from(["self_care", "partial", "full"]),
)
def test_a_year_of_batches_pays_exactly_the_annual_amount(database, annual, supplement, mode, level):
    year = next(YEARS)
    total = asyncio.run(pay_a_year(year, annual=annual, supplement=supplement, mode=mode, level=level))
    assert total == annual + supplement
