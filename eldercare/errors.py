"""Domain errors: raised by services, mapped once in app.py to a Chinese page message or the API error shape."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None, fields: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.fields = fields or {}


class Invalid(DomainError):
    """422: the input breaks a rule (fields name what and why)."""

    status_code = 422
    code = "invalid"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class Unauthorized(DomainError):
    status_code = 401
    code = "unauthorized"


class Conflict(DomainError):
    """409: the state of things forbids it (a duplicate, a full home, a finalized year, no funds)."""

    status_code = 409
    code = "conflict"


def year_finalized(year: int) -> Conflict:
    return Conflict(f"{year}年度已经定案，不能再修改该年度的数据。", code="year_finalized")


class CountyRequired(DomainError):
    """A city or province user reached a county's page or list without saying which county."""

    status_code = 400
    code = "county_required"

    def __init__(self, detail: str = "请先选择要查看的县（页面上选择，或在接口中加 ?county=县级代码）。") -> None:
        super().__init__(detail)


class PreconditionFailed(DomainError):
    """412: the client's version (If-Match, or the form's hidden version) is not the record's current one."""

    status_code = 412
    code = "stale_version"


class Unavailable(DomainError):
    """503: the database stayed busy longer than a writer waits (the client may retry after `retry_after` s)."""

    status_code = 503
    code = "busy"

    def __init__(self, detail: str = "系统繁忙，请稍后重试。", *, retry_after: int = 2) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
