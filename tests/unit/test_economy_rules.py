import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eldercare.economy.rules import (
    Contributor,
    check_line,
    in_kind_value_fen,
    net_fen,
    parse_quantity,
    pool_fen,
    pool_why,
    split_pool,
)
from eldercare.errors import Invalid

TODAY = dt.date(2026, 11, 29)


def people(*points: int) -> list[Contributor]:
    return [Contributor(person_kind="staff", person_id=i + 1, points=p) for i, p in enumerate(points)]


def test_in_kind_value_is_quantity_times_unit_price_in_exact_fen():
    # 120 斤 × 6.50 元 = 120 × 650 fen = 78,000 fen
    assert in_kind_value_fen(parse_quantity("120"), 650) == 78_000


def test_in_kind_value_with_a_decimal_quantity_rounds_half_up_to_the_fen():
    # 2.5 × 333 fen = 832.5 → 833; 0.125 × 4 = 0.5 → 1; 1.1 × 3 = 3.3 → 3
    assert in_kind_value_fen(parse_quantity("2.5"), 333) == 833
    assert in_kind_value_fen(parse_quantity("0.125"), 4) == 1
    assert in_kind_value_fen(parse_quantity("1.1"), 3) == 3


@pytest.mark.parametrize("text", ["", "0", "-3", "1.2345", "abc", "1e3"])
def test_a_bad_quantity_is_refused(text):
    with pytest.raises(Invalid) as exc:
        parse_quantity(text)
    assert "quantity" in exc.value.fields


def test_pool_is_twenty_percent_of_positive_net_income_rounded_down():
    # 480,001 × 20% = 96,000.2 → 96,000
    assert pool_fen(480_001) == 96_000
    assert pool_fen(5) == 1  # 5 × 20% = 1
    assert pool_fen(4) == 0  # 0.8 → 0


def test_a_negative_or_zero_net_gives_no_pool():
    assert pool_fen(-100) == 0
    assert pool_fen(0) == 0
    assert split_pool(0, people(1, 2)).status == "none"


def test_net_counts_a_reversing_line():
    # income 100,000 then a 30,000 line and its reversal (−30,000): income stays 100,000
    income = 100_000 + 30_000 - 30_000
    assert net_fen(income, 20_000) == 80_000


def test_points_four_two_one_split_ninety_six_thousand_by_largest_remainder():
    # 96,000 × 4/7 = 54,857.14 (rem 1); × 2/7 = 27,428.57 (rem 4); × 1/7 = 13,714.28 (rem 2)
    # floors sum 95,999: the 1 leftover fen goes to the largest remainder (the 2-point line)
    split = split_pool(96_000, people(4, 2, 1))
    assert [s.share_fen for s in split.shares] == [54_857, 27_429, 13_714]
    assert split.leftover_fen == 1
    assert [s.extra_fen for s in split.shares] == [0, 1, 0]
    assert "96,000 分 × 个人积分 ÷ 7 积分" in split.why[0]
    assert "27,428.57" in split.shares[1].exact


def test_ties_go_to_more_points_then_the_earlier_line():
    # 10 fen over points 1,1,1,1: floors 2 each (8), remainders equal: the first two lines get the 2 extra
    assert [s.share_fen for s in split_pool(10, people(1, 1, 1, 1)).shares] == [3, 3, 2, 2]


def test_a_pool_without_contributions_waits():
    split = split_pool(96_000, [])
    assert split.status == "waiting" and split.shares == [] and "待分配" in split.why[0]


def test_the_why_of_the_pool_shows_the_formula_and_numbers():
    lines = pool_why(600_001, 120_000)
    assert "4,800.01" in lines[0] and "960.00" in lines[1]


def test_a_line_must_have_a_known_kind_category_and_positive_amount():
    fields = check_line(kind="gift", category="mining", amount_fen=0, dated_on=None, today=TODAY)
    assert set(fields) == {"kind", "category", "amount", "on"}
    future = check_line(kind="income", category="planting", amount_fen=1, dated_on=dt.date(2027, 1, 1),
                        today=TODAY)  # fmt: skip
    assert set(future) == {"on"}


@given(
    pool=st.integers(min_value=1, max_value=10**12),
    points=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=40),
)
def test_shares_always_sum_to_the_pool_and_stay_within_a_fen_of_their_exact_proportion(pool, points):
    split = split_pool(pool, people(*points))
    assert sum(s.share_fen for s in split.shares) == pool
    total = sum(points)
    for share, p in zip(split.shares, points, strict=True):
        assert abs(Fraction(share.share_fen) - Fraction(pool * p, total)) < 1


def test_in_kind_produce_at_a_stated_value_needs_no_quantity_or_unit_price():
    from eldercare.economy.rules import in_kind_amount

    assert in_kind_amount(kind="income", amount_fen=12_000, quantity="", unit_price_fen=None) == (12_000, "", {})
    assert in_kind_amount(kind="income", amount_fen=12_000, quantity="30", unit_price_fen=None) == (12_000, "30", {})


def test_in_kind_produce_with_quantity_and_unit_price_is_their_product_and_a_stated_amount_must_agree():
    from eldercare.economy.rules import in_kind_amount

    assert in_kind_amount(kind="income", amount_fen=None, quantity="120", unit_price_fen=650) == (78_000, "120", {})
    _, _, fields = in_kind_amount(kind="income", amount_fen=1, quantity="120", unit_price_fen=650)
    assert "78000" in fields["amount"]


def test_in_kind_produce_without_a_value_or_as_expense_is_refused():
    from eldercare.economy.rules import in_kind_amount

    assert "amount" in in_kind_amount(kind="income", amount_fen=None, quantity="", unit_price_fen=None)[2]
    assert "amount" in in_kind_amount(kind="income", amount_fen=None, quantity="5", unit_price_fen=None)[2]
    assert "kind" in in_kind_amount(kind="expense", amount_fen=100, quantity="", unit_price_fen=None)[2]
