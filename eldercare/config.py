"""Settings: the only module that reads os.environ. Parsed strictly, frozen, cached."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    timezone: str
    secure_cookies: bool
    session_hours: int
    login_max_failures: int
    login_lock_minutes: int
    notice_days: int
    debug: bool
    project_root: Path

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
        notice_days=_int("ELDERCARE_NOTICE_DAYS", 7),
        debug=_bool("ELDERCARE_DEBUG", False),
        project_root=PROJECT_ROOT,
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
