"""Which period a job runs: the period of its last fire time, in Asia/Shanghai (no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from jobs import definitions
from jobs.runs import Progress, compact, is_stale, lock_key

CST = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CST)


@pytest.mark.parametrize(
    "now, period",
    [
        (at(2026, 11, 1, 1, 59), "2026-10"),  # before 02:00 on the 1st: October is still the latest due
        (at(2026, 11, 1, 2, 0), "2026-11"),
        (at(2026, 11, 29, 12, 0), "2026-11"),
        (at(2027, 1, 1, 2, 30), "2027-01"),
        # 2026-10-31 18:30 UTC is 2026-11-01 02:30 in Shanghai: the local month counts (pitfall 22)
        (dt.datetime(2026, 10, 31, 18, 30, tzinfo=dt.UTC), "2026-11"),
    ],
)
def test_the_monthly_batch_is_for_the_month_of_its_last_local_fire_time(now, period):
    assert definitions.get("monthly-payments").latest_due(now) == period


def test_the_daily_checks_before_one_oclock_are_still_yesterdays():
    job = definitions.get("daily-checks")
    assert job.latest_due(at(2026, 11, 29, 0, 30)) == "2026-11-28"
    assert job.latest_due(at(2026, 11, 29, 1, 0)) == "2026-11-29"


def test_the_year_end_preview_is_due_from_31_december_at_three():
    job = definitions.get("year-end-preview")
    assert job.latest_due(at(2026, 12, 31, 2, 59)) == "2025"
    assert job.latest_due(at(2026, 12, 31, 3, 0)) == "2026"
    assert job.latest_due(at(2027, 6, 1)) == "2026"


def test_the_next_run_of_the_monthly_batch_is_the_first_at_two_local_time():
    nxt = definitions.get("monthly-payments").next_run(at(2026, 11, 29, 12, 0))
    assert nxt == at(2026, 12, 1, 2, 0)


@pytest.mark.parametrize(
    "name, good, bad",
    [
        ("monthly-payments", "2026-11", ["2026-13", "2026-1", "202611", ""]),
        ("daily-checks", "2026-02-28", ["2026-02-30", "2026-2-1", "2026-02"]),
        ("year-end-preview", "2026", ["26", "2026-12"]),
    ],
)
def test_a_period_typed_by_hand_must_have_the_jobs_form(name, good, bad):
    job = definitions.get(name)
    assert job.check_period(good) is None
    assert all(job.check_period(b) for b in bad)


def test_the_lock_key_is_stable_and_distinguishes_periods():
    assert lock_key("monthly-payments", "2026-11") == lock_key("monthly-payments", "2026-11")
    assert lock_key("monthly-payments", "2026-11") != lock_key("monthly-payments", "2026-12")
    assert -(2**63) <= lock_key("a", "b") < 2**63


def test_each_county_s_store_has_its_own_lock_for_a_period():
    assert lock_key("monthly-payments", "2026-11", "c360828") != lock_key("monthly-payments", "2026-11")
    assert lock_key("monthly-payments", "2026-11", "c360828") == lock_key("monthly-payments", "2026-11", "c360828")


def test_a_run_is_stale_when_its_heartbeat_is_older_than_the_limit():
    now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    row = {"started_at": now - dt.timedelta(hours=1), "heartbeat_at": now - dt.timedelta(seconds=599)}
    assert not is_stale(row, now, 600)
    assert is_stale({**row, "heartbeat_at": now - dt.timedelta(seconds=600)}, now, 600)


async def test_progress_can_be_called_or_awaited():
    progress = Progress()
    progress(3, 10)
    await progress(4)
    assert (progress.done, progress.total) == (4, 10)


def test_a_summary_keeps_numbers_and_counts_long_lists():
    summary = compact({"count": 3, "homes": ["甲", "乙"], "rows": [{"a": 1}] * 50})
    assert summary == {"count": 3, "homes": ["甲", "乙"], "rows": "50 项"}
