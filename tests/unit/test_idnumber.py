import datetime as dt

import pytest

from eldercare import idnumber
from eldercare.errors import Invalid


def test_a_valid_number_gives_birth_date_sex_and_age():
    number = idnumber.make("360827", dt.date(1950, 3, 7), 1)  # sequence 001: odd → male
    assert idnumber.validate(number) == number
    assert idnumber.birth_date(number) == dt.date(1950, 3, 7)
    assert idnumber.sex(number) == "M"
    assert idnumber.age_on(number, dt.date(2026, 3, 6)) == 75
    assert idnumber.age_on(number, dt.date(2026, 3, 7)) == 76


def test_the_published_example_number_checks():
    assert idnumber.validate("11010519491231002X") == "11010519491231002X"


def test_a_wrong_check_digit_is_refused():
    number = idnumber.make("360827", dt.date(1950, 3, 7), 1)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(Invalid) as exc:
        idnumber.validate(wrong)
    assert "校验位" in exc.value.fields["id_number"]


def test_a_birth_date_that_does_not_exist_is_refused():
    first17 = "36082719500230001"
    with pytest.raises(Invalid) as exc:
        idnumber.validate(first17 + idnumber.check_digit(first17))
    assert "出生日期" in exc.value.detail


def test_public_notices_mask_the_middle_eight_digits():
    assert idnumber.mask("360827195003070011") == "360827********0011"
