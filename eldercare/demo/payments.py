"""供养金 in the demo: standards for 2025 and 2026 (集中 1,920 元, 分散 1,320 元 a year), quarterly appropriations
into the special fund with document numbers, and every monthly batch from 2025-01 to 2026-11."""

from __future__ import annotations

import datetime as dt

from eldercare.auth.actor import SYSTEM
from eldercare.db import Writer
from eldercare.payments import rules
from eldercare.payments.services import last_balance, make_batch
from eldercare.payments.tables import FundEntry, Standard

CHINA = dt.timezone(dt.timedelta(hours=8))
QUARTERLY_FEN = 90_000_000  # 90 万元 a quarter: more than three months of batches for the demo county
LAST_PERIOD = "2026-11"


async def load(w: Writer, county: dict) -> None:
    for year in (2025, 2026):
        await w.insert(Standard, year=year, version=1, centralized_fen=192_000, dispersed_fen=132_000,
                       supplement_self_care_fen=0, supplement_partial_fen=0, supplement_full_fen=0,
                       set_at=dt.datetime(year - 1, 12, 15, 9, tzinfo=CHINA), set_by=None)  # fmt: skip
    period = "2025-01"
    while period <= LAST_PERIOD:
        year, month = rules.parse_period(period)
        if month % 3 == 1:
            await _appropriation(w, year=year, quarter=month // 3 + 1)
        await make_batch(w, actor=SYSTEM, period=period, now=dt.datetime(year, month, 1, 9, tzinfo=CHINA))
        period = rules.next_period(period)


async def _appropriation(w: Writer, *, year: int, quarter: int) -> None:
    balance = await last_balance(w) + QUARTERLY_FEN
    on = dt.date(year, quarter * 3 - 2, 1) - dt.timedelta(days=5)
    await w.insert(FundEntry, dated_on=on, kind="inflow", amount_fen=QUARTERLY_FEN, balance_after_fen=balance,
                   source="县财政局（中央、省、县三级配套）", document_no=f"遂财社〔{year}〕{quarter * 7 + 3}号",
                   created_at=dt.datetime(year, 1, 1, tzinfo=CHINA), created_by=None)  # fmt: skip
