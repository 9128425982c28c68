"""Standards with history, the fund's inflows and yearly statement, a resident's payments, progress reports."""

import datetime as dt
from pathlib import Path

import pytest

from eldercare.auth.actor import Actor
from eldercare.errors import Conflict, Forbidden, Invalid
from eldercare.payments import selectors, services
from eldercare.payments.tables import FundEntry, Standard
from eldercare.yearend.tables import YearEnd
from tests.factories import make_resident
from tests.payments.helpers import BUREAU, fund, pay, standard


async def test_a_finalized_year_refuses_new_standards_and_inflows(county):
    await YearEnd.insert(YearEnd(year=2025, status="finalized")).run()
    with pytest.raises(Conflict):
        await standard(2025)
    with pytest.raises(Conflict):
        await fund()
    assert await Standard.count() == 0 and await FundEntry.count() == 0


async def test_an_inflow_needs_source_document_and_a_date_not_in_the_future(county):
    with pytest.raises(Invalid) as exc:
        await services.add_inflow(actor=BUREAU, dated_on=dt.date(2099, 1, 1), amount_fen=100, source=" ",
                                  document_no="")  # fmt: skip
    assert set(exc.value.fields) == {"on", "source", "document_no"}
    await fund(doc="遂财〔2025〕1号")
    with pytest.raises(Conflict):
        await fund(doc="遂财〔2025〕1号")  # the same document entered twice
    assert await FundEntry.count() == 1


async def test_the_yearly_statement_carries_the_balance_forward(county):
    await standard(2025)
    await fund(1_000_000, on=dt.date(2024, 12, 20), doc="A")
    await fund(500_000, on=dt.date(2025, 6, 1), doc="B")
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    await pay("2025-01")
    found = await selectors.statement(actor=BUREAU, year=2025)
    # opening 1,000,000; in 500,000; out 15,833; closing 1,484,167
    assert found == {"year": 2025, "opening_fen": 1_000_000, "inflow_fen": 500_000, "outflow_fen": 15_833,
                     "closing_fen": 1_484_167, "draft": "试算"}  # fmt: skip  (2025 is not finalized)


async def test_a_resident_sees_each_month_paid_for_them(county):
    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    await pay("2025-01")
    await pay("2025-02")
    rows = await services.payments_for_resident(actor=BUREAU, resident_id=rid)
    assert [(r["for_period"], r["amount_fen"], r["home_name"]) for r in rows] == [
        ("2025-02", 15_833, "泉江镇敬老院"), ("2025-01", 15_833, "泉江镇敬老院")]  # fmt: skip
    director_b = Actor(user_id=3, username="director_b", role="director", home_id=county.home_b)
    with pytest.raises(Forbidden):
        await services.payments_for_resident(actor=director_b, resident_id=rid)


async def test_create_batch_reports_progress(county):
    await standard(2025)
    await fund()
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    seen = []

    async def progress(done: int, total: int) -> None:
        seen.append((done, total))

    await services.create_batch(actor=BUREAU, period="2025-01", progress=progress)
    assert seen == [(1, 1)]


async def test_the_preview_counts_todays_roster(county):
    await standard(2026, centralized=192_000, full=36_000)
    await make_resident(township=county.township_a, home=county.home_a, care_level="full")
    await make_resident(township=county.township_b, mode="dispersed")
    values = {"centralized_fen": 200_000, "dispersed_fen": 132_000, "supplement_full_fen": 36_000}
    found = await services.preview_standard(actor=BUREAU, year=2026, values=values, today=dt.date(2026, 6, 1))
    # one centralized person: 200,000 − 192,000 = 8,000; the dispersed one unchanged
    assert found["delta_fen"] == 8_000 and found["people"] == 2
    # 200,000 + 36,000 + 132,000 = 368,000
    assert found["year_total_fen"] == 368_000


async def test_the_resident_partial_renders_each_payment(county):
    from jinja2 import Environment, FileSystemLoader

    from eldercare.web import FILTERS

    await standard(2025)
    await fund()
    rid = await make_resident(township=county.township_b, mode="dispersed", admitted_on=dt.date(2024, 1, 1))
    await pay("2025-01")
    env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parents[2] / "templates"), autoescape=True)
    env.filters.update(FILTERS)
    payments = await services.payments_for_resident(actor=BUREAU, resident_id=rid)
    html = env.get_template("payments/_resident_payments.html").render(payments=payments)
    assert "2025-01" in html and "110.00" in html and "本人" in html  # 132,000 / 12 = 11,000 fen
