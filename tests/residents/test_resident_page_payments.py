"""The resident page shows the payments made to or for the person (payments × residents)."""

import datetime as dt

from eldercare.auth.actor import SYSTEM
from eldercare.payments import services as payments
from tests.factories import make_resident
from tests.payments.helpers import fund, standard


async def test_the_resident_page_lists_the_months_paid_for_the_person(client_for, county):
    resident = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2025, 1, 1))
    await standard(2025, centralized=192_000, full=0)
    await fund()
    await payments.create_batch(actor=SYSTEM, period="2025-02")
    page = await (await client_for("bureau")).get(f"/residents/{resident}")
    assert page.status_code == 200
    # 192,000 fen a year ÷ 12 = 16,000 fen = 160.00 元 a month
    assert "供养金发放记录" in page.text and "2025-02" in page.text and "160.00" in page.text
