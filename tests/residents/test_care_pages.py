"""Assessment, 年审, census pages, per persona."""

import datetime as dt
from urllib.parse import unquote

from eldercare.residents.services import local_today
from eldercare.residents.tables import Census, Resident
from tests.factories import make_resident


async def test_a_director_records_an_assessment_and_a_review_from_the_resident_page(client_for, county):
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    client = await client_for("director_a")
    on = local_today().isoformat()
    form = {
        "on": on,
        "eating": "yes",
        "dressing": "yes",
        "transfer": "yes",
        "toileting": "yes",
    }  # 2 not managed
    assert (await client.post(f"/residents/{rid}/assessment", data=form)).status_code == 303
    assert (
        await client.post(f"/residents/{rid}/review", data={"on": on, "passed": "yes"})
    ).status_code == 303
    row = (
        await Resident.select(Resident.care_level, Resident.last_review_on).where(Resident.id == rid).first()
    )
    assert row["care_level"] == "partial" and row["last_review_on"] == local_today()
    assert (await client.get("/reviews")).status_code == 200


async def test_a_director_records_todays_census(client_for, county):
    for _ in range(9):
        await make_resident(township=county.township_a, home=county.home_a)
    client = await client_for("director_a")
    assert (await client.get("/census")).status_code == 200
    ok = await client.post("/census", data={"present": "8", "hospitalized": "1", "on_leave": "0"})
    assert ok.status_code == 303 and await Census.count() == 1
    bad = await client.post("/census", data={"present": "-2", "hospitalized": "0", "on_leave": "0"})
    assert bad.status_code == 422 and "不能为负数" in bad.text
    same = await client.post("/census", data={"present": "8", "hospitalized": "1", "on_leave": "0"})
    assert same.status_code == 303 and "未作修改" in unquote(same.headers.get("set-cookie", ""))
    assert await Census.count() == 1
    too_many = await client.post("/census", data={"present": "10", "hospitalized": "0", "on_leave": "0"})
    assert too_many.status_code == 422 and "超过本院在册集中供养 9 人" in too_many.text


async def test_the_bureau_sees_rates_and_occupancy(client_for, county):
    await make_resident(township=county.township_a, home=county.home_a)
    client = await client_for("bureau")
    page = await client.get("/census")
    assert page.status_code == 200 and "集中供养率" in page.text and "100.0%" in page.text


async def test_director_b_cannot_assess_home_a_residents(client_for, county):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    client = await client_for("director_b")
    assert (await client.post(f"/residents/{rid}/assessment", data={"on": "2026-01-01"})).status_code == 403


async def test_staff_cannot_open_census_or_reviews(client_for, county):
    client = await client_for("staff_a")
    assert (await client.get("/census")).status_code == 403
    assert (await client.get("/reviews")).status_code == 403


async def test_the_care_api_for_a_director(client_for, county):
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    client = await client_for("director_a", via="token")
    on = local_today().isoformat()
    items = dict.fromkeys(("eating", "dressing", "transfer", "toileting", "walking", "bathing"), False)
    assessed = await client.post(f"/api/v1/residents/{rid}/assessments", json={"on": on, **items})
    assert assessed.status_code == 201 and assessed.json() == {"care_level": "full", "changed": True}
    due = (await client.get("/api/v1/reviews")).json()
    assert [i["resident_id"] for i in due["items"]] == [rid]
    assert (await client.post(f"/api/v1/residents/{rid}/reviews", json={"on": on})).status_code == 201
    assert (await client.get("/api/v1/reviews")).json()["total"] == 0
    for _ in range(4):  # 5 in the register, so 5 present is possible
        await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1))
    census = await client.put(f"/api/v1/homes/{county.home_a}/census/{on}", json={"present": 5})
    assert census.status_code == 200
    assert (
        await client.put(f"/api/v1/homes/{county.home_b}/census/{on}", json={"present": 5})
    ).status_code == 403
    assert (await client.get("/api/v1/centralized-rate")).status_code == 403


async def test_the_bureau_reads_the_centralized_rate(client_for, county):
    await make_resident(township=county.township_a, home=county.home_a)
    client = await client_for("bureau", via="token")
    body = (await client.get("/api/v1/centralized-rate")).json()
    assert body["county_permille"] == 1000 and body["townships"][0]["centralized"] == 1
