"""What a new user should see working: admissions at each stage of 三审三公示, a fortnight of census entries in
every home, 2025 finalized (2026 stays in progress). Dates are relative to the day the demo is loaded, so the
notices are open when a person looks."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from eldercare.demo.people import People
from eldercare.residents.rules import notice_ends_on
from eldercare.residents.services import local_today
from eldercare.residents.tables import Admission, AdmissionStep, Census, Resident
from eldercare.yearend.tables import YearEnd

FINALIZED_AT = dt.datetime(2026, 2, 10, tzinfo=dt.UTC)
NOTICE_DAYS = 7
# (stage, in notice, the steps so far as (stage, action, days ago, note)), applied `days ago`
CASES: list[tuple[str, bool, int, list[tuple[str, str, int, str]]]] = [
    ("village", False, 2, []),
    ("village", True, 6, [("village", "pass", 3, "村民代表会议评议通过")]),
    ("township", False, 16, [("village", "pass", 14, "村民代表会议评议通过"), ("village", "notice_over", 6, "公示期满无异议")]),
    ("township", True, 20, [("village", "pass", 18, "村民代表会议评议通过"), ("village", "notice_over", 10, "公示期满无异议"),
                            ("township", "pass", 4, "乡镇入户核查属实")]),
    ("county", False, 30, [("village", "pass", 28, "村民代表会议评议通过"), ("village", "notice_over", 20, "公示期满无异议"),
                           ("township", "pass", 18, "乡镇入户核查属实"), ("township", "notice_over", 10, "公示期满无异议")]),
    ("county", True, 36, [("village", "pass", 34, "村民代表会议评议通过"), ("village", "notice_over", 26, "公示期满无异议"),
                          ("township", "pass", 24, "乡镇入户核查属实"), ("township", "notice_over", 16, "公示期满无异议"),
                          ("county", "pass", 2, "县民政局审批同意")]),
    ("rejected", False, 12, [("village", "reject", 9, "有法定赡养人且具备赡养能力")]),
]  # fmt: skip


async def load(w: Any, county: dict[str, Any]) -> None:
    today = local_today()
    await _admissions(w, county, today)
    await _census(w, county, today)
    await _finalize_2025(w)


async def _admissions(w: Any, county: dict[str, Any], today: dt.date) -> None:
    people = People(seed=2026)
    home = county["homes"][0]
    for i, (stage, in_notice, applied, steps) in enumerate(CASES):
        last_pass = next((days for s, action, days, _ in reversed(steps) if action == "pass" and s == stage), None)
        starts = today - dt.timedelta(days=last_pass) if in_notice and last_pass is not None else None
        case_id = await w.insert(
            Admission, id_number=people.id_number(county["township_codes"][0][:6], 1938, 1962), name=people.name(),
            township=home["township_id"], village=f"{'东南西北上下中'[i]}村", mode="centralized", home=home["id"],
            care_level="self_care", applied_on=today - dt.timedelta(days=applied), stage=stage, in_notice=in_notice,
            notice_starts_on=starts, notice_ends_on=notice_ends_on(starts, NOTICE_DAYS) if starts else None,
            created_at=dt.datetime.now(dt.UTC),
        )  # fmt: skip
        rows = [("village", "apply", applied, "提出申请"), *steps]
        for s, action, days, note in rows:
            await AdmissionStep.insert(AdmissionStep(admission=case_id, stage=s, action=action, note=note,
                                                     dated_on=today - dt.timedelta(days=days),
                                                     created_at=dt.datetime.now(dt.UTC))).run()  # fmt: skip


async def _census(w: Any, county: dict[str, Any], today: dt.date) -> None:
    """每日在院人数 for the last 14 days in every home: a few residents in hospital or on leave, never more
    than the home's register."""
    rng = random.Random(14)
    rows = await Resident.raw(
        "SELECT home, COUNT(*) AS n FROM resident WHERE status = 'active' AND mode = 'centralized' "
        "AND home IS NOT NULL GROUP BY home"
    )
    register = {r["home"]: r["n"] for r in rows}
    entries = []
    for home in county["homes"]:
        residents = min(register.get(home["id"], 0), home["beds"])
        for days in range(14, -1, -1):
            hospitalized = min(rng.randint(0, 2), residents)
            on_leave = min(rng.randint(0, 1), residents - hospitalized)
            entries.append(Census(home=home["id"], dated_on=today - dt.timedelta(days=days),
                                  present=residents - hospitalized - on_leave, hospitalized=hospitalized,
                                  on_leave=on_leave))  # fmt: skip
    await Census.insert(*entries).run()
    await w.audit(table=Census, row_id="demo", action="demo", before=None, after={"entries": len(entries)})


async def _finalize_2025(w: Any) -> None:
    row = await YearEnd.select(YearEnd.id).where(YearEnd.year == 2025).first()
    if row:
        await w.update(YearEnd, row["id"], status="finalized", finalized_at=FINALIZED_AT)
