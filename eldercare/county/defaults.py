"""Where a county has set nothing for a year, the province's defaults for that year (if any) apply, then the
rule book's built-in ones. Read in the directory for the current store's county (eldercare.stores).

A body has up to five parts: `standard` and `year_settings` (fen and counts), `rubric` ({areas: [...]}, as the
rubric API takes it), `thresholds` (five star lines in points) and `notice_days` ({admission, rating} days)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from eldercare import db, stores
from eldercare.county.divisions import province_code_problem
from eldercare.errors import Invalid
from eldercare.profile.rules import NOTICE_KINDS, NOTICE_RANGE
from eldercare.ratings import rules as rating_rules

PARTS = ("standard", "year_settings", "rubric", "thresholds", "notice_days")
BAD = "省级默认值格式不正确。"


async def province_defaults(year: int) -> dict[str, Any]:
    """Every part the province has set for `year` for the current county ({} when none, or no county)."""
    county = stores.current_county()
    if not county:
        return {}
    with stores.main():
        rows = await db.fetch(
            "SELECT body FROM province_default WHERE province_code = ? AND year = ?", county[:2], year
        )
    return json.loads(rows[0]["body"]) if rows else {}


async def province_default(part: str, year: int) -> Any:
    """The province's default `part` for `year` for the current county, or None."""
    return (await province_defaults(year)).get(part)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _money(part: str, values: Any) -> tuple[Any, dict[str, str]]:
    """standard / year_settings: non-negative integers (fen, counts, tenths), or objects of them (tiers)."""
    if not isinstance(values, dict):
        return None, {part: "应为对象。"}
    fields = {}
    for key, value in values.items():
        numbers = value.values() if isinstance(value, dict) else [value]
        if any(not _is_int(n) or n < 0 for n in numbers):
            fields[f"{part}.{key}"] = "应为不小于0的整数（金额以分计）。"
    return values, fields


def _points(tenths: int) -> int | float:
    return tenths // 10 if tenths % 10 == 0 else tenths / 10


def _rubric(part: str, values: Any) -> tuple[Any, dict[str, str]]:
    """{areas: [{code, name?, items: [{code, name, max_points}]}]}: the rule book's five areas, 100 points."""
    areas = values.get("areas") if isinstance(values, dict) else None
    if not isinstance(areas, list) or not all(isinstance(a, dict) for a in areas):
        return None, {part: "应为 {\"areas\": [考核项目…]} 形式，每个考核项目是一个对象。"}
    names = dict(rating_rules.AREAS)
    fields = {}
    for a, area in enumerate(areas):
        if area.get("code") not in names:
            fields[f"{part}.areas[{a}].code"] = f"考核项目代码应为 {'、'.join(names)} 之一。"
        if not isinstance(area.get("items"), list) or not all(isinstance(i, dict) for i in area["items"]):
            fields[f"{part}.areas[{a}].items"] = "评分细则应为对象的列表。"
    if fields:
        return None, fields
    named = [{**a, "name": a.get("name") or names[a["code"]]} for a in areas]
    try:
        checked = rating_rules.validate_rubric(named)
    except Invalid as exc:
        return None, {f"{part}.{k}": v for k, v in exc.fields.items()}
    return {"areas": [{"code": a["code"], "name": a["name"],
                       "items": [{"code": i["code"], "name": i["name"], "max_points": _points(i["max_tenths"])}
                                 for i in a["items"]]} for a in checked]}, {}  # fmt: skip


def _thresholds(part: str, values: Any) -> tuple[Any, dict[str, str]]:
    """Five star lines (1★…5★) in points, strictly increasing."""
    if not isinstance(values, list) or any(isinstance(v, bool) or not isinstance(v, int | float) for v in values):
        return None, {part: "应为5个递增的分数，如 [60, 70, 80, 90, 95]。"}
    try:
        return [_points(t) for t in rating_rules.parse_thresholds(values)], {}
    except Invalid as exc:
        return None, {part: exc.fields["star_thresholds"]}


def _notice_days(part: str, values: Any) -> tuple[Any, dict[str, str]]:
    """{admission: days, rating: days}, each a whole number of days within NOTICE_RANGE."""
    if not isinstance(values, dict) or not values:
        return None, {part: "应为对象，如 {\"admission\": 7, \"rating\": 7}。"}
    low, high = NOTICE_RANGE
    fields = {}
    for kind, days in values.items():
        if kind not in NOTICE_KINDS:
            fields[f"{part}.{kind}"] = "只能设定 admission（入院审批公示）和 rating（星级评定结果公示）。"
        elif not _is_int(days) or not low <= days <= high:
            fields[f"{part}.{kind}"] = f"{NOTICE_KINDS[kind]}的公示期应为{low}到{high}之间的整数天数。"
    return values, fields


CHECKS = {"standard": _money, "year_settings": _money, "rubric": _rubric, "thresholds": _thresholds,
          "notice_days": _notice_days}  # fmt: skip


def check_body(body: Any) -> dict[str, Any]:
    """The body cleaned, or Invalid with a Chinese message per bad part (nothing is written)."""
    if not isinstance(body, dict) or not body or not set(body) <= set(PARTS):
        raise Invalid(BAD, fields={"body": f"应为对象，只能包含 {'、'.join(PARTS)} 这几部分。"})
    clean, fields = {}, {}
    for part, values in body.items():
        clean[part], problems = CHECKS[part](part, values)
        fields.update(problems)
    if fields:
        raise Invalid(BAD, fields=fields)
    return clean


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
            before = await w.fetch(
                "SELECT body FROM province_default WHERE province_code = ? AND year = ?", province[:2], year
            )
            await w.fetch("DELETE FROM province_default WHERE province_code = ? AND year = ?", province[:2], year)
            await w.fetch(
                "INSERT INTO province_default (province_code, year, body, set_at) VALUES (?, ?, ?, ?)",
                province[:2], year, json.dumps(body, ensure_ascii=False), dt.datetime.now(dt.UTC),
            )  # fmt: skip
            await w.audit(table="province_default", row_id=f"{province[:2]}-{year}", action="set",
                          before=json.loads(before[0]["body"]) if before else None,
                          after=body)  # fmt: skip
