"""/api/v1/residents and /api/v1/integrity, for every persona."""

import datetime as dt

import pytest

from eldercare.residents.tables import Resident
from tests.factories import id_number, make_resident


def body(county, **kw):
    return {"id_number": id_number(), "name": "张秀英", "township_code": "360827100", "mode": "centralized",
            "home_id": county.home_a, "admitted_on": "2025-01-01", **kw}  # fmt: skip


async def test_the_bureau_admits_and_reads_a_resident(client_for, county):
    client = await client_for("bureau", via="token")
    created = await client.post("/api/v1/residents", json=body(county, name="刘长发"))
    assert created.status_code == 201, created.text
    r = created.json()
    assert set(r) == {"id", "id_number", "name", "sex", "birth_date", "township_code", "village", "mode",
                      "home_id", "care_level", "status", "admitted_on"}  # fmt: skip
    assert (r["status"], r["home_id"], r["admitted_on"]) == ("active", county.home_a, "2025-01-01")
    shown = await client.get(f"/api/v1/residents/{r['id']}")
    assert shown.json() == r
    listing = (await client.get("/api/v1/residents", params={"q": "lcf"})).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == r["id"]


async def test_a_director_is_sent_to_the_admission_process_with_403(client_for, county):
    director = await client_for("director_a", via="token")
    refused = await director.post("/api/v1/residents", json=body(county))
    assert refused.status_code == 403
    answer = refused.json()
    assert answer["error"] == "admission_required" and "三审三公示" in answer["detail"] and "fields" in answer
    assert "/api/v1/admissions" in answer["detail"]
    assert await Resident.count() == 0


async def test_the_bureaus_record_of_an_existing_person_keeps_the_approval_in_its_admit_event(
    client_for, county
):
    client = await client_for("bureau", via="token")
    kept = await client.post("/api/v1/residents", json=body(
        county, id_number=id_number(dt.date(1940, 1, 2)), approval_document="遂民字〔2019〕12号", approved_on="2019-03-01"))  # fmt: skip
    assert kept.status_code == 201, kept.text
    events = (await client.get(f"/api/v1/residents/{kept.json()['id']}/events")).json()["items"]
    assert events[0]["reason"] == "录入既有对象：批准文号 遂民字〔2019〕12号，批准日期 2019-03-01"
    plain = await client.post(
        "/api/v1/residents",
        json=body(county, reason="县局2018年批准", id_number=id_number(dt.date(1941, 2, 3))),
    )  # api.md's body
    assert plain.status_code == 201, plain.text
    events = (await client.get(f"/api/v1/residents/{plain.json()['id']}/events")).json()["items"]
    assert events[0]["reason"] == "录入既有对象（接口录入，未附批准文号和批准日期）：县局2018年批准"
    half = await client.post("/api/v1/residents", json=body(
        county, approval_document="遂民字〔2019〕13号", id_number=id_number(dt.date(1942, 3, 4))))  # fmt: skip
    assert half.status_code == 422 and "approved_on" in half.json()["fields"]
    assert await Resident.count() == 2


async def test_bad_input_answers_422_or_409_in_the_error_shape_and_writes_nothing(client_for, county):
    client = await client_for("bureau", via="token")
    good = id_number()
    bad = await client.post(
        "/api/v1/residents", json=body(county, id_number=good[:17] + ("1" if good[17] == "0" else "0"))
    )
    assert bad.status_code == 422 and bad.json()["error"] == "invalid" and "id_number" in bad.json()["fields"]
    unknown = await client.post("/api/v1/residents", json=body(county, township_code="360827999"))
    assert unknown.status_code == 422 and "township_code" in unknown.json()["fields"]
    await client.patch(f"/api/v1/homes/{county.home_b}", json={"beds": 0})
    full = await client.post("/api/v1/residents", json=body(county, home_id=county.home_b))
    assert full.status_code == 409 and full.json()["error"] == "home_full"
    assert await Resident.count() == 0


async def test_events_and_the_roster_at_a_date(client_for, county):
    client = await client_for("bureau", via="token")
    r = (await client.post("/api/v1/residents", json=body(county))).json()
    url = f"/api/v1/residents/{r['id']}/events"
    moved = await client.post(
        url, json={"kind": "transfer", "on": "2025-03-01", "home_id": county.home_b, "reason": "调剂床位"}
    )
    assert moved.status_code == 201 and moved.json()["home_id"] == county.home_b
    late = await client.post(url, json={"kind": "suspend", "on": "2025-02-01", "reason": "住院"})
    assert late.status_code == 422 and "on" in late.json()["fields"]
    await client.post(url, json={"kind": "death", "on": "2025-05-01", "reason": "病故"})
    after = await client.post(url, json={"kind": "resume", "on": "2025-06-01", "reason": "误"})
    assert after.status_code == 422 and "死亡" in after.json()["detail"]
    events = (await client.get(url)).json()
    assert [e["kind"] for e in events["items"]] == ["admit", "transfer", "death"]
    on_april = (await client.get("/api/v1/residents/roster", params={"on": "2025-04-01"})).json()
    assert on_april["total"] == 1 and on_april["items"][0]["home_id"] == county.home_b
    on_june = (await client.get("/api/v1/residents/roster", params={"on": "2025-06-01"})).json()
    assert on_june["total"] == 0


# One signed-in client per test: two clients in one test hang at teardown (the shared client_for fixture).
@pytest.mark.parametrize("via", ["session", "token"])
async def test_a_director_sees_and_changes_only_their_homes_residents(client_for, county, via):
    mine = await make_resident(township=county.township_a, home=county.home_a)
    theirs = await make_resident(township=county.township_b, home=county.home_b)
    director = await client_for("director_a", via=via)
    assert (await director.get(f"/api/v1/residents/{mine}")).status_code == 200
    assert (await director.get(f"/api/v1/residents/{theirs}")).status_code == 403
    assert [i["id"] for i in (await director.get("/api/v1/residents")).json()["items"]] == [mine]
    roster = (await director.get("/api/v1/residents/roster", params={"on": "2025-06-01"})).json()
    assert [i["id"] for i in roster["items"]] == [mine]
    event = {"kind": "suspend", "on": "2025-06-01", "reason": "住院"}
    assert (await director.post(f"/api/v1/residents/{theirs}/events", json=event)).status_code == 403
    assert (await director.get("/api/v1/integrity")).status_code == 403


async def test_director_b_cannot_see_home_a_residents(client_for, county):
    mine = await make_resident(township=county.township_a, home=county.home_a)
    other = await client_for("director_b", via="token")
    assert (await other.get(f"/api/v1/residents/{mine}")).status_code == 403


async def test_staff_see_no_residents(client_for, county):
    mine = await make_resident(township=county.township_a, home=county.home_a)
    staff = await client_for("staff_a")
    assert (await staff.get("/api/v1/residents")).status_code == 403
    assert (await staff.get(f"/api/v1/residents/{mine}")).status_code == 403


async def test_anonymous_gets_401(anonymous, county):
    assert (await anonymous.get("/api/v1/residents")).status_code == 401
    assert (await anonymous.get("/api/v1/integrity")).status_code == 401


async def test_integrity_lists_findings_for_the_bureau(client_for, county):
    await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2020, 1, 1))
    client = await client_for("bureau", via="token")
    findings = (await client.get("/api/v1/integrity", params={"on": "2026-06-01"})).json()["findings"]
    assert [f["check"] for f in findings] == ["review_overdue"]
    assert findings[0]["link"].startswith("/residents/")


async def test_the_schema_describes_the_residents_endpoints_with_errors(anonymous):
    schema = (await anonymous.get("/schema/openapi.json")).json()
    events = schema["paths"]["/api/v1/residents/{resident_id}/events"]["post"]["responses"]
    assert {"409", "422", "403"} <= set(events)
    assert "/api/v1/residents/roster" in schema["paths"] and "/api/v1/integrity" in schema["paths"]
