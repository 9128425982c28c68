"""自理能力评估, 年审 and 每日在院人数 (census); the bureau's centralized rate by township and occupancy by home."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role
from eldercare.county.tables import Home
from eldercare.errors import Invalid, NotFound
from eldercare.residents import rules, services
from eldercare.residents.tables import AnnualReview, Census, Resident, SelfCareAssessment


async def assess(*, actor: Actor, resident_id: int, on: dt.date, managed: dict[str, bool],
                 today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """Six items → the care level; a different level is recorded as a dated care_level event in the same write."""
    today = today or services.local_today()
    row = await services.get_resident(actor=actor, resident_id=resident_id)
    level = rules.care_level_from_assessment(managed)
    if on > today:
        raise Invalid("评估日期不能晚于今天。", fields={"on": "评估日期不能晚于今天。"})
    async with db.write(actor) as w:
        await w.insert(SelfCareAssessment, resident=resident_id, dated_on=on, care_level=level,
                       created_by=actor.user_id or None, **{k: bool(managed[k]) for k in rules.ASSESSMENT_ITEMS})  # fmt: skip
        if level != row["care_level"]:
            await services.apply_event(w, actor, resident_id=resident_id, kind="care_level", on=on, today=today,
                                       reason="生活自理能力评估", care_level=level)  # fmt: skip
    return {"care_level": level, "changed": level != row["care_level"]}


async def record_review(*, actor: Actor, resident_id: int, on: dt.date, passed: bool = True, note: str = "",
                        today: dt.date | None = None) -> None:  # fmt: skip
    """年审: the yearly re-verification; the resident's last_review_on follows."""
    today = today or services.local_today()
    row = await services.get_resident(actor=actor, resident_id=resident_id)
    if on > today or on < row["admitted_on"]:
        raise Invalid("年审日期不合理。", fields={"on": "年审日期不能晚于今天，也不能早于纳入日期。"})
    async with db.write(actor) as w:
        await w.insert(AnnualReview, resident=resident_id, dated_on=on, passed=passed, note=note or "",
                       created_by=actor.user_id or None)  # fmt: skip
        if row["last_review_on"] is None or on > row["last_review_on"]:
            await w.update(Resident, resident_id, last_review_on=on)


async def record_census(*, actor: Actor, home_id: int, on: dt.date, present: int, hospitalized: int,
                        on_leave: int) -> bool:  # fmt: skip
    """每日在院人数, once per home per day (a second entry for the day replaces the counts); False (nothing
    written) when the day's counts are already these."""
    require_role(actor, BUREAU, DIRECTOR)
    require_home(actor, home_id)
    counts = {"present": present, "hospitalized": hospitalized, "on_leave": on_leave}
    home = await Home.select(Home.beds).where(Home.id == home_id).first()
    if home is None:
        raise NotFound("敬老院不存在。")
    residents = await Resident.count().where(
        (Resident.home == home_id) & (Resident.status == "active") & (Resident.mode == "centralized")
    )
    bad = rules.census_problems(**counts, beds=home["beds"], residents=residents)
    if bad:
        raise Invalid(next(iter(bad.values())), fields=bad)
    async with db.write(actor) as w:
        found = await Census.select(Census.id, *[getattr(Census, k) for k in counts]).where(
            (Census.home == home_id) & (Census.dated_on == on)
        ).first()
        if found and all(found[k] == v for k, v in counts.items()):
            return False
        if found:
            await w.update(Census, found["id"], **counts)
        else:
            await w.insert(Census, home=home_id, dated_on=on, **counts)
    return True


async def census_figures(*, actor: Actor, home_id: int, on: dt.date) -> dict[str, Any]:
    """Today's counts and the month's daily averages (in tenths) up to `on`."""
    require_home(actor, home_id)
    rows = await Census.select().where(
        (Census.home == home_id) & (Census.dated_on >= on.replace(day=1)) & (Census.dated_on <= on)
    )
    today = next((r for r in rows if r["dated_on"] == on), None)
    days = len(rows)
    month = {
        k: (sum(r[k] for r in rows) * 10 // days if days else 0)
        for k in ("present", "hospitalized", "on_leave")
    }
    return {"today": today, "month_days": days, "month_avg_tenths": month}


async def county_rates() -> dict[str, Any]:
    """集中供养率 by township and for the county (permille, against 86%), beds and occupancy by home."""
    by_township = await Resident.raw(
        "SELECT t.code, t.name, SUM(CASE WHEN r.mode = 'centralized' THEN 1 ELSE 0 END) AS centralized, "
        "COUNT(r.id) AS total FROM township t LEFT JOIN resident r ON r.township = t.id AND r.status = 'active' "
        "GROUP BY t.code, t.name ORDER BY t.code"
    )
    townships = [
        {**t, "centralized": int(t["centralized"] or 0), "total": int(t["total"]),
         "rate_permille": rules.centralized_rate_permille(centralized=int(t["centralized"] or 0), total=int(t["total"]))}
        for t in by_township
    ]  # fmt: skip
    c, n = sum(t["centralized"] for t in townships), sum(t["total"] for t in townships)
    homes = await Resident.raw(
        "SELECT h.id, h.name, h.beds, COUNT(r.id) AS occupied FROM home h LEFT JOIN resident r ON r.home = h.id "
        "AND r.mode = 'centralized' AND r.status IN ('active', 'suspended') GROUP BY h.id, h.name, h.beds ORDER BY h.id"
    )
    county = rules.centralized_rate_permille(centralized=c, total=n)
    return {"townships": townships, "county_permille": county, "meets_target": rules.meets_centralized_target(county),
            "target_permille": rules.CENTRALIZED_TARGET_PERMILLE, "homes": homes}  # fmt: skip
