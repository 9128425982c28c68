"""GB 11643 citizen ID numbers: validate (check digit, real birth date), read birth date and sex, mask."""

from __future__ import annotations

import datetime as dt
import re

from eldercare.errors import Invalid

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalize(id_number: str) -> str:
    return (id_number or "").strip().upper()


def validate(id_number: str, *, field: str = "id_number", today: dt.date | None = None) -> str:
    """The normalized number, or Invalid with a Chinese message naming what is wrong."""
    value = normalize(id_number)
    if not _SHAPE.match(value):
        raise Invalid("身份证号码应为18位。", fields={field: "身份证号码应为18位数字（最后一位可为X）。"})
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise Invalid(
            "身份证号码中的出生日期不存在。", fields={field: "身份证号码中的出生日期不存在。"}
        ) from None
    if born.year < 1880 or (today is not None and born > today):
        raise Invalid("身份证号码中的出生日期不合理。", fields={field: "身份证号码中的出生日期不合理。"})
    if check_digit(value[:17]) != value[17]:
        raise Invalid("身份证号码校验位错误。", fields={field: "身份证号码校验位错误，请核对。"})
    return value


def birth_date(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def sex(id_number: str) -> str:
    """'M' or 'F' from the 17th digit (odd: male)."""
    return "M" if int(id_number[16]) % 2 else "F"


def age_on(id_number: str, on: dt.date) -> int:
    born = birth_date(id_number)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def mask(id_number: str) -> str:
    """360827********0011: the first six and last four, never the whole number in public."""
    value = normalize(id_number)
    if len(value) != 18:
        return "*" * len(value)
    return value[:6] + "*" * 8 + value[14:]


def make(area: str, born: dt.date, sequence: int) -> str:
    """A valid number for the demo and tests: area code (6), birth date, 3-digit sequence, check digit."""
    first17 = f"{area}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_digit(first17)
