"""Reading a page form: the one way a controller turns posted text into typed values.

    f = FormReader(await request.form())
    year = f.year("year", default=2025)
    on = f.date("on")
    f.check()            # Invalid (422) naming every field that did not parse, in Chinese

Each reader method returns the typed value, or None (or the default) when the field is wrong, and records a
Chinese message under the field's name, so the page re-renders the form with the message beside the field.
Nothing here raises ValueError: `year=abc`, `-1`, `1e9`, a blank, a repeated field, a file where text was
expected or a missing field all end as a message, never a 500. Dates lie in 2000–2100 (as in the API).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from eldercare.api_common import DATE_RANGE_TEXT, FIRST_DAY, LAST_DAY
from eldercare.errors import Invalid

_INTEGER = re.compile(r"^[+-]?\d{1,19}$")
MAX_ID = 2**62
MAX_TEXT = 2000


class FormReader:
    def __init__(self, form: Any) -> None:
        self._form = form
        self.errors: dict[str, str] = {}

    # raw access -------------------------------------------------------------------------------------------
    def _all(self, name: str) -> list[Any]:
        form = self._form
        if hasattr(form, "getall"):
            try:
                return list(form.getall(name))
            except KeyError:
                return []
        value = form.get(name) if hasattr(form, "get") else None
        return [] if value is None else list(value) if isinstance(value, list) else [value]

    def raw(self, name: str, *, strip: bool = True) -> str | None:
        """The field's one text value (stripped unless told: a password keeps its spaces), None when absent; a
        repeated field with different values or a file is an error on that field."""
        values = self._all(name)
        if not values:
            return None
        if any(not isinstance(v, str) for v in values):
            return self.fail(name, "此项应为文字，不能上传文件。")
        if any("\x00" in v for v in values):  # PostgreSQL stores no NUL in text
            return self.fail(name, "含有不可见的空字符，请重新输入。")
        if len({v.strip() if strip else v for v in values}) > 1:
            return self.fail(name, "此项只能填写一个值。")
        return values[0].strip() if strip else values[0]

    def values(self) -> dict[str, str]:
        """What was typed, one text per field, to re-render the form with."""
        items = self._form.multi_items() if hasattr(self._form, "multi_items") else self._form.items()
        return {k: v for k, v in items if isinstance(v, str)}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)
        return None

    def check(self, detail: str = "提交的内容有误，请按提示修改。") -> None:
        if self.errors:
            raise Invalid(detail, fields=dict(self.errors))

    @property
    def ok(self) -> bool:
        return not self.errors

    # typed readers ----------------------------------------------------------------------------------------
    def text(
        self, name: str, *, default: str = "", required: bool = False, max_length: int = MAX_TEXT, strip: bool = True
    ) -> str:
        value = self.raw(name, strip=strip)
        if value is None or value == "":
            if required:
                self.fail(name, "此项必填。")
            return default
        if len(value) > max_length:
            self.fail(name, f"最多 {max_length} 个字。")
            return default
        return value

    def integer(
        self, name: str, *, default: int | None = None, required: bool = True, minimum: int = -MAX_ID,
        maximum: int = MAX_ID, message: str = "",
    ) -> int | None:  # fmt: skip
        value = self.raw(name)
        if value is None or value == "":
            if required and default is None:
                self.fail(name, message or "此项必填，请填写整数。")
            return default
        if not _INTEGER.match(value):
            return self.fail(name, message or "请填写整数。")
        number = int(value)
        if not minimum <= number <= maximum:
            return self.fail(name, message or f"应在 {minimum}–{maximum} 之间。")
        return number

    def optional_id(self, name: str) -> int | None:
        """A chosen row (a select's value): blank is none; anything but a positive integer is an error."""
        return self.integer(name, required=False, minimum=1, message="选择不正确。")

    def ids(self, name: str) -> list[int]:
        """A repeated id field (one per row of a table form)."""
        out: list[int] = []
        for value in self._all(name):
            if not isinstance(value, str) or not value.strip().isdigit() or not 0 < int(value) <= MAX_ID:
                self.fail(name, "提交的行不正确，请刷新页面后重试。")
                return []
            out.append(int(value))
        return out

    def many(self, name: str) -> list[str]:
        """Every text value of a field repeated on purpose (a column of a table form)."""
        out = []
        for value in self._all(name):
            if not isinstance(value, str):
                self.fail(name, "此项应为文字，不能上传文件。")
                return []
            out.append(value)
        return out

    def year(self, name: str = "year", *, default: int | None = None) -> int | None:
        return self.integer(name, default=default, minimum=2000, maximum=2100,
                            message="年度应为 2000–2100 之间的四位数字，如 2025。")  # fmt: skip

    def date(self, name: str, *, required: bool = True, default: dt.date | None = None) -> dt.date | None:
        value = self.raw(name)
        if value is None or value == "":
            if required and default is None:
                self.fail(name, "请填写日期，如 2025-01-31。")
            return default
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return self.fail(name, "日期格式不正确，请填写如 2025-01-31。")
        if not FIRST_DAY <= day <= LAST_DAY:
            return self.fail(name, DATE_RANGE_TEXT)
        return day

    def choice(self, name: str, choices: Iterable[str], *, default: str | None = None) -> str | None:
        value = self.raw(name)
        if value is None or value == "":
            if default is None:
                self.fail(name, "请选择。")
            return default
        if value not in set(choices):
            return self.fail(name, "选择不正确。")
        return value

    def flag(self, name: str, *, on: Iterable[str] = ("1", "on", "true", "yes")) -> bool:
        value = self.raw(name)
        return value is not None and value in set(on)
