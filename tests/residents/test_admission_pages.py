"""Admission pages and API, per persona; the 公示 never shows a whole ID number."""

import datetime as dt

from eldercare.residents.tables import Admission
from tests.factories import id_number


def form(county, number):
    return {"name": "王秀英", "id_number": number, "township_code": "360827100", "mode": "centralized",
            "home_id": str(county.home_a), "care_level": "self_care", "applied_on": "2026-03-01"}  # fmt: skip


async def test_a_director_applies_reviews_and_prints_a_masked_notice(client_for, county):
    client = await client_for("director_a")
    number = id_number()
    created = await client.post("/admissions", data=form(county, number))
    assert created.status_code == 303
    case_id = (await Admission.select(Admission.id).first())["id"]
    reviewed = await client.post(
        f"/admissions/{case_id}/review", data={"on": "2026-03-02", "passed": "yes", "note": ""}
    )
    assert reviewed.status_code == 303
    notice = await client.get(f"/admissions/{case_id}/notice")
    assert notice.status_code == 200 and "公示期" in notice.text and "如有异议" in notice.text
    assert number not in notice.text and number[:6] + "********" + number[14:] in notice.text


async def test_a_bad_application_shows_the_error_beside_the_field(client_for, county):
    client = await client_for("bureau")
    page = await client.post("/admissions", data=form(county, "360827195002300011"))
    assert page.status_code == 422 and "出生日期不存在" in page.text and await Admission.count() == 0


async def test_the_api_records_an_objection(client_for, county):
    client = await client_for("bureau", via="token")
    body = {**form(county, id_number()), "home_id": county.home_a}
    case = (await client.post("/api/v1/admissions", json=body)).json()
    await client.post(f"/api/v1/admissions/{case['id']}/review", json={"on": "2026-03-02", "passed": True})
    back = await client.post(
        f"/api/v1/admissions/{case['id']}/objections", json={"on": "2026-03-03", "note": "有异议"}
    )
    assert back.status_code == 201 and back.json()["in_notice"] is False
    assert [s["action"] for s in back.json()["steps"]] == ["apply", "pass", "objection"]


async def test_director_b_cannot_open_home_a_cases(client_for, county):
    from eldercare.residents import admissions
    from tests.residents.helpers import actor

    case = await admissions.apply(actor=actor(county, "bureau"), id_number=id_number(), name="甲",
                                  township_code="360827100", mode="centralized", home_id=county.home_a,
                                  applied_on=dt.date(2026, 3, 1))  # fmt: skip
    client = await client_for("director_b")
    assert (await client.get(f"/admissions/{case['id']}")).status_code == 403


async def test_staff_and_anonymous_are_kept_out(client_for, county):
    client = await client_for("staff_a")
    assert (await client.get("/admissions")).status_code == 403
    assert (await client.get("/api/v1/admissions")).status_code == 403
