"""`eldercare jobs list` and `eldercare jobs run NAME [--period P] [--preview]`, through the same ledger.

Exit codes: 0 done (or already done, or previewed), 1 failed (or running elsewhere), 2 unknown job or bad period.
Data on stdout (the list, the run's summary as JSON; with --json one JSON document), messages on stderr.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from zoneinfo import ZoneInfo

from eldercare.config import get_settings
from eldercare.county.workers import Failed, each_county, in_workers
from eldercare.errors import DomainError
from jobs import definitions
from jobs.runs import Outcome, now_utc, run_job

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
    try:
        answers = in_workers(functools.partial(_job_in_county, job.name, period, preview),
                             get_settings().job_counties_at_a_time, county)  # fmt: skip
        outcomes = _outcomes(job, period, answers)
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
    """In this event loop (a test's): the job for one county or for every county, as the command runs it."""
    from eldercare import db

    answers = await db.started(each_county(functools.partial(_job_in_county, job.name, period, preview),
                                           get_settings().job_counties_at_a_time, only=county))  # fmt: skip
    return _outcomes(job, period, answers)


async def _job_in_county(name: str, period: str, preview: bool, _code: str | None) -> Outcome:
    job = definitions.get(name)
    assert job is not None
    return await run_job(job, period, preview=preview)


def _outcomes(job: definitions.JobDef, period: str,
              answers: list[tuple[str | None, Outcome | Failed]]) -> list[tuple[str | None, Outcome]]:  # fmt: skip
    """A county whose run raised is reported failed alone; the one county's refusal is the command's (exit 2)."""
    if len(answers) == 1 and isinstance(answers[0][1], Failed) and answers[0][1].domain:
        raise DomainError(answers[0][1].error)
    return [(code, answer if isinstance(answer, Outcome)
             else Outcome(job.name, period, "failed", error=answer.error)) for code, answer in answers]  # fmt: skip


def jobs_command(args: argparse.Namespace) -> int:
    as_json = getattr(args, "json", False)
    if args.jobs_command == "list":
        return list_jobs(as_json)
    return run(args.name, args.period, args.preview, as_json, getattr(args, "county", None))
