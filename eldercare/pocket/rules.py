"""零用钱 and 代管金 rules over plain values: settings, who is paid how much, coverage, savings balances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from eldercare.errors import Invalid

SOURCES = {"economy": "院办经济收入", "fund": "供养资金"}
CARE_LEVELS = ("self_care", "partial", "full")
MAX_MONTHLY_FEN = 100_000  # 1,000 元 a resident a month: anything above is a typing mistake
MAX_SAVINGS_FEN = 100_000_000  # 100 万元 in one entry
KINDS = {"deposit": "存入", "withdrawal": "支取"}


def _amount_error(value: Any, *, limit: int) -> str | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        return "请填写金额。"
    if value < 0:
        return "金额不能为负数。"
    if value > limit:
        return f"金额过大（上限 {limit // 100:,} 元），请核对。"
    return None


def check_setting(values: Mapping[str, Any]) -> dict[str, Any]:
    """{source, self_care_fen, partial_fen, full_fen}: monthly amounts in whole fen, 0 … 1,000 元."""
    fields: dict[str, str] = {}
    clean: dict[str, Any] = {}
    source = values.get("source")
    if source not in SOURCES:
        fields["source"] = "资金来源只能是院办经济收入或供养资金。"
    clean["source"] = source
    for level in CARE_LEVELS:
        name = f"{level}_fen"
        error = _amount_error(values.get(name), limit=MAX_MONTHLY_FEN)
        if error:
            fields[name] = error
        clean[name] = values.get(name)
    if fields:
        raise Invalid("零用钱标准有误。", fields=fields)
    return clean


def monthly_rates(setting: Mapping[str, Any] | None) -> list[tuple[str, int]]:
    """(care level, fen) for every level with something to pay; empty without a setting."""
    if setting is None:
        return []
    return [(level, setting[f"{level}_fen"]) for level in CARE_LEVELS if setting[f"{level}_fen"] > 0]


def monthly_amount(setting: Mapping[str, Any] | None, *, mode: str, status: str, care_level: str) -> int:
    """A resident's pocket money for a month, from their state on its first day: only the active and
    centralized are paid (the batch's rule); the amount is their care level's."""
    if setting is None or mode != "centralized" or status != "active":
        return 0
    return int(setting[f"{care_level}_fen"])


def shortfalls(needed: Mapping[Any, int], available: Mapping[Any, int]) -> dict[Any, tuple[int, int]]:
    """Who cannot cover their part: {key: (needed, available)} for every key needing more than it has."""
    return {k: (n, available.get(k, 0)) for k, n in needed.items() if n > available.get(k, 0)}


def savings_balance_after(balance: int, *, kind: str, amount_fen: int) -> int:
    """The balance after a deposit or withdrawal; a withdrawal beyond the balance is refused."""
    if kind == "deposit":
        return balance + amount_fen
    if amount_fen > balance:
        raise Invalid("支取金额超过余额。",
                      fields={"amount": f"支取金额超过余额（现余额 {balance // 100:,}.{balance % 100:02d} 元）。"})  # fmt: skip
    return balance - amount_fen


def check_savings_entry(
    *, kind: str, amount_fen: Any, witness: str, dated_on: dt.date, today: dt.date
) -> dict[str, str]:
    """The field messages for a 代管金 entry (empty when it is fine)."""
    fields: dict[str, str] = {}
    if kind not in KINDS:
        fields["kind"] = "请选择存入或支取。"
    error = _amount_error(amount_fen, limit=MAX_SAVINGS_FEN)
    if error or amount_fen == 0:
        fields["amount"] = error or "金额必须大于零。"
    if kind == "withdrawal" and not (witness or "").strip():
        fields["witness"] = "支取须有见证人签名，请填写见证人。"
    if dated_on > today:
        fields["on"] = "日期不能晚于今天。"
    elif dated_on.year < 2000:
        fields["on"] = "日期不正确。"
    return fields


def share_permille(paid: int, eligible: int) -> int:
    """Share of the centralized residents paid, in thousandths rounded down (0 when nobody is eligible)."""
    return paid * 1000 // eligible if eligible else 0
