"""`eldercare jobs list|run`: one job a line with its next run; exit 0 ok, 1 failed, 2 unknown job or bad period."""

import asyncio
import subprocess
import sys

from eldercare import db
from eldercare.config import child_environment, get_settings
from tests.jobs.helpers import job_runs, marks


def _url() -> str:
    engine = db.get_engine()
    return f"sqlite:///{engine.path}" if db.is_sqlite(engine) else get_settings().database_url


async def eldercare(*args: str) -> subprocess.CompletedProcess:
    env = child_environment(ELDERCARE_DATABASE_URL=_url(), ELDERCARE_JOBS_EXTRA="tests.jobs.testjobs")
    cmd = [sys.executable, "-m", "eldercare.cli", *args]
    root = get_settings().project_root
    return await asyncio.to_thread(subprocess.run, cmd, cwd=root, env=env, capture_output=True, text=True)


async def test_jobs_list_prints_one_job_a_line_with_its_next_run(database):
    listing = await eldercare("jobs", "list")
    assert listing.returncode == 0
    lines = {line.split("\t")[0]: line for line in listing.stdout.splitlines()}
    assert "下次运行 20" in lines["monthly-payments"] and "01:00" in lines["daily-checks"]
    assert "12-31 03:00" in lines["year-end-preview"]


async def test_jobs_run_twice_runs_the_period_once_and_says_so(database):
    first = await eldercare("jobs", "run", "tick", "--period", "1700000000")
    second = await eldercare("jobs", "run", "tick", "--period", "1700000000")
    assert (first.returncode, second.returncode) == (0, 0)
    assert "完成" in first.stderr and "已经运行成功" in second.stderr  # messages on stderr, data on stdout
    assert await marks("test_tick") == ["1700000000#0"] and len(await job_runs("tick")) == 1


async def test_jobs_run_exit_codes_for_failure_unknown_job_bad_period_and_preview(database):
    assert (await eldercare("jobs", "run", "nope")).returncode == 2
    bad = await eldercare("jobs", "run", "monthly-payments", "--period", "2026-13")
    assert bad.returncode == 2 and "期间格式不正确" in bad.stderr
    assert (
        await eldercare("jobs", "run", "daily-checks", "--period", "2026-11-01", "--preview")
    ).returncode == 2
    assert await job_runs("monthly-payments") == []
    assert (await eldercare("jobs", "run", "slow-batch", "--period", "x", "--preview")).returncode == 2
    failed = await eldercare("jobs", "run", "broken", "--period", "x")
    assert failed.returncode == 1 and "总是失败" in failed.stderr
    [row] = await job_runs("broken")
    assert row["status"] == "failed" and "总是失败" in row["error"]
