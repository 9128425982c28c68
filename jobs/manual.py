"""`eldercare jobs list` and `eldercare jobs run NAME [--period P] [--preview]`, through the same ledger.

Exit codes: 0 done (or already done, or previewed), 1 failed (or running elsewhere), 2 unknown job or bad period.
Data on stdout (the list, the run's summary as JSON; with --json one JSON document), messages on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, wait
from zoneinfo import ZoneInfo

from eldercare.config import get_settings
from eldercare.errors import DomainError
from jobs import definitions
from jobs.runs import Outcome, each_county, error_text, now_utc, run_job

MESSAGES = {
    "succeeded": "完成",
    "done": "该期间已经运行成功，本次未做任何事",
    "busy": "该期间正在另一进程中运行",
    "exhausted": "自动重试次数已用完",
    "failed": "失败",
    "preview": "预览（不记为该期间的运行）",
}


def list_jobs(as_json: bool = False) -> int:
    tz = ZoneInfo(get_settings().timezone)
    rows = []
    for job in definitions.all_jobs():
        nxt = job.next_run(now_utc())
        rows.append({"name": job.name, "title": job.title, "next_run": nxt.astimezone(tz).isoformat() if nxt else None})
        if not as_json:
            when = nxt.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if nxt else "-"
            print(f"{job.name}\t下次运行 {when}\t{job.title}")
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
    return 0


def run(name: str, period: str | None, preview: bool, as_json: bool = False, county: str | None = None) -> int:
    job = definitions.get(name)
    if job is None:
        names = "、".join(j.name for j in definitions.all_jobs())
        print(f"eldercare jobs: 没有名为 {name} 的任务（可用：{names}）。", file=sys.stderr)
        return 2
    period = period or job.latest_due(now_utc())
    problem = job.check_period(period)
    if problem is None and preview and job.preview is None:
        problem = f"{name} 不支持预览。"
    if problem:
        print(f"eldercare jobs: {problem}", file=sys.stderr)
        return 2
    at_a_time = get_settings().job_counties_at_a_time
    try:
        if county is None and at_a_time > 1:
            outcomes = _run_in_processes(job, period, preview, at_a_time)
        else:
            outcomes = asyncio.run(_run(job, period, preview, county))
    except DomainError as exc:
        print(f"eldercare jobs: {exc.detail}", file=sys.stderr)
        return 2
    failed = False
    answers = []
    for code, outcome in outcomes:
        where = f"[{code}] " if code and len(outcomes) > 1 else ""
        message = MESSAGES.get(outcome.status, outcome.status)
        print(f"{where}{outcome.job} {outcome.period}: {message}", file=sys.stderr)
        if as_json:
            answers.append({"job": outcome.job, "period": outcome.period, "county": code, "status": outcome.status,
                            "run_id": outcome.run_id, "message": message, "summary": outcome.summary or None,
                            "error": outcome.error or None})  # fmt: skip
        elif outcome.summary:
            print(json.dumps(outcome.summary, ensure_ascii=False, default=str, indent=1))
        if outcome.error:
            print(f"eldercare jobs: {where}{outcome.error}", file=sys.stderr)
        failed = failed or outcome.status in ("failed", "busy")
    if as_json:
        # one county: the outcome as one object; several: a list, each naming its county
        print(json.dumps(answers[0] if len(answers) == 1 else answers, ensure_ascii=False, default=str))
    return 1 if failed else 0


async def _run(
    job: definitions.JobDef, period: str, preview: bool, county: str | None = None
) -> list[tuple[str | None, Outcome]]:
    """The job for one county (--county) or for every county (a few at a time), each in its own store and
    ledger; a county whose run raised is reported failed alone."""
    from eldercare import db

    await db.start()
    try:
        answers = await each_county(lambda _code: run_job(job, period, preview=preview), county)
    finally:
        await db.stop()
    for _code, answer in answers:
        if isinstance(answer, DomainError) and len(answers) == 1:
            raise answer  # --county with a bad period or the like: the one county's refusal is the command's
    return [(code, answer if isinstance(answer, Outcome)
             else Outcome(job.name, period, "failed", error=error_text(answer))) for code, answer in answers]  # fmt: skip


def _run_in_processes(job: definitions.JobDef, period: str, preview: bool,
                      at_a_time: int) -> list[tuple[str | None, Outcome]]:  # fmt: skip
    """Every county, `at_a_time` worker processes at once (each its share of the counties, in turn), so a
    job over a province uses every core: one process runs its Python on one core at a time, whatever runs
    concurrently in it. The workers are forked first, while this process holds no thread and no connection;
    each opens its own. A database of one county runs here, in this process."""
    with ProcessPoolExecutor(max_workers=at_a_time, mp_context=multiprocessing.get_context("fork")) as pool:
        warm = [pool.submit(int) for _ in range(at_a_time)]  # fork them all now, before any thread starts here
        targets = asyncio.run(_targets())
        if len(targets) <= 1:
            return asyncio.run(_run(job, period, preview))
        wait(warm)
        shares = [targets[i::at_a_time] for i in range(at_a_time)]
        done = {code: outcome for share in pool.map(_share_in_worker, [job.name] * at_a_time, [period] * at_a_time,
                                                     [preview] * at_a_time, shares)  # fmt: skip
                for code, outcome in share}
    return [(code, done[code]) for code, _store in targets]


async def _targets() -> list[tuple[str | None, str]]:
    from eldercare import db
    from eldercare.county.directory import county_stores

    await db.start()
    try:
        return await county_stores()
    finally:
        await db.stop()


def _share_in_worker(name: str, period: str, preview: bool,
                     share: list[tuple[str | None, str]]) -> list[tuple[str | None, Outcome]]:  # fmt: skip
    """A worker process: its counties one after another, each in its own store; a raise is that county's failure."""
    from eldercare import db, stores

    job = definitions.get(name)

    async def go() -> list[tuple[str | None, Outcome]]:
        await db.start()
        try:
            outcomes = []
            for code, store in share:
                with stores.use(store, code):
                    try:
                        outcomes.append((code, await run_job(job, period, preview=preview)))
                    except Exception as exc:  # noqa: BLE001 - one county's trouble is its own outcome
                        outcomes.append((code, Outcome(name, period, "failed", error=error_text(exc))))
            return outcomes
        finally:
            await db.stop()

    return asyncio.run(go())


def jobs_command(args: argparse.Namespace) -> int:
    as_json = getattr(args, "json", False)
    if args.jobs_command == "list":
        return list_jobs(as_json)
    return run(args.name, args.period, args.preview, as_json, getattr(args, "county", None))
