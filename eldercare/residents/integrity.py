"""专项治理: the integrity checks (one ID active twice, paid while not active, home over beds, 年审 overdue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import idnumber
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.residents import rules
from eldercare.residents.support import visits_overdue
from eldercare.residents.tables import Resident

CHECK_NAMES = {
    "duplicate_active_id": "同一身份证号重复在册",
    "paid_while_not_active": "非在册人员领取供养金",
    "home_over_beds": "敬老院超床位",
    "review_overdue": "年审逾期",
    "tamper": "账目与记录核验（哈希链、对账）",
    "visit_overdue": "分散供养对象三个月未探访",
}

DUPLICATES_SQL = """
SELECT id_number, COUNT(*) AS n, MIN(id) AS first_id FROM resident
WHERE status IN ('active', 'suspended') GROUP BY id_number HAVING COUNT(*) > 1 ORDER BY id_number
"""

OVER_BEDS_SQL = """
SELECT h.id, h.name, h.beds, COUNT(r.id) AS n FROM home h JOIN resident r ON r.home = h.id
WHERE r.mode = 'centralized' AND r.status IN ('active', 'suspended')
GROUP BY h.id, h.name, h.beds HAVING COUNT(r.id) > h.beds ORDER BY h.id
"""

PAID_SQL = """
SELECT p.resident AS resident_id, r.name, r.id_number, p.for_period, s.status AS status
FROM payment_line p JOIN resident r ON r.id = p.resident
LEFT JOIN resident_state s ON s.resident = p.resident AND s.valid_from <= {}
    AND (s.valid_to IS NULL OR s.valid_to > {})
WHERE p.for_period = {} AND (s.id IS NULL OR s.status <> 'active')
ORDER BY p.resident
"""


def _finding(check: str, subject: str, detail: str, link: str) -> dict[str, str]:
    return {"check": check, "subject": subject, "detail": detail, "link": link}


async def _duplicates() -> list[dict[str, str]]:
    rows = await Resident.raw(DUPLICATES_SQL)
    return [
        _finding(
            "duplicate_active_id",
            idnumber.mask(r["id_number"]),
            f"身份证号 {idnumber.mask(r['id_number'])} 有 {r['n']} 条在册记录。",
            f"/residents?q={r['id_number']}",
        )  # fmt: skip
        for r in rows
    ]


async def _over_beds() -> list[dict[str, str]]:
    rows = await Resident.raw(OVER_BEDS_SQL)
    return [
        _finding(
            "home_over_beds",
            r["name"],
            f"{r['name']}有 {r['beds']} 张床位，却住有 {r['n']} 名集中供养对象。",
            f"/homes/{r['id']}",
        )  # fmt: skip
        for r in rows
    ]


async def _paid_while_not_active(on: dt.date) -> list[dict[str, str]]:
    """A payment line for a month whose first day found the resident not active (one query per month paid)."""
    periods = await Resident.raw(
        "SELECT DISTINCT for_period FROM payment_line WHERE for_period <= {}", f"{on:%Y-%m}"
    )
    found = []
    for period in sorted(p["for_period"] for p in periods):
        first = dt.date(int(period[:4]), int(period[5:7]), 1)
        for r in await Resident.raw(PAID_SQL, first, first, period):
            status = r["status"] or "未纳入"
            found.append(_finding("paid_while_not_active", r["name"],
                                  f"{r['name']}（{idnumber.mask(r['id_number'])}）{period} 月初状态为{_status_cn(status)}，却领取了供养金。",
                                  f"/residents/{r['resident_id']}"))  # fmt: skip
    return found


def _status_cn(status: str) -> str:
    return {"active": "在册", "suspended": "暂停", "exited": "退出", "deceased": "死亡"}.get(status, status)


async def overdue_reviews(*, on: dt.date, home_id: int | None = None) -> list[dict[str, Any]]:
    """Active or suspended residents whose 年审 is due or overdue on this date, most overdue first."""
    cutoff = on.replace(year=on.year - 1) if (on.month, on.day) != (2, 29) else dt.date(on.year - 1, 2, 28)
    query = Resident.select(
        Resident.id, Resident.name, Resident.id_number, Resident.home, Resident.home.name.as_alias("home_name"),
        Resident.admitted_on, Resident.last_review_on,
    ).where(Resident.status.is_in(["active", "suspended"]))  # fmt: skip
    if home_id is not None:
        query = query.where(Resident.home == home_id)
    window = cutoff + dt.timedelta(days=rules.REVIEW_DUE_WINDOW_DAYS + 2)
    query = query.where(
        (Resident.last_review_on.is_null() & (Resident.admitted_on <= window))
        | (Resident.last_review_on <= window)
    )
    out = []
    for r in await query:
        state = rules.review_state(admitted_on=r["admitted_on"], last_review_on=r["last_review_on"], today=on)
        if state != "ok":
            due = rules.review_due_on(admitted_on=r["admitted_on"], last_review_on=r["last_review_on"])
            out.append({**r, "review": state, "due_on": due})
    return sorted(out, key=lambda r: (r["due_on"], r["id"]))


async def _reviews(on: dt.date) -> list[dict[str, str]]:
    return [
        _finding(
            "review_overdue",
            r["name"],
            f"{r['name']}的年审应于 {r['due_on'].isoformat()} 完成，已逾期。",
            f"/residents/{r['id']}",
        )  # fmt: skip
        for r in await overdue_reviews(on=on)
        if r["review"] == "overdue"
    ]


async def _visits(on: dt.date) -> list[dict[str, str]]:
    return [
        _finding(
            "visit_overdue",
            r["name"],
            f"{r['name']}（{idnumber.mask(r['id_number'])}）"
            + (f"最近一次探访在 {r['last_visit'].isoformat()}" if r["last_visit"] else "从未有照料人探访记录")
            + "，三个月内无探访。",
            f"/residents/{r['id']}/agreement",
        )  # fmt: skip
        for r in await visits_overdue(on=on)
    ]


async def find_integrity_problems(*, on: dt.date) -> list[dict]:
    """Every finding as {check, subject, detail, link}: duplicates, payments to the inactive, over beds, 年审,
    dispersed persons without a caretaker's visit in three months."""
    return [*await _duplicates(), *await _paid_while_not_active(on), *await _over_beds(), *await _reviews(on),
            *await _visits(on)]  # fmt: skip


async def tamper_findings() -> list[dict[str, str]]:
    """What the latest `eldercare verify` of the daily checks found (eldercare/verify.py), as findings."""
    from eldercare.verify import latest_report

    report = await latest_report()
    return [_finding("tamper", f"{p['table']} #{p['id']}", p["what"], "") for p in (report or {}).get("problems", [])]


async def integrity_for(*, actor: Actor, on: dt.date) -> list[dict]:
    require_role(actor, BUREAU)
    return [*await find_integrity_problems(on=on), *await tamper_findings()]
