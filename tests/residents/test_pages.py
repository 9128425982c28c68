"""The residents' pages, for every persona."""

import datetime as dt

from eldercare.residents.tables import Resident, ResidentEvent
from tests.factories import id_number, make_resident


async def test_the_bureau_sees_the_roster_with_masked_id_numbers(client_for, county):
    rid = await make_resident(township=county.township_a, home=county.home_a, name="刘长发")
    number = (await Resident.select(Resident.id_number).where(Resident.id == rid).first())["id_number"]
    client = await client_for("bureau")
    page = await client.get("/residents")
    assert page.status_code == 200 and "刘长发" in page.text
    assert number not in page.text and number[:6] + "********" + number[14:] in page.text
    partial = await client.get("/residents", params={"q": "zzz"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text and "没有符合条件" in partial.text


async def test_the_resident_page_shows_the_whole_id_birth_date_and_timeline(client_for, county):
    rid = await make_resident(township=county.township_a, home=county.home_a, born=dt.date(1950, 3, 7))
    client = await client_for("director_a")
    page = await client.get(f"/residents/{rid}")
    assert page.status_code == 200 and "1950年3月" in page.text and "测试纳入" in page.text


async def test_a_bad_event_re_renders_the_form_with_the_error_beside_the_field(client_for, county):
    rid = await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2025, 3, 1))
    client = await client_for("director_a")
    form = {"kind": "suspend", "on": "2025-02-01", "reason": "住院"}
    page = await client.post(f"/residents/{rid}/events", data=form)
    assert page.status_code == 422 and "不能早于上一次变动" in page.text
    assert await ResidentEvent.count().where(ResidentEvent.resident == rid) == 1
    ok = await client.post(f"/residents/{rid}/events", data={**form, "on": "2025-04-01"})
    assert ok.status_code == 303
    assert (await Resident.select(Resident.status).where(Resident.id == rid).first())["status"] == "suspended"


async def test_only_the_bureau_records_an_existing_person_with_the_approval_document(client_for, county):
    director = await client_for("director_a")
    assert (await director.get("/residents/new")).status_code == 403, "new persons enter through 三审三公示"
    client = await client_for("bureau")
    assert (await client.get("/residents/new")).status_code == 200
    form = {"name": "王秀英", "id_number": "360827195002300011", "township_code": "360827100", "mode": "centralized",
            "home_id": str(county.home_a), "care_level": "self_care", "on": "2025-01-01",
            "approval_document": "遂民字〔2019〕12号", "approved_on": "2019-05-10"}  # fmt: skip
    bad = await client.post("/residents", data=form)
    assert bad.status_code == 422 and "出生日期不存在" in bad.text
    no_document = await client.post("/residents", data={**form, "id_number": id_number(), "approval_document": ""})
    assert no_document.status_code == 422 and "批准文号" in no_document.text and await Resident.count() == 0
    good = await client.post("/residents", data={**form, "id_number": id_number()})
    assert good.status_code == 303 and await Resident.count() == 1
    event = await ResidentEvent.select(ResidentEvent.reason).first()
    assert event["reason"] == "录入既有对象：批准文号 遂民字〔2019〕12号，批准日期 2019-05-10"


async def test_a_director_cannot_open_another_homes_resident(client_for, county):
    rid = await make_resident(township=county.township_b, home=county.home_b)
    client = await client_for("director_a")
    assert (await client.get(f"/residents/{rid}")).status_code == 403
    assert (await client.get("/integrity")).status_code == 403


async def test_director_b_sees_only_their_own_roster(client_for, county):
    await make_resident(township=county.township_a, home=county.home_a, name="刘长发")
    client = await client_for("director_b")
    page = await client.get("/residents")
    assert page.status_code == 200 and "刘长发" not in page.text


async def test_staff_cannot_open_the_roster(client_for, county):
    client = await client_for("staff_a")
    assert (await client.get("/residents")).status_code == 403


async def test_anonymous_is_sent_to_login(anonymous, county):
    response = await anonymous.get("/residents")
    assert response.status_code in (302, 303) and "/login" in response.headers["location"]


async def test_the_roster_at_a_date_and_the_integrity_page(client_for, county):
    await make_resident(
        township=county.township_a, home=county.home_a, name="刘长发", admitted_on=dt.date(2025, 5, 1)
    )
    client = await client_for("bureau")
    before = await client.get("/residents/roster", params={"on": "2025-04-30"})
    after = await client.get("/residents/roster", params={"on": "2025-05-01"})
    assert "刘长发" not in before.text and "刘长发" in after.text
    integrity = await client.get("/integrity")
    assert integrity.status_code == 200 and "专项治理" in integrity.text
