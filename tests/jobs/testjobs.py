"""Test-only jobs, registered on import (ELDERCARE_JOBS_EXTRA=tests.jobs.testjobs does it in a subprocess).

Each writes audit rows (table_name names the job, row_id the period) so a test can count what really ran.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys

from apscheduler.triggers.cron import CronTrigger

from eldercare import db
from eldercare.auth.actor import SYSTEM
from jobs.definitions import MONTH, JobDef, crontab, register

PAUSE = 30.0  # slow-batch sleeps this long halfway (the SIGKILL test kills it then); tests set 0 in-process
FAIL_NEXT: list[str] = []  # periods of "flaky" that fail once


async def _mark(table: str, period: str, n: int = 1) -> None:
    async with db.write(SYSTEM) as w:
        for i in range(n):
            await w.audit(table=table, row_id=f"{period}#{i}", action="run", before=None, after={"i": i})


async def tick(*, period: str, progress=None) -> dict:
    await _mark("test_tick", period)
    return {"period": period}


async def monthly(*, period: str, progress=None) -> dict:
    await _mark("test_monthly", period)
    return {"period": period}


async def flaky(*, period: str, progress=None) -> dict:
    if period in FAIL_NEXT:
        FAIL_NEXT.remove(period)
        raise RuntimeError("故意失败")
    await _mark("test_flaky", period)
    return {"ok": 1}


async def broken(*, period: str, progress=None) -> dict:
    raise RuntimeError("总是失败")


async def slow_batch(*, period: str, progress=None) -> dict:
    """Ten rows in ONE transaction, sleeping after the fifth: a kill then leaves nothing behind."""
    async with db.write(SYSTEM) as w:
        for i in range(10):
            await w.audit(
                table="test_batch", row_id=f"{period}#{i}", action="run", before=None, after={"i": i}
            )
            await progress(i + 1, 10)
            if i == 4:
                print("halfway", flush=True)
                sys.stdout.flush()
                await asyncio.sleep(PAUSE)
    return {"rows": 10}


def _epoch(t: dt.datetime) -> str:
    return str(int(t.timestamp()))


def _never(settings, tz):
    return CronTrigger(year=2999, timezone=tz)


register(
    JobDef(
        name="tick",
        title="测试：每秒",
        trigger=lambda s, tz: CronTrigger(second="*", timezone=tz),
        period_of=_epoch,
        period_pattern=r"\d{10}",
        lookback=dt.timedelta(seconds=3),
        run=tick,
    )
)
register(
    JobDef(
        name="flaky",
        title="测试：失败一次",
        trigger=_never,
        period_of=lambda t: t.date().isoformat(),
        period_pattern=r"[\w-]{1,10}",
        lookback=dt.timedelta(days=1),
        run=flaky,
    )
)
register(
    JobDef(
        name="slow-batch",
        title="测试：慢批次",
        trigger=_never,
        period_of=lambda t: t.date().isoformat(),
        period_pattern=r"[\w-]{1,10}",
        lookback=dt.timedelta(days=1),
        run=slow_batch,
    )
)
register(
    JobDef(
        name="monthly-tick",
        title="测试：每月",
        trigger=crontab("monthly-payments"),
        period_of=lambda t: f"{t.year:04d}-{t.month:02d}",
        period_pattern=MONTH,
        lookback=dt.timedelta(days=32),
        run=monthly,
    )
)
register(
    JobDef(
        name="broken",
        title="测试：总是失败",
        trigger=_never,
        period_of=lambda t: t.date().isoformat(),
        period_pattern=r"[\w-]{1,10}",
        lookback=dt.timedelta(days=1),
        run=broken,
    )
)
