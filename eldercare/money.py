"""Money is integer fen. Parse 元 text as decimal text (never float), format, split by largest remainder."""

from __future__ import annotations

import re
from collections.abc import Sequence

from eldercare.errors import Invalid

_YUAN = re.compile(r"^\s*(-?)(\d{1,13})(?:\.(\d{1,2}))?\s*$")


def parse_yuan(
    text: str, *, field: str = "amount", allow_zero: bool = False, allow_negative: bool = False
) -> int:
    """'1,234.5' → 123450 fen. At most two decimals; commas allowed between digits; no float on the way."""
    cleaned = (text or "").replace(",", "").replace("，", "").replace("元", "").strip()
    match = _YUAN.match(cleaned)
    if not match:
        if re.match(r"^\s*-?\d+\.\d{3,}\s*$", cleaned):
            raise Invalid("金额最多两位小数。", fields={field: "金额最多两位小数。"})
        raise Invalid("金额格式不正确。", fields={field: "请输入金额（元），如 1234.50。"})
    sign, whole, frac = match.groups()
    fen = int(whole) * 100 + int((frac or "").ljust(2, "0"))
    if sign:
        fen = -fen
    if fen < 0 and not allow_negative:
        raise Invalid("金额不能为负数。", fields={field: "金额不能为负数。"})
    if fen == 0 and not allow_zero:
        raise Invalid("金额必须大于零。", fields={field: "金额必须大于零。"})
    return fen


def format_fen(fen: int | None, *, unit: bool = False) -> str:
    """123450 → '1,234.50' (with ' 元' when unit)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    text = f"{sign}{whole:,}.{cents:02d}"
    return f"{text} 元" if unit else text


def split_largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` fen in proportion to `weights`; floors first, leftover fen to the largest remainders.

    Ties on the remainder: the larger weight first, then the earlier position. The parts sum to `total`.
    """
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0 for _ in weights]
    floors = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    leftover = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], -weights[i], i))
    for i in order[:leftover]:
        floors[i] += 1
    return floors
