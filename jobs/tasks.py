"""The jobs' bodies: short async wrappers that turn a period into a call of a domain service.

The services are imported inside each wrapper so the scheduler runs (and reports a clear failure) even
where a service is not installed yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare.auth.actor import SYSTEM


async def monthly_payments(*, period: str, progress: Any = None) -> dict[str, Any]:
    from eldercare.payments.services import create_batch

    return await create_batch(actor=SYSTEM, period=period, progress=progress)


async def daily_checks(*, period: str, progress: Any = None) -> dict[str, Any]:
    from eldercare.residents.services import run_daily_checks

    return await run_daily_checks(actor=SYSTEM, on=dt.date.fromisoformat(period))


async def year_end_preview(*, period: str, progress: Any = None) -> dict[str, Any]:
    from eldercare.yearend.services import missing_inputs, year_end

    result = await year_end(actor=SYSTEM, year=int(period), preview=True)
    return {"preview": result, "missing": await missing_inputs(year=int(period))}
