"""The (job, period) ledger: every job runs once per period, whoever starts it and however many schedulers run.

claim() opens one write transaction (IMMEDIATE on SQLite; on PostgreSQL it first takes
pg_try_advisory_xact_lock(hash(job, period)), so two schedulers never both get past it) and then:
- no row: INSERT (job, period) as running (the unique key refuses a second one);
- succeeded: nothing to do, reported as "done";
- running with a recent heartbeat: someone else is on it, reported as "busy";
- failed, or running without a heartbeat for settings.job_stale_seconds (a crashed process): taken over,
  attempts + 1.
The service then runs in its own transaction(s) (all or nothing), and finish() records the outcome. A crash
between the two leaves a stale "running" row; the next run repeats the period, which each service makes
harmless (a batch for a period that has one returns it). Progress and heartbeats are written by a side task
every settings.job_heartbeat_seconds, outside the service's transaction.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from eldercare import db, stores
from eldercare.auth.actor import SYSTEM, Actor
from eldercare.config import get_settings
from eldercare.county.workers import error_text
from eldercare.errors import DomainError, Forbidden, NotFound
from eldercare.jobs_tables import JobRun

log = logging.getLogger("eldercare.jobs")

RUNNING, SUCCEEDED, FAILED = "running", "succeeded", "failed"


class Progress:
    """What a service reports progress through: progress(done, total), called or awaited, both work."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0

    def __call__(self, done: int, total: int | None = None) -> _Done:
        self.done = int(done)
        if total is not None:
            self.total = int(total)
        return _Done()


class _Done:
    def __await__(self):
        return iter(())


@dataclass
class Claim:
    job: str
    period: str
    state: str  # claimed | done | busy | exhausted
    run_id: int | None = None
    attempts: int = 0


@dataclass
class Outcome:
    job: str
    period: str
    status: (
        str  # succeeded | failed | done (already succeeded) | busy | exhausted (retries used up) | preview
    )
    run_id: int | None = None
    attempts: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def lock_key(job: str, period: str, store: str = "") -> int:
    """A stable signed 64-bit key for (job, period) in a store: Python's hash() differs between processes.

    The store is part of it: the counties' schemas share one database, and so its advisory locks; without
    it, two counties claiming the same period at once would see each other as busy."""
    key = f"{job}\x00{period}" + (f"\x00{store}" if store else "")  # the main store's key is as it always was
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def is_stale(row: dict[str, Any], now: dt.datetime, stale_seconds: int) -> bool:
    last = _aware(row.get("heartbeat_at")) or _aware(row["started_at"])
    return last is None or (now - last).total_seconds() >= stale_seconds


async def _claim_in(
    w: db.Writer, job: str, period: str, stale_seconds: int, max_attempts: int | None
) -> Claim:
    if not db.is_sqlite(w.engine):
        got = await w.fetch("SELECT pg_try_advisory_xact_lock(?) AS got", lock_key(job, period, stores.current()))
        if not got[0]["got"]:
            return Claim(job, period, "busy")
    row = await JobRun.select().where((JobRun.job == job) & (JobRun.period == period)).first()
    now = now_utc()
    if row is None:
        run_id = await w.insert(JobRun, job=job, period=period, status=RUNNING, started_at=now,
                                heartbeat_at=now, attempts=1)  # fmt: skip
        return Claim(job, period, "claimed", run_id, 1)
    if row["status"] == SUCCEEDED:
        return Claim(job, period, "done", row["id"], row["attempts"])
    if row["status"] == RUNNING and not is_stale(row, now, stale_seconds):
        return Claim(job, period, "busy", row["id"], row["attempts"])
    if max_attempts is not None and row["attempts"] >= max_attempts:
        return Claim(job, period, "exhausted", row["id"], row["attempts"])
    attempts = row["attempts"] + 1
    await w.update(JobRun, row["id"], status=RUNNING, started_at=now, heartbeat_at=now, finished_at=None,
                   progress=0, total=0, error="", summary="", attempts=attempts)  # fmt: skip
    return Claim(job, period, "claimed", row["id"], attempts)


async def claim(
    job: str, period: str, *, stale_seconds: int | None = None, max_attempts: int | None = None
) -> Claim:
    """Claim (job, period); max_attempts bounds automatic retries (a run by hand passes None)."""
    stale = get_settings().job_stale_seconds if stale_seconds is None else stale_seconds
    try:
        async with db.write(SYSTEM) as w:
            return await _claim_in(w, job, period, stale, max_attempts)
    except sqlite3.IntegrityError:
        return Claim(job, period, "busy")
    except Exception as exc:  # asyncpg's UniqueViolationError, without importing asyncpg on SQLite
        if type(exc).__name__ == "UniqueViolationError":
            return Claim(job, period, "busy")
        raise


def _ours(run: Claim):
    return (JobRun.id == run.run_id) & (JobRun.attempts == run.attempts) & (JobRun.status == RUNNING)


async def beat(run: Claim, progress: Progress) -> None:
    """Heartbeat and progress (not audited: bookkeeping of the run itself, not a change of the county's data)."""
    async with db.write(SYSTEM):
        await JobRun.update(
            {JobRun.heartbeat_at: now_utc(), JobRun.progress: progress.done, JobRun.total: progress.total}
        ).where(_ours(run))


async def _heartbeat(run: Claim, progress: Progress, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            await beat(run, progress)
        except Exception:  # a busy database must not stop the job: the next beat will do
            log.warning("heartbeat of %s %s failed", run.job, run.period, exc_info=True)


def compact(value: Any, depth: int = 0) -> Any:
    """A summary small enough for the jobs page: scalars kept, short lists of scalars kept, else counted."""
    if isinstance(value, dict):
        if depth >= 2:
            return f"{len(value)} 项"
        return {str(k): compact(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if len(value) <= 20 and all(isinstance(v, str | int | float | bool) or v is None for v in value):
            return list(value)
        return f"{len(value)} 项"
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


async def finish(run: Claim, status: str, *, summary: dict[str, Any], error: str, progress: Progress) -> None:
    async with db.write(SYSTEM) as w:
        row = await JobRun.select(JobRun.id).where(_ours(run)).first()
        if row is None:  # taken over meanwhile (we were thought crashed): the newer attempt records
            log.warning("run %s %s attempt %s was taken over", run.job, run.period, run.attempts)
            return
        text = json.dumps(compact(summary), ensure_ascii=False, default=str)
        await w.update(JobRun, run.run_id, status=status, finished_at=now_utc(), heartbeat_at=now_utc(),
                       summary=text, error=error, progress=progress.done, total=progress.total)  # fmt: skip


async def execute(job: Any, run: Claim) -> Outcome:
    """Run a claimed period: the service, a heartbeat beside it, the outcome recorded."""
    progress = Progress()
    beats = asyncio.create_task(_heartbeat(run, progress, get_settings().job_heartbeat_seconds))
    status, summary, error = SUCCEEDED, {}, ""
    try:
        summary = await job.run(period=run.period, progress=progress) or {}
    except DomainError as exc:  # a refusal (a future month, a finalized year): said in one line, no traceback
        status, error = FAILED, error_text(exc)
        log.info("job %s %s refused: %s", run.job, run.period, exc.detail)
    except Exception as exc:
        status, error = FAILED, error_text(exc)
        log.exception("job %s %s failed", run.job, run.period)
    finally:
        beats.cancel()
        await asyncio.gather(beats, return_exceptions=True)  # never leave a beat half-way (its connection)
    await finish(run, status, summary=summary, error=error, progress=progress)
    return Outcome(run.job, run.period, status, run.run_id, run.attempts, summary, error)


async def run_job(
    job: Any,
    period: str,
    *,
    preview: bool = False,
    stale_seconds: int | None = None,
    max_attempts: int | None = None,
) -> Outcome:
    """Run one period through the ledger (or, for a preview, outside it: a preview is not the period's run)."""
    if preview:
        summary = await job.preview(period=period, progress=Progress())
        return Outcome(job.name, period, "preview", summary=summary or {})
    run = await claim(job.name, period, stale_seconds=stale_seconds, max_attempts=max_attempts)
    if run.state != "claimed":
        return Outcome(job.name, period, run.state, run.run_id, run.attempts)
    return await execute(job, run)


async def stale_running(stale_seconds: int | None = None) -> list[dict[str, Any]]:
    """Runs marked running whose lease (the last heartbeat + job_stale_seconds) has lapsed: crashed ones."""
    stale = get_settings().job_stale_seconds if stale_seconds is None else stale_seconds
    now = now_utc()
    rows = await JobRun.select(JobRun.id, JobRun.job, JobRun.period, JobRun.started_at, JobRun.heartbeat_at).where(
        JobRun.status == RUNNING
    )
    return [r for r in rows if is_stale(r, now, stale)]


# Reading the ledger, for the bureau's jobs page.


def _bureau_only(actor: Actor) -> None:
    if not actor.is_bureau:
        raise Forbidden("只有县民政局可以查看和运行定时任务。")


async def list_runs(*, actor: Actor, job: str | None = None, limit: int = 20, offset: int = 0):
    _bureau_only(actor)
    where = JobRun.job == job if job else None
    query = JobRun.select().order_by(JobRun.started_at, ascending=False).order_by(JobRun.id, ascending=False)
    count = JobRun.count()
    if where is not None:
        query, count = query.where(where), count.where(where)
    return await query.limit(limit).offset(offset), await count


async def latest_runs(*, actor: Actor) -> dict[str, dict[str, Any]]:
    """Each job's most recent run, by job name."""
    _bureau_only(actor)
    rows = await JobRun.raw(
        "SELECT * FROM job_run r WHERE r.id = (SELECT s.id FROM job_run s WHERE s.job = r.job "
        "ORDER BY s.started_at DESC, s.id DESC LIMIT 1)"
    )
    return {r["job"]: r for r in rows}


async def get_run(*, actor: Actor, run_id: int) -> dict[str, Any]:
    _bureau_only(actor)
    row = await JobRun.select().where(JobRun.id == run_id).first()
    if row is None:
        raise NotFound("没有这次任务运行记录。")
    return row


_background: set[asyncio.Task] = set()


async def start_now(*, actor: Actor, job: Any, period: str) -> Claim:
    """The jobs page's "run now": claim the period here, run it in the background, return the claim at once."""
    _bureau_only(actor)
    run = await claim(job.name, period)
    if run.state == "claimed":
        log.info("%s runs %s %s by hand", actor.username, job.name, period)
        task = asyncio.create_task(execute(job, run))
        _background.add(task)
        task.add_done_callback(_background.discard)
    return run
