"""Dashboard rules, no database: rates, month series, due dates, the Excel layout's header spans."""

import datetime as dt

from eldercare.dashboards import rules
from eldercare.reports.excel import Column, excel_value, header_spans


def test_rates_are_thousandths_rounded_down_and_zero_without_a_base():
    assert rules.rate_permille(2, 3) == 666  # 2000 / 3 = 666.7
    assert rules.rate_permille(5, 0) == 0
    assert rules.permille_text(862) == "86.2%"


def test_the_86_percent_line_is_met_from_860_thousandths():
    assert rules.meets_target(860) and not rules.meets_target(859)


def test_month_series_sums_into_twelve_months_and_ignores_other_years():
    series = rules.month_series([("2026-03", 5), ("2026-03", 7), ("2025-03", 100), ("2026-12", 1)], 2026)
    assert series[2] == 12 and series[11] == 1 and sum(series) == 13


def test_month_end_balances_carry_the_opening_balance_forward():
    # 100 opening; Feb +50; Apr −30 → 100, 150, 150, 120, …
    assert rules.month_end_balances(100, [("2026-02", 50), ("2026-04", -30)], 2026)[:5] == [
        100,
        150,
        150,
        120,
        120,
    ]


def test_a_review_is_due_thirty_days_before_its_anniversary():
    on = dt.date(2026, 6, 15)
    assert rules.review_due_cutoff(on) == dt.date(2025, 7, 15)  # 15 June + 30 days = 15 July, a year back
    assert rules.review_overdue_cutoff(on) == dt.date(2025, 6, 15)


def test_29_february_becomes_28_february_in_a_common_year():
    assert rules.add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)


def test_trust_rounds_are_one_per_half_year():
    assert (
        rules.half_year_round(dt.date(2026, 6, 30)) == 1 and rules.half_year_round(dt.date(2026, 7, 1)) == 2
    )


def test_the_pool_is_twenty_percent_of_positive_net_income_rounded_down():
    assert rules.bonus_pool_fen(230_001) == 46_000  # 4,600,020 / 100 = 46,000.2
    assert rules.bonus_pool_fen(-5) == 0 and rules.bonus_pool_fen(0) == 0


def test_pages_are_clamped():
    assert rules.clamp_page(1000, -5) == (100, 0)


def test_grouped_headers_span_runs_of_the_same_group():
    cols = [Column("a", "A", "text"), Column("b", "B", group="G"), Column("c", "C", group="G"), Column("d", "D"),
            Column("e", "E", group="H")]  # fmt: skip
    assert header_spans(cols) == [("G", 2, 3), ("H", 5, 5)]


def test_excel_values_are_exact_yuan_and_percent():
    assert str(excel_value("fen", 123_456)) == "1234.56"
    assert str(excel_value("permille", 862)) == "0.862"
    assert excel_value("bool", True) == "是" and excel_value("int", None) is None
