"""The bureau's jobs page: every job with its next run and its history; "run now" with live progress (htmx)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from eldercare.auth.actor import BUREAU
from eldercare.auth.middleware import requires
from eldercare.config import get_settings
from eldercare.errors import NotFound
from eldercare.web import page_or_partial, render
from jobs import definitions, runs

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
PAGE = 20
STATUS = {"running": ("运行中", "warn"), "succeeded": ("成功", "ok"), "failed": ("失败", "bad")}
CLAIM_MESSAGES = {"done": "该期间已经运行成功，未再运行。", "busy": "该期间正在运行中（可能在另一进程）。"}


def local_time(value: dt.datetime | str | None) -> str:
    """A stored UTC time shown in the county's zone: 2026-11-01 02:00:03."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(ZoneInfo(get_settings().timezone)).strftime("%Y-%m-%d %H:%M:%S")


def summary_items(text: str | None) -> list[tuple[str, str]]:
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return [("", text)]
    if not isinstance(data, dict):
        return [("", str(data))]
    return [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in data.items()]


def _context(**extra: Any) -> dict[str, Any]:
    tz = get_settings().timezone
    return {
        "status_names": STATUS,
        "local_time": local_time,
        "summary_items": summary_items,
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
    async def run_now(self, request: Request, name: str, data: Form) -> Template:
        job = definitions.get(name)
        if job is None:
            raise NotFound("没有这个任务。")
        period = str(data.get("period", "")).strip() or job.latest_due(runs.now_utc())
        problem = job.check_period(period)
        if problem:
            return render(request, "jobs/_run_form.html", status_code=422,
                          **_context(row={"job": job, "due": period, "errors": {"period": problem}}))  # fmt: skip
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
