"""零用钱 in the demo: the 2026 setting (from the support fund: 全自理 30 元, 半失能 40 元, 全失能 50 元 a month),
loaded before the batches so that each 2026 batch pays it as the monthly job would."""

from __future__ import annotations

import datetime as dt

from eldercare.db import Writer
from eldercare.pocket.tables import PocketMoneySetting

CHINA = dt.timezone(dt.timedelta(hours=8))


async def pocket_money_setting(w: Writer) -> None:
    await w.insert(PocketMoneySetting, year=2026, source="fund", self_care_fen=3_000, partial_fen=4_000,
                   full_fen=5_000, set_at=dt.datetime(2025, 12, 20, 9, tzinfo=CHINA), set_by=None)  # fmt: skip


async def load(w: Writer, county: dict) -> None:
    await pocket_money_setting(w)
