"""Jobs run once per county, each in its own ledger: a county whose fund is short is refused alone, the other
is paid; standards are each county's own; each county ranks its own homes."""

from __future__ import annotations

import datetime as dt

from eldercare import stores
from eldercare.jobs_tables import JobRun
from eldercare.payments.tables import PaymentBatch
from jobs import definitions
from jobs.manual import _run
from tests.factories import make_resident
from tests.payments.helpers import fund, standard


async def _stop_engine_after(coro):
    # jobs.manual._run starts and stops the engine itself: start it again for the test's own reads
    from eldercare import db

    result = await coro
    await db.start()
    return result


async def _one_paid_and_one_short(two_counties) -> None:
    """遂川县: one resident, its standard and a fund; 万安县: its own standard, a fund of 10 元 for 200 元."""
    a = two_counties.a
    await standard(2025)
    await fund()
    await make_resident(township=a.township_a, home=a.home_a, admitted_on=dt.date(2024, 6, 1))
    with stores.use(two_counties.b_store):
        await standard(2025, centralized=240_000)  # 万安县 pays its own standard
        await fund(1_000, doc="万民字〔2025〕1号")  # 10 元: cannot cover 200 元


async def test_a_short_fund_refuses_its_county_alone_and_the_other_is_paid(two_counties):
    await _one_paid_and_one_short(two_counties)
    job = definitions.get("monthly-payments")
    outcomes = dict(await _stop_engine_after(_run(job, "2025-03", False)))
    assert outcomes["360827"].status == "succeeded"
    assert outcomes["360828"].status == "failed" and "余额" in outcomes["360828"].error
    paid = await PaymentBatch.select(PaymentBatch.period, PaymentBatch.total_fen)
    assert paid == [{"period": "2025-03", "total_fen": 15_833}]
    with stores.use(two_counties.b_store):
        assert await PaymentBatch.select(PaymentBatch.id) == []
        ledger = await JobRun.select(JobRun.job, JobRun.period, JobRun.status)
    assert ledger == [{"job": "monthly-payments", "period": "2025-03", "status": "failed"}]
    assert [r["status"] for r in await JobRun.select(JobRun.status)] == ["succeeded"]
    # the 万安县 bureau tops up; the next run pays 万安县 at its own standard and leaves 遂川县 as it was
    with stores.use(two_counties.b_store):
        await fund(10_000_000, doc="万民字〔2025〕2号")
    outcomes = dict(await _stop_engine_after(_run(job, "2025-03", False)))
    assert outcomes["360827"].status == "done"
    assert outcomes["360828"].status == "succeeded"
    with stores.use(two_counties.b_store):
        assert (await PaymentBatch.select(PaymentBatch.total_fen).first())["total_fen"] == 20_000  # 2,400 元 ÷ 12


async def test_each_county_ranks_its_own_homes(client_of, two_counties):
    from eldercare.yearend.tables import HomeResult
    from tests.factories import make_year_end

    await make_year_end(year=2025, homes=[
        {"home": two_counties.a.home_a, "rank": 1, "total_tenths": 900, "star": 4, "award_fen": 500_000},
        {"home": two_counties.a.home_b, "rank": 2, "total_tenths": 800, "star": 3, "award_fen": 500_000},
    ])  # fmt: skip
    with stores.use(two_counties.b_store):
        await make_year_end(year=2025, homes=[
            {"home": two_counties.b["home"], "rank": 1, "total_tenths": 700, "star": 2, "award_fen": 500_000}])
        assert await HomeResult.count() == 1
    a = await client_of("bureau")
    b = await client_of("bureau_wa")
    ranks_a = (await a.get("/api/v1/years/2025/ranking")).json()["items"]
    ranks_b = (await b.get("/api/v1/years/2025/ranking")).json()["items"]
    assert [(r["rank"], r["home_id"]) for r in ranks_a] == [(1, two_counties.a.home_a), (2, two_counties.a.home_b)]
    assert [(r["rank"], r["home_id"]) for r in ranks_b] == [(1, two_counties.b["home"])]


async def test_a_county_without_its_own_rules_uses_the_provinces_then_the_built_in(client_of, two_counties):
    from eldercare.county.defaults import set_province_default

    a = await client_of("bureau")
    b = await client_of("bureau_wa")
    assert (await b.get("/api/v1/standards/2027")).status_code == 404
    await set_province_default(province="36", year=2027, body={
        "standard": {"centralized_fen": 200_000, "dispersed_fen": 140_000, "supplement_self_care_fen": 0,
                     "supplement_partial_fen": 0, "supplement_full_fen": 0},
        "year_settings": {"award_count": 3, "tiers_fen": {"excellent": 25_000}},
    })  # fmt: skip
    assert (await b.get("/api/v1/standards/2027")).json()["centralized_fen"] == 200_000
    # 遂川县 sets its own: it wins there, 万安县 keeps the province's
    put = await a.put("/api/v1/standards/2027", json={"centralized_fen": 210_000, "dispersed_fen": 150_000,
                                                       "care_supplement_fen": {"self_care": 0, "partial": 0, "full": 0}})
    assert put.status_code == 200, put.text
    assert (await a.get("/api/v1/standards/2027")).json()["centralized_fen"] == 210_000
    assert (await b.get("/api/v1/standards/2027")).json()["centralized_fen"] == 200_000
    from eldercare.yearend.inputs import year_settings

    with stores.use(two_counties.b_store, "360828"):
        settings = await year_settings(2027)
    assert settings["award_count"] == 3 and settings["award_fen"] == 500_000
    assert settings["tiers_fen"]["excellent"] == 25_000 and settings["tiers_fen"]["competent"] == 15_000
    with stores.use(two_counties.b_store, "360828"):
        assert (await year_settings(2028))["award_count"] == 6  # no province default: the rule book's


async def test_the_command_runs_counties_in_worker_processes_and_a_short_fund_fails_alone(two_counties):
    import json

    from tests.foundation.test_cli import eldercare

    await _one_paid_and_one_short(two_counties)
    result = await eldercare("jobs", "run", "monthly-payments", "--period", "2025-03", "--json")
    assert result.returncode == 1, result.stderr  # one county failed
    answers = json.loads(result.stdout)
    assert [(x["county"], x["status"]) for x in answers] == [("360827", "succeeded"), ("360828", "failed")]
    assert "余额" in answers[1]["error"] and answers[0]["summary"]["total_fen"] == 15_833
    again = json.loads((await eldercare("jobs", "run", "monthly-payments", "--period", "2025-03", "--json")).stdout)
    assert [x["status"] for x in again] == ["done", "failed"]  # paid once; the short county still refused
    checked = await eldercare("verify", "--json")
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    assert report["ok"] and any(k.startswith("360828/") for k in report["chains"])
    assert (await PaymentBatch.select(PaymentBatch.total_fen)) == [{"total_fen": 15_833}]
