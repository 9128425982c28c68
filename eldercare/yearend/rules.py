"""年度目标考核 rules over plain values: ranking, awards, months served, performance pay, pension, adjustment.

The year is always an argument; every result carries its why (the inputs that decided it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from eldercare.money import split_largest_remainder

GRADES = ("excellent", "competent", "basic", "incompetent")
GRADE_NAMES = {"excellent": "优秀", "competent": "称职", "basic": "基本称职", "incompetent": "不称职"}
DEFAULT_TIERS_FEN = {"excellent": 20_000, "competent": 15_000, "basic": 10_000, "incompetent": 0}
POOL_PERCENT = 20


def rank_homes(homes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Highest total first; ties: higher 供养服务, then higher 院务管理, then home code ascending. Ranks 1, 2, 3…

    Each home: {home_id, code, total_tenths, service_tenths, management_tenths}.
    """
    ordered = sorted(
        homes, key=lambda h: (-h["total_tenths"], -h["service_tenths"], -h["management_tenths"], h["code"])
    )
    return [{**h, "rank": i} for i, h in enumerate(ordered, start=1)]


def award_fen(rank: int, *, count: int, amount_fen: int) -> int:
    """项目资金: the top `count` homes each receive `amount_fen`."""
    return amount_fen if rank <= count else 0


def months_served(hired_on: dt.date, left_on: dt.date | None, year: int) -> int:
    """A month counts when the person was employed on its first day (left_on is their last day, inclusive)."""
    return sum(
        1
        for month in range(1, 13)
        if hired_on <= dt.date(year, month, 1) and (left_on is None or dt.date(year, month, 1) <= left_on)
    )


def performance_pay(grade: str | None, months: int, tiers_fen: dict[str, int]) -> dict[str, Any]:
    """绩效工资 = tier(grade) × months served; no grade yet → nothing, said so."""
    rate = tiers_fen.get(grade, 0) if grade else 0
    why = {"grade": grade, "grade_name": GRADE_NAMES.get(grade or "", "未考核"), "rate_fen": rate,
           "months": months}  # fmt: skip
    return {"rate_fen": rate, "performance_pay_fen": rate * months, "why": why}


def pension_eligible(
    home_total_tenths: int | None, grade: str | None, threshold_tenths: int = 950
) -> dict[str, Any]:
    """养老保险: the home's total ≥ threshold, except a person assessed 不称职 that year."""
    home_ok = home_total_tenths is not None and home_total_tenths >= threshold_tenths
    eligible = home_ok and grade != "incompetent"
    if not home_ok:
        reason = "所在敬老院年度总分未达到参保分数线"
    elif grade == "incompetent":
        reason = "本人年度考核不称职"
    else:
        reason = "所在敬老院年度总分达到参保分数线"
    why = {"home_total_tenths": home_total_tenths, "threshold_tenths": threshold_tenths, "grade": grade,
           "reason": reason}  # fmt: skip
    return {"eligible": eligible, "why": why}


def below_trust_line(trust: int, cast: int, line_percent: int) -> bool:
    """trust ÷ cast below the line, in integers: 78/100 < 80% ⇔ 78·100 < 80·100."""
    return trust * 100 < line_percent * cast


def trust_percent_text(trust: int, cast: int) -> str:
    permille = trust * 1000 // cast
    return f"{permille // 10}.{permille % 10}%"


def adjustment(
    grade: str | None, surveys: Sequence[tuple[int, int]], line_percent: int = 80
) -> dict[str, Any]:
    """调整/解聘 list: 不称职 that year, or the last two surveys up to year end both below the line.

    `surveys`: (trust, cast) of every round up to the year's end, oldest first.
    """
    reasons: list[str] = []
    if grade == "incompetent":
        reasons.append("年度考核不称职")
    last_two = list(surveys)[-2:]
    if len(last_two) == 2 and all(below_trust_line(t, c, line_percent) for t, c in last_two):
        shown = "、".join(trust_percent_text(t, c) for t, c in last_two)
        reasons.append(f"最近两次院民信任测评均低于{line_percent}%（{shown}）")
    why = {"grade": grade, "last_surveys": [{"trust": t, "cast": c} for t, c in last_two],
           "line_percent": line_percent}  # fmt: skip
    return {"flagged": bool(reasons), "reasons": reasons, "why": why}


def pool_fen(net_fen: int) -> int:
    """奖励基金: 20% of a positive net income, rounded down to the fen; nothing when net ≤ 0."""
    return net_fen * POOL_PERCENT // 100 if net_fen > 0 else 0


def pool_shares(pool: int, contributions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Split the pool in proportion to points (in line order), by largest remainder: the shares sum to the pool."""
    parts = split_largest_remainder(pool, [c["points"] for c in contributions])
    return [{**c, "share_fen": part} for c, part in zip(contributions, parts, strict=True)]
