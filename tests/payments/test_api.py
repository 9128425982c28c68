"""The payments API: shapes of the contract, roles and scope for every persona, bad input in the error shape."""

import datetime as dt

import pytest

from eldercare.payments.tables import FundEntry, PaymentBatch, Standard
from eldercare.yearend.tables import YearEnd
from tests.factories import make_resident
from tests.payments.helpers import fund, pay, standard

STANDARD = {"centralized_fen": 192_000, "dispersed_fen": 132_000,
            "care_supplement_fen": {"self_care": 0, "partial": 12_000, "full": 36_000}}  # fmt: skip


async def two_homes_paid(county) -> None:
    await standard(2025, centralized=192_000, full=0)
    await fund()
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    await make_resident(township=county.township_b, home=county.home_b, admitted_on=dt.date(2024, 1, 1))
    await make_resident(township=county.township_b, mode="dispersed", admitted_on=dt.date(2024, 1, 1))
    await pay("2025-01")


async def test_the_bureau_puts_a_standard_and_history_is_kept(client_for):
    client = await client_for("bureau", via="token")
    first = await client.put("/api/v1/standards/2026", json=STANDARD)
    assert first.status_code == 200 and first.json() == {"year": 2026, "version": 1, **STANDARD}
    raised = await client.put("/api/v1/standards/2026", json={**STANDARD, "centralized_fen": 200_000})
    assert raised.json()["version"] == 2
    shown = (await client.get("/api/v1/standards/2026")).json()
    assert shown["centralized_fen"] == 200_000
    assert len(await Standard.select().where(Standard.year == 2026)) == 2


@pytest.mark.parametrize("persona", ["director_a", "director_b", "staff_a"])
async def test_only_the_bureau_sets_standards(client_for, persona):
    client = await client_for(persona, via="token")
    assert (await client.put("/api/v1/standards/2026", json=STANDARD)).status_code == 403
    assert await Standard.count() == 0


async def test_a_standard_below_zero_is_refused_in_the_error_shape(client_for):
    client = await client_for("bureau", via="token")
    answer = await client.put("/api/v1/standards/2026", json={**STANDARD, "dispersed_fen": -1})
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid" and "dispersed_fen" in answer.json()["fields"]
    assert await Standard.count() == 0


async def test_an_inflow_must_be_above_zero(client_for):
    client = await client_for("bureau", via="token")
    for amount in (0, -100):
        answer = await client.post("/api/v1/fund/inflows", json={"on": "2025-01-02", "amount_fen": amount,
                                                                 "source": "县财政", "document_no": "遂财〔2025〕3号"})  # fmt: skip
        assert answer.status_code == 422 and "amount_fen" in answer.json()["fields"]
    assert await FundEntry.count() == 0


async def test_the_ledger_shows_inflows_outflows_and_the_balance(client_for, county):
    await two_homes_paid(county)
    client = await client_for("bureau", via="token")
    ledger = (await client.get("/api/v1/fund/ledger?year=2025")).json()
    # 100,000,000 − (2 × 16,000 + 11,000) = 99,957,000
    assert ledger["balance_fen"] == 99_957_000
    assert [(i["kind"], i["amount_fen"]) for i in ledger["items"]] == [("inflow", 100_000_000), ("outflow", 43_000)]


# One signed-in client per test: two AsyncTestClients on one app hang at shutdown (foundation, see report).
@pytest.mark.parametrize("persona", ["director_a", "director_b", "staff_a"])
async def test_only_the_bureau_reads_the_ledger(client_for, persona):
    client = await client_for(persona, via="token")
    assert (await client.get("/api/v1/fund/ledger")).status_code == 403


async def test_a_batch_posted_twice_answers_the_same_batch(client_for, county):
    await standard(2025)
    await fund()
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    client = await client_for("bureau", via="token")
    first = await client.post("/api/v1/payments/batches", json={"period": "2025-03"})
    again = await client.post("/api/v1/payments/batches", json={"period": "2025-03"})
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    assert first.json()["total_fen"] == 15_833


async def test_bad_periods_and_a_finalized_year_answer_4xx(client_for, county):
    await standard(2025)
    await fund()
    client = await client_for("bureau", via="token")
    bad = await client.post("/api/v1/payments/batches", json={"period": "2025-3"})
    assert bad.status_code == 422 and bad.json()["fields"] == {"period": "应为 YYYY-MM，如 2025-03。"}
    await YearEnd.insert(YearEnd(year=2025, status="finalized")).run()
    locked = await client.post("/api/v1/payments/batches", json={"period": "2025-04"})
    assert locked.status_code == 409 and locked.json()["error"] == "year_finalized"
    assert len(await PaymentBatch.select(PaymentBatch.id)) == 0


async def test_insufficient_funds_answers_409(client_for, county):
    await standard(2025)
    await fund(100)
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    client = await client_for("bureau", via="token")
    answer = await client.post("/api/v1/payments/batches", json={"period": "2025-03"})
    assert answer.status_code == 409 and answer.json()["error"] == "insufficient_funds"


async def test_the_bureau_sees_every_line_of_a_batch(client_for, county):
    await two_homes_paid(county)
    bureau = await (await client_for("bureau", via="token")).get("/api/v1/payments/batches/2025-01")
    # 2 centralized × 16,000 + 1 dispersed × 11,000 = 43,000
    assert bureau.json()["count"] == 3 and bureau.json()["total_fen"] == 43_000


async def test_a_director_sees_only_their_homes_lines(client_for, county):
    await two_homes_paid(county)
    mine = (await (await client_for("director_a", via="token")).get("/api/v1/payments/batches/2025-01")).json()
    assert mine["count"] == 1 and mine["total_fen"] == 16_000
    assert [line["home_id"] for line in mine["lines"]] == [county.home_a]
    assert mine["lines"][0]["payee"] == "home"


async def test_staff_see_no_payments(client_for, county):
    await two_homes_paid(county)
    staff = await client_for("staff_a", via="token")
    assert (await staff.get("/api/v1/payments/batches/2025-01")).status_code == 403
    assert (await staff.post("/api/v1/payments/batches", json={"period": "2025-02"})).status_code == 403


async def test_a_director_cannot_make_a_batch(client_for, county):
    await two_homes_paid(county)
    director = await client_for("director_b", via="token")
    assert (await director.post("/api/v1/payments/batches", json={"period": "2025-02"})).status_code == 403


async def test_strangers_are_asked_to_sign_in(anonymous, county):
    assert (await anonymous.get("/api/v1/payments/batches/2025-01")).status_code == 401


async def test_the_openapi_schema_describes_the_payment_endpoints(anonymous):
    schema = (await anonymous.get("/schema/openapi.json")).json()
    for path in ("/api/v1/standards/{year}", "/api/v1/fund/inflows", "/api/v1/fund/ledger",
                 "/api/v1/payments/batches", "/api/v1/payments/batches/{period}"):  # fmt: skip
        assert path in schema["paths"]
    assert "409" in schema["paths"]["/api/v1/payments/batches"]["post"]["responses"]
