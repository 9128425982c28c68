"""The county profile's fields: checked and compared without a database."""

from __future__ import annotations

import re
from typing import Any

FIELDS = ("issuing_unit", "county_name", "objection_phone", "address")
LABELS = {"issuing_unit": "发布单位", "county_name": "县名", "objection_phone": "监督电话", "address": "地址"}
LIMITS = {"issuing_unit": 100, "county_name": 50, "objection_phone": 40, "address": 200}
DEFAULT = {"issuing_unit": "县民政局", "county_name": "本县", "objection_phone": "", "address": ""}
PHONE = re.compile(r"^[0-9()（）\- ]{5,40}$")


def clean(values: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(cleaned values, field errors in Chinese). Unit and county name are required; the phone is digits."""
    cleaned = {k: str(values.get(k, "") or "").strip() for k in FIELDS}
    errors: dict[str, str] = {}
    for key in ("issuing_unit", "county_name"):
        if not cleaned[key]:
            errors[key] = f"请填写{LABELS[key]}。"
    for key, limit in LIMITS.items():
        if len(cleaned[key]) > limit:
            errors[key] = f"{LABELS[key]}最多 {limit} 个字。"
    if cleaned["objection_phone"] and not PHONE.match(cleaned["objection_phone"]):
        errors["objection_phone"] = "监督电话只能包含数字、括号和短横线，例如 0796-6322110。"
    return cleaned, errors


def changed(before: dict[str, Any] | None, after: dict[str, str]) -> bool:
    """An unchanged save writes nothing."""
    return before is None or any(str(before.get(k) or "") != after[k] for k in FIELDS)


# ---- 公示期: notice periods per year ---------------------------------------------------------------------
NOTICE_KINDS = {"admission": "入院审批（三审三公示）", "rating": "星级评定结果公示"}
NOTICE_RANGE = (1, 30)
NOTICE_MESSAGE = "公示期应为1到30之间的整数天数；留空则沿用省级默认或系统默认。"


def notice_days_problems(values: dict[str, Any]) -> dict[str, str]:
    """Field errors for {admission_days, rating_days}: each blank (None: inherit) or a whole 1–30 days."""
    low, high = NOTICE_RANGE
    return {f"{k}_days": NOTICE_MESSAGE for k in NOTICE_KINDS
            if (v := values.get(f"{k}_days")) is not None
            and (not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high)}  # fmt: skip


def notice_days_in_force(own: int | None, province: Any, built_in: int) -> tuple[int, str]:
    """(days, whose): the county's own for the year, else the province's default, else the built-in."""
    if own is not None:
        return own, "county"
    if isinstance(province, int) and not isinstance(province, bool):
        return province, "province"
    return built_in, "built_in"
