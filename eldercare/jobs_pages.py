"""The bureau's jobs page: every job with its next run and its history; "run now" with live progress (htmx)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Template

from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires
from eldercare.config import get_settings
from eldercare.errors import NotFound
from eldercare.forms import FormReader
from eldercare.money import format_fen
from eldercare.web import local_moment, page_or_partial, render
from jobs import definitions, runs

PAGE = 20
PERIOD_MAX = 20  # above YYYY-MM-DD, the longest period a job has
STATUS = {"running": ("运行中", "warn"), "succeeded": ("成功", "ok"), "failed": ("失败", "bad")}
CLAIM_MESSAGES = {"done": "该期间已经运行成功，未再运行。", "busy": "该期间正在运行中（可能在另一进程）。"}


def local_time(value: dt.datetime | str | None) -> str:
    """A stored UTC time shown in the county's zone: 2026-11-01 02:00:03."""
    return "" if value in (None, "") else local_moment(value).strftime("%Y-%m-%d %H:%M:%S")


def _count(value: Any) -> int:
    """A count from a compacted summary value: a short list kept as it was, or "N 项"."""
    if isinstance(value, list | tuple | dict):
        return len(value)
    if isinstance(value, str) and value.endswith(" 项"):
        return int(value[:-2] or 0)
    return int(value or 0)


def _payments_text(d: dict[str, Any]) -> str:
    made = "本次生成" if d.get("created") else "批次已存在，未重复发放"
    return f"{d.get('period', '')} 供养金：{d.get('count', 0)} 人，合计 {format_fen(int(d.get('total_fen') or 0))} 元（{made}）。"


def _checks_text(d: dict[str, Any]) -> str:
    return (f"公示期满推进 {d.get('notices_advanced', 0)} 件；数据核查发现问题 {d.get('findings', 0)} 条"
            + ("，请到专项治理页处理。" if d.get("findings") else "。"))  # fmt: skip


def _year_end_text(d: dict[str, Any]) -> str:
    preview = d.get("preview") if isinstance(d.get("preview"), dict) else {}
    missing = d.get("missing") if isinstance(d.get("missing"), dict) else {}
    year = missing.get("year") or preview.get("year") or ""
    return (f"{year}年度年终结算预览：{_count(preview.get('homes'))} 所敬老院参加排名，"
            f"{_count(preview.get('staff'))} 名工作人员；尚有 {_count(missing.get('homes_not_scored'))} 所未评分、"
            f"{_count(missing.get('staff_not_assessed'))} 人未考核。")  # fmt: skip


SUMMARY_TEXT = {"monthly-payments": _payments_text, "daily-checks": _checks_text, "year-end-preview": _year_end_text}


def summary_text(job: str, text: str | None) -> str:
    """A run's summary as a Chinese sentence (the stored summary is JSON for the API)."""
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    describe = SUMMARY_TEXT.get(job)
    if not isinstance(data, dict) or describe is None:
        return "已完成。"
    try:
        return describe(data)
    except (TypeError, ValueError):
        return "已完成。"


def job_title(name: str) -> str:
    job = next((j for j in definitions.all_jobs() if j.name == name), None)
    return job.title if job else name


def _context(**extra: Any) -> dict[str, Any]:
    tz = get_settings().timezone
    return {
        "status_names": STATUS,
        "local_time": local_time,
        "summary_text": summary_text,
        "job_title": job_title,
        "tz": tz,
        **extra,
    }


def _jobs_table(latest: dict[str, dict[str, Any]], errors: dict[str, dict[str, str]] | None = None):
    now = runs.now_utc()
    return [
        {"job": j, "next": local_time(j.next_run(now)), "due": j.latest_due(now), "last": latest.get(j.name),
         "errors": (errors or {}).get(j.name, {})}
        for j in definitions.all_jobs()
    ]  # fmt: skip


class JobsPages(Controller):
    path = "/jobs"
    guards = [requires(BUREAU)]

    @get("/")
    async def index(self, request: Request, offset: int = 0, job: str | None = None) -> Template:
        latest = await runs.latest_runs(actor=request.user)
        history, total = await runs.list_runs(actor=request.user, job=job, limit=PAGE, offset=max(offset, 0))
        base = f"/jobs?job={job}&" if job else "/jobs?"
        return page_or_partial(request, "jobs/index.html", "jobs/_history.html",
                               **_context(jobs=_jobs_table(latest), history=history, total=total,
                                          limit=PAGE, offset=offset, base=base, job=job))  # fmt: skip

    @post("/{name:str}/run", status_code=200)
    async def run_now(self, request: Request, name: str) -> Template:
        """立即运行: the job named in the path, for the period typed (it must be well formed and have begun)."""
        job = definitions.get(name)
        if job is None:
            raise NotFound("没有这个任务。")
        f = FormReader(await request.form())
        period = f.text("period", max_length=PERIOD_MAX)  # blank: check_period names the form it wants
        problem = f.errors.get("period") or job.check_period(period)
        if problem:
            typed = period or job.latest_due(runs.now_utc())
            return render(request, "jobs/_run_form.html", status_code=422,
                          **_context(row={"job": job, "due": typed, "errors": {"period": problem}}))  # fmt: skip
        claim = await runs.start_now(actor=request.user, job=job, period=period)
        run = await runs.get_run(actor=request.user, run_id=claim.run_id) if claim.run_id else None
        row = {"job": job, "due": period, "errors": {}}
        return render(request, "jobs/_run_form.html",
                      **_context(row=row, run=run, message=CLAIM_MESSAGES.get(claim.state, "")))  # fmt: skip

    @get("/runs/{run_id:int}")
    async def show_run(self, request: Request, run_id: int) -> Template:
        run = await runs.get_run(actor=request.user, run_id=run_id)
        return page_or_partial(request, "jobs/run.html", "jobs/_run.html",
                               **_context(run=run, message="", job=definitions.get(run["job"])))  # fmt: skip
