"""The JSON contract: POST/GET economy, PUT contributions, the county table; personas and bad input."""

import datetime as dt

import pytest

from eldercare.economy import services
from eldercare.economy.tables import Contribution, EconomyLine
from tests.economy.helpers import actor, finalize
from tests.factories import make_resident

LINE = {"on": "2025-03-15", "kind": "income", "category": "planting", "amount_fen": 600_001, "in_kind": False,
        "note": "卖稻谷"}  # fmt: skip


async def test_a_director_posts_lines_and_reads_the_years_pool_and_shares(client_for, county):
    client = await client_for("director_a", via="token")
    url = f"/api/v1/homes/{county.home_a}"
    created = await client.post(f"{url}/economy", json=LINE)
    assert created.status_code == 201, created.text
    assert created.json()["amount_fen"] == 600_001 and created.json()["on"] == "2025-03-15"
    await client.post(f"{url}/economy", json={**LINE, "kind": "expense", "amount_fen": 120_000})
    resident = await make_resident(township=county.township_a, home=county.home_a)
    body = [
        {"person_kind": "staff", "person_id": county.staff_ids["staff_a"], "points": 4},
        {"person_kind": "resident", "person_id": resident, "points": 2},
        {"person_kind": "staff", "person_id": county.staff_ids["director_a"], "points": 1},
    ]
    put = await client.put(f"{url}/contributions/2025", json=body)
    assert put.status_code == 200 and put.json() == body
    year = (await client.get(f"{url}/economy/2025")).json()
    assert {k: year[k] for k in ("income_fen", "expense_fen", "net_fen", "pool_fen")} == {
        "income_fen": 600_001, "expense_fen": 120_000, "net_fen": 480_001, "pool_fen": 96_000}  # fmt: skip
    assert [(s["person_kind"], s["points"], s["share_fen"]) for s in year["shares"]] == [
        ("staff", 4, 54_857), ("resident", 2, 27_429), ("staff", 1, 13_714)]  # fmt: skip


async def test_in_kind_produce_through_the_api_is_valued_exactly(client_for, county):
    client = await client_for("director_a", via="token")
    body = {"on": "2025-06-01", "kind": "income", "category": "planting", "in_kind": True, "quantity": "120",
            "unit": "斤", "unit_price_fen": 650, "note": "自种蔬菜"}  # fmt: skip
    response = await client.post(f"/api/v1/homes/{county.home_a}/economy", json=body)
    assert response.status_code == 201 and response.json()["amount_fen"] == 78_000


async def test_a_line_is_reversed_once_with_a_reason(client_for, county):
    client = await client_for("director_a", via="token")
    url = f"/api/v1/homes/{county.home_a}/economy"
    line = (await client.post(url, json=LINE)).json()
    reversal = await client.post(f"{url}/lines/{line['id']}/reversal", json={"reason": "金额录错"})
    assert reversal.status_code == 201 and reversal.json()["amount_fen"] == -600_001
    again = await client.post(f"{url}/lines/{line['id']}/reversal", json={"reason": "再冲"})
    assert again.status_code == 409 and again.json()["error"] == "already_reversed"
    listing = (await client.get(url, params={"year": 2025})).json()
    assert listing["total"] == 2


@pytest.mark.parametrize(
    "change, field",
    [
        ({"amount_fen": -5}, "amount_fen"),  # refused by the schema (> 0), named as in the body
        ({"amount_fen": 0}, "amount_fen"),
        ({"category": "mining"}, "category"),
        ({"kind": "gift"}, "kind"),
        ({"on": "2099-01-01"}, "on"),
    ],
)
async def test_bad_lines_get_422_with_the_field_and_write_nothing(client_for, county, change, field):
    client = await client_for("director_a", via="token")
    response = await client.post(f"/api/v1/homes/{county.home_a}/economy", json={**LINE, **change})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid" and field in response.json()["fields"]
    assert await EconomyLine.count() == 0


async def test_a_director_writing_to_another_home_is_refused(client_for, county):
    client = await client_for("director_a", via="token")
    response = await client.post(f"/api/v1/homes/{county.home_b}/economy", json=LINE)
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    put = await client.put(f"/api/v1/homes/{county.home_b}/contributions/2025", json=[])
    assert put.status_code == 403
    assert (await client.get(f"/api/v1/homes/{county.home_b}/economy/2025")).status_code == 403
    assert await EconomyLine.count() == 0


async def test_staff_reach_no_ledger(client_for, county):
    client = await client_for("staff_a", via="token")
    assert (await client.post(f"/api/v1/homes/{county.home_a}/economy", json=LINE)).status_code == 403
    assert (await client.get(f"/api/v1/homes/{county.home_a}/economy/2025")).status_code == 403
    assert (await client.get("/api/v1/economy/2025")).status_code == 403


async def test_the_bureau_reads_every_home_but_does_not_keep_the_books(client_for, county):
    # one client per test: two signed-in test clients on one app hang at teardown (reported)
    await services.add_line(actor=actor(county, "director_b"), home_id=county.home_b, dated_on=dt.date(2025, 3, 15),
                            kind="income", category="planting", amount_fen=600_001)  # fmt: skip
    bureau = await client_for("bureau", via="token")
    assert (await bureau.get(f"/api/v1/homes/{county.home_b}/economy/2025")).json()["pool_fen"] == 120_000
    table = (await bureau.get("/api/v1/economy/2025")).json()
    assert table["total"] == 2 and sum(r["net_fen"] for r in table["items"]) == 600_001
    assert (await bureau.post(f"/api/v1/homes/{county.home_b}/economy", json=LINE)).status_code == 403


async def test_contributions_with_a_person_of_another_home_are_refused_whole(client_for, county):
    client = await client_for("director_a", via="token")
    body = [{"person_kind": "staff", "person_id": county.staff_ids["staff_a"], "points": 2},
            {"person_kind": "staff", "person_id": county.staff_ids["staff_b"], "points": 2}]  # fmt: skip
    response = await client.put(f"/api/v1/homes/{county.home_a}/contributions/2025", json=body)
    assert response.status_code == 422 and "items.1.person_id" in response.json()["fields"]
    assert await Contribution.count() == 0


async def test_a_finalized_year_answers_409_year_finalized(client_for, county):
    await finalize(2025)
    client = await client_for("director_a", via="token")
    response = await client.post(f"/api/v1/homes/{county.home_a}/economy", json=LINE)
    assert response.status_code == 409 and response.json()["error"] == "year_finalized"
    put = await client.put(f"/api/v1/homes/{county.home_a}/contributions/2025", json=[])
    assert put.status_code == 409 and "定案" in put.json()["detail"]


async def test_anonymous_callers_get_401(anonymous, county):
    assert (await anonymous.get(f"/api/v1/homes/{county.home_a}/economy/2025")).status_code == 401


async def test_the_openapi_schema_describes_the_economy_endpoints(anonymous):
    paths = (await anonymous.get("/schema/openapi.json")).json()["paths"]
    assert "409" in paths["/api/v1/homes/{home_id}/economy"]["post"]["responses"]
    assert "put" in paths["/api/v1/homes/{home_id}/contributions/{year}"]
    assert "get" in paths["/api/v1/homes/{home_id}/economy/{year}"]


@pytest.mark.parametrize("change", [{"amount_fen": 12.345}, {"amount_fen": "12.3"}, {"on": "2025-02-30"}])
async def test_malformed_bodies_get_422_in_the_error_shape(client_for, county, change):
    client = await client_for("director_a", via="token")
    response = await client.post(f"/api/v1/homes/{county.home_a}/economy", json={**LINE, **change})
    assert response.status_code == 422 and set(response.json()) == {"error", "detail", "fields"}
    assert await EconomyLine.count() == 0
