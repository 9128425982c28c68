"""Rubric and scoring through the API, with every persona, and the bad-input list (nothing written)."""

import pytest

from eldercare.ratings import services
from eldercare.ratings.tables import RatingScore, Rubric, RubricItem
from tests.yearend.helpers import FULL, RUBRIC, YEAR, actor


async def saved_rubric(county):
    await services.save_rubric(actor=actor(county, "bureau"), year=YEAR, areas=RUBRIC, star_thresholds=None)


async def put_rubric(client, areas=RUBRIC, year=YEAR):
    return await client.put(
        f"/api/v1/rubrics/{year}", json={"areas": areas, "star_thresholds": [60, 70, 80, 90, 95]}
    )


async def test_the_bureau_saves_a_rubric_and_next_year_starts_from_a_copy(client_for):
    bureau = await client_for("bureau", via="token")
    response = await put_rubric(bureau)
    assert response.status_code == 200 and response.json()["areas"][2]["name"] == "供养服务"
    draft = (await bureau.get(f"/api/v1/rubrics/{YEAR + 1}")).json()
    assert draft["saved"] is False and draft["copied_from"] == YEAR and len(draft["areas"]) == 5


@pytest.mark.parametrize("persona", ["director_a", "staff_a"])
async def test_only_the_bureau_edits_the_rubric(client_for, persona):
    client = await client_for(persona)
    assert (await put_rubric(client)).status_code == 403
    assert await Rubric.count() == 0


async def test_anonymous_gets_401(anonymous, county):
    assert (await anonymous.put(f"/api/v1/rubrics/{YEAR}", json={"areas": []})).status_code == 401


async def test_a_rubric_not_totalling_100_or_with_a_duplicate_code_is_refused_and_nothing_written(client_for):
    bureau = await client_for("bureau")
    short = [{**RUBRIC[0], "items": [{"code": "B1", "name": "房屋安全", "max_points": 9.5}]}, *RUBRIC[1:]]
    response = await put_rubric(bureau, short)
    assert response.status_code == 422 and "89.5" in response.json()["detail"]
    dup = [{**RUBRIC[0], "items": [{"code": "B1", "name": "a", "max_points": 10}, {"code": "M1", "name": "b",
                                                                                 "max_points": 10}]}, *RUBRIC[1:]]  # fmt: skip
    response = await put_rubric(bureau, dup)
    assert response.status_code == 422 and response.json()["error"] == "invalid"
    assert "重复" in str(response.json()["fields"])
    assert await Rubric.count() == 0 and await RubricItem.count() == 0


async def test_scores_with_half_points_give_the_total_and_freeze_the_rubric(client_for, county):
    bureau = await client_for("bureau", via="token")
    await put_rubric(bureau)
    body = {"scores": {**FULL, "S1": "29.5", "G1": 10}, "note": "好"}
    response = await bureau.put(f"/api/v1/ratings/{YEAR}/homes/{county.home_a}", json=body)
    assert response.status_code == 200 and response.json()["total"] == 94.5  # 85 − 0.5 + 10
    frozen = await put_rubric(bureau)
    assert frozen.status_code == 409 and frozen.json()["error"] == "rubric_frozen"


async def test_a_director_scoring_ratings_is_refused(client_for, county):
    await saved_rubric(county)
    director = await client_for("director_a", via="token")
    response = await director.put(f"/api/v1/ratings/{YEAR}/homes/{county.home_a}", json={"scores": FULL})
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert await RatingScore.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"S1": 30.5}, "S1", "得分不能超过该项满分 30.0。"),
        ({"S1": -1}, "S1", "得分不能小于0。"),
        ({"S1": 29.55}, "S1", "得分应为数字，最多一位小数。"),
        ({"X9": 1}, "X9", "没有代码为 X9 的评分细则。"),
    ],
)
async def test_bad_scores_are_refused_beside_their_item_and_nothing_written(
    client_for, county, change, field, message
):
    await saved_rubric(county)
    bureau = await client_for("bureau")
    response = await bureau.put(f"/api/v1/ratings/{YEAR}/homes/{county.home_a}",
                                json={"scores": {**FULL, "G1": 10, **change}})  # fmt: skip
    assert response.status_code == 422 and response.json()["fields"][field] == message
    assert await RatingScore.count() == 0
    assert (await Rubric.select(Rubric.frozen).first())["frozen"] is False


@pytest.mark.parametrize(("persona", "status"), [("bureau", 200), ("director_a", 200), ("director_b", 403),
                                                 ("staff_a", 403)])  # fmt: skip
async def test_a_homes_breakdown_is_seen_by_the_bureau_and_its_own_director(
    client_for, county, persona, status
):
    await saved_rubric(county)
    await services.save_scores(actor=actor(county, "bureau"), year=YEAR, home_id=county.home_a,
                               scores={**FULL, "G1": 10})  # fmt: skip
    response = await (await client_for(persona)).get(f"/api/v1/ratings/{YEAR}/homes/{county.home_a}")
    assert response.status_code == status
    if status == 200:
        assert response.json()["total"] == 95.0 and response.json()["star"] == 5
