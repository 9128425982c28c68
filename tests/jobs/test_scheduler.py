"""The scheduler: a missed period caught up once after a restart; two schedulers on one database, each period once."""

import asyncio
import dataclasses
import re
import signal
import subprocess
import sys

import pytest

from eldercare.config import child_environment, get_settings, suite_environment
from eldercare.jobs_tables import JobRun
from jobs import definitions
from jobs.runs import now_utc
from jobs.scheduler import build_scheduler
from tests.conftest import skip_or_fail
from tests.jobs import testjobs  # noqa: F401  (registers the test jobs)
from tests.jobs.helpers import job_runs, marks, wait_for

ONLY_MONTHLY = dataclasses.replace(get_settings(), jobs_enabled=("monthly-tick",))


async def _start_and_stop(settings) -> None:
    scheduler = build_scheduler(settings)
    scheduler.start()
    try:
        await wait_for(lambda: _finished("monthly-tick"))
        await asyncio.sleep(0.3)
    finally:
        scheduler.shutdown(wait=False)


async def _finished(job: str) -> bool:
    return await JobRun.count().where((JobRun.job == job) & (JobRun.status != "running")) > 0


async def test_a_missed_month_is_caught_up_once_after_a_restart(database):
    due = definitions.get("monthly-tick").latest_due(now_utc())
    long_ago = "2000-01"  # the last month that ran before a long downtime
    await JobRun.insert(JobRun(job="monthly-tick", period=long_ago, status="succeeded", started_at=now_utc(),
                               finished_at=now_utc())).run()  # fmt: skip
    await _start_and_stop(ONLY_MONTHLY)
    await _start_and_stop(ONLY_MONTHLY)  # a second restart finds the month done
    assert [r["period"] for r in await job_runs("monthly-tick")] == [long_ago, due]
    assert await marks("test_monthly") == [f"{due}#0"]  # once, not once per missed tick


async def test_the_scheduler_fires_late_runs_once_and_never_two_at_a_time(database):
    scheduler = build_scheduler(ONLY_MONTHLY)
    scheduler.start(paused=True)
    try:
        job = scheduler.get_job("monthly-tick")
        assert (job.coalesce, job.max_instances) == (True, 1)
        assert job.misfire_grace_time >= 3600
        assert scheduler.get_job("retry").args == (["monthly-tick"],)
    finally:
        scheduler.shutdown(wait=False)


def _database_url() -> str:
    return get_settings().database_url


@pytest.mark.postgres
async def test_two_schedulers_on_one_postgresql_database_run_each_period_once(database):
    env = suite_environment()
    if not env["postgres_url"]:
        skip_or_fail("ELDERCARE_TEST_POSTGRES_URL is not set")
    if env["engine"] != "postgres":
        pytest.skip("runs in the PostgreSQL pass of the suite")
    child = child_environment(ELDERCARE_JOBS_EXTRA="tests.jobs.testjobs", ELDERCARE_JOBS="tick",
                              ELDERCARE_DATABASE_URL=_database_url())  # fmt: skip
    root = get_settings().project_root
    procs = [subprocess.Popen([sys.executable, "-m", "eldercare.cli", "scheduler"], cwd=root, env=child,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
    await asyncio.sleep(60)  # a minute of per-second ticks
    logs = []
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        logs.append(await asyncio.to_thread(proc.communicate, timeout=20))
    assert all(proc.returncode == 0 for proc in procs), logs
    rows = await job_runs("tick")
    periods = [r["period"] for r in rows]
    assert len(periods) >= 30 and all(r["status"] == "succeeded" for r in rows)
    assert sorted(await marks("test_tick")) == sorted(f"{p}#0" for p in periods)  # each period once
    successes = [re.findall(r"job tick (\d+): succeeded", err) for _, err in logs]
    assert sorted(successes[0] + successes[1]) == sorted(periods)
    assert all(re.search(r"job tick \d+: (done|busy)", err) for _, err in logs)  # both tried
