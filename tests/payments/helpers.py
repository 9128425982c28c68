"""Shared set-up for the payments tests: a bureau actor, a year's standard, money in the fund."""

from __future__ import annotations

import datetime as dt

from eldercare.auth.actor import Actor
from eldercare.payments import services

BUREAU = Actor(user_id=0, username="bureau-test", role="bureau")


async def standard(year: int, *, centralized: int = 190_000, dispersed: int = 132_000, full: int = 24_000,
                   partial: int = 0) -> dict:  # fmt: skip
    return await services.put_standard(
        actor=BUREAU, year=year,
        values={"centralized_fen": centralized, "dispersed_fen": dispersed, "supplement_self_care_fen": 0,
                "supplement_partial_fen": partial, "supplement_full_fen": full},
    )  # fmt: skip


async def fund(amount_fen: int = 100_000_000, *, on: dt.date = dt.date(2025, 1, 1), doc: str = "遂民字〔2025〕1号"):
    return await services.add_inflow(actor=BUREAU, dated_on=on, amount_fen=amount_fen, source="县财政",
                                     document_no=doc)  # fmt: skip


async def pay(period: str) -> dict:
    return await services.create_batch(actor=BUREAU, period=period)
