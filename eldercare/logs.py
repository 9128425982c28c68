"""Log lines with their time in the county's time zone (Settings.timezone, Asia/Shanghai by default)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from eldercare.config import get_settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class LocalTimeFormatter(logging.Formatter):
    """asctime in the configured zone with its offset: 2026-12-02 06:30:00+0800."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 (logging's name)
        moment = dt.datetime.fromtimestamp(record.created, ZoneInfo(get_settings().timezone))
        return moment.strftime(datefmt or "%Y-%m-%d %H:%M:%S%z")


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A dictConfig for our loggers and uvicorn's (its access lines included), all through one formatter."""
    formatter = {"()": "eldercare.logs.LocalTimeFormatter", "fmt": FORMAT}
    handler = {"class": "logging.StreamHandler", "formatter": "local", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"local": formatter},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["default"], "level": level, "propagate": False},
        },
    }


def configure_logging(level: str = "INFO") -> None:
    import logging.config

    logging.config.dictConfig(logging_config(level))
