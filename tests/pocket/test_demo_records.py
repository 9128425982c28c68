"""The demo county carries each of issue 16's records: pocket money paid with the 2026 batches, 代管金, 供养证,
agreements with visits (three overdue), the 2025 self-assessments, evidence and the answered objection."""

import datetime as dt

from eldercare import db
from eldercare.demo import load_demo
from eldercare.residents.support import visits_overdue


async def test_the_demo_has_every_record(database):
    assert await load_demo()
    await db.start()
    counts = {t: (await db.fetch(f"SELECT COUNT(*) AS n FROM {t}"))[0]["n"] for t in (
        "pocket_money_line", "savings_entry", "support_certificate", "support_agreement", "caretaker_visit",
        "rating_self_score", "rating_evidence", "rating_objection")}  # fmt: skip
    assert all(counts.values()), counts
    months = await db.fetch("SELECT DISTINCT for_period FROM pocket_money_line ORDER BY for_period")
    assert [m["for_period"] for m in months] == [f"2026-{m:02d}" for m in range(1, 12)]
    assert len(await visits_overdue(on=dt.date(2026, 11, 20))) == 3
    negative = await db.fetch("SELECT COUNT(*) AS n FROM savings_entry WHERE balance_after_fen < 0")
    assert negative[0]["n"] == 0
