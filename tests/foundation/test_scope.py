"""Roles and scope: one guard and one scoped-query helper, for pages and the API, sessions and tokens."""

import pytest

from eldercare.audit.tables import AuditLog
from eldercare.county.tables import Home


async def test_a_director_is_refused_another_homes_page_and_api(client_for, county):
    client = await client_for("director_a")
    assert (await client.get(f"/homes/{county.home_a}")).status_code == 200
    page = await client.get(f"/homes/{county.home_b}")
    assert page.status_code == 403 and "无权" in page.text
    api = await client.get(f"/api/v1/homes/{county.home_b}")
    assert api.status_code == 403
    assert api.json() == {"error": "forbidden", "detail": "无权访问其他敬老院的数据。", "fields": {}}


async def test_a_directors_home_list_holds_only_their_home(client_for, county):
    client = await client_for("director_a", via="token")
    body = (await client.get("/api/v1/homes")).json()
    assert body["total"] == 1 and [h["id"] for h in body["items"]] == [county.home_a]


async def test_a_staff_member_sees_only_their_own_record(client_for, county):
    client = await client_for("staff_a")
    assert (await client.get(f"/api/v1/staff/{county.staff_ids['staff_a']}")).status_code == 200
    assert (await client.get(f"/api/v1/staff/{county.staff_ids['staff_a2']}")).status_code == 403
    assert (await client.get(f"/staff/{county.staff_ids['staff_a2']}")).status_code == 403
    listing = (await client.get("/api/v1/staff")).json()
    assert [s["id"] for s in listing["items"]] == [county.staff_ids["staff_a"]]


async def test_staff_cannot_open_the_bureau_pages(client_for):
    client = await client_for("staff_a")
    assert (await client.get("/county")).status_code == 403


async def test_a_token_carries_its_users_role_and_scope(client_for, county):
    client = await client_for("director_b", via="token")
    assert (await client.get(f"/api/v1/homes/{county.home_b}")).status_code == 200
    assert (await client.get(f"/api/v1/homes/{county.home_a}")).status_code == 403
    response = await client.patch(f"/api/v1/homes/{county.home_b}", json={"beds": 99})
    assert response.status_code == 403  # beds are the bureau's decision


async def test_bearer_requests_need_no_csrf_token(client_for, county):
    client = await client_for("bureau", via="token")
    response = await client.patch(f"/api/v1/homes/{county.home_a}", json={"beds": 12})
    assert response.status_code == 200 and response.json()["beds"] == 12


async def test_an_unknown_token_gets_401_in_the_error_shape(anonymous, county):
    response = await anonymous.get("/api/v1/homes", headers={"Authorization": "Bearer ec_nope"})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


async def test_an_expired_token_gets_401(app, county):
    import datetime as dt

    from eldercare.auth import services
    from eldercare.auth.tables import ApiToken
    from tests.personas import asgi_client

    token = await services.create_token(username="bureau")
    await ApiToken.update({ApiToken.expires_at: dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}).where(
        ApiToken.id > 0
    )
    async with asgi_client(app) as client:
        response = await client.get("/api/v1/homes", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


async def test_every_write_lands_in_the_audit_log_with_before_and_after(client_for, county):
    client = await client_for("bureau", via="token")
    await client.patch(f"/api/v1/homes/{county.home_a}", json={"beds": 15})
    row = await AuditLog.select().where(AuditLog.table_name == "home").first()
    assert row["actor"] == "bureau" and row["action"] == "update" and row["row_id"] == str(county.home_a)
    assert '"beds": 10' in row["before"] and '"beds": 15' in row["after"]


@pytest.mark.parametrize("body,field", [({"beds": -1}, "beds"), ({"kind": "hotel"}, "kind")])
async def test_bad_home_changes_are_refused_whole_with_a_chinese_message(client_for, county, body, field):
    client = await client_for("bureau", via="token")
    response = await client.patch(f"/api/v1/homes/{county.home_a}", json={"name": "改名", **body})
    assert response.status_code == 422 and field in response.json()["fields"]
    assert (await Home.select(Home.name).where(Home.id == county.home_a).first())["name"] == "泉江镇敬老院"


async def test_a_missing_field_is_a_422_in_the_error_shape(client_for):
    client = await client_for("bureau", via="token")
    response = await client.post("/api/v1/homes", json={"name": "无编码"})
    assert response.status_code == 422 and response.json()["error"] == "invalid"


async def test_the_openapi_schema_describes_the_error_responses(anonymous):
    schema = (await anonymous.get("/schema/openapi.json")).json()
    responses = schema["paths"]["/api/v1/homes/{home_id}"]["get"]["responses"]
    assert {"401", "403", "404"} <= set(responses)


async def test_writes_to_a_finalized_year_are_refused(database):
    from eldercare.errors import Conflict
    from eldercare.yearend.lock import ensure_year_open
    from eldercare.yearend.tables import YearEnd

    await ensure_year_open(2025)
    await YearEnd.insert(YearEnd(year=2025, status="finalized", run_at=dt_now())).run()
    with pytest.raises(Conflict) as exc:
        await ensure_year_open(2025)
    assert exc.value.code == "year_finalized"
    await ensure_year_open(2026)


def dt_now():
    import datetime as dt

    return dt.datetime.now(dt.UTC)


async def test_two_personas_can_talk_to_the_app_in_one_test(client_for, county):
    director = await client_for("director_a")
    bureau = await client_for("bureau")
    assert (await director.get(f"/homes/{county.home_a}")).status_code == 200
    assert (await bureau.get(f"/homes/{county.home_b}")).status_code == 200


async def test_a_year_outside_2000_to_2100_is_a_422_not_a_500(client_for):
    client = await client_for("bureau", via="token")
    response = await client.post("/api/v1/years/0/year-end?preview=false")
    assert response.status_code == 422 and response.json()["fields"]["year"]


async def test_a_homes_page_shows_todays_census_and_the_months_average(client_for, county):
    from eldercare.auth.actor import Actor
    from eldercare.residents.care import record_census
    from eldercare.residents.services import local_today
    from tests.factories import make_resident

    for _ in range(10):  # 9 present + 1 in hospital need 10 in the register
        await make_resident(township=county.township_a, home=county.home_a)
    director = await client_for("director_a")
    persona = county.personas["director_a"]
    actor = Actor(user_id=persona.user_id, username=persona.username, role="director", home_id=county.home_a)
    await record_census(actor=actor, home_id=county.home_a, on=local_today(), present=9, hospitalized=1, on_leave=0)
    page = await director.get(f"/homes/{county.home_a}")
    assert page.status_code == 200 and "今日在院" in page.text and ">9<" in page.text
