"""Where a county has set nothing for a year, the province's defaults for that year (if any) apply, then the
rule book's built-in ones. Read in the directory for the current store's county (eldercare.stores)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from eldercare import db, stores
from eldercare.county.divisions import province_code_problem
from eldercare.errors import Invalid

PARTS = ("standard", "year_settings")


async def province_default(part: str, year: int) -> dict[str, Any] | None:
    """The province's default `part` for `year` for the current county, or None."""
    county = stores.current_county()
    if not county:
        return None
    with stores.main():
        rows = await db.fetch(
            "SELECT body FROM province_default WHERE province_code = ? AND year = ?", county[:2], year
        )
    if not rows:
        return None
    return json.loads(rows[0]["body"]).get(part)


def check_body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or not set(body) <= set(PARTS):
        raise Invalid("省级默认值格式不正确。", fields={"body": "只能包含 standard 和 year_settings 两部分。"})
    for part, values in body.items():
        if not isinstance(values, dict):
            raise Invalid("省级默认值格式不正确。", fields={part: "应为对象。"})
        for key, value in values.items():
            numbers = value.values() if isinstance(value, dict) else [value]
            if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in numbers):
                raise Invalid("省级默认值格式不正确。", fields={f"{part}.{key}": "应为非负整数（金额以分计）。"})
    return body


async def set_province_default(*, province: str, year: int, body: Any) -> None:
    """`eldercare defaults set`: the province's defaults for a year (replacing any earlier ones)."""
    problem = province_code_problem(province)
    if problem:
        raise Invalid("省级区划代码有误。", fields={"province": problem})
    if not 2000 <= year <= 2100:
        raise Invalid("年度超出范围。", fields={"year": "年度应在2000到2100之间。"})
    body = check_body(body)
    with stores.main():
        async with db.write(None, directory_write=True) as w:
            await w.fetch("DELETE FROM province_default WHERE province_code = ? AND year = ?", province[:2], year)
            await w.fetch(
                "INSERT INTO province_default (province_code, year, body, set_at) VALUES (?, ?, ?, ?)",
                province[:2], year, json.dumps(body, ensure_ascii=False), dt.datetime.now(dt.UTC),
            )  # fmt: skip
            await w.audit(table="province_default", row_id=f"{province[:2]}-{year}", action="set", before=None,
                          after=body)  # fmt: skip
