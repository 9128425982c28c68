"""build_scheduler(): APScheduler 3 in this process, one cron job per enabled job, plus a catch-up at start.

Exactly-once is the ledger's (jobs/runs.py), never APScheduler's: every process with a scheduler fires every
job (pitfall 17). The memory job store forgets missed ticks across restarts (pitfall 18), so each job also
runs once as soon as the scheduler starts: it runs the latest due period unless the ledger has it already.
A retry sweep (every settings.job_retry_minutes) runs the due periods again: a no-op for those that succeeded,
another attempt for a failed or crashed one, up to settings.job_max_attempts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
from zoneinfo import ZoneInfo

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from eldercare.config import Settings, get_settings
from eldercare.county.workers import Failed, each_county
from jobs import definitions, runs
from jobs.runs import now_utc, run_job

log = logging.getLogger("eldercare.jobs")


async def run_due(name: str) -> None:
    """A tick (or the catch-up at start): run the period due now, through the ledger, in every county.

    Each county runs in its own store with its own ledger row, a few counties at a time (county/workers.py each_county): a
    county that fails (a fund that cannot cover its batch) is recorded as failed alone, and the others go on.
    """
    job = definitions.get(name)
    period = job.latest_due(now_utc())
    settings = get_settings()
    answers = await each_county(lambda _code: run_job(job, period, max_attempts=settings.job_max_attempts),
                                settings.job_counties_at_a_time)  # fmt: skip
    for code, outcome in answers:
        if isinstance(outcome, Failed):  # one county's trouble never stops the others
            log.error("job %s %s in county %s: %s", name, period, code, outcome.error)
            continue
        log.info("job %s %s: %s %s%s", name, outcome.period, outcome.status, outcome.error,
                 f" (county {code})" if code else "")  # fmt: skip


async def retry_due(names: list[str]) -> None:
    """Every job_retry_minutes: the period due now again, for each job (a no-op when it has succeeded)."""
    for name in names:
        await run_due(name)


async def take_over() -> None:
    """Every lease (job_stale_seconds): a period whose run crashed (its heartbeat lapsed) runs again at once,
    in each county's own ledger."""

    async def county(code: str | None) -> None:
        for row in await runs.stale_running():
            job = definitions.get(row["job"])
            if job is not None:
                outcome = await run_job(job, row["period"], max_attempts=get_settings().job_max_attempts)
                log.info("job %s %s county %s taken over: %s %s", job.name, outcome.period, code or "-",
                         outcome.status, outcome.error)  # fmt: skip

    for code, answer in await each_county(county, get_settings().job_counties_at_a_time):
        if isinstance(answer, Failed):
            log.error("taking over in county %s: %s", code, answer.error)


def build_scheduler(settings: Settings | None = None) -> AsyncIOScheduler:
    settings = settings or get_settings()
    tz = ZoneInfo(settings.timezone)
    scheduler = AsyncIOScheduler(
        timezone=tz,
        jobstores={"default": MemoryJobStore()},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": settings.job_misfire_grace_seconds,
        },
    )
    start = dt.datetime.now(tz)
    for job in definitions.enabled_jobs(settings):
        scheduler.add_job(run_due, job.trigger(settings, tz), args=[job.name], id=job.name, name=job.title,
                          next_run_time=start)  # fmt: skip
    names = [job.name for job in definitions.enabled_jobs(settings)]
    scheduler.add_job(retry_due, IntervalTrigger(minutes=settings.job_retry_minutes, timezone=tz), args=[names],
                      id="retry", name="重试失败或中断的任务")  # fmt: skip
    scheduler.add_job(take_over, IntervalTrigger(seconds=max(settings.job_stale_seconds, 1), timezone=tz),
                      id="takeover", name="接管租约已过期的运行")  # fmt: skip
    return scheduler


async def stop_running_tasks(*, timeout: float) -> None:
    """Cancel the jobs still running (their transaction rolls back; the ledger's lease lets the next start
    take the period over) and wait for them, so that every connection can be closed before the loop ends."""
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in others:
        task.cancel()
    if others:
        await asyncio.wait(others, timeout=timeout)


def run_forever() -> int:
    """`eldercare scheduler`: the scheduler alone until SIGTERM or SIGINT."""
    from eldercare.logs import configure_logging

    configure_logging()

    async def main() -> None:
        from eldercare import db

        await db.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        scheduler = build_scheduler()
        scheduler.start()
        log.info("scheduler started: %s", ", ".join(j.id for j in scheduler.get_jobs()))
        try:
            await stop.wait()
            log.info("scheduler stopping")
        finally:
            scheduler.shutdown(wait=False)
            await stop_running_tasks(timeout=5.0)
            await db.stop()

    asyncio.run(main())
    return 0
