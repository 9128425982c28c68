"""Two counties in one database: each bureau sees and writes only its own county; ids never cross."""

from __future__ import annotations

from eldercare import stores
from eldercare.residents.tables import Resident


async def test_each_bureau_lists_only_its_own_county(client_of, two_counties):
    a = await client_of("bureau")
    b = await client_of("bureau_wa")
    homes_a = (await a.get("/api/v1/homes")).json()
    homes_b = (await b.get("/api/v1/homes")).json()
    assert [h["name"] for h in homes_a["items"]] == ["泉江镇敬老院", "雩田镇敬老院"]
    assert [h["name"] for h in homes_b["items"]] == ["芙蓉镇敬老院"]
    # the same home code lives in both counties
    assert homes_b["items"][0]["code"] == homes_a["items"][0]["code"] == "JLY01"
    assert [t["code"] for t in (await b.get("/api/v1/townships")).json()["items"]] == ["360828100"]
    assert (await b.get("/api/v1/counties")).json()["items"] == [{"code": "360828", "name": "万安县"}]


async def test_ids_never_repeat_across_counties_so_a_foreign_id_is_not_found(client_of, two_counties):
    b = await client_of("bureau_wa")
    a = await client_of("bureau")
    assert two_counties.b["home"] >= 10_000_000
    assert (await b.get(f"/api/v1/homes/{two_counties.a.home_a}")).status_code == 404
    assert (await a.get(f"/api/v1/homes/{two_counties.b['home']}")).status_code == 404
    assert (await a.get(f"/api/v1/residents/{two_counties.b['resident']}")).status_code == 404
    answer = await a.post(f"/api/v1/residents/{two_counties.b['resident']}/events",
                          json={"kind": "death", "on": "2026-03-01", "reason": "x"})  # fmt: skip
    assert answer.status_code == 404
    with stores.use(two_counties.b_store):
        assert (await Resident.select(Resident.status).first())["status"] == "active"


async def test_a_township_outside_the_county_is_refused(client_of, two_counties):
    b = await client_of("bureau_wa")
    answer = await b.post("/api/v1/townships", json={"code": "360827199", "name": "外县镇"})
    assert answer.status_code == 422
    assert "360828" in answer.json()["fields"]["code"]
    ok = await b.post("/api/v1/townships", json={"code": "360828101", "name": "窑头镇"})
    assert ok.status_code == 201


async def test_city_user_reads_a_county_as_its_bureau_and_writes_nothing(client_of, two_counties):
    city = await client_of("city")
    assert [c["code"] for c in (await city.get("/api/v1/counties")).json()["items"]] == ["360827", "360828"]
    everything = (await city.get("/api/v1/homes")).json()
    assert everything["total"] == 3
    assert [(h["county_code"], h["name"]) for h in everything["items"]] == [
        ("360827", "泉江镇敬老院"), ("360827", "雩田镇敬老院"), ("360828", "芙蓉镇敬老院")]
    assert [h["name"] for h in (await city.get("/api/v1/homes?limit=1&offset=2")).json()["items"]] == ["芙蓉镇敬老院"]
    answer = await city.get("/api/v1/fund/ledger?year=2025")
    assert answer.status_code == 400 and answer.json()["error"] == "county_required"
    homes = (await city.get("/api/v1/homes?county=360828")).json()
    assert [h["name"] for h in homes["items"]] == ["芙蓉镇敬老院"]
    refused = await city.post("/api/v1/townships?county=360828", json={"code": "360828102", "name": "x"})
    assert refused.status_code == 403
    outside = await city.get("/api/v1/homes?county=360829")
    assert outside.status_code == 403


async def test_province_adds_a_county_of_its_province_only(client_of, two_counties):
    province = await client_of("province")
    bad = await province.post("/api/v1/counties", json={"code": "3608", "name": "x"})
    assert bad.status_code == 422 and "6位" in bad.json()["fields"]["code"]
    city_code = await province.post("/api/v1/counties", json={"code": "360800", "name": "吉安市"})
    assert city_code.status_code == 422
    foreign = await province.post("/api/v1/counties", json={"code": "440103", "name": "荔湾区"})
    assert foreign.status_code == 403
    made = await province.post("/api/v1/counties", json={"code": "360829", "name": "安福县"})
    assert made.status_code == 201, made.text
    again = await province.post("/api/v1/counties", json={"code": "360829", "name": "安福县"})
    assert again.status_code == 409
    codes = [c["code"] for c in (await province.get("/api/v1/counties")).json()["items"]]
    assert codes == ["360827", "360828", "360829"]
    bureau = await client_of("bureau")
    assert (await bureau.post("/api/v1/counties", json={"code": "360830", "name": "永新县"})).status_code == 403
