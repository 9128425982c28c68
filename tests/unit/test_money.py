import pytest
from hypothesis import given
from hypothesis import strategies as st

from eldercare.errors import Invalid
from eldercare.money import format_fen, parse_yuan, split_largest_remainder


def test_yuan_text_becomes_exact_fen_without_float():
    assert parse_yuan("1234.5") == 123450
    assert parse_yuan("1,234.56") == 123456
    assert parse_yuan("0.1") == 10
    assert parse_yuan("780") == 78000


@pytest.mark.parametrize("text", ["1.234", "abc", "", "1e5", "--1"])
def test_bad_amounts_are_refused_in_chinese(text):
    with pytest.raises(Invalid) as exc:
        parse_yuan(text)
    assert "金额" in exc.value.detail


def test_negative_and_zero_amounts_are_refused():
    with pytest.raises(Invalid):
        parse_yuan("-5")
    with pytest.raises(Invalid):
        parse_yuan("0")


def test_fen_are_shown_as_yuan_with_two_decimals():
    assert format_fen(123450) == "1,234.50"
    assert format_fen(-5) == "-0.05"
    assert format_fen(102600000, unit=True) == "1,026,000.00 元"


def test_points_four_two_one_split_the_pool_with_the_leftover_fen_to_the_largest_remainder():
    # 96,000 × 4/7 = 54,857.14; × 2/7 = 27,428.57; × 1/7 = 13,714.28 → floors leave 1 fen, to the .57
    assert split_largest_remainder(96_000, [4, 2, 1]) == [54_857, 27_429, 13_714]


def test_equal_remainders_go_to_more_points_then_the_earlier_line():
    assert split_largest_remainder(1, [1, 1]) == [1, 0]
    assert split_largest_remainder(2, [1, 1, 1]) == [1, 1, 0]


@given(st.integers(0, 10**9), st.lists(st.integers(1, 1000), min_size=1, max_size=30))
def test_shares_always_sum_to_the_pool_and_stay_within_a_fen_of_the_exact_proportion(total, weights):
    shares = split_largest_remainder(total, weights)
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share * sum(weights) - total * weight) < sum(weights)
