"""星级评定 rules over plain values: points in tenths, rubric and score validation, stars."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from eldercare.errors import Invalid

RUBRIC_TOTAL_TENTHS = 1000
DEFAULT_THRESHOLDS = (600, 700, 800, 900, 950)
# The five areas of the rule book, with the codes the demo and the tie-breaks use.
AREAS = (("building", "基本建设"), ("management", "院务管理"), ("service", "供养服务"),
         ("economy", "庭院经济"), ("grade", "等级评审"))  # fmt: skip
SERVICE, MANAGEMENT = "供养服务", "院务管理"


def to_tenths(value: Any) -> int | None:
    """Points with at most one decimal → integer tenths ('9.5' → 95); None when not such a number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    tenths = number * 10
    if tenths != tenths.to_integral_value():
        return None
    return int(tenths)


def validate_rubric(areas: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Areas with items {code, name, max_points} → the same with max_tenths; total exactly 100.0 points."""
    fields: dict[str, str] = {}
    seen_items: set[str] = set()
    seen_areas: set[str] = set()
    out: list[dict[str, Any]] = []
    for a, area in enumerate(areas):
        code, name = str(area.get("code") or "").strip(), str(area.get("name") or "").strip()
        if not code or not name:
            fields[f"areas[{a}]"] = "请填写考核项目的代码和名称。"
        elif code in seen_areas:
            fields[f"areas[{a}].code"] = f"项目代码 {code} 重复。"
        seen_areas.add(code)
        items = []
        for i, item in enumerate(area.get("items") or []):
            key = f"areas[{a}].items[{i}]"
            item_code, item_name = str(item.get("code") or "").strip(), str(item.get("name") or "").strip()
            tenths = to_tenths(item.get("max_points"))
            if not item_code or not item_name:
                fields[key] = "请填写评分细则的代码和名称。"
            elif item_code in seen_items:
                fields[f"{key}.code"] = f"细则代码 {item_code} 重复。"
            elif tenths is None:
                fields[f"{key}.max_points"] = "分值最多一位小数。"
            elif tenths <= 0:
                fields[f"{key}.max_points"] = "分值必须大于零。"
            elif tenths > RUBRIC_TOTAL_TENTHS:
                fields[f"{key}.max_points"] = "分值不能超过总分100分。"
            seen_items.add(item_code)
            items.append({"code": item_code, "name": item_name, "max_tenths": tenths or 0})
        out.append({"code": code, "name": name, "items": items})
    if not seen_items:
        fields["areas"] = "评分标准至少要有一条细则。"
    if fields:
        raise Invalid("评分标准有误。", fields=fields)
    total = sum(i["max_tenths"] for a in out for i in a["items"])
    if total != RUBRIC_TOTAL_TENTHS:
        message = f"评分标准总分应为100分，现为{total // 10}.{total % 10}分。"
        raise Invalid(message, fields={"areas": message})
    return out


def parse_thresholds(values: Sequence[Any] | str | None) -> tuple[int, ...]:
    """Star thresholds (1★…5★) in tenths, strictly increasing, within 0–100 points."""
    if values is None or values == "":
        return DEFAULT_THRESHOLDS
    raw = values.split(",") if isinstance(values, str) else list(values)
    tenths = [to_tenths(v) for v in raw]
    ok = len(tenths) == 5 and all(t is not None and 0 < t <= 1000 for t in tenths)
    if not ok or any(b <= a for a, b in zip(tenths, tenths[1:], strict=False)):  # type: ignore[operator]
        message = "星级分数线应为5个递增的分数（如 60,70,80,90,95）。"
        raise Invalid(message, fields={"star_thresholds": message})
    return tuple(tenths)  # type: ignore[arg-type]


def validate_scores(maxima: dict[str, int], scores: dict[str, Any]) -> dict[str, int]:
    """Every item scored, 0 ≤ score ≤ its maximum, at most one decimal; unknown items refused."""
    fields: dict[str, str] = {}
    out: dict[str, int] = {}
    for code, value in scores.items():
        if code not in maxima:
            fields[code] = f"没有代码为 {code} 的评分细则。"
            continue
        error = score_error(value, maxima[code])
        if error:
            fields[code] = error
        else:
            out[code] = to_tenths(value)  # type: ignore[assignment]
    for code in maxima:
        if code not in scores:
            fields[code] = "请为这一项打分。"
    if fields:
        raise Invalid("评分有误，请修改标出的项目。", fields=fields)
    return out


def score_error(value: Any, max_tenths: int) -> str | None:
    """The Chinese message for a bad score, or None."""
    tenths = to_tenths(value)
    if tenths is None:
        return "得分应为数字，最多一位小数。"
    if tenths < 0:
        return "得分不能小于0。"
    if tenths > max_tenths:
        return f"得分不能超过该项满分 {max_tenths // 10}.{max_tenths % 10}。"
    return None


def star_for(total_tenths: int, thresholds: Sequence[int] = DEFAULT_THRESHOLDS) -> int:
    """Stars from the total: the number of thresholds reached (0 below the first)."""
    return sum(1 for t in thresholds if total_tenths >= t)
