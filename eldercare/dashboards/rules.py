"""Pure computations behind the dashboards and reports: rates, month series, what is due (no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

CENTRALIZED_TARGET_PERMILLE = 860  # 集中供养率 target line: 86%
REVIEW_WINDOW_DAYS = 30  # 年审 shows as due this many days before its anniversary
NOTICE_WINDOW_DAYS = 7  # notices ending within a week are listed as due
POOL_PERCENT = 20


def rate_permille(part: int, whole: int) -> int:
    """A rate in thousandths, rounded down; 0 when there is nothing to divide by."""
    return part * 1000 // whole if whole > 0 else 0


def permille_text(permille: int) -> str:
    """862 → '86.2%'."""
    return f"{permille // 10}.{permille % 10}%"


def meets_target(permille: int, target: int = CENTRALIZED_TARGET_PERMILLE) -> bool:
    return permille >= target


def periods_of_year(year: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def period_of(on: dt.date) -> str:
    return f"{on.year}-{on.month:02d}"


def month_series(rows: Iterable[tuple[str, int]], year: int) -> list[int]:
    """Sum (period 'YYYY-MM', value) pairs into the year's 12 months; other years are ignored."""
    series = [0] * 12
    for period, value in rows:
        if period.startswith(f"{year}-"):
            series[int(period[5:7]) - 1] += value
    return series


def month_end_balances(opening_fen: int, entries: Sequence[tuple[str, int]], year: int) -> list[int]:
    """Fund balance at each month's end: the opening balance moved by signed entries (period, ±fen)."""
    moves = month_series(entries, year)
    balances, balance = [], opening_fen
    for move in moves:
        balance += move
        balances.append(balance)
    return balances


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day n years on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def review_due_cutoff(on: dt.date, window_days: int = REVIEW_WINDOW_DAYS) -> dt.date:
    """年审 is due a year after the last review (or admission): listed when that falls within the window.

    A resident is due when their base date ≤ this cutoff.
    """
    return add_years(on + dt.timedelta(days=window_days), -1)


def review_overdue_cutoff(on: dt.date) -> dt.date:
    """Overdue when the anniversary has passed: base date < this cutoff."""
    return add_years(on, -1)


def half_year_round(on: dt.date) -> int:
    """院民信任测评 runs twice a year: round 1 in January–June, round 2 in July–December."""
    return 1 if on.month <= 6 else 2


def bonus_pool_fen(net_fen: int) -> int:
    """20% of a positive net income, rounded down to the fen; nothing when net ≤ 0."""
    return net_fen * POOL_PERCENT // 100 if net_fen > 0 else 0


def clamp_page(limit: int, offset: int, *, most: int = 100) -> tuple[int, int]:
    return max(1, min(limit, most)), max(0, offset)
