"""Per-county rules with the province's defaults between them and the rule book: standards, rubric and star
lines, awards and pay tiers, notice periods. 遂川县 (360827) sets its own, 万安县 (360828) inherits 江西省's, and
芙蓉区 (430102, 湖南省, no defaults) falls back to the built-in ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from eldercare import stores
from eldercare.audit.tables import AuditLog
from eldercare.auth.actor import Actor
from eldercare.county import directory
from eldercare.county.defaults import check_body, set_province_default
from eldercare.errors import Invalid, NotFound
from eldercare.profile import services as profile
from eldercare.ratings import process
from eldercare.ratings import services as ratings
from eldercare.residents import admissions
from eldercare.yearend import inputs
from eldercare.yearend.services import compute
from tests.factories import id_number, make_home, make_township, make_user
from tests.yearend.helpers import FULL, RUBRIC

YEAR = 2027
D = dt.date
# 遂川县's own rubric: one building item of 20 points instead of two of 10
OWN = [{"code": "building", "name": "基本建设", "items": [{"code": "B9", "name": "安全达标", "max_points": 20}]},
       *RUBRIC[1:]]  # fmt: skip
OWN_FULL = {"B9": 20, **{k: v for k, v in FULL.items() if k not in ("B1", "B2")}}
PROVINCE = {"rubric": {"areas": RUBRIC}, "thresholds": [50, 65, 75, 85, 92],
            "notice_days": {"admission": 10, "rating": 5},
            "year_settings": {"award_count": 3, "tiers_fen": {"excellent": 25_000}}}  # fmt: skip


@dataclass
class Third:
    store: str
    township: int
    home: int
    bureau: Actor


@pytest.fixture
async def third(two_counties) -> Third:
    """芙蓉区 of 湖南省, where the province has set nothing."""
    await directory.add_county(actor=None, code="430102", name="芙蓉区")
    store = await directory.store_of("430102")
    with stores.use(store, "430102"):
        township = await make_township("430102001", "定王台街道")
        home = await make_home(township=township, code="JLY01", name="定王台敬老院", beds=12)
    with stores.main():
        user_id = await make_user(username="bureau_fr", role="bureau")
        from eldercare.auth.tables import User

        await User.update({User.county_code: "430102"}).where(User.id == user_id).run()
    return Third(store, township, home, Actor(user_id=user_id, username="bureau_fr", role="bureau",
                                              county_code="430102"))  # fmt: skip


def bureau_of(two_counties, name: str, county: str) -> Actor:
    p = two_counties.personas[name]
    return Actor(user_id=p.user_id, username=p.username, role="bureau", county_code=county)


# ---- the province's defaults: what a file may hold -----------------------------------------------------


@pytest.mark.parametrize(("body", "field"), [
    ({"rubric": {"areas": [{**RUBRIC[0], "items": [{"code": "B1", "name": "x", "max_points": 120}]}]}},
     "rubric.areas[0].items[0].max_points"),  # above the 100-point total
    ({"rubric": {"areas": [{**RUBRIC[0], "items": [{"code": "B1", "name": "x", "max_points": -5}]}]}},
     "rubric.areas[0].items[0].max_points"),
    ({"rubric": {"areas": [{**RUBRIC[0], "items": [{"code": "B1", "name": "x", "max_points": 9.55}]}]}},
     "rubric.areas[0].items[0].max_points"),
    ({"rubric": {"areas": RUBRIC[:3]}}, "rubric.areas"),  # 60 points, not 100
    ({"rubric": {"areas": [{"code": "health", "name": "医疗", "items": []}]}}, "rubric.areas[0].code"),
    ({"rubric": RUBRIC}, "rubric"),  # a list, not {areas: …}
    ({"thresholds": [60, 70, 70, 90, 95]}, "thresholds"),  # not increasing
    ({"thresholds": [60, 70, 80, 90]}, "thresholds"),
    ({"thresholds": "60,70,80,90,95"}, "thresholds"),
    ({"notice_days": {"admission": 0}}, "notice_days.admission"),
    ({"notice_days": {"rating": 31}}, "notice_days.rating"),
    ({"notice_days": {"rating": 7.5}}, "notice_days.rating"),
    ({"notice_days": {"admission": "7"}}, "notice_days.admission"),
    ({"notice_days": {"village": 7}}, "notice_days.village"),
    ({"notice_days": 7}, "notice_days"),
    ({"year_settings": {"award_count": -1}}, "year_settings.award_count"),
    ({"year_settings": {"award_fen": 5000.5}}, "year_settings.award_fen"),
    ({"pocket": {}}, "body"),
    ([], "body"),
])  # fmt: skip
def test_a_bad_province_default_is_refused_in_chinese_beside_its_part(body, field):
    with pytest.raises(Invalid) as refused:
        check_body(body)
    assert field in refused.value.fields, refused.value.fields
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in refused.value.fields.values())


def test_a_good_province_default_is_kept_in_points_and_days():
    clean = check_body({**PROVINCE, "thresholds": [50, 65.5, 75, 85, 92]})
    assert clean["thresholds"] == [50, 65.5, 75, 85, 92] and clean["notice_days"] == {
        "admission": 10,
        "rating": 5,
    }
    assert clean["rubric"]["areas"][0]["items"][0] == {"code": "B1", "name": "房屋安全", "max_points": 10}
    named = check_body({"rubric": {"areas": [{k: v for k, v in a.items() if k != "name"} for a in RUBRIC]}})
    assert [a["name"] for a in named["rubric"]["areas"]] == [
        "基本建设",
        "院务管理",
        "供养服务",
        "庭院经济",
        "等级评审",
    ]


# ---- rubric and star lines ----------------------------------------------------------------------------


async def test_a_county_without_a_rubric_scores_on_the_provinces_and_keeps_its_copy(client_of, two_counties):
    await set_province_default(province="36", year=YEAR, body=PROVINCE)
    a, b = await client_of("bureau"), await client_of("bureau_wa")
    home_b = two_counties.b["home"]
    found = (await b.get(f"/api/v1/rubrics/{YEAR}")).json()
    assert (found["source"], found["in_force"], found["saved"]) == ("province", True, False)
    assert found["star_thresholds"] == [50, 65, 75, 85, 92] and [i["code"] for i in found["areas"][0]["items"]] == [
        "B1", "B2"]  # fmt: skip
    # 遂川县's bureau edits its own: it starts from the province's (the same answer), saves, and it wins there
    assert (await a.get(f"/api/v1/rubrics/{YEAR}")).json()["source"] == "province"
    put = await a.put(f"/api/v1/rubrics/{YEAR}", json={"areas": OWN, "star_thresholds": [60, 70, 80, 90, 95]})
    assert put.status_code == 200 and put.json()["source"] == "county", put.text
    # 万安县 scores on the province's rubric: the first score copies it into 万安县's store and freezes it
    scored = await b.put(f"/api/v1/ratings/{YEAR}/homes/{home_b}", json={"scores": {**FULL, "G1": 10}})
    assert scored.status_code == 200, scored.text
    assert (scored.json()["total"], scored.json()["star"]) == (95, 5)  # 95 ≥ the province's 92 line
    kept = (await b.get(f"/api/v1/rubrics/{YEAR}")).json()
    assert (kept["source"], kept["saved"], kept["frozen"]) == ("county", True, True)
    with stores.use(two_counties.b_store):
        adopted = await AuditLog.select(AuditLog.action).where(AuditLog.table_name == "rubric")
    assert {"action": "adopt_default"} in adopted
    # the province changes its default afterwards: 万安县's copy, scores and stars stay as they were
    await set_province_default(province="36", year=YEAR, body={**PROVINCE, "thresholds": [60, 70, 80, 90, 99],
                                                               "rubric": {"areas": OWN}})  # fmt: skip
    assert (await b.get(f"/api/v1/rubrics/{YEAR}")).json() == kept
    sheet = (await b.get(f"/api/v1/ratings/{YEAR}/homes/{home_b}")).json()
    assert (sheet["total"], sheet["star"]) == (95, 5)
    assert [i["code"] for i in (await a.get(f"/api/v1/rubrics/{YEAR}")).json()["areas"][0]["items"]] == ["B9"]
    # and the rating notice runs the province's 5 days in 万安县
    notice = (await b.post(f"/api/v1/ratings/{YEAR}/notice", json={})).json()
    assert D.fromisoformat(notice["ends_on"]) - D.fromisoformat(notice["starts_on"]) == dt.timedelta(days=4)


async def test_a_director_self_assesses_on_the_provinces_rubric(two_counties):
    await set_province_default(province="36", year=YEAR, body=PROVINCE)
    p = two_counties.personas["director_wa"]
    director = Actor(user_id=p.user_id, username=p.username, role="director", home_id=p.home_id,
                     staff_id=p.staff_id, county_code="360828")  # fmt: skip
    with stores.use(two_counties.b_store, "360828"):
        sheet = await process.save_self_scores(actor=director, year=YEAR, home_id=p.home_id, scores={"B1": 8})
        rubric = await ratings.get_rubric(year=YEAR)
    assert sheet["self_total_tenths"] == 80 and (rubric["source"], rubric["frozen"]) == ("county", True)


async def test_a_county_of_another_province_falls_back_to_the_built_in(two_counties, third):
    await set_province_default(province="36", year=YEAR, body=PROVINCE)
    with stores.use(third.store, "430102"):
        rubric = await ratings.get_rubric(year=YEAR)
        assert (rubric["source"], rubric["in_force"], rubric["areas"]) == ("built_in", False, [])
        assert rubric["star_thresholds_tenths"] == [600, 700, 800, 900, 950]
        with pytest.raises(NotFound):
            await ratings.save_scores(actor=third.bureau, year=YEAR, home_id=third.home, scores=FULL)
        settings = await inputs.year_settings(YEAR)
        periods = await profile.notice_periods(YEAR)
    assert (settings["award_count"], settings["award_fen"], settings["tiers_fen"]["excellent"]) == (
        6,
        500_000,
        20_000,
    )
    assert {k: (p["days"], p["source"]) for k, p in periods.items()} == {"admission": (7, "built_in"),
                                                                        "rating": (7, "built_in")}  # fmt: skip


# ---- awards and pay tiers -----------------------------------------------------------------------------


async def test_awards_and_pay_tiers_fall_back_county_then_province_then_built_in(two_counties, third):
    await set_province_default(province="36", year=YEAR, body=PROVINCE)
    with stores.use(stores.MAIN, "360827"):
        await inputs.save_year_settings(actor=bureau_of(two_counties, "bureau", "360827"), year=YEAR,
                                        values={"award_count": 4, "award_fen": 300_000,
                                                "tiers_fen": {"excellent": 18_000}})  # fmt: skip
        own = await inputs.year_settings(YEAR)
    with stores.use(two_counties.b_store, "360828"):
        inherited = await inputs.year_settings(YEAR)
    with stores.use(third.store, "430102"):
        built_in = await inputs.year_settings(YEAR)

    def seen(s):
        return s["award_count"], s["award_fen"], s["tiers_fen"]["excellent"], s["tiers_fen"]["competent"]

    assert seen(own) == (4, 300_000, 18_000, 15_000)  # 遂川县's own (competent: what was in force when saved)
    assert seen(inherited) == (3, 500_000, 25_000, 15_000)  # 江西省's, the rest the rule book's
    assert seen(built_in) == (6, 500_000, 20_000, 15_000)


async def test_each_county_ranks_its_own_homes_and_awards_its_own_top_six(two_counties):
    """Seven homes in each county, scored 95, 94, … 89: in each, ranks 1–6 get 5,000 元 and the 7th none."""
    await set_province_default(province="36", year=YEAR, body={"rubric": {"areas": RUBRIC}})
    a = two_counties.a
    with stores.use(stores.MAIN, "360827"):
        homes_a = [a.home_a, a.home_b] + [await make_home(township=a.township_a, code=f"JLY{n:02}", name=f"{n}号院")
                                          for n in range(11, 16)]  # fmt: skip
        bureau = bureau_of(two_counties, "bureau", "360827")
        await ratings.save_rubric(actor=bureau, year=YEAR, areas=OWN, star_thresholds=None)
        for n, home in enumerate(homes_a):
            await ratings.save_scores(
                actor=bureau, year=YEAR, home_id=home, scores={**OWN_FULL, "G1": 10 - n}
            )
        ranking_a = (await compute(YEAR))["homes"]
    with stores.use(two_counties.b_store, "360828"):
        b = two_counties.b
        homes_b = [b["home"]] + [await make_home(township=b["township"], code=f"JLY{n:02}", name=f"{n}号院")
                                 for n in range(11, 17)]  # fmt: skip
        bureau = bureau_of(two_counties, "bureau_wa", "360828")
        for n, home in enumerate(homes_b):
            await ratings.save_scores(actor=bureau, year=YEAR, home_id=home, scores={**FULL, "G1": 10 - n})
        ranking_b = (await compute(YEAR))["homes"]
    for ranking, homes in ((ranking_a, homes_a), (ranking_b, homes_b)):
        assert [(h["rank"], h["home_id"]) for h in ranking] == list(enumerate(homes, start=1))
        assert [h["award_fen"] for h in ranking] == [500_000] * 6 + [0]


# ---- notice periods -----------------------------------------------------------------------------------


async def _review_on(actor: Actor, township_code: str, home: int) -> dt.date:
    case = await admissions.apply(actor=actor, id_number=id_number(), name="王秀英", township_code=township_code,
                                  mode="centralized", home_id=home, applied_on=D(YEAR, 3, 1), today=D(YEAR, 3, 1))  # fmt: skip
    reviewed = await admissions.review(actor=actor, admission_id=case["id"], on=D(YEAR, 3, 2), passed=True)
    return reviewed["notice_ends_on"]


async def test_notice_periods_are_the_countys_then_the_provinces_then_built_in(
    client_of, two_counties, third
):
    await set_province_default(province="36", year=YEAR, body=PROVINCE)
    page = await client_of("bureau", via="session")
    saved = await page.post(
        "/settings/notices", data={"year": str(YEAR), "admission_days": "5", "rating_days": ""}
    )
    assert saved.status_code in (302, 303), saved.text
    shown = await page.get(f"/settings?year={YEAR}")
    assert "现行：5 天（本县设定）" in shown.text and "现行：5 天（省级默认）" in shown.text
    with stores.use(stores.MAIN, "360827"):
        assert await _review_on(bureau_of(two_counties, "bureau", "360827"), "360827100",
                                two_counties.a.home_a) == D(YEAR, 3, 6)  # 2..6 March: 遂川县's 5 days  # fmt: skip
        assert await AuditLog.exists().where(AuditLog.table_name == "notice_period")
    with stores.use(two_counties.b_store, "360828"):
        assert await _review_on(bureau_of(two_counties, "bureau_wa", "360828"), "360828100",
                                two_counties.b["home"]) == D(YEAR, 3, 11)  # 2..11 March: 江西省's 10  # fmt: skip
    with stores.use(third.store, "430102"):
        assert await _review_on(third.bureau, "430102001", third.home) == D(YEAR, 3, 8)  # built-in 7
    # another year of 遂川县 has nothing of its own and no province default: the built-in
    with stores.use(stores.MAIN, "360827"):
        assert await profile.notice_days("admission", YEAR + 1) == 7


@pytest.mark.parametrize("typed", ["0", "31", "abc", "7.5", "-3"])
async def test_a_bad_notice_period_is_refused_beside_its_field_and_nothing_is_written(client_of, typed):
    page = await client_of("bureau", via="session")
    refused = await page.post("/settings/notices", data={"year": str(YEAR), "admission_days": typed})
    assert refused.status_code == 422 and "公示期应为1到30之间的整数天数" in refused.text
    with stores.use(stores.MAIN, "360827"):
        assert (await profile.notice_periods(YEAR))["admission"]["source"] == "built_in"
        assert not await AuditLog.exists().where(AuditLog.table_name == "notice_period")


async def test_only_the_bureau_sets_notice_periods(client_of):
    for name in ("director_a", "staff_a", "city", "province"):
        client = await client_of(name, via="session")
        answer = await client.post("/settings/notices", data={"year": str(YEAR), "admission_days": "5"})
        assert answer.status_code == 403, name
    with stores.use(stores.MAIN, "360827"):
        assert (await profile.notice_periods(YEAR))["admission"]["own"] is None


async def test_a_rubric_saved_without_star_lines_keeps_the_provinces(client_of):
    await set_province_default(province="36", year=YEAR, body={"thresholds": [50, 65, 75, 85, 92]})
    b = await client_of("bureau_wa")
    put = await b.put(f"/api/v1/rubrics/{YEAR}", json={"areas": OWN})
    assert put.status_code == 200, put.text
    assert (put.json()["source"], put.json()["star_thresholds"]) == ("county", [50, 65, 75, 85, 92])


async def test_the_dashboards_count_the_items_of_the_provinces_rubric_before_the_first_score(two_counties):
    from eldercare.dashboards.home_queries import scores_missing
    from eldercare.dashboards.queries import rating_progress

    await set_province_default(province="36", year=YEAR, body={"rubric": {"areas": RUBRIC}})
    with stores.use(two_counties.b_store, "360828"):
        progress = await rating_progress(YEAR)
        missing = await scores_missing(two_counties.b["home"], YEAR)
    assert (progress["rubric"], progress["items"], [h["scored"] for h in progress["homes"]]) == (True, 6, [0])
    assert missing == {"rubric": True, "items": 6, "missing": 6}
    with stores.use(stores.MAIN, "360827"):
        assert (await rating_progress(YEAR + 1))["rubric"] is False
