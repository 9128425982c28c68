"""三审三公示: admission cases (application → village → township → county), their notices and objections."""

from __future__ import annotations

import datetime as dt

from eldercare.auth.actor import Actor


async def advance_notices(*, actor: Actor, on: dt.date) -> int:
    return 0
