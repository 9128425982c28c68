"""供养金 rules without a database, numbers computed by hand."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eldercare.errors import Invalid
from eldercare.payments import rules

STANDARD = {
    "centralized_fen": 192_000,
    "dispersed_fen": 132_000,
    "supplement_self_care_fen": 0,
    "supplement_partial_fen": 12_000,
    "supplement_full_fen": 36_000,
}


def test_the_remainder_of_the_year_is_paid_in_december():
    # 190,000 // 12 = 15,833; 190,000 − 11 × 15,833 = 15,837
    assert [rules.monthly_amount(190_000, m) for m in range(1, 12)] == [15_833] * 11
    assert rules.monthly_amount(190_000, 12) == 15_837


@given(st.integers(min_value=0, max_value=rules.MAX_ANNUAL_FEN))
def test_twelve_months_pay_exactly_the_annual_amount(annual):
    assert sum(rules.monthly_amount(annual, m) for m in range(1, 13)) == annual


def test_a_supplement_is_paid_monthly_by_the_same_rule():
    rates = {(mode, level): (s, sup) for mode, level, s, sup in rules.monthly_rates(STANDARD, "2025-12")}
    # 192,000 / 12 = 16,000 exactly; 36,000 / 12 = 3,000
    assert rates[("centralized", "full")] == (16_000, 3_000)
    assert rates[("dispersed", "partial")] == (11_000, 1_000)


def test_only_a_resident_active_on_the_first_day_is_paid():
    assert rules.is_paid_for_month("active")
    for status in ("suspended", "exited", "deceased", None):
        assert not rules.is_paid_for_month(status)


def test_centralized_support_goes_to_the_home_and_dispersed_to_the_person():
    assert rules.payee("centralized") == "home"
    assert rules.payee("dispersed") == "person"


def test_back_pay_is_the_difference_and_never_a_clawback():
    # raised from 180,000 to 192,000: March due 16,000, paid 15,000 → 1,000 补发
    assert rules.back_pay(due_fen=16_000, paid_fen=15_000) == 1_000
    assert rules.back_pay(due_fen=15_000, paid_fen=16_000) == 0


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-1", "25-01", "2025/01", "", "abcd-ef", "1999-12"])
def test_a_period_that_is_not_yyyy_mm_is_refused(text):
    with pytest.raises(Invalid) as exc:
        rules.parse_period(text)
    assert "period" in exc.value.fields


def test_periods_parse_and_follow_each_other():
    assert rules.parse_period("2025-03") == (2025, 3)
    assert rules.next_period("2025-12") == "2026-01"
    assert rules.first_day("2026-02") == dt.date(2026, 2, 1)
    assert rules.is_future("2026-12", today=dt.date(2026, 11, 29))
    assert not rules.is_future("2026-11", today=dt.date(2026, 11, 1))


def test_the_what_if_preview_counts_todays_roster():
    old = {**STANDARD, "centralized_fen": 180_000}
    roster = [("centralized", "self_care", 10), ("centralized", "full", 2), ("dispersed", "self_care", 5)]
    # 12 centralized × (192,000 − 180,000) = 144,000; dispersed unchanged
    assert rules.what_if_delta(roster, old, STANDARD) == 144_000
    # with no standard before: 10 × 192,000 + 2 × (192,000 + 36,000) + 5 × 132,000 = 3,036,000
    assert rules.what_if_delta(roster, None, STANDARD) == 3_036_000


def test_a_standard_below_zero_is_refused():
    with pytest.raises(Invalid) as exc:
        rules.check_standard({**STANDARD, "dispersed_fen": -1})
    assert exc.value.fields == {"dispersed_fen": "标准不能低于零。"}
    assert rules.check_standard({"centralized_fen": 1, "dispersed_fen": 2})["supplement_full_fen"] == 0
