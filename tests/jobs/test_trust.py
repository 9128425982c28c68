"""Jobs you can trust: a period not yet begun is refused (nothing written, nothing marked done); a crashed
run is taken over as soon as its lease lapses; the due period costs the same whatever the cron; SIGTERM
stops the scheduler within 10 s; `eldercare jobs run` always exits."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

import tests.jobs.testjobs as testjobs  # registers the test jobs in this process
from eldercare import db
from eldercare.audit.tables import AuditLog
from eldercare.config import child_environment, get_settings
from eldercare.jobs_tables import JobRun
from jobs import definitions, runs
from tests.jobs.helpers import job_runs
from tests.jobs.test_cli import _url, eldercare

TZ = ZoneInfo("Asia/Shanghai")


def _local_today() -> dt.date:
    return dt.datetime.now(TZ).date()


async def test_a_future_period_is_refused_by_the_command_line_and_nothing_is_written(database):
    week_ahead = (_local_today() + dt.timedelta(days=7)).isoformat()
    audit_before = await AuditLog.count()
    refused = await eldercare("jobs", "run", "daily-checks", "--period", week_ahead)
    assert refused.returncode == 2 and "尚未到来" in refused.stderr
    next_month = _local_today().replace(day=1) + dt.timedelta(days=32)
    assert (await eldercare("jobs", "run", "monthly-payments", "--period", f"{next_month:%Y-%m}")).returncode == 2
    assert (await eldercare("jobs", "run", "year-end-preview", "--period", str(_local_today().year + 1))).returncode == 2
    assert await JobRun.count() == 0 and await AuditLog.count() == audit_before


async def test_today_and_earlier_periods_are_not_future():
    job = definitions.get("daily-checks")
    assert job.check_period(_local_today().isoformat()) is None
    assert job.check_period("2020-02-29") is None
    assert "尚未到来" in definitions.get("year-end-preview").check_period(str(_local_today().year + 1))


async def test_the_jobs_page_refuses_a_future_period_with_a_message(client_for):
    bureau = await client_for("bureau")
    week_ahead = (_local_today() + dt.timedelta(days=7)).isoformat()
    page = await bureau.post("/jobs/daily-checks/run", data={"period": week_ahead})
    assert page.status_code == 422 and "尚未到来" in page.text
    assert await job_runs("daily-checks") == []


def test_the_due_period_is_found_in_constant_time_whatever_the_cron():
    every_minute = CronTrigger.from_crontab("* * * * *", timezone=TZ)
    now = dt.datetime(2026, 11, 30, 10, 17, 33, tzinfo=TZ)
    started = time.process_time()
    last = definitions.last_fire_time(every_minute, now, dt.timedelta(days=367))
    assert time.process_time() - started < 0.05
    assert last == dt.datetime(2026, 11, 30, 10, 17, tzinfo=TZ)
    yearly = CronTrigger.from_crontab("0 3 31 12 *", timezone=TZ)
    assert definitions.last_fire_time(yearly, now, dt.timedelta(days=367)) == dt.datetime(2025, 12, 31, 3, tzinfo=TZ)
    assert definitions.last_fire_time(yearly, now, dt.timedelta(days=300)) is None
    monthly = CronTrigger.from_crontab("0 2 1 * *", timezone=TZ)
    assert definitions.last_fire_time(monthly, dt.datetime(2026, 11, 1, 2, tzinfo=TZ), dt.timedelta(days=32)) == \
        dt.datetime(2026, 11, 1, 2, tzinfo=TZ)  # fmt: skip


async def test_a_run_killed_with_sigkill_is_taken_over_as_soon_as_its_lease_lapses(database, monkeypatch):
    lease = 6
    env = child_environment(ELDERCARE_DATABASE_URL=_url(), ELDERCARE_JOBS_EXTRA="tests.jobs.testjobs",
                            ELDERCARE_JOB_HEARTBEAT_SECONDS="1", ELDERCARE_JOB_STALE_SECONDS=str(lease))  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "eldercare.cli", "jobs", "run", "slow-batch", "--period", "crash"],
                            cwd=get_settings().project_root, env=env, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), timeout=60)
        assert "halfway" in line
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    killed_at = time.monotonic()
    job = definitions.get("slow-batch")
    monkeypatch.setattr(testjobs, "PAUSE", 0)
    first = await runs.run_job(job, "crash", stale_seconds=lease)
    assert first.status == "busy"  # its lease still runs: it might be alive
    while True:
        outcome = await runs.run_job(job, "crash", stale_seconds=lease)
        if outcome.status != "busy":
            break
        assert time.monotonic() - killed_at < lease + 3, "not taken over when the lease lapsed"
        await asyncio.sleep(0.25)
    assert outcome.status == "succeeded" and outcome.attempts == 2
    [row] = await job_runs("slow-batch")
    assert row["status"] == "succeeded"


async def test_the_scheduler_takes_over_a_lapsed_run_on_its_own(database, monkeypatch):
    from jobs.scheduler import take_over

    monkeypatch.setattr(testjobs, "PAUSE", 0)
    old = runs.now_utc() - dt.timedelta(seconds=get_settings().job_stale_seconds + 1)
    async with db.write(None) as w:
        await w.insert(JobRun, job="slow-batch", period="lapsed", status="running", started_at=old,
                       heartbeat_at=old, attempts=1)  # fmt: skip
    assert [r["period"] for r in await runs.stale_running()] == ["lapsed"]
    await take_over()
    [row] = await job_runs("slow-batch")
    assert (row["status"], row["attempts"]) == ("succeeded", 2)


async def test_sigterm_stops_the_scheduler_within_ten_seconds(database):
    env = child_environment(ELDERCARE_DATABASE_URL=_url(), ELDERCARE_JOBS_EXTRA="tests.jobs.testjobs",
                            ELDERCARE_JOB_MONTHLY_PAYMENTS_CRON="* * * * *", ELDERCARE_JOB_DAILY_CHECKS_CRON="* * * * *",
                            ELDERCARE_JOB_YEAR_END_PREVIEW_CRON="* * * * *")  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "eldercare.cli", "scheduler"], cwd=get_settings().project_root,
                            env=env, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = await asyncio.to_thread(proc.stderr.readline)
            if "scheduler started" in line or not line:
                break
        await asyncio.sleep(1.5)  # the catch-up runs are under way
        os.kill(proc.pid, signal.SIGTERM)
        sent = time.monotonic()
        code = await asyncio.to_thread(proc.wait, 10)
        assert time.monotonic() - sent < 10 and code == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


async def test_jobs_run_exits_every_time(county):
    """50 runs of the daily checks on a small county: each exits by itself (no thread left behind)."""
    env = child_environment(ELDERCARE_DATABASE_URL=_url())
    first = _local_today() - dt.timedelta(days=60)
    hangs = 0
    for i in range(50):
        cmd = [sys.executable, "-m", "eldercare.cli", "jobs", "run", "daily-checks", "--period",
               (first + dt.timedelta(days=i)).isoformat()]  # fmt: skip
        try:
            done = await asyncio.to_thread(subprocess.run, cmd, cwd=get_settings().project_root, env=env,
                                           capture_output=True, text=True, timeout=60)  # fmt: skip
            assert done.returncode == 0, done.stderr
        except subprocess.TimeoutExpired:
            hangs += 1
    assert hangs == 0
    assert len([r for r in await job_runs("daily-checks") if r["status"] == "succeeded"]) == 50
