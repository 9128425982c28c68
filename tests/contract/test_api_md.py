"""../shared/api.md, driven as written: every endpoint (but /api/v1/counties, being added by the lead) with
exactly its documented body shapes, as the bureau and, where the thing is theirs, a director; every answer
carries the documented fields with the documented kinds of value."""

from __future__ import annotations

import datetime as dt
import re

from eldercare import idnumber
from tests.factories import id_number

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = 2025


def shape(value: dict, **kinds) -> dict:
    """`value` has every documented field, each of the documented kind ("date", "period" or a type)."""
    assert isinstance(value, dict), value
    for name, kind in kinds.items():
        assert name in value, f"{name} missing from {value}"
        got = value[name]
        if kind == "date":
            assert isinstance(got, str) and DATE.match(got), (name, got)
        elif kind == "date?":
            assert got is None or DATE.match(got), (name, got)
        elif kind == "period":
            assert isinstance(got, str) and re.fullmatch(r"\d{4}-\d{2}", got), (name, got)
        elif isinstance(kind, type) or (isinstance(kind, tuple) and all(isinstance(k, type) for k in kind)):
            assert isinstance(got, kind) and not (kind is int and isinstance(got, bool)), (name, got)
        else:
            assert got in kind, (name, got)
    return value


def listing(body: dict) -> list[dict]:
    assert set(body) >= {"items", "total"} and isinstance(body["total"], int)
    return body["items"]


HOME = {"id": int, "code": str, "name": str, "kind": ("nursing_home", "veterans_home", "welfare_home"),
        "township_code": str, "beds": int}  # fmt: skip
RESIDENT = {"id": int, "id_number": str, "name": str, "sex": str, "birth_date": "date", "township_code": str,
            "village": str, "mode": ("centralized", "dispersed"), "home_id": (int, type(None)),
            "care_level": ("self_care", "partial", "full"), "status": ("active", "suspended", "exited", "deceased"),
            "admitted_on": "date"}  # fmt: skip
STAFF = {"id": int, "home_id": int, "name": str, "id_number": str, "position": str, "is_director": bool,
         "hired_on": "date", "left_on": "date?"}  # fmt: skip


async def test_every_endpoint_of_api_md_with_its_documented_shapes(client_for, county):
    bureau = await client_for("bureau", via="token")
    director = await client_for("director_a", via="token")

    # townships
    created = await bureau.post("/api/v1/townships", json={"code": "360827102", "name": "碧洲镇"})
    assert created.status_code == 201 and created.json() == {"code": "360827102", "name": "碧洲镇"}
    townships = listing((await bureau.get("/api/v1/townships")).json())
    assert {"code": "360827102", "name": "碧洲镇"} in [shape(t, code=str, name=str) for t in townships]

    # homes
    body = {"code": "JLY03", "name": "碧洲镇敬老院", "kind": "nursing_home", "township_code": "360827102", "beds": 6}
    home = (await bureau.post("/api/v1/homes", json=body)).json()
    assert shape(home, **HOME) and {k: home[k] for k in body} == body
    assert any(h["id"] == home["id"] for h in listing((await bureau.get("/api/v1/homes")).json()))
    assert shape((await bureau.get(f"/api/v1/homes/{home['id']}")).json(), **HOME) == home
    patched = (await bureau.patch(f"/api/v1/homes/{home['id']}", json={"name": "碧洲敬老院", "beds": 7})).json()
    assert shape(patched, **HOME)["name"] == "碧洲敬老院" and patched["beds"] == 7

    # residents: the documented shape, sent whole (the answer's fields the server decides are ignored on input)
    number = id_number(dt.date(1948, 5, 1))
    body = {"id_number": number, "name": "张大爷", "sex": idnumber.sex(number), "birth_date": "1948-05-01",
            "township_code": "360827100", "village": "大屋村", "mode": "centralized", "home_id": county.home_a,
            "care_level": "self_care", "status": "active", "admitted_on": "2025-01-01"}  # fmt: skip
    response = await bureau.post("/api/v1/residents", json=body)
    assert response.status_code == 201, response.text
    resident = shape(response.json(), **RESIDENT)
    assert {k: resident[k] for k in body if k != "birth_date"} == {k: body[k] for k in body if k != "birth_date"}
    rid = resident["id"]
    found = listing((await bureau.get("/api/v1/residents", params={
        "home_id": county.home_a, "township_code": "360827100", "mode": "centralized", "status": "active",
        "q": "张"})).json())  # fmt: skip
    assert [r["id"] for r in found] == [rid]
    assert shape((await bureau.get(f"/api/v1/residents/{rid}")).json(), **RESIDENT)["id"] == rid
    assert [r["id"] for r in listing((await director.get("/api/v1/residents")).json())] == [rid]

    # standards, fund, payments
    standard = {"centralized_fen": 720_000, "dispersed_fen": 480_000,
                "care_supplement_fen": {"self_care": 0, "partial": 60_000, "full": 120_000}}  # fmt: skip
    put = (await bureau.put(f"/api/v1/standards/{YEAR}", json=standard)).json()
    assert {k: put[k] for k in standard} == standard
    got = (await bureau.get(f"/api/v1/standards/{YEAR}")).json()
    assert {k: got[k] for k in standard} == standard

    refused = await bureau.post("/api/v1/payments/batches", json={"period": "2025-03"})
    assert refused.status_code == 409 and refused.json()["error"] == "insufficient_funds"
    inflow = {"on": "2025-01-05", "amount_fen": 10_000_000, "source": "县财政", "document_no": "遂财社〔2025〕1号"}
    response = await bureau.post("/api/v1/fund/inflows", json=inflow)
    assert response.status_code == 201, response.text
    ledger = (await bureau.get("/api/v1/fund/ledger", params={"year": YEAR})).json()
    shape(ledger, balance_fen=int, items=list)
    [line] = ledger["items"]
    assert shape(line, on="date", kind=("inflow", "outflow"), amount_fen=int, ref=str)["amount_fen"] == 10_000_000

    batch = await bureau.post("/api/v1/payments/batches", json={"period": "2025-03"})
    assert batch.status_code == 201
    first = shape(batch.json(), period="period", count=int, total_fen=int, status=str)
    again = await bureau.post("/api/v1/payments/batches", json={"period": "2025-03"})
    assert again.status_code == 200 and {k: again.json()[k] for k in ("period", "count", "total_fen")} == {
        k: first[k] for k in ("period", "count", "total_fen")}  # fmt: skip
    detail = shape((await bureau.get("/api/v1/payments/batches/2025-03")).json(),
                   period="period", count=int, total_fen=int, lines=list)  # fmt: skip
    assert [shape(ln, resident_id=int, mode=("centralized", "dispersed"), payee=str, amount_fen=int)["resident_id"]
            for ln in detail["lines"]] == [rid]  # fmt: skip
    assert (await bureau.get(f"/api/v1/fund/ledger?year={YEAR}")).json()["balance_fen"] == 10_000_000 - first["total_fen"]

    # events: the resident as changed
    event = {"kind": "transfer", "on": "2025-04-01", "mode": "centralized", "home_id": county.home_b,
             "reason": "调整集中供养机构"}  # fmt: skip
    moved = await bureau.post(f"/api/v1/residents/{rid}/events", json=event)
    assert moved.status_code == 201, moved.text
    assert shape(moved.json(), **RESIDENT)["home_id"] == county.home_b
    roster = (await bureau.get("/api/v1/residents/roster", params={"on": "2025-03-15"})).json()
    assert [shape(r, **RESIDENT)["home_id"] for r in listing(roster)] == [county.home_a]

    # staff
    body = {"home_id": county.home_a, "name": "孙厨师", "id_number": id_number(dt.date(1980, 2, 2)),
            "position": "炊事员", "is_director": False, "hired_on": "2024-03-01", "left_on": None}  # fmt: skip
    response = await director.post("/api/v1/staff", json=body)
    assert response.status_code == 201, response.text
    staff = shape(response.json(), **STAFF)
    assert {k: staff[k] for k in body} == body
    assert shape((await bureau.get(f"/api/v1/staff/{staff['id']}")).json(), **STAFF) == staff
    everyone = [shape(s, **STAFF) for s in listing((await bureau.get("/api/v1/staff", params={"limit": 500})).json())]
    for person in everyone:
        grader = director if person["home_id"] == county.home_a else bureau
        graded = await grader.put(f"/api/v1/staff/{person['id']}/assessments/{YEAR}", json={"grade": "competent"})
        assert graded.status_code == 200 and graded.json()["grade"] == "competent", graded.text

    survey = {"year": YEAR, "round": 1, "on": "2025-06-30",
              "results": [{"staff_id": county.staff_ids["staff_a"], "trust": 18, "cast": 20}]}  # fmt: skip
    response = await director.post(f"/api/v1/homes/{county.home_a}/trust-surveys", json=survey)
    assert response.status_code == 201, response.text
    assert response.json()["results"] == survey["results"]

    # economy (the director's own home): a cash line and produce at a stated value
    cash = {"on": "2025-06-01", "kind": "income", "category": "planting", "amount_fen": 500_000, "in_kind": False,
            "note": "卖稻谷"}  # fmt: skip
    produce = {"on": "2025-06-02", "kind": "income", "category": "livestock", "amount_fen": 120_000, "in_kind": True,
               "note": "自养生猪自用"}  # fmt: skip
    for line in (cash, produce):
        response = await director.post(f"/api/v1/homes/{county.home_a}/economy", json=line)
        assert response.status_code == 201, response.text
        assert {k: response.json()[k] for k in line} == line
    points = [{"person_kind": "staff", "person_id": county.staff_ids["staff_a"], "points": 3},
              {"person_kind": "staff", "person_id": county.staff_ids["staff_a2"], "points": 1}]  # fmt: skip
    response = await director.put(f"/api/v1/homes/{county.home_a}/contributions/{YEAR}", json=points)
    assert response.status_code == 200 and response.json() == points, response.text
    year = (await director.get(f"/api/v1/homes/{county.home_a}/economy/{YEAR}")).json()
    shape(year, income_fen=int, expense_fen=int, net_fen=int, pool_fen=int, shares=list)
    assert (year["income_fen"], year["net_fen"], year["pool_fen"]) == (620_000, 620_000, 124_000)
    shares = [shape(s, person_kind=("staff", "resident"), person_id=int, points=int, share_fen=int)
              for s in year["shares"]]  # fmt: skip
    assert [s["share_fen"] for s in shares] == [93_000, 31_000]

    # rubric, ratings
    rubric = {"areas": [{"code": "service", "name": "供养服务", "items": [{"code": "S1", "name": "饮食", "max_points": 60.5}]},
                        {"code": "management", "name": "院务管理", "items": [{"code": "M1", "name": "账目", "max_points": 39.5}]}],
              "star_thresholds": [60, 70, 80, 90, 95]}  # fmt: skip
    put = await bureau.put(f"/api/v1/rubrics/{YEAR}", json=rubric)
    assert put.status_code == 200, put.text
    got = (await director.get(f"/api/v1/rubrics/{YEAR}")).json()
    assert got["areas"] == rubric["areas"] and got["star_thresholds"] == rubric["star_thresholds"]
    homes = listing((await bureau.get("/api/v1/homes")).json())
    for n, h in enumerate(homes):
        scores = {"scores": {"S1": 60.5 - n, "M1": 39.5}, "note": "现场检查"}
        response = await bureau.put(f"/api/v1/ratings/{YEAR}/homes/{h['id']}", json=scores)
        assert response.status_code == 200, response.text

    # year-end: preview, run, ranking, staff pay, finalize
    preview = await bureau.post(f"/api/v1/years/{YEAR}/year-end", params={"preview": "true"})
    assert preview.status_code == 200 and preview.json()["preview"] is True, preview.text
    run = await bureau.post(f"/api/v1/years/{YEAR}/year-end", params={"preview": "false"})
    assert run.status_code == 200 and run.json()["status"] == "run", run.text
    for reader in (bureau, director):
        ranking = listing((await reader.get(f"/api/v1/years/{YEAR}/ranking")).json())
        assert [shape(r, rank=int, home_id=int, total=(int, float), star=(int, type(None)), award_fen=int,
                      pension_eligible=bool)["rank"] for r in ranking] == list(range(1, len(homes) + 1))  # fmt: skip
    pay = listing((await bureau.get(f"/api/v1/years/{YEAR}/staff-pay", params={"limit": 500})).json())
    assert len(pay) == len(everyone)
    for row in pay:
        shape(row, staff_id=int, grade=("excellent", "competent", "basic", "incompetent"), months=int,
              rate_fen=int, performance_pay_fen=int, bonus_share_fen=int, pension_eligible=bool,
              flagged_for_adjustment=bool, reasons=list)  # fmt: skip
    own = listing((await director.get(f"/api/v1/years/{YEAR}/staff-pay", params={"limit": 500})).json())
    assert own and {r["home_id"] for r in own} == {county.home_a}
    finalized = await bureau.post(f"/api/v1/years/{YEAR}/finalize")
    assert finalized.status_code == 200, finalized.text
    late = await director.post(f"/api/v1/homes/{county.home_a}/economy", json={**cash, "on": "2025-07-01"})
    assert late.status_code == 409 and late.json()["error"] == "year_finalized"
    assert set(late.json()) == {"error", "detail", "fields"}

    # integrity
    findings = (await bureau.get("/api/v1/integrity")).json()
    for finding in shape(findings, findings=list)["findings"]:
        shape(finding, check=str, subject=str, detail=str)
