"""Counting what the test jobs wrote, and waiting for it."""

from __future__ import annotations

import asyncio

from eldercare.audit.tables import AuditLog
from eldercare.jobs_tables import JobRun


async def marks(table: str) -> list[str]:
    rows = await AuditLog.select(AuditLog.row_id).where(AuditLog.table_name == table).order_by(AuditLog.id)
    return [r["row_id"] for r in rows]


async def job_runs(job: str) -> list[dict]:
    return await JobRun.select().where(JobRun.job == job).order_by(JobRun.period)


async def wait_for(check, *, seconds: float = 15.0, every: float = 0.1):
    for _ in range(int(seconds / every)):
        result = await check()
        if result:
            return result
        await asyncio.sleep(every)
    raise AssertionError("waited in vain")
