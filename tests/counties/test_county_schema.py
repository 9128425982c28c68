"""The counties in the OpenAPI: `?county=CODE` on the lists a reader runs over all their counties, the
`county_code` each item of such a list names, and /api/v1/counties; a reader's list validates against it."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

LISTS = {"/api/v1/townships": "TownshipOut", "/api/v1/homes": "HomeOut", "/api/v1/residents": "ResidentOut",
         "/api/v1/staff": "StaffOut"}  # fmt: skip


async def _schema(anonymous) -> dict:
    return (await anonymous.get("/schema/openapi.json")).json()


def _answer_validator(schema: dict, path: str, method: str = "get", status: str = "200") -> Draft202012Validator:
    """The documented answer of an operation, its $refs resolved within the published document."""
    answer = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    return Draft202012Validator({**answer, "components": schema["components"]})


async def test_the_lists_take_a_six_digit_county_and_their_items_may_name_their_county(anonymous):
    schema = await _schema(anonymous)
    components = schema["components"]["schemas"]
    for path, item in LISTS.items():
        params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert params["county"]["in"] == "query" and params["county"]["required"] is False
        assert params["county"]["schema"]["pattern"] == r"^\d{6}$"
        county_code = components[item]["properties"]["county_code"]
        assert county_code["pattern"] == r"^\d{6}$" and "county_code" not in components[item]["required"], item
        list_name = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert components[list_name["$ref"].rsplit("/", 1)[1]]["properties"]["items"]["items"] == {
            "$ref": f"#/components/schemas/{item}"}  # fmt: skip


async def test_the_counties_are_in_the_schema(anonymous):
    schema = await _schema(anonymous)
    counties = schema["paths"]["/api/v1/counties"]
    assert counties["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CountyList"}  # fmt: skip
    assert counties["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CountyIn"}  # fmt: skip
    assert schema["components"]["schemas"]["CountyOut"]["properties"]["code"]["pattern"] == r"^\d{6}$"
    assert "duplicate" in {e["value"]["error"] for e in counties["post"]["responses"]["409"]["content"][
        "application/json"]["examples"].values()}  # fmt: skip


@pytest.mark.parametrize("reader", ["province", "city"])
async def test_a_readers_lists_over_all_their_counties_validate_against_the_schema(
    anonymous, client_of, two_counties, reader
):
    schema = await _schema(anonymous)
    client = await client_of(reader)
    for path in LISTS:
        answer = await client.get(path)
        assert answer.status_code == 200, (path, answer.text)
        body = answer.json()
        assert body["items"] and {i["county_code"] for i in body["items"]} <= {"360827", "360828"}, path
        assert "360828" in {i["county_code"] for i in body["items"]}, path
        _answer_validator(schema, path).validate(body)
        one = await client.get(path, params={"county": "360828"})
        assert one.status_code == 200 and one.json()["items"], path
        _answer_validator(schema, path).validate(one.json())
    counties = await client.get("/api/v1/counties")
    _answer_validator(schema, "/api/v1/counties").validate(counties.json())


async def test_a_county_that_is_not_six_digits_is_refused_in_chinese(client_of, two_counties):
    bureau = await client_of("bureau")
    answer = await bureau.get("/api/v1/homes", params={"county": "36"})
    assert answer.status_code == 422 and answer.json()["fields"] == {"county": "格式不正确"}
    own = await bureau.get("/api/v1/homes", params={"county": "360828"})
    assert own.status_code == 200 and all("county_code" not in h for h in own.json()["items"])


async def test_a_reader_reads_a_countys_residents_as_its_bureau_does(client_of, two_counties):
    city = await client_of("city")
    one = await city.get("/api/v1/residents", params={"county": "360828"})
    assert one.status_code == 200 and [r["name"] for r in one.json()["items"]] == ["吴大爷"]
    page = await (await client_of("city", via="session")).get("/residents?county=360828")
    assert page.status_code == 200 and "吴大爷" in page.text


async def test_a_refusal_inside_one_county_of_a_list_over_all_answers_its_4xx_not_a_500(client_of, two_counties):
    city = await client_of("city")
    answer = await city.get("/api/v1/residents", params={"status": "bogus"})
    assert answer.status_code == 422 and answer.json()["error"] == "invalid"
