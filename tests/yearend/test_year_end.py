"""The year-end engine over a real database: hand-computed results, preview, rerun, finalize."""

import pytest

from eldercare.auth.actor import SYSTEM
from eldercare.errors import Conflict
from eldercare.ratings import services as ratings
from eldercare.staff import services as staff_services
from eldercare.yearend import services
from eldercare.yearend.tables import HomeResult, ShareResult, StaffResult, YearEnd
from tests.yearend.helpers import FULL, YEAR, actor, build_year


async def test_the_year_end_gives_each_staff_member_pay_share_pension_and_adjustment(county):
    ids = await build_year(county)
    result = await services.year_end(actor=actor(county, "bureau"), year=YEAR, preview=False)
    homes = {h["home_id"]: h for h in result["homes"]}
    assert (homes[county.home_a]["rank"], homes[county.home_a]["total_tenths"]) == (1, 950)
    assert homes[county.home_a]["pension_eligible"] and not homes[county.home_b]["pension_eligible"]
    assert homes[county.home_a]["star"] == 5 and homes[county.home_b]["star"] == 4
    # net 1,000,000 − 400,001 = 599,999 fen; pool 20% rounded down = 119,999
    assert homes[county.home_a]["pool_fen"] == 119_999
    pay = {s["staff_id"]: s for s in result["staff"]}
    director = pay[ids["director_a"]]
    assert director["performance_pay_fen"] == 0 and director["flagged_for_adjustment"]
    assert not director["pension_eligible"] and director["reasons"] == ["年度考核不称职"]
    staff_a = pay[ids["staff_a"]]
    assert staff_a["performance_pay_fen"] == 180_000  # 称职 150 元 × 12 months
    assert staff_a["flagged_for_adjustment"] and "78.0%、60.0%" in staff_a["reasons"][0]
    assert staff_a["pension_eligible"]  # home A exactly 95.0
    # shares 2:1 of 119,999: 79,999.33 and 39,999.67 → the leftover fen to the larger remainder (staff_a2)
    assert (staff_a["bonus_share_fen"], pay[ids["staff_a2"]]["bonus_share_fen"]) == (79_999, 40_000)
    assert pay[ids["new_hire"]]["months"] == 4 and pay[ids["new_hire"]]["performance_pay_fen"] == 80_000
    assert pay[ids["leaver"]]["months"] == 10 and pay[ids["leaver"]]["performance_pay_fen"] == 150_000
    assert not pay[ids["staff_b"]]["pension_eligible"]  # home B 94.9
    assert pay[ids["staff_b"]]["why"]["pension"]["home_total_tenths"] == 949


async def test_preview_leaves_nothing_behind(county):
    await build_year(county)
    result = await services.year_end(actor=SYSTEM, year=YEAR, preview=True)
    assert result["status"] == "preview" and len(result["homes"]) == 2
    for table in (YearEnd, HomeResult, StaffResult, ShareResult):
        assert await table.count() == 0


async def test_running_twice_gives_identical_results(county):
    await build_year(county)
    bureau = actor(county, "bureau")
    await services.year_end(actor=bureau, year=YEAR, preview=False)
    columns = lambda t: [c for c in t._meta.columns if c._meta.name != "id"]  # noqa: E731
    first = [await t.select(*columns(t)).order_by(t.id) for t in (HomeResult, StaffResult, ShareResult)]
    await services.year_end(actor=bureau, year=YEAR, preview=False)
    second = [await t.select(*columns(t)).order_by(t.id) for t in (HomeResult, StaffResult, ShareResult)]
    assert first == second and await YearEnd.count() == 1


async def test_a_run_needs_every_home_scored_and_everyone_assessed(county):
    with pytest.raises(Conflict) as exc:
        await services.year_end(actor=actor(county, "bureau"), year=YEAR, preview=False)
    assert exc.value.code == "inputs_missing"
    missing = await services.missing_inputs(year=YEAR)
    assert len(missing["homes_not_scored"]) == 2 and len(missing["staff_not_assessed"]) == 5


async def test_finalize_then_a_score_an_assessment_or_a_survey_is_refused(county):
    ids = await build_year(county)
    bureau = actor(county, "bureau")
    await services.year_end(actor=bureau, year=YEAR, preview=False)
    await services.finalize_year(actor=bureau, year=YEAR)
    with pytest.raises(Conflict) as exc:
        await ratings.save_scores(actor=bureau, year=YEAR, home_id=county.home_b, scores={**FULL, "G1": 15})
    assert exc.value.code == "year_finalized"
    with pytest.raises(Conflict):
        await staff_services.set_assessment(
            actor=bureau, staff_id=ids["staff_b"], year=YEAR, grade="excellent"
        )
    with pytest.raises(Conflict):
        await services.year_end(actor=bureau, year=YEAR, preview=False)
    home_b = await HomeResult.select(HomeResult.total_tenths).where(HomeResult.home == county.home_b).first()
    assert home_b["total_tenths"] == 949
