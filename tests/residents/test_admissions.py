"""三审三公示 through the services: notices counted by the daily job, objections, approval admits."""

import datetime as dt

import pytest

from eldercare.errors import Forbidden, Invalid
from eldercare.residents import admissions
from eldercare.residents.services import run_daily_checks
from eldercare.residents.tables import Resident, ResidentEvent
from tests.factories import id_number
from tests.residents.helpers import actor

D = dt.date


async def new_case(county, who="bureau"):
    return await admissions.apply(
        actor=actor(county, who), id_number=id_number(), name="王秀英", township_code="360827100",
        mode="centralized", home_id=county.home_a, applied_on=D(2026, 3, 1), today=D(2026, 3, 1),
    )  # fmt: skip


async def test_a_case_passes_three_reviews_and_three_notices_and_is_admitted(county):
    bureau = actor(county, "bureau")
    case = await new_case(county)
    reviewed = await admissions.review(actor=bureau, admission_id=case["id"], on=D(2026, 3, 2), passed=True)
    assert reviewed["in_notice"] and reviewed["notice_ends_on"] == D(2026, 3, 8)  # 2..8 March, 7 days
    assert (await run_daily_checks(actor=bureau, on=D(2026, 3, 8)))["notices_advanced"] == 0  # last day
    assert (await run_daily_checks(actor=bureau, on=D(2026, 3, 9)))["notices_advanced"] == 1
    assert (await run_daily_checks(actor=bureau, on=D(2026, 3, 9)))["notices_advanced"] == 0  # twice: nothing
    case = await admissions.get_case(actor=bureau, admission_id=case["id"])
    assert case["stage"] == "township" and not case["in_notice"]
    await admissions.review(actor=bureau, admission_id=case["id"], on=D(2026, 3, 10), passed=True)
    await admissions.advance_notices(actor=bureau, on=D(2026, 3, 17))
    await admissions.review(actor=bureau, admission_id=case["id"], on=D(2026, 3, 18), passed=True)
    assert await admissions.advance_notices(actor=bureau, on=D(2026, 3, 25)) == 1  # 18..24 March
    case = await admissions.get_case(actor=bureau, admission_id=case["id"])
    assert case["stage"] == "approved" and case["resident"] is not None
    event = await ResidentEvent.select().where(ResidentEvent.resident == case["resident"]).first()
    assert (event["kind"], event["dated_on"], event["home_after"]) == ("admit", D(2026, 3, 25), county.home_a)


async def test_an_objection_sends_the_case_back_to_that_stages_reviewer(county):
    bureau = actor(county, "bureau")
    case = await new_case(county)
    await admissions.review(actor=bureau, admission_id=case["id"], on=D(2026, 3, 2), passed=True)
    objected = await admissions.object_to(
        actor=bureau, admission_id=case["id"], on=D(2026, 3, 4), note="有子女赡养"
    )
    assert objected["stage"] == "village" and not objected["in_notice"]
    assert [s["action"] for s in objected["steps"]] == ["apply", "pass", "objection"]
    assert objected["steps"][-1]["note"] == "有子女赡养"
    assert await admissions.advance_notices(actor=bureau, on=D(2026, 3, 20)) == 0
    with pytest.raises(Invalid):
        await admissions.object_to(actor=bureau, admission_id=case["id"], on=D(2026, 3, 5), note="再次")


async def test_only_the_bureau_approves_at_the_county_stage(county):
    director = actor(county, "director_a")
    case = await new_case(county, who="director_a")
    await admissions.review(actor=director, admission_id=case["id"], on=D(2026, 3, 2), passed=True)
    await admissions.advance_notices(actor=director, on=D(2026, 3, 9))
    await admissions.review(actor=director, admission_id=case["id"], on=D(2026, 3, 10), passed=True)
    await admissions.advance_notices(actor=director, on=D(2026, 3, 17))
    with pytest.raises(Forbidden):
        await admissions.review(actor=director, admission_id=case["id"], on=D(2026, 3, 18), passed=True)
    with pytest.raises(Forbidden):
        await admissions.get_case(actor=actor(county, "director_b"), admission_id=case["id"])


async def test_a_rejected_case_is_closed_and_admits_nobody(county):
    bureau = actor(county, "bureau")
    case = await new_case(county)
    closed = await admissions.review(
        actor=bureau, admission_id=case["id"], on=D(2026, 3, 2), passed=False, note="不符合"
    )
    assert closed["stage"] == "rejected"
    with pytest.raises(Invalid):
        await admissions.review(actor=bureau, admission_id=case["id"], on=D(2026, 3, 3), passed=True)
    assert await Resident.count() == 0
