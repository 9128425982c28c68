"""Year-end, staff-pay, ranking, assessments and trust surveys through the API, persona by persona."""

import pytest

from eldercare.staff.tables import Assessment, TrustSurvey
from eldercare.yearend import services
from eldercare.yearend.tables import YearEnd
from tests.yearend.helpers import FULL, YEAR, actor, build_year


async def run_year(county):
    ids = await build_year(county)
    await services.year_end(actor=actor(county, "bureau"), year=YEAR, preview=False)
    return ids


async def test_the_bureau_previews_then_runs_the_year_end(client_for, county):
    await build_year(county)
    bureau = await client_for("bureau", via="token")
    preview = await bureau.post(f"/api/v1/years/{YEAR}/year-end?preview=true")
    assert preview.status_code == 200 and preview.json()["status"] == "preview" and await YearEnd.count() == 0
    run = await bureau.post(f"/api/v1/years/{YEAR}/year-end?preview=false")
    assert run.status_code == 200 and run.json()["ranking"][0]["home_id"] == county.home_a
    ranking = (await bureau.get(f"/api/v1/years/{YEAR}/ranking")).json()
    assert ranking["total"] == 2
    first = ranking["items"][0]
    assert (first["rank"], first["total"], first["star"], first["award_fen"], first["pension_eligible"]) == (
        1, 95.0, 5, 500_000, True)  # fmt: skip


@pytest.mark.parametrize("persona", ["director_a", "staff_a"])
async def test_only_the_bureau_runs_or_finalizes_the_year_end(client_for, county, persona):
    await build_year(county)
    client = await client_for(persona)
    assert (await client.post(f"/api/v1/years/{YEAR}/year-end?preview=false")).status_code == 403
    assert (await client.post(f"/api/v1/years/{YEAR}/finalize")).status_code == 403
    assert await YearEnd.count() == 0


async def test_anonymous_is_refused_the_year_end(anonymous, county):
    assert (await anonymous.post(f"/api/v1/years/{YEAR}/year-end")).status_code == 401


@pytest.mark.parametrize(
    ("persona", "rows"), [("bureau", 7), ("director_a", 5), ("director_b", 2), ("staff_a", 1)]
)
async def test_staff_pay_holds_what_the_caller_may_see(client_for, county, persona, rows):
    await run_year(county)
    body = (await (await client_for(persona)).get(f"/api/v1/years/{YEAR}/staff-pay")).json()
    assert body["total"] == rows
    if persona == "staff_a":
        (row,) = body["items"]
        assert row["staff_id"] == county.staff_ids["staff_a"] and row["performance_pay_fen"] == 180_000
        assert set(row) >= {"grade", "months", "rate_fen", "bonus_share_fen", "pension_eligible",
                            "flagged_for_adjustment", "reasons"}  # fmt: skip


async def test_finalize_then_a_score_change_is_refused_with_409(client_for, county):
    await run_year(county)
    bureau = await client_for("bureau", via="token")
    assert (await bureau.post(f"/api/v1/years/{YEAR}/finalize")).status_code == 200
    response = await bureau.put(
        f"/api/v1/ratings/{YEAR}/homes/{county.home_b}", json={"scores": {**FULL, "G1": 15}}
    )
    assert response.status_code == 409 and response.json()["error"] == "year_finalized"


@pytest.mark.parametrize(("persona", "status"), [("director_a", 200), ("bureau", 200), ("director_b", 403),
                                                 ("staff_a", 403)])  # fmt: skip
async def test_a_grade_is_set_by_the_homes_director_or_the_bureau(client_for, county, persona, status):
    client = await client_for(persona)
    staff_id = county.staff_ids["staff_a"]
    response = await client.put(f"/api/v1/staff/{staff_id}/assessments/{YEAR}", json={"grade": "excellent"})
    assert response.status_code == status
    assert await Assessment.count() == (1 if status == 200 else 0)


async def test_a_grade_not_in_the_list_is_refused(client_for, county):
    client = await client_for("director_a")
    response = await client.put(f"/api/v1/staff/{county.staff_ids['staff_a']}/assessments/{YEAR}",
                                json={"grade": "great"})  # fmt: skip
    assert response.status_code == 422 and "grade" in response.json()["fields"]
    assert await Assessment.count() == 0


def survey(county, trust=40, cast=50, round=1):
    return {"year": YEAR, "round": round, "on": "2025-06-30",
            "results": [{"staff_id": county.staff_ids["staff_a"], "trust": trust, "cast": cast}]}  # fmt: skip


@pytest.mark.parametrize(("persona", "status"), [("director_a", 201), ("director_b", 403), ("staff_a", 403)])
async def test_a_trust_survey_is_recorded_by_the_homes_director(client_for, county, persona, status):
    client = await client_for(persona)
    response = await client.post(f"/api/v1/homes/{county.home_a}/trust-surveys", json=survey(county))
    assert response.status_code == status
    assert await TrustSurvey.count() == (1 if status == 201 else 0)


async def test_trust_votes_above_votes_cast_are_refused(client_for, county):
    client = await client_for("director_a", via="token")
    response = await client.post(f"/api/v1/homes/{county.home_a}/trust-surveys", json=survey(county, 51, 50))
    assert response.status_code == 422 and response.json()["fields"] == {
        "results[0].trust": "信任票数不能超过参评票数。"
    }
    assert await TrustSurvey.count() == 0


async def test_a_director_keeps_the_staff_record(client_for, county):
    client = await client_for("director_a")
    staff_id = county.staff_ids["staff_a2"]
    response = await client.patch(
        f"/api/v1/staff/{staff_id}", json={"left_on": "2025-10-03", "position": "会计"}
    )
    assert response.status_code == 200 and response.json()["left_on"] == "2025-10-03"
    bad = await client.patch(f"/api/v1/staff/{staff_id}", json={"left_on": "2010-01-01"})
    assert bad.status_code == 422 and "left_on" in bad.json()["fields"]


async def test_tiers_and_awards_are_editable_per_year_and_used_by_the_year_end(client_for, county):
    ids = await build_year(county)
    bureau = await client_for("bureau", via="token")
    body = {"award_count": 1, "award_fen": 300_000, "tiers_fen": {"competent": 16_000}}
    assert (await bureau.put(f"/api/v1/years/{YEAR}/settings", json=body)).status_code == 200
    run = (await bureau.post(f"/api/v1/years/{YEAR}/year-end?preview=true")).json()
    assert [h["award_fen"] for h in run["ranking"]] == [300_000, 0]
    staff_a = next(s for s in run["staff_pay"] if s["staff_id"] == ids["staff_a"])
    assert staff_a["performance_pay_fen"] == 192_000  # 160 元 × 12
    refused = await bureau.put(f"/api/v1/years/{YEAR}/settings", json={"award_fen": -1})
    assert refused.status_code == 422
    director = await client_for("director_a", via="token")
    assert (await director.put(f"/api/v1/years/{YEAR}/settings", json=body)).status_code == 403
