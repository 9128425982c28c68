"""供养金 rules, pure: monthly amounts, who is paid and to whom, back pay (补发), periods, the what-if preview."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from eldercare.errors import Invalid

MODES = ("centralized", "dispersed")
CARE_LEVELS = ("self_care", "partial", "full")
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_ANNUAL_FEN = 10_000_000_00  # 1,000 万元 a person a year: anything above is a typing mistake


def parse_period(text: str, *, field: str = "period") -> tuple[int, int]:
    """'2025-03' → (2025, 3); anything else is refused with a message for the field."""
    match = _PERIOD.match((text or "").strip())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise Invalid("月份格式不正确，应为 YYYY-MM，如 2025-03。", fields={field: "应为 YYYY-MM，如 2025-03。"})
    return int(match.group(1)), int(match.group(2))


def period_of(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def first_day(period: str) -> dt.date:
    year, month = parse_period(period)
    return dt.date(year, month, 1)


def next_period(period: str) -> str:
    year, month = parse_period(period)
    return period_of(year + month // 12, month % 12 + 1)


def is_future(period: str, *, today: dt.date) -> bool:
    """A month whose first day has not come yet: nobody's state on that day is known."""
    return first_day(period) > today


def monthly_amount(annual_fen: int, month: int) -> int:
    """Annual ÷ 12 in fen rounded down; December also takes the remainder, so a year pays the annual exactly.

    190,000 fen → 15,833 in January…November, 190,000 − 11 × 15,833 = 15,837 in December.
    """
    if annual_fen < 0:
        raise ValueError("annual amount below zero")
    base = annual_fen // 12
    return annual_fen - 11 * base if month == 12 else base


def monthly_rates(standard: Mapping[str, int], period: str) -> list[tuple[str, str, int, int]]:
    """(mode, care_level, standard_fen, supplement_fen) for every mode and care level in the period's month."""
    _, month = parse_period(period)
    return [
        (mode, level, monthly_amount(standard[f"{mode}_fen"], month),
         monthly_amount(standard[f"supplement_{level}_fen"], month))
        for mode in MODES
        for level in CARE_LEVELS
    ]  # fmt: skip


def is_paid_for_month(status_on_first_day: str | None) -> bool:
    """Paid for a month when active (在册) on its first day; suspended, exited, deceased or not yet in: not."""
    return status_on_first_day == "active"


def payee(mode: str) -> str:
    """Centralized support is paid to the home (living costs); dispersed support to the person."""
    return "home" if mode == "centralized" else "person"


def back_pay(*, due_fen: int, paid_fen: int) -> int:
    """补发 for a month already paid: what the raised standard owes beyond what was paid; never negative
    (a lowered standard is not clawed back from months already paid)."""
    return max(due_fen - paid_fen, 0)


def annual_for(standard: Mapping[str, int] | None, *, mode: str, care_level: str) -> int:
    """A person's yearly amount: the standard of their mode plus the supplement of their care level."""
    if standard is None:
        return 0
    return standard[f"{mode}_fen"] + standard[f"supplement_{care_level}_fen"]


def what_if_delta(
    roster: Iterable[tuple[str, str, int]],
    old: Mapping[str, int] | None,
    new: Mapping[str, int],
) -> int:
    """For today's roster [(mode, care_level, count)]: how much the year's payments change (fen)."""
    return sum(
        count * (annual_for(new, mode=mode, care_level=level) - annual_for(old, mode=mode, care_level=level))
        for mode, level, count in roster
    )


STANDARD_FIELDS = (
    "centralized_fen",
    "dispersed_fen",
    "supplement_self_care_fen",
    "supplement_partial_fen",
    "supplement_full_fen",
)


def check_standard(values: Mapping[str, int | None]) -> dict[str, int]:
    """Every yearly amount present, whole fen, not below zero and not absurd; fields name what is wrong."""
    fields: dict[str, str] = {}
    clean: dict[str, int] = {}
    for name in STANDARD_FIELDS:
        value = values.get(name, 0 if name.startswith("supplement") else None)
        if value is None or isinstance(value, bool) or not isinstance(value, int):
            fields[name] = "请填写金额（分）。"
        elif value < 0:
            fields[name] = "标准不能低于零。"
        elif value > MAX_ANNUAL_FEN:
            fields[name] = "标准过大，请核对。"
        else:
            clean[name] = value
    if fields:
        raise Invalid("供养标准有误。", fields=fields)
    return clean
