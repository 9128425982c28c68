"""The registry of scheduled jobs: name, trigger, how a local time maps to the period due, what to call.

A job's period is the one due at its latest fire time: the last fire time of the cron trigger (local time,
settings.timezone) not after now, found by a binary search over the look-back window (about 25 calls of the
trigger whatever the cron: never a walk from fire time to fire time, pitfall 27), and that time's local date
names the period (`YYYY-MM`, `YYYY-MM-DD`, `YYYY`). A period that has not begun is refused (check_period). The scheduler, the catch-up on start, `eldercare jobs run`
without --period and the jobs page all use the same function, so they agree on "the period due now".
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from eldercare.config import Settings, get_settings
from jobs import tasks

Runner = Callable[..., Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class JobDef:
    name: str
    title: str  # shown on the jobs page
    trigger: Callable[[Settings, ZoneInfo], BaseTrigger]
    period_of: Callable[[dt.datetime], str]  # a local fire time → its period
    period_pattern: str  # a period typed by hand must match this
    lookback: dt.timedelta  # at least one trigger interval
    run: Runner  # run(period=..., progress=...) → summary
    preview: Runner | None = None  # preview(period=..., progress=...) → summary, writes nothing final

    def check_period(self, period: str, now: dt.datetime | None = None) -> str | None:
        """None when the period is well formed for this job and has begun, else the reason in Chinese."""
        if not re.fullmatch(self.period_pattern, period or ""):
            return f"期间格式不正确：{self.name} 的期间应为 {EXAMPLES.get(self.period_pattern, self.period_pattern)}。"
        if self.period_pattern == DAY and not _valid_day(period):
            return f"日期不存在：{period}。"
        if self.period_pattern in (DAY, MONTH, YEAR):
            today = (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(get_settings().timezone)).date()
            current = {DAY: today.isoformat(), MONTH: f"{today:%Y-%m}", YEAR: f"{today:%Y}"}[self.period_pattern]
            if period > current:  # the same fixed-width form: text order is time order
                return f"期间 {period} 尚未到来（今天是 {today.isoformat()}），不能提前运行。"
        return None

    def next_run(self, now: dt.datetime, settings: Settings | None = None) -> dt.datetime | None:
        settings = settings or get_settings()
        tz = ZoneInfo(settings.timezone)
        return self.trigger(settings, tz).get_next_fire_time(None, now.astimezone(tz))

    def latest_due(self, now: dt.datetime, settings: Settings | None = None) -> str:
        """The period of the last fire time at or before `now` (what a run now, or a catch-up, is for)."""
        settings = settings or get_settings()
        tz = ZoneInfo(settings.timezone)
        last = last_fire_time(self.trigger(settings, tz), now.astimezone(tz), self.lookback)
        return self.period_of(last or now.astimezone(tz))


def last_fire_time(trigger: BaseTrigger, now: dt.datetime, lookback: dt.timedelta) -> dt.datetime | None:
    """The latest fire time in [now - lookback, now], or None: a binary search on whole seconds.

    next(t) = the trigger's first fire time at or after t is non-decreasing in t, so the largest t with
    next(t) <= now gives the answer next(t): log2(lookback in seconds) calls (25 for 367 days).
    """
    now = now.replace(microsecond=0)
    low = now - lookback  # next(low) <= now, or there is no fire time in the window
    first = trigger.get_next_fire_time(None, low)
    if first is None or first > now:
        return None
    lo, hi = 0, int(lookback.total_seconds())  # offsets from low: P(lo) holds; find the largest that does
    while lo < hi:
        mid = (lo + hi + 1) // 2
        fire = trigger.get_next_fire_time(None, low + dt.timedelta(seconds=mid))
        if fire is not None and fire <= now:
            lo = mid
        else:
            hi = mid - 1
    return trigger.get_next_fire_time(None, low + dt.timedelta(seconds=lo))


MONTH, DAY, YEAR = r"\d{4}-(0[1-9]|1[0-2])", r"\d{4}-\d{2}-\d{2}", r"\d{4}"
EXAMPLES = {MONTH: "YYYY-MM（如 2026-11）", DAY: "YYYY-MM-DD（如 2026-11-29）", YEAR: "YYYY（如 2026）"}


def crontab(name: str) -> Callable[[Settings, ZoneInfo], BaseTrigger]:
    return lambda settings, tz: CronTrigger.from_crontab(settings.job_schedules[name], timezone=tz)


def _valid_day(period: str) -> bool:
    try:
        dt.date.fromisoformat(period)
    except ValueError:
        return False
    return True


PRODUCTION = [
    JobDef(
        name="monthly-payments",
        title="每月供养金发放批次",
        trigger=crontab("monthly-payments"),
        period_of=lambda t: f"{t.year:04d}-{t.month:02d}",
        period_pattern=MONTH,
        lookback=dt.timedelta(days=32),
        run=tasks.monthly_payments,
    ),
    JobDef(
        name="daily-checks",
        title="每日公示期限推进与数据核查",
        trigger=crontab("daily-checks"),
        period_of=lambda t: t.date().isoformat(),
        period_pattern=DAY,
        lookback=dt.timedelta(days=2),
        run=tasks.daily_checks,
    ),
    JobDef(
        name="year-end-preview",
        title="年终结算预览与未评分/未考核提醒",
        trigger=crontab("year-end-preview"),
        period_of=lambda t: f"{t.year:04d}",
        period_pattern=YEAR,
        lookback=dt.timedelta(days=367),
        run=tasks.year_end_preview,
        preview=tasks.year_end_preview,
    ),
]

_registry: dict[str, JobDef] = {}
_extras_loaded: set[str] = set()


def register(job: JobDef) -> None:
    """Add (or replace) a job; the test suite registers its own jobs this way."""
    _registry[job.name] = job


def unregister(name: str) -> None:
    _registry.pop(name, None)


def all_jobs(settings: Settings | None = None) -> list[JobDef]:
    """Every registered job (production ones, then those of settings.jobs_extra_modules)."""
    settings = settings or get_settings()
    for job in PRODUCTION:
        _registry.setdefault(job.name, job)
    order = {job.name: i for i, job in enumerate(PRODUCTION)}
    for module in settings.jobs_extra_modules:
        if module not in _extras_loaded:
            importlib.import_module(module)  # it calls register()
            _extras_loaded.add(module)
    return sorted(_registry.values(), key=lambda j: order.get(j.name, len(order)))


def enabled_jobs(settings: Settings | None = None) -> list[JobDef]:
    """The jobs this process schedules: all of them unless ELDERCARE_JOBS names some."""
    settings = settings or get_settings()
    jobs = all_jobs(settings)
    return [j for j in jobs if not settings.jobs_enabled or j.name in settings.jobs_enabled]


def get(name: str, settings: Settings | None = None) -> JobDef | None:
    return {j.name: j for j in all_jobs(settings)}.get(name)
