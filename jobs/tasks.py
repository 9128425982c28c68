"""The jobs' bodies: short async wrappers that turn a period into a call of a domain service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare.auth.actor import SYSTEM
from eldercare.payments.services import create_batch
from eldercare.residents.services import run_daily_checks
from eldercare.yearend.services import missing_inputs, year_end


async def monthly_payments(*, period: str, progress: Any = None) -> dict[str, Any]:
    return await create_batch(actor=SYSTEM, period=period, progress=progress)


async def daily_checks(*, period: str, progress: Any = None) -> dict[str, Any]:
    return await run_daily_checks(actor=SYSTEM, on=dt.date.fromisoformat(period))


async def year_end_preview(*, period: str, progress: Any = None) -> dict[str, Any]:
    result = await year_end(actor=SYSTEM, year=int(period), preview=True)
    return {"preview": result, "missing": await missing_inputs(year=int(period))}
