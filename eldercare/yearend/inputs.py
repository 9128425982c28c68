"""What the year-end reads: the year's settings, staff with grades and trust rounds (set-based queries)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db, versions
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.errors import Invalid
from eldercare.staff.tables import Assessment, Staff, TrustResult
from eldercare.yearend.lock import ensure_year_open
from eldercare.yearend.rules import DEFAULT_TIERS_FEN
from eldercare.yearend.tables import YearSettings


async def year_settings(year: int) -> dict[str, Any]:
    """The year's settings, or the defaults of the rule book when none are saved."""
    row = await YearSettings.select().where(YearSettings.year == year).first()
    if row is None:
        from eldercare.county.defaults import province_default

        built_in = {"year": year, "award_count": 6, "award_fen": 500_000, "tiers_fen": dict(DEFAULT_TIERS_FEN),
                    "pension_threshold_tenths": 950, "trust_line_percent": 80}  # fmt: skip
        default = await province_default("year_settings", year) or {}
        merged = {**built_in, **{k: v for k, v in default.items() if k in built_in and k != "year"}}
        merged["tiers_fen"] = {**built_in["tiers_fen"], **{g: v for g, v in (default.get("tiers_fen") or {}).items()
                                                           if g in DEFAULT_TIERS_FEN}}  # fmt: skip
        return merged
    tiers = {g: row[f"tier_{g}_fen"] for g in DEFAULT_TIERS_FEN}
    return {"year": year, "award_count": row["award_count"], "award_fen": row["award_fen"], "tiers_fen": tiers,
            "pension_threshold_tenths": row["pension_threshold_tenths"],
            "trust_line_percent": row["trust_line_percent"]}  # fmt: skip


async def staff_inputs(year: int) -> list[dict[str, Any]]:
    """Everyone employed at some time in the year, with the year's grade and their trust rounds up to its end."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    staff = (
        await Staff.select(Staff.id, Staff.home, Staff.name, Staff.is_director, Staff.hired_on, Staff.left_on)
        .where((Staff.hired_on <= end) & (Staff.left_on.is_null() | (Staff.left_on >= start)))
        .order_by(Staff.id)
    )
    grades = await Assessment.select(Assessment.staff, Assessment.grade).where(Assessment.year == year)
    by_staff = {g["staff"]: g["grade"] for g in grades}
    rounds = await TrustResult.select(
        TrustResult.staff,
        TrustResult.trust,
        TrustResult.cast,
        TrustResult.survey.dated_on.as_alias("on"),
        TrustResult.survey.round.as_alias("round"),
    ).where((TrustResult.survey.dated_on <= end) & (TrustResult.survey.dated_on >= dt.date(year - 2, 1, 1)))
    rounds.sort(key=lambda r: (r["on"], r["round"]))
    surveys: dict[int, list[tuple[int, int]]] = {}
    for r in rounds:
        surveys.setdefault(r["staff"], []).append((r["trust"], r["cast"]))
    return [{**s, "grade": by_staff.get(s["id"]), "surveys": surveys.get(s["id"], [])} for s in staff]


async def save_year_settings(
    *, actor: Actor, year: int, values: dict[str, Any], if_match: str | None = None
) -> dict[str, Any]:
    """The bureau sets a year's awards (top N × amount) and pay tiers (fen per month) until the year is finalized."""
    require_role(actor, BUREAU)
    current = await year_settings(year)
    merged = {"award_count": values.get("award_count", current["award_count"]),
              "award_fen": values.get("award_fen", current["award_fen"]),
              **{f"tier_{g}_fen": (values.get("tiers_fen") or {}).get(g, current["tiers_fen"][g])
                 for g in DEFAULT_TIERS_FEN}}  # fmt: skip
    fields = {k: "应为不小于0的整数。" for k, v in merged.items() if not isinstance(v, int) or v < 0}
    if fields:
        raise Invalid("年度设置有误。", fields=fields)
    async with db.write(actor) as w:
        await versions.guard(w, f"settings:{year}", if_match, lambda: year_settings(year))
        await ensure_year_open(year)
        row = await YearSettings.select(YearSettings.id).where(YearSettings.year == year).first()
        if row is None:
            await w.insert(YearSettings, year=year, **merged)
        else:
            await w.update(YearSettings, row["id"], **merged)
    return await year_settings(year)
