"""Pocket money set-up: a year's setting through the service, economy lines written directly."""

from __future__ import annotations

import datetime as dt

from eldercare.economy.tables import EconomyLine
from eldercare.pocket import services
from tests.payments.helpers import BUREAU


async def pocket(year: int, *, source: str = "fund", self_care: int = 5_000, partial: int = 6_000,
                 full: int = 8_000) -> dict:  # fmt: skip
    return await services.put_setting(actor=BUREAU, year=year, values={
        "source": source, "self_care_fen": self_care, "partial_fen": partial, "full_fen": full})  # fmt: skip


async def economy(home: int, amount_fen: int, *, kind: str = "income", on: dt.date = dt.date(2025, 1, 10)) -> None:
    await EconomyLine.insert(EconomyLine(home=home, dated_on=on, kind=kind, category="planting", amount_fen=amount_fen,
                                         note="测试", created_at=dt.datetime(2025, 1, 10, tzinfo=dt.UTC))).run()  # fmt: skip
