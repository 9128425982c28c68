"""院办经济 rules (pure): in-kind value, net income, the 20% bonus pool and its shares, with the why."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from eldercare.errors import Invalid
from eldercare.money import format_fen, split_largest_remainder

KINDS = ("income", "expense")
CATEGORIES = ("planting", "livestock", "fishery", "processing", "rental", "other")
PERSON_KINDS = ("staff", "resident")
POOL_PERCENT = 20
MAX_AMOUNT_FEN = 10**15  # 10 万亿元: anything larger is a typing error, and stays far inside BigInt
_QUANTITY = re.compile(r"^\s*(\d{1,9})(?:\.(\d{1,3}))?\s*$")


def parse_quantity(text: str, *, field_name: str = "quantity") -> Decimal:
    """数量: decimal text, > 0, at most three decimals ('120', '12.5', '0.375'); never through float."""
    cleaned = (text or "").replace(",", "").strip()
    match = _QUANTITY.match(cleaned)
    if not match:
        message = "数量应为正数，最多三位小数，如 120 或 12.5。"
        raise Invalid("数量格式不正确。", fields={field_name: message})
    quantity = Decimal(cleaned)
    if quantity <= 0:
        raise Invalid("数量必须大于零。", fields={field_name: "数量必须大于零。"})
    return quantity


def in_kind_value_fen(quantity: Decimal | str, unit_price_fen: int) -> int:
    """实物折价 = 数量 × 单价, in fen, rounded half-up to the fen (exact decimal arithmetic).

    120 斤 × 6.50 元 = 120 × 650 fen = 78,000 fen; 2.5 斤 × 3.33 元 = 832.5 fen → 833 fen.
    """
    value = Decimal(str(quantity)) * unit_price_fen
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def in_kind_amount(
    *, kind: str, amount_fen: int | None, quantity: str, unit_price_fen: int | None
) -> tuple[int | None, str, dict[str, str]]:
    """实物收入: (amount_fen, quantity text, field errors). Produce is income "at a stated value": the value is
    `amount_fen` as stated, or quantity × unit price when both are given (and then a stated amount must equal
    it). Quantity and unit price are optional detail; a quantity without a price needs the stated amount."""
    fields: dict[str, str] = {}
    if kind != "income":
        fields["kind"] = "院内自产自用的实物只能记为收入。"
    quantity = (quantity or "").strip()
    parsed = None
    if quantity:
        try:
            parsed = parse_quantity(quantity)
            quantity = str(parsed)
        except Invalid as exc:
            fields.update(exc.fields)
    if unit_price_fen is not None and unit_price_fen <= 0:
        fields["unit_price"] = "单价必须大于零。"
    if fields:
        return amount_fen, quantity, fields
    if parsed is not None and unit_price_fen is not None:
        value = in_kind_value_fen(parsed, unit_price_fen)
        if amount_fen is not None and amount_fen != value:
            fields["amount"] = f"金额应等于数量 × 单价 = {value} 分。"
        return value, quantity, fields
    if amount_fen is None:
        fields["amount"] = "请填写折价金额，或填写数量和单价。"
    return amount_fen, quantity, fields


def check_line(
    *, kind: str, category: str, amount_fen: int | None, dated_on: dt.date | None, today: dt.date
) -> dict[str, str]:
    """The field errors of a ledger line (empty when it is fine)."""
    fields: dict[str, str] = {}
    if kind not in KINDS:
        fields["kind"] = "收支类型只能是收入或支出。"
    if category not in CATEGORIES:
        fields["category"] = "类别只能是种植、畜禽养殖、水产养殖、加工、场地租赁或其他。"
    if amount_fen is None or amount_fen <= 0:
        fields["amount"] = "金额必须大于零。"
    elif amount_fen > MAX_AMOUNT_FEN:
        fields["amount"] = "金额过大，请核对。"
    if dated_on is None:
        fields["on"] = "请填写日期。"
    elif dated_on > today:
        fields["on"] = "日期不能晚于今天。"
    elif dated_on.year < 2000:
        fields["on"] = "日期不能早于2000年。"
    return fields


def net_fen(income_fen: int, expense_fen: int) -> int:
    """纯收入 = 收入 − 支出 (reversing lines already included in both sums)."""
    return income_fen - expense_fen


def pool_fen(net: int) -> int:
    """奖励池 = 20% of a positive net income, rounded down to the fen; 0 when net ≤ 0.

    480,001 × 20 ÷ 100 = 96,000.2 → 96,000.
    """
    if net <= 0:
        return 0
    return net * POOL_PERCENT // 100


@dataclass(frozen=True)
class Contributor:
    person_kind: str
    person_id: int
    points: int
    name: str = ""


@dataclass
class Share:
    person_kind: str
    person_id: int
    points: int
    share_fen: int
    name: str = ""
    exact: str = ""  # the exact proportion as text: "96,000 × 4 ÷ 7 = 54,857.14…"
    floor_fen: int = 0
    remainder: int = 0  # pool × points mod total points: who gets the leftover fen
    extra_fen: int = 0


@dataclass
class PoolSplit:
    """The pool's division with its why; status: none (no pool), waiting (pool, no points), split."""

    pool_fen: int
    total_points: int
    status: str
    shares: list[Share] = field(default_factory=list)
    leftover_fen: int = 0
    why: list[str] = field(default_factory=list)


def _exact_text(pool: int, points: int, total: int) -> str:
    whole, rest = divmod(pool * points, total)
    decimals = f"{rest * 100 // total:02d}"
    sign = "" if rest == 0 else "…"
    return f"{pool:,} × {points} ÷ {total} = {whole:,}.{decimals}{sign} 分"


def split_pool(pool: int, contributors: Sequence[Contributor]) -> PoolSplit:
    """Shares in proportion to points, floors first, the leftover fen by largest remainder
    (ties: more points, then the earlier line), so the shares sum to the pool exactly."""
    total = sum(c.points for c in contributors)
    if pool <= 0:
        return PoolSplit(pool_fen=0, total_points=total, status="none",
                         why=["纯收入不为正数，没有奖励池。"])  # fmt: skip
    if not contributors:
        return PoolSplit(pool_fen=pool, total_points=0, status="waiting",
                         why=["已有奖励池，但本年度尚未录入贡献积分：奖励池待分配。"])  # fmt: skip
    parts = split_largest_remainder(pool, [c.points for c in contributors])
    shares = [
        Share(person_kind=c.person_kind, person_id=c.person_id, points=c.points, share_fen=part, name=c.name,
              exact=_exact_text(pool, c.points, total), floor_fen=pool * c.points // total,
              remainder=pool * c.points % total, extra_fen=part - pool * c.points // total)
        for c, part in zip(contributors, parts, strict=True)
    ]  # fmt: skip
    leftover = pool - sum(s.floor_fen for s in shares)
    why = [
        f"个人份额 = 奖励池 × 个人积分 ÷ 总积分 = {pool:,} 分 × 个人积分 ÷ {total} 积分。",
        f"先按比例取整到分，共 {pool - leftover:,} 分；余下 {leftover} 分按余数从大到小各补 1 分"
        "（余数相同时积分多者优先，再按录入顺序）。",
    ]
    lucky = [s.name or f"{s.person_kind}#{s.person_id}" for s in shares if s.extra_fen]
    if lucky:
        why.append("补 1 分的是：" + "、".join(lucky) + "。")
    return PoolSplit(pool_fen=pool, total_points=total, status="split", shares=shares, leftover_fen=leftover,
                     why=why)  # fmt: skip


def pool_why(income: int, expense: int) -> list[str]:
    """How the pool was reached, in words and numbers."""
    net = net_fen(income, expense)
    lines = [
        f"纯收入 = 收入 {format_fen(income)} 元 − 支出 {format_fen(expense)} 元 = {format_fen(net)} 元。"
    ]
    if net > 0:
        lines.append(
            f"奖励池 = 纯收入 × {POOL_PERCENT}% 向下取整到分 = {format_fen(net)} × {POOL_PERCENT}% "
            f"= {format_fen(pool_fen(net))} 元。"
        )
    else:
        lines.append("纯收入不为正数，本年度没有奖励池。")
    return lines
