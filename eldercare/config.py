"""Settings: the only module that reads os.environ. Parsed strictly, frozen, cached."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


class SettingsError(ValueError):
    pass


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, not {raw!r}") from exc


def _names(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (os.environ.get(name) or "").split(",") if part.strip())


# Crontab lines (minute hour day month weekday), local time: ELDERCARE_JOB_<NAME>_CRON overrides one.
DEFAULT_JOB_SCHEDULES = {
    "monthly-payments": "0 2 1 * *",
    "daily-checks": "0 1 * * *",
    "year-end-preview": "0 3 31 12 *",
}


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    timezone: str
    secure_cookies: bool
    session_hours: int
    login_max_failures: int
    login_lock_minutes: int
    login_max_per_address: int  # attempts per client address in the window (auth/throttle.py)
    login_max_global: int  # attempts by everyone in the window: the ceiling
    token_days: int  # an API token's default lifetime
    notice_days: int
    debug: bool
    project_root: Path
    # The scheduled jobs (jobs/definitions.py): crontab lines read in `timezone`, and the ledger's clocks.
    job_schedules: dict[str, str] = field(default_factory=dict)
    jobs_enabled: tuple[str, ...] = ()  # empty: every registered job
    jobs_extra_modules: tuple[str, ...] = ()  # modules that register more jobs (the test suite's)
    job_misfire_grace_seconds: int = 6 * 3600
    job_heartbeat_seconds: int = 5
    job_stale_seconds: int = 30  # the lease: a running period without a heartbeat this long is taken over
    job_retry_minutes: int = 30  # how often failed or crashed periods are retried, automatically…
    job_max_attempts: int = 5  # …up to this many attempts (by hand: always)
    job_counties_at_a_time: int = 2  # a job over every county runs this many counties' periods at once

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")


PROJECT_ROOT = Path(__file__).resolve().parent.parent


def load_settings() -> Settings:
    url = os.environ.get("ELDERCARE_DATABASE_URL") or "sqlite:///var/eldercare.sqlite3"
    if not (url.startswith("sqlite:///") or url.startswith(("postgresql://", "postgres://"))):
        raise SettingsError("ELDERCARE_DATABASE_URL must start with sqlite:/// or postgresql://")
    return Settings(
        database_url=url,
        secret_key=os.environ.get("ELDERCARE_SECRET_KEY") or secrets.token_hex(32),
        timezone=os.environ.get("ELDERCARE_TIMEZONE") or "Asia/Shanghai",
        secure_cookies=_bool("ELDERCARE_SECURE_COOKIES", False),
        session_hours=_int("ELDERCARE_SESSION_HOURS", 12),
        login_max_failures=_int("ELDERCARE_LOGIN_MAX_FAILURES", 5),
        login_lock_minutes=_int("ELDERCARE_LOGIN_LOCK_MINUTES", 15),
        login_max_per_address=_int("ELDERCARE_LOGIN_MAX_PER_ADDRESS", 20),
        login_max_global=_int("ELDERCARE_LOGIN_MAX_GLOBAL", 200),
        token_days=_int("ELDERCARE_TOKEN_DAYS", 90),
        notice_days=_int("ELDERCARE_NOTICE_DAYS", 7),
        debug=_bool("ELDERCARE_DEBUG", False),
        project_root=PROJECT_ROOT,
        job_schedules={
            name: os.environ.get(f"ELDERCARE_JOB_{name.upper().replace('-', '_')}_CRON") or default
            for name, default in DEFAULT_JOB_SCHEDULES.items()
        },
        jobs_enabled=_names("ELDERCARE_JOBS"),
        jobs_extra_modules=_names("ELDERCARE_JOBS_EXTRA"),
        job_misfire_grace_seconds=_int("ELDERCARE_JOB_MISFIRE_GRACE_SECONDS", 6 * 3600),
        job_heartbeat_seconds=_int("ELDERCARE_JOB_HEARTBEAT_SECONDS", 5),
        job_stale_seconds=_int("ELDERCARE_JOB_STALE_SECONDS", 30),
        job_retry_minutes=_int("ELDERCARE_JOB_RETRY_MINUTES", 30),
        job_max_attempts=_int("ELDERCARE_JOB_MAX_ATTEMPTS", 5),
        job_counties_at_a_time=max(1, _int("ELDERCARE_JOB_COUNTIES_AT_A_TIME", 2)),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def suite_environment() -> dict[str, str | None]:
    """The test suite's switches, read here so that tests too never touch os.environ directly."""
    return {
        "engine": os.environ.get("ELDERCARE_TEST_ENGINE", "sqlite"),
        "postgres_url": os.environ.get("ELDERCARE_TEST_POSTGRES_URL"),
        "ci": os.environ.get("CI"),
    }


def child_environment(**overrides: str) -> dict[str, str]:
    """This process's environment with some variables replaced: for the subprocesses the tests start."""
    return {**os.environ, **overrides}
