"""Self-care assessment, 年审, census and the county's rates."""

import datetime as dt

import pytest

from eldercare.errors import Forbidden, Invalid
from eldercare.residents import care
from eldercare.residents.tables import Resident, ResidentEvent
from tests.factories import make_resident
from tests.residents.helpers import actor

D = dt.date
ALL = dict.fromkeys(("eating", "dressing", "transfer", "toileting", "walking", "bathing"), True)


async def test_an_assessment_with_four_items_not_managed_makes_the_resident_fully_dependent(county):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    managed = {**ALL, "eating": False, "dressing": False, "walking": False, "bathing": False}
    result = await care.assess(actor=actor(county, "director_a"), resident_id=rid, on=D(2026, 2, 1),
                               managed=managed, today=D(2026, 3, 1))  # fmt: skip
    assert result == {"care_level": "full", "changed": True}
    last = (
        await ResidentEvent.select()
        .where(ResidentEvent.resident == rid)
        .order_by(ResidentEvent.seq, ascending=False)
        .first()
    )
    assert (last["kind"], last["care_level_after"], last["dated_on"]) == ("care_level", "full", D(2026, 2, 1))
    again = await care.assess(actor=actor(county, "director_a"), resident_id=rid, on=D(2026, 2, 2), managed=managed,
                              today=D(2026, 3, 1))  # fmt: skip
    assert again["changed"] is False and await ResidentEvent.count().where(ResidentEvent.resident == rid) == 2


async def test_a_review_moves_the_last_review_date(county):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    await care.record_review(
        actor=actor(county, "bureau"), resident_id=rid, on=D(2026, 1, 5), today=D(2026, 3, 1)
    )
    assert (await Resident.select(Resident.last_review_on).where(Resident.id == rid).first())[
        "last_review_on"
    ] == D(2026, 1, 5)
    with pytest.raises(Invalid):
        await care.record_review(
            actor=actor(county, "bureau"), resident_id=rid, on=D(2027, 1, 1), today=D(2026, 3, 1)
        )


async def test_census_once_per_day_and_the_months_average(county):
    for _ in range(9):  # 9 in the register: 8 present + 1 in hospital is possible
        await make_resident(township=county.township_a, home=county.home_a)
    director = actor(county, "director_a")
    await care.record_census(
        actor=director, home_id=county.home_a, on=D(2026, 3, 1), present=8, hospitalized=1, on_leave=0
    )
    await care.record_census(
        actor=director, home_id=county.home_a, on=D(2026, 3, 2), present=7, hospitalized=1, on_leave=1
    )
    await care.record_census(
        actor=director, home_id=county.home_a, on=D(2026, 3, 2), present=6, hospitalized=2, on_leave=1
    )
    figures = await care.census_figures(actor=director, home_id=county.home_a, on=D(2026, 3, 2))
    assert figures["today"]["present"] == 6 and figures["month_days"] == 2
    assert figures["month_avg_tenths"] == {
        "present": 70,
        "hospitalized": 15,
        "on_leave": 5,
    }  # (8+6)/2, (1+2)/2, 1/2
    with pytest.raises(Forbidden):
        await care.record_census(
            actor=director, home_id=county.home_b, on=D(2026, 3, 2), present=1, hospitalized=0, on_leave=0
        )
    with pytest.raises(Invalid):
        await care.record_census(
            actor=director, home_id=county.home_a, on=D(2026, 3, 2), present=-1, hospitalized=0, on_leave=0
        )


async def test_the_centralized_rate_by_township_and_occupancy_by_home(county):
    for _ in range(6):
        await make_resident(township=county.township_a, home=county.home_a)
    await make_resident(township=county.township_a, mode="dispersed")
    await make_resident(township=county.township_b, mode="dispersed")
    rates = await care.county_rates()
    a, b = rates["townships"]
    assert (a["centralized"], a["total"], a["rate_permille"]) == (6, 7, 857)  # 6000 // 7 = 857
    assert (b["centralized"], b["total"], b["rate_permille"]) == (0, 1, 0)
    assert rates["county_permille"] == 750 and rates["meets_target"] is False  # 6000 // 8
    assert [(h["beds"], h["occupied"]) for h in rates["homes"]] == [(10, 6), (8, 0)]


async def test_the_census_refuses_more_present_than_beds_or_residents_and_an_unchanged_count_writes_nothing(county):
    for _ in range(3):
        await make_resident(township=county.township_a, home=county.home_a)
    director = actor(county, "director_a")
    with pytest.raises(Invalid, match="超过本院在册集中供养 3 人"):
        await care.record_census(actor=director, home_id=county.home_a, on=D(2026, 3, 1), present=4,
                                 hospitalized=0, on_leave=0)  # fmt: skip
    with pytest.raises(Invalid, match="超过本院床位 10 张"):  # home A has 10 beds
        await care.record_census(actor=director, home_id=county.home_a, on=D(2026, 3, 1), present=11,
                                 hospitalized=0, on_leave=0)  # fmt: skip
    with pytest.raises(Invalid, match="合计 4 人"):  # 2 + 1 + 1 > 3
        await care.record_census(actor=director, home_id=county.home_a, on=D(2026, 3, 1), present=2,
                                 hospitalized=1, on_leave=1)  # fmt: skip
    assert await care.record_census(actor=director, home_id=county.home_a, on=D(2026, 3, 1), present=2,
                                    hospitalized=1, on_leave=0)  # fmt: skip
    assert not await care.record_census(actor=director, home_id=county.home_a, on=D(2026, 3, 1), present=2,
                                        hospitalized=1, on_leave=0)  # fmt: skip
