"""The pages of the year-end, the scoring sheet and the director's forms, persona by persona."""

import pytest

from eldercare.ratings import services as ratings
from eldercare.ratings.tables import RatingScore
from eldercare.staff.tables import Assessment, TrustSurvey
from eldercare.yearend import services
from tests.yearend.helpers import FULL, RUBRIC, YEAR, actor, build_year


@pytest.mark.parametrize(("persona", "status"), [("bureau", 200), ("director_a", 403), ("staff_a", 403)])
async def test_the_county_scoring_view_is_the_bureaus(client_for, county, persona, status):
    response = await (await client_for(persona)).get(f"/ratings/?year={YEAR}")
    assert response.status_code == status


async def test_the_county_view_shows_which_homes_are_scored(client_for, county):
    await ratings.save_rubric(actor=actor(county, "bureau"), year=YEAR, areas=RUBRIC, star_thresholds=None)
    await ratings.save_scores(actor=actor(county, "bureau"), year=YEAR, home_id=county.home_a,
                              scores={**FULL, "G1": 10})  # fmt: skip
    page = (await (await client_for("bureau")).get(f"/ratings/?year={YEAR}")).text
    assert "已评分 1 所，未评分 1 所" in page


async def test_the_running_total_refuses_a_score_above_its_maximum_beside_the_field(client_for, county):
    await ratings.save_rubric(actor=actor(county, "bureau"), year=YEAR, areas=RUBRIC, star_thresholds=None)
    client = await client_for("bureau")
    form = {"s_B1": "9.5", "s_S1": "31", "s_M1": "20"}
    response = await client.post(f"/ratings/{YEAR}/homes/{county.home_a}/total", data=form,
                                 headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200
    assert "29.5 分" in response.text  # 9.5 + 20; the 31 is refused
    assert 'id="err-S1"' in response.text and "得分不能超过该项满分 30.0。" in response.text


async def test_a_bad_score_on_the_sheet_re_renders_with_the_error_and_writes_nothing(client_for, county):
    await ratings.save_rubric(actor=actor(county, "bureau"), year=YEAR, areas=RUBRIC, star_thresholds=None)
    client = await client_for("bureau")
    form = {f"s_{k}": str(v) for k, v in {**FULL, "G1": "15.5"}.items()}
    response = await client.post(f"/ratings/{YEAR}/homes/{county.home_a}", data=form)
    assert response.status_code == 422 and "得分不能超过该项满分 15.0。" in response.text
    assert await RatingScore.count() == 0


async def test_the_bureau_runs_the_year_and_prints_the_award_notice_and_adjustment_list(client_for, county):
    await build_year(county)
    client = await client_for("bureau")
    preview = await client.post(f"/years/{YEAR}/year-end", data={"preview": "1"})
    assert preview.status_code == 200 and "以下为预览结果" in preview.text
    run = await client.post(f"/years/{YEAR}/year-end", data={"preview": "0"})
    assert run.status_code == 303
    notice = (await client.get(f"/years/{YEAR}/notice")).text
    assert "关于2025年度敬老院目标考核和星级评定结果的通报" in notice and "泉江镇敬老院" in notice
    adjustments = (await client.get(f"/years/{YEAR}/adjustments")).text
    assert "李院长" in adjustments and "年度考核不称职" in adjustments and "王护理" in adjustments


@pytest.mark.parametrize("persona", ["director_a", "staff_a"])
async def test_the_year_end_pages_are_the_bureaus(client_for, county, persona):
    client = await client_for(persona)
    assert (await client.get(f"/years/{YEAR}")).status_code == 403


async def test_my_pay_shows_each_figure_with_its_why(client_for, county):
    await build_year(county)
    await services.year_end(actor=actor(county, "bureau"), year=YEAR, preview=False)
    page = (await (await client_for("staff_a")).get(f"/me?year={YEAR}")).text
    assert "称职 → 每月 150.00 元 × 在职 12 个月" in page and "1,800.00 元" in page
    assert "您的贡献积分 2 ÷ 全院积分 3" in page and "799.99 元" in page
    assert "95.0" in page and "可以参加" in page


async def test_my_pay_before_the_year_end_says_it_is_not_out_yet(client_for, county):
    page = (await (await client_for("staff_a")).get(f"/me?year={YEAR}")).text
    assert "尚未公布" in page


@pytest.mark.parametrize(("persona", "status"), [("director_a", 200), ("bureau", 200), ("director_b", 403),
                                                 ("staff_a", 403)])  # fmt: skip
async def test_the_assessment_form_is_for_the_homes_director(client_for, county, persona, status):
    response = await (await client_for(persona)).get(f"/homes/{county.home_a}/assessments?year={YEAR}")
    assert response.status_code == status


async def test_a_director_grades_their_staff_on_the_form(client_for, county):
    client = await client_for("director_a")
    staff_id = county.staff_ids["staff_a"]
    response = await client.post(f"/homes/{county.home_a}/assessments", data={"year": str(YEAR),
                                                                             f"g_{staff_id}": "basic"})  # fmt: skip
    assert response.status_code == 303
    assert (await Assessment.select(Assessment.grade).first())["grade"] == "basic"


async def test_the_trust_survey_form_refuses_trust_above_cast(client_for, county):
    client = await client_for("director_a")
    staff_id = county.staff_ids["staff_a"]
    form = {"year": str(YEAR), "round": "1", "on": "2025-06-30", "staff_id": str(staff_id),
            f"trust_{staff_id}": "60", f"cast_{staff_id}": "50"}  # fmt: skip
    response = await client.post(f"/homes/{county.home_a}/trust-surveys", data=form)
    assert response.status_code == 422 and "信任票数不能超过参评票数。" in response.text
    assert await TrustSurvey.count() == 0
    form[f"trust_{staff_id}"] = "40"
    assert (await client.post(f"/homes/{county.home_a}/trust-surveys", data=form)).status_code == 303
    assert await TrustSurvey.count() == 1


async def test_anonymous_is_sent_to_login(anonymous, county):
    assert (await anonymous.get(f"/years/{YEAR}")).status_code in (302, 303)


async def test_the_rubric_editor_saves_rows_and_shows_a_wrong_total_beside_the_table(client_for, county):
    client = await client_for("bureau")
    assert (await client.get(f"/ratings/{YEAR}/rubric")).status_code == 200
    rows = [(a["code"], i["code"], i["name"], str(i["max_points"])) for a in RUBRIC for i in a["items"]]
    form = {"star_thresholds": "60,70,80,90,95", "area_code": [r[0] for r in rows],
            "item_code": [r[1] for r in rows], "item_name": [r[2] for r in rows],
            "max_points": [r[3] for r in rows]}  # fmt: skip
    short = {**form, "max_points": ["9.5", *form["max_points"][1:]]}
    bad = await client.post(f"/ratings/{YEAR}/rubric", data=short)
    assert bad.status_code == 422 and "现为99.5分" in bad.text
    assert (await client.post(f"/ratings/{YEAR}/rubric", data=form)).status_code == 303
    assert len((await ratings.get_rubric(year=YEAR))["areas"]) == 5
    director = await client_for("director_a")
    assert (await director.get(f"/ratings/{YEAR}/rubric")).status_code == 403


async def test_a_director_sees_their_homes_breakdown_page_and_not_another(client_for, county):
    await build_year(county)
    client = await client_for("director_a")
    page = await client.get(f"/homes/{county.home_a}/rating/{YEAR}")
    assert page.status_code == 200 and "总分 95.0 分" in page.text and "供养服务" in page.text
    assert (await client.get(f"/homes/{county.home_b}/rating/{YEAR}")).status_code == 403
