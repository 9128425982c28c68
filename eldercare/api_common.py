"""What every JSON endpoint shares: the error shape in the OpenAPI schema, typed answers, list paging, the
bearer scheme, the ranges of parameters, and Chinese messages for malformed input."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, TypeVar

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example, SecurityScheme
from litestar.params import Parameter
from msgspec import UnsetType

ERROR_TEXT = {
    400: "bad request",
    401: "not signed in, or the token is unknown or expired",
    403: "outside the caller's role or scope",
    404: "no such thing in the caller's scope",
    409: "conflicts with the state of things (duplicate, full home, finalized year, insufficient funds)",
    412: "If-Match names a version that is no longer the record's (someone saved in between): read it again",
    422: "the input breaks a rule; fields says which and why",
    503: "the database is busy or cannot be reached (Retry-After says when to try again)",
}
ERROR_EXAMPLES: dict[int, tuple[str, str, dict[str, str]]] = {
    400: ("invalid", "请求体不是有效的 JSON。", {}),
    401: ("unauthorized", "请先登录。", {}),
    403: ("forbidden", "您无权访问此页面。", {}),
    404: ("not_found", "页面不存在。", {}),
    412: ("stale_version", "此记录已被他人修改，下面是最新内容，请核对后再保存。", {"version": "此记录已被他人修改"}),
    422: ("invalid", "提交的数据格式不正确。", {"amount_fen": "应为不小于 0 的整数"}),
    503: ("busy", "系统繁忙，请稍后重试。", {}),
}
CONFLICT_TEXT = {
    "conflict": "提交的数据与现有记录冲突，未保存。",
    "duplicate": "已有相同编码或身份证号的记录。",
    "year_finalized": "2025年度已经定案，不能再修改该年度的数据。",
    "insufficient_funds": "资金余额不足，本期发放未执行。",
    "home_full": "该敬老院床位已满。",
    "rubric_frozen": "该年度已开始评分，评分细则不能再修改。",
    "inputs_missing": "还有敬老院未评分或工作人员未考核，不能正式运行。",
    "not_run": "该年度尚未正式运行年终结算。",
    "no_standard": "该年度尚未设定供养标准。",
    "already_reversed": "这笔收支已经冲销过。",
    "not_reversible": "冲销记录不能再冲销。",
    "approval_pending": "已有一项相同的申请在等待审核（第 3 号），请先审核或退回它。",
    "already_decided": "该申请已批准，不能再审核。",
    "stale_request": "2025年度供养标准在提交审核后已改为第 2 版，这项申请已过时，未生效；请退回它，按现行标准重新提交。",
    "no_batch": "2025-03 尚未发放供养金批次，零用钱随批次发放。",
    "no_setting": "2025年度未设定零用钱。",
    "self_assessment_closed": "县局已完成现场评分，自评不能再修改。",
    "nothing_to_publish": "2025年度还没有敬老院完成现场评分，无可公示的结果。",
    "notice_closed": "不在公示期内，不能受理异议。",
    "rating_notice_open": "2025年度星级评定结果正在公示（至 2026-01-07），公示期满后才能定案。",
    "objections_unanswered": "星级评定公示还有 1 条异议未答复，答复后才能定案。",
    "not_dispersed": "只有分散供养对象签订包户照料协议。",
    "no_agreement": "请先签订包户照料协议，再登记探访。",
}

BEARER = "bearer"
SECURITY_SCHEMES = {
    BEARER: SecurityScheme(
        type="http", scheme="bearer", description="`eldercare token create USERNAME` prints a token"
    )
}
SECURITY: list[dict[str, list[str]]] = [{BEARER: []}]


class ErrorBody(msgspec.Struct):
    error: str
    detail: str
    fields: dict[str, str] = {}


def _example(status: int, code: str, detail: str, fields: dict[str, str]) -> Example:
    return Example(summary=f"{status} {code}", value={"error": code, "detail": detail, "fields": fields})


def errors(*codes: int, conflicts: tuple[str, ...] = ()) -> dict[int, ResponseSpec]:
    """OpenAPI responses for these error statuses, in our error shape, with their real codes. 400 (a body that
    is not JSON), 401, 403, 404 (a path that names nothing in scope, or does not parse) and 422 (a malformed
    parameter or body: `invalid`, mapped once in app.py) are always possible; 409 is documented with
    `conflicts` (the codes the operation can answer) and `conflict` (a database constraint)."""
    statuses = {400, 401, 403, 404, 422, *codes}
    if conflicts:
        statuses.add(409)
    specs: dict[int, ResponseSpec] = {}
    for status in sorted(statuses):
        if status == 409:
            examples = [_example(409, c, CONFLICT_TEXT[c], {}) for c in (*conflicts, "conflict")]
        else:
            examples = [_example(status, *ERROR_EXAMPLES[status])]
        specs[status] = ResponseSpec(data_container=ErrorBody, description=ERROR_TEXT[status], examples=examples)
    return specs


# ---- typed answers ---------------------------------------------------------------------------------------


class Out(msgspec.Struct, forbid_unknown_fields=True):
    """Base of every API answer: `typed()` refuses a key the answer does not declare, so the schema and the
    JSON cannot drift apart silently."""


T = TypeVar("T")


def typed(kind: type[T], value: Any) -> T:
    """The answer `value` (dicts from the services) as the Struct `kind`; dates may be dates or ISO text."""
    return msgspec.convert(value, kind, from_attributes=True)


# ---- ranges ----------------------------------------------------------------------------------------------

FEN = Annotated[int, msgspec.Meta(ge=0, le=10**13, description="an amount in fen (≥ 0)")]
YEAR_MIN, YEAR_MAX = 2000, 2100
YearNumber = Annotated[int, msgspec.Meta(ge=YEAR_MIN, le=YEAR_MAX)]
Year = Annotated[int, Parameter(ge=YEAR_MIN, le=YEAR_MAX, description="a year from 2000 to 2100")]
OptionalYear = Annotated[int | None, Parameter(ge=YEAR_MIN, le=YEAR_MAX, description="a year from 2000 to 2100")]
Limit = Annotated[int, Parameter(ge=1, le=500, description="at most this many items (1–500)")]
Offset = Annotated[int, Parameter(ge=0, description="skip this many items")]
Id = Annotated[int, msgspec.Meta(ge=1)]
COUNTY_PATTERN = r"^\d{6}$"
CountyCode = Annotated[str, msgspec.Meta(pattern=COUNTY_PATTERN, description="a county, GB/T 2260 (six digits)")]
COUNTY_DESCRIPTION = (
    "the county's code (GB/T 2260, six digits); only in a city or province reader's list over all their "
    "counties (no `?county=`), naming the county each item belongs to"
)
ListedCounty = Annotated[str, msgspec.Meta(pattern=COUNTY_PATTERN, description=COUNTY_DESCRIPTION)] | UnsetType
# Read by the auth middleware (auth/scope.py county_context); declared on the lists for the schema and checked.
CountyQuery = Annotated[str | None, Parameter(
    pattern=COUNTY_PATTERN, description="a city or province reader: one county of theirs (six digits); without "
    "it, the list runs over all their counties and each item names its `county_code`. A county's own users "
    "always see their own county (the code is checked, then ignored)",
)]  # fmt: skip


def clamp_limit(limit: int) -> int:
    return max(1, min(limit, 500))


def clamp_offset(offset: int) -> int:
    """0 up to 2**62: a larger offset is an empty page, not a number the database cannot take (a 500)."""
    return max(0, min(offset, 2**62))


YEARS = range(YEAR_MIN, YEAR_MAX + 1)


def year_guard(connection: Any, _: Any) -> None:
    """Every `year` (in the path or the query) is a year this system can hold dates for: 2000–2100."""
    from eldercare.errors import Invalid

    raw = connection.path_params.get("year", connection.query_params.get("year"))
    if raw in (None, ""):
        return
    try:
        year = int(raw)
    except (TypeError, ValueError):
        raise Invalid("年度不正确。", fields={"year": "年度应为四位数字，如 2025。"}) from None
    if year not in YEARS:
        raise Invalid("年度不正确。", fields={"year": "年度应在 2000–2100 之间。"})


# ---- msgspec's English, in Chinese -----------------------------------------------------------------------

_TYPE_NAMES = {"int": "整数", "str": "文本", "bool": "true 或 false", "float": "数字", "array": "列表",
               "object": "对象", "null": "空值", "date": "日期（YYYY-MM-DD）", "number": "数字",
               "int | null": "整数或空值", "str | null": "文本或空值"}  # fmt: skip
_MESSAGES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"Expected `(?P<want>[^`]+)` (?P<op>>=|<=|>|<) (?P<n>-?[\d.]+)"),
     lambda m: {">=": "应不小于", "<=": "应不大于", ">": "应大于", "<": "应小于"}[m["op"]] + f" {m['n']}"),
    (re.compile(r"Expected `(?P<want>[^`]+)` of length (?P<op>>=|<=) (?P<n>\d+)"),
     lambda m: ("长度应不少于 " if m["op"] == ">=" else "长度应不超过 ") + m["n"]),
    (re.compile(r"Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`"),
     lambda m: "应为" + _TYPE_NAMES.get(m["want"], m["want"])),
    (re.compile(r"Invalid enum value"), lambda m: "取值不在允许范围内"),
    (re.compile(r"matching regex"), lambda m: "格式不正确"),
    (re.compile(r"Invalid RFC3339 encoded date|Invalid date|Invalid ISO"), lambda m: "日期格式应为 YYYY-MM-DD"),
    (re.compile(r"Object missing required field `(?P<f>[^`]+)`"), lambda m: f"缺少必填项 {m['f']}"),
    (re.compile(r"Object contains unknown field"), lambda m: "含有未知字段"),
    (re.compile(r"Missing required (?:query|path|header|cookie)? ?parameter"), lambda m: "缺少必填参数"),
    (re.compile(r"Integer value out of range"), lambda m: "数值超出允许范围"),
]  # fmt: skip


def chinese_message(message: str) -> str:
    """A field message for the 422 `fields`: msgspec's and Litestar's English turned into Chinese."""
    if not message.isascii():
        return message
    for pattern, say in _MESSAGES:
        found = pattern.search(message)
        if found:
            return say(found)
    return "格式不正确"


def page(items: list[Any], total: int) -> dict[str, Any]:
    return {"items": items, "total": total}


FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
_ISO_DAY = re.compile(r"^(\d{4})-\d{2}-\d{2}(?:$|[T ])")
DATE_RANGE_TEXT = "日期应在 2000-01-01 至 2100-12-31 之间。"
# A person's birth and a staff member's hiring lie before 2000: these fields take 1900–2100.
PAST_DATES = frozenset({"birth_date", "hired_on", "left_on"})


def _out_of_range(value: Any) -> bool:
    if isinstance(value, dt.date):
        return not FIRST_DAY <= (value.date() if isinstance(value, dt.datetime) else value) <= LAST_DAY
    if isinstance(value, str):
        found = _ISO_DAY.match(value.strip())
        return bool(found) and int(found.group(1)) not in YEARS
    return False


def _bad_dates(value: Any, found: dict[str, str]) -> None:
    """Walk a decoded JSON body (without recursion: its depth is the client's choice)."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{path}.{i}" if path else str(i), v) for i, v in enumerate(item))
        elif path.rsplit(".", 1)[-1] in PAST_DATES:
            if isinstance(item, str) and (m := _ISO_DAY.match(item.strip())) and not 1900 <= int(m.group(1)) <= 2100:
                found[path] = "日期应在 1900-01-01 至 2100-12-31 之间。"
        elif _out_of_range(item):
            found[path or "body"] = DATE_RANGE_TEXT


async def date_guard(connection: Any, _: Any) -> None:
    """Every date this system takes (path, query, JSON body) lies in 2000–2100: a 422, not a 500 later in a
    service computing `date - 1 year`. Page forms are checked by their FormReader beside the field."""
    from eldercare.errors import Invalid

    found: dict[str, str] = {}
    for key, value in [*connection.path_params.items(), *connection.query_params.items()]:
        if _out_of_range(value):
            found[key] = DATE_RANGE_TEXT
    method = connection.scope.get("method", "GET")
    if method in ("POST", "PUT", "PATCH") and "json" in connection.headers.get("content-type", ""):
        try:
            body = msgspec.json.decode(await connection.body())
        except msgspec.DecodeError:
            body = None  # Litestar answers it as a malformed body
        except RecursionError:
            raise Invalid("提交的数据嵌套过深。", fields={"body": "提交的数据嵌套过深。"}) from None
        _bad_dates(body, found)
    if found:
        raise Invalid("日期超出范围。", fields=found)
