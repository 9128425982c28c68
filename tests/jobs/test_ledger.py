"""The (job, period) ledger: once per period, a failed or crashed run can be run again, a preview is not a run."""

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys

from eldercare import db
from eldercare.config import child_environment, get_settings
from eldercare.jobs_tables import JobRun
from jobs import definitions, runs
from tests.jobs import testjobs
from tests.jobs.helpers import job_runs, marks

ROOT = get_settings().project_root


def tick_job():
    return definitions.get("tick")


async def test_a_job_run_twice_for_one_period_runs_once(database):
    first = await runs.run_job(tick_job(), "1700000000")
    second = await runs.run_job(tick_job(), "1700000000")
    assert (first.status, second.status) == ("succeeded", "done")
    assert await marks("test_tick") == ["1700000000#0"]
    [row] = await job_runs("tick")
    assert row["status"] == "succeeded" and row["attempts"] == 1 and row["finished_at"] is not None


async def test_two_runs_at_the_same_moment_run_the_period_once(database):
    outcomes = await asyncio.gather(*(runs.run_job(tick_job(), "1700000001") for _ in range(4)))
    assert sorted(o.status for o in outcomes).count("succeeded") == 1
    assert await marks("test_tick") == ["1700000001#0"]


async def test_a_failed_run_is_recorded_with_its_error_and_can_be_run_again(database):
    testjobs.FAIL_NEXT.append("2026-11-01")
    failed = await runs.run_job(definitions.get("flaky"), "2026-11-01")
    assert failed.status == "failed" and "故意失败" in failed.error
    [row] = await job_runs("flaky")
    assert row["status"] == "failed" and "故意失败" in row["error"] and await marks("test_flaky") == []
    again = await runs.run_job(definitions.get("flaky"), "2026-11-01")
    assert again.status == "succeeded" and again.attempts == 2
    [row] = await job_runs("flaky")
    assert (row["status"], row["attempts"], row["error"]) == ("succeeded", 2, "")
    assert await marks("test_flaky") == ["2026-11-01#0"]


async def test_automatic_retries_stop_after_the_maximum_but_a_run_by_hand_still_runs(database):
    flaky = definitions.get("flaky")
    testjobs.FAIL_NEXT.extend(["p3", "p3"])
    assert (await runs.run_job(flaky, "p3", max_attempts=2)).status == "failed"
    assert (await runs.run_job(flaky, "p3", max_attempts=2)).status == "failed"
    assert (await runs.run_job(flaky, "p3", max_attempts=2)).status == "exhausted"
    by_hand = await runs.run_job(flaky, "p3")
    assert (by_hand.status, by_hand.attempts) == ("succeeded", 3)


async def test_a_running_period_with_a_fresh_heartbeat_is_left_alone_and_a_stale_one_is_taken_over(database):
    now = runs.now_utc()
    await JobRun.insert(JobRun(job="tick", period="1700000002", status="running", started_at=now,
                               heartbeat_at=now)).run()  # fmt: skip
    assert (await runs.run_job(tick_job(), "1700000002")).status == "busy"
    old = now - dt.timedelta(seconds=get_settings().job_stale_seconds + 1)
    await JobRun.update({JobRun.heartbeat_at: old}).where(JobRun.period == "1700000002")
    taken = await runs.run_job(tick_job(), "1700000002")
    assert taken.status == "succeeded" and taken.attempts == 2


async def test_a_preview_is_not_recorded_as_the_periods_run(database):
    job = definitions.JobDef(**{**tick_job().__dict__, "name": "tick-preview", "preview": testjobs.tick})
    outcome = await runs.run_job(job, "1700000003", preview=True)
    assert outcome.status == "preview" and await job_runs("tick-preview") == []


def _database_url() -> str:
    engine = db.get_engine()
    return f"sqlite:///{engine.path}" if db.is_sqlite(engine) else get_settings().database_url


async def test_a_batch_killed_halfway_leaves_nothing_and_its_rerun_equals_a_clean_run(database, monkeypatch):
    env = child_environment(
        ELDERCARE_DATABASE_URL=_database_url(), ELDERCARE_JOBS_EXTRA="tests.jobs.testjobs"
    )
    proc = subprocess.Popen([sys.executable, "-m", "eldercare.cli", "jobs", "run", "slow-batch", "--period",
                             "killed"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        line = await asyncio.to_thread(proc.stdout.readline)
        assert line.strip() == "halfway"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    [row] = await job_runs("slow-batch")
    assert row["status"] == "running" and await marks("test_batch") == []  # nothing half-written

    monkeypatch.setattr(testjobs, "PAUSE", 0)
    rerun = await runs.run_job(definitions.get("slow-batch"), "killed", stale_seconds=0)
    clean = await runs.run_job(definitions.get("slow-batch"), "clean")
    assert (rerun.status, rerun.attempts, clean.status) == ("succeeded", 2, "succeeded")
    written = await marks("test_batch")
    assert [m.split("#")[1] for m in written if m.startswith("killed")] == [str(i) for i in range(10)]
    assert [m.split("#")[1] for m in written if m.startswith("clean")] == [str(i) for i in range(10)]
    rows = {r["period"]: r for r in await job_runs("slow-batch")}
    for key in ("status", "progress", "total", "summary", "error"):
        assert rows["killed"][key] == rows["clean"][key], key
