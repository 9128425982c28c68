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
