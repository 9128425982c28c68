"""Actors for service tests, from the county's personas (the same users the controller tests sign in as)."""

from __future__ import annotations

import datetime as dt

from eldercare.auth.actor import Actor
from eldercare.yearend.tables import YearEnd


def actor(county, name: str) -> Actor:
    p = county.personas[name]
    return Actor(user_id=p.user_id, username=p.username, role=p.role, home_id=p.home_id, staff_id=p.staff_id)


async def finalize(year: int) -> None:
    await YearEnd.insert(
        YearEnd(year=year, status="finalized", run_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    ).run()
