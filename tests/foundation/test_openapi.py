"""The published OpenAPI is the contract: valid, only the API and the health check, every answer typed, the
bearer scheme, real error codes, ranges, Chinese field messages, a docs UI that works offline; /healthz."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from eldercare import piccolo_conf
from eldercare.db import engine_from_url
from eldercare.health import healthz


async def _schema(anonymous) -> dict:
    response = await anonymous.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(schema: dict):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, op


async def test_the_published_schema_is_a_valid_openapi_document(anonymous):
    validate(await _schema(anonymous))


async def test_only_the_api_and_the_health_check_are_in_the_schema(anonymous):
    paths = set((await _schema(anonymous))["paths"])
    assert "/healthz" in paths and "/api/v1/homes" in paths
    assert [p for p in paths if not p.startswith("/api/") and p != "/healthz"] == []


async def test_every_api_answer_is_a_named_schema_with_its_fields(anonymous):
    schema = await _schema(anonymous)
    components = schema["components"]["schemas"]
    untyped = []
    for path, method, op in _operations(schema):
        for status, response in op["responses"].items():
            content = response.get("content", {})
            if "application/json" not in content and _binary(content):
                continue  # a file's bytes, declared as such
            body = content.get("application/json", {}).get("schema", {})
            target = body.get("items", body) if body.get("type") == "array" else body
            ref = target.get("$ref", "")
            if not ref or not components[ref.rsplit("/", 1)[1]].get("properties") and "enum" not in components[
                ref.rsplit("/", 1)[1]
            ]:
                untyped.append(f"{method.upper()} {path} {status}")
    assert untyped == []
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", name) for name in components), "no module-prefixed names"


def _binary(content: dict) -> bool:
    return bool(content) and all(
        "json" not in media and spec.get("schema") == {"type": "string", "format": "binary"}
        for media, spec in content.items()
    )


async def test_the_evidence_file_is_declared_as_bytes_and_its_upload_as_a_multipart_form(anonymous):
    schema = await _schema(anonymous)
    download = schema["paths"]["/api/v1/ratings/evidence/{evidence_id}"]["get"]["responses"]["200"]["content"]
    assert download == {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
    upload = schema["paths"]["/api/v1/ratings/{year}/homes/{home_id}/evidence"]["post"]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][form]["properties"]
    assert set(fields) == {"item", "file"} and fields["file"]["oneOf"][0]["format"] == "binary"
    assert upload["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/EvidenceOut"}


async def test_the_issue_16_answers_carry_their_enums_ranges_and_conflict_codes(anonymous):
    """零用钱, 代管金, the rating process and the 供养证: typed like the rest."""
    schema = await _schema(anonymous)
    components = schema["components"]["schemas"]
    assert components["PocketSource"]["enum"] == ["economy", "fund"]
    assert components["SavingsKind"]["enum"] == ["deposit", "withdrawal"]
    assert set(components["EvidenceType"]["enum"]) == {"image/jpeg", "image/png", "application/pdf"}
    monthly = components["MonthlyPocketMoney"]["properties"]["full"]
    assert (monthly["minimum"], monthly["maximum"]) == (0, 100_000)
    assert components["SavingsEntryOut"]["properties"]["kind"] == {"$ref": "#/components/schemas/SavingsKind"}
    assert components["NoticeHomeOut"]["properties"]["star"]["maximum"] == 5
    assert components["NoticeIn"]["properties"]["days"]["maximum"] == 30
    assert "from" in components["LevelChangeOut"]["properties"]

    def codes(path: str, method: str) -> set[str]:
        examples = schema["paths"][path][method]["responses"]["409"]["content"]["application/json"]["examples"]
        return {e["value"]["error"] for e in examples.values()}

    assert {"no_batch", "insufficient_funds", "no_setting"} <= codes("/api/v1/pocket-money/payments", "post")
    assert "self_assessment_closed" in codes("/api/v1/ratings/{year}/homes/{home_id}/self-assessment", "put")
    assert "nothing_to_publish" in codes("/api/v1/ratings/{year}/notice", "post")
    assert "notice_closed" in codes("/api/v1/ratings/{year}/objections", "post")
    assert {"not_dispersed", "no_agreement"} <= codes("/api/v1/residents/{resident_id}/visits", "post")
    assert {"rating_notice_open", "objections_unanswered"} <= codes("/api/v1/years/{year}/finalize", "post")
    pay = schema["paths"]["/api/v1/pocket-money/payments"]["post"]["responses"]
    assert pay["200"]["content"]["application/json"]["schema"] == pay["201"]["content"]["application/json"]["schema"]


async def test_enumerations_are_enums_and_ranges_are_constraints(anonymous):
    schema = await _schema(anonymous)
    components = schema["components"]["schemas"]
    assert components["SupportMode"]["enum"] == ["centralized", "dispersed"]
    assert set(components["HomeKind"]["enum"]) == {"nursing_home", "veterans_home", "welfare_home"}
    assert components["ResidentOut"]["properties"]["status"] == {"$ref": "#/components/schemas/ResidentStatus"}
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/years/{year}/ranking"]["get"]["parameters"]}
    assert (params["year"]["minimum"], params["year"]["maximum"]) == (2000, 2100)
    assert (params["limit"]["minimum"], params["limit"]["maximum"], params["offset"]["minimum"]) == (1, 500, 0)
    assert components["InflowIn"]["properties"]["amount_fen"]["minimum"] == 0
    assert components["ContributionIn"]["properties"]["points"]["minimum"] == 1


async def test_api_operations_declare_the_bearer_scheme_and_the_health_check_needs_none(anonymous):
    schema = await _schema(anonymous)
    assert schema["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "`eldercare token create USERNAME` prints a token"
    }  # fmt: skip
    for path, _, op in _operations(schema):
        assert op.get("security") == ([{"bearer": []}] if path.startswith("/api/") else None), path


async def test_error_responses_carry_their_real_codes(anonymous):
    schema = await _schema(anonymous)
    responses = schema["paths"]["/api/v1/payments/batches"]["post"]["responses"]

    def codes(status: str) -> set[str]:
        examples = responses[status]["content"]["application/json"]["examples"]
        return {e["value"]["error"] for e in examples.values()}

    assert codes("401") == {"unauthorized"} and codes("403") == {"forbidden"} and codes("404") == {"not_found"}
    assert {"insufficient_funds", "conflict"} <= codes("409") and codes("422") == {"invalid"}
    finalize = schema["paths"]["/api/v1/years/{year}/finalize"]["post"]["responses"]["409"]
    assert {e["value"]["error"] for e in finalize["content"]["application/json"]["examples"].values()} >= {
        "year_finalized", "not_run"
    }  # fmt: skip


async def test_malformed_input_gets_field_messages_in_chinese(client_for):
    client = await client_for("bureau", via="token")
    response = await client.post("/api/v1/homes", json={"code": "X1", "name": "院", "township_code": "1", "beds": "十"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"beds": "应为整数"}
    response = await client.post("/api/v1/fund/inflows", json={"on": "2025-01-01", "amount_fen": -1, "source": "县财政",
                                                              "document_no": "A1"})  # fmt: skip
    assert response.status_code == 422 and response.json()["fields"] == {"amount_fen": "应不小于 0"}
    response = await client.get("/api/v1/homes", params={"limit": "0"})
    assert response.status_code == 422 and response.json()["fields"] == {"limit": "应不小于 1"}
    assert all(m.isascii() is False for m in response.json()["fields"].values())


async def test_the_docs_ui_loads_only_vendored_files(anonymous):
    page = await anonymous.get("/schema")
    assert page.status_code == 200
    assert re.findall(r"""(?:src|href)=["']([^"']+)""", page.text) == [
        "/static/vendor/swagger-ui/favicon-32x32.png", "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui-standalone-preset.js",
    ]  # fmt: skip
    assert "cdn" not in page.text.lower()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        assert (await anonymous.get(f"/static/vendor/swagger-ui/{asset}")).status_code == 200


async def test_healthz_answers_without_sign_in_when_the_database_answers(anonymous):
    response = await anonymous.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}
    assert (await anonymous.get("/healthzx")).status_code in (302, 303, 401, 404)  # the exclusion is anchored


async def test_healthz_answers_503_when_the_database_is_unreachable(monkeypatch):
    unreachable = engine_from_url("postgresql://postgres@127.0.0.1:1/nothing")
    monkeypatch.setattr(piccolo_conf, "DB", unreachable)
    response = await healthz.fn()
    assert response.status_code == 503
    assert response.content.status == "unavailable" and response.content.database == "unreachable"
