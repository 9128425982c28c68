"""What every JSON endpoint shares: the error shape in the OpenAPI schema, list paging, the actor."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

ERROR_TEXT = {
    400: "bad request",
    401: "not signed in, or the token is unknown or expired",
    403: "outside the caller's role or scope",
    404: "no such thing in the caller's scope",
    409: "conflicts with the state of things (duplicate, full home, finalized year, insufficient funds)",
    412: "If-Match names a version that is no longer the record's (someone saved in between): read it again",
    422: "the input breaks a rule; fields says which and why",
}


class ErrorBody(msgspec.Struct):
    error: str
    detail: str
    fields: dict[str, str] = {}


def errors(*codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI responses for these error statuses, in our error shape. 400 (a body that is not JSON), 401,
    403, 404 (a path that names nothing in scope, or does not parse) and 422 (a malformed parameter or body:
    `invalid`, mapped once in app.py) are always possible."""
    return {
        code: ResponseSpec(
            data_container=ErrorBody,
            description=ERROR_TEXT[code],
            examples=[Example(value={"error": "invalid", "detail": "……", "fields": {}})],
        )
        for code in sorted({400, 401, 403, 404, 422, *codes})
    }


def page(items: list[Any], total: int) -> dict[str, Any]:
    return {"items": items, "total": total}


def clamp_limit(limit: int) -> int:
    return max(1, min(limit, 500))


def clamp_offset(offset: int) -> int:
    """0 up to 2**62: a larger offset is an empty page, not a number the database cannot take (a 500)."""
    return max(0, min(offset, 2**62))


YEARS = range(2000, 2101)


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


FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
_ISO_DAY = re.compile(r"^(\d{4})-\d{2}-\d{2}(?:$|[T ])")
DATE_RANGE_TEXT = "日期应在 2000-01-01 至 2100-12-31 之间。"


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
