import datetime as dt

from eldercare.yearend.rules import (
    DEFAULT_TIERS_FEN,
    adjustment,
    award_fen,
    months_served,
    pension_eligible,
    performance_pay,
    pool_fen,
    pool_shares,
    rank_homes,
)


def home(code, total, service, management):
    return {"home_id": int(code[-2:]), "code": code, "total_tenths": total, "service_tenths": service,
            "management_tenths": management}  # fmt: skip


def test_ties_on_total_are_broken_by_service_then_management_then_code_at_the_award_boundary():
    homes = [
        home("JLY09", 900, 300, 200),  # tied on 90.0: service 30.0 (lowest) → after the others
        home("JLY08", 900, 310, 180),  # tied: service 31.0 and management 18.0
        home("JLY07", 900, 310, 190),  # tied: service 31.0, management 19.0 → first of the three
        home("JLY05", 855, 280, 200),  # 85.5 (half points) tied on every score with JLY04 ...
        home("JLY04", 855, 280, 200),  # ... the lower code wins 6th place
        home("JLY01", 990, 300, 200),
        home("JLY02", 970, 300, 200),
        home("JLY03", 860, 250, 200),
    ]
    ranked = rank_homes(homes)
    assert [(h["rank"], h["code"]) for h in ranked] == [
        (1, "JLY01"), (2, "JLY02"), (3, "JLY07"), (4, "JLY08"), (5, "JLY09"), (6, "JLY03"),
        (7, "JLY04"), (8, "JLY05"),
    ]  # fmt: skip
    ranked_two = rank_homes([home("JLY05", 855, 280, 200), home("JLY04", 855, 280, 200)])
    assert [h["code"] for h in ranked_two] == ["JLY04", "JLY05"]


def test_tied_on_everything_the_code_decides_the_sixth_and_seventh_place_and_the_award():
    homes = [home(f"JLY{i:02d}", 1000 - i * 10, 300, 200) for i in range(1, 6)]  # ranks 1-5
    homes += [home("JLY20", 850, 280, 200), home("JLY19", 850, 280, 200)]
    ranked = rank_homes(homes)
    assert [(h["rank"], h["code"]) for h in ranked][5:] == [(6, "JLY19"), (7, "JLY20")]
    assert [award_fen(h["rank"], count=6, amount_fen=500_000) for h in ranked][5:] == [500_000, 0]


def test_a_month_counts_when_employed_on_its_first_day():
    assert months_served(dt.date(2025, 8, 10), None, 2025) == 4  # Sep, Oct, Nov, Dec
    assert months_served(dt.date(2020, 1, 1), dt.date(2025, 10, 3), 2025) == 10  # Jan–Oct
    assert months_served(dt.date(2025, 8, 1), None, 2025) == 5  # Aug–Dec
    assert months_served(dt.date(2020, 1, 1), dt.date(2024, 12, 31), 2025) == 0
    assert months_served(dt.date(2026, 1, 1), None, 2025) == 0


def test_performance_pay_is_the_grade_tier_times_months():
    assert performance_pay("excellent", 4, DEFAULT_TIERS_FEN)["performance_pay_fen"] == 80_000  # 200 元 × 4
    assert performance_pay("competent", 10, DEFAULT_TIERS_FEN)["performance_pay_fen"] == 150_000  # 150 × 10
    assert (
        performance_pay("basic", 12, {**DEFAULT_TIERS_FEN, "basic": 12_000})["performance_pay_fen"] == 144_000
    )
    incompetent = performance_pay("incompetent", 12, DEFAULT_TIERS_FEN)
    assert incompetent["performance_pay_fen"] == 0 and incompetent["why"]["grade_name"] == "不称职"
    assert performance_pay(None, 12, DEFAULT_TIERS_FEN)["why"]["grade_name"] == "未考核"


def test_a_home_at_exactly_95_makes_its_staff_eligible_except_the_incompetent():
    assert pension_eligible(950, "competent")["eligible"] is True
    assert pension_eligible(950, "incompetent")["eligible"] is False
    assert pension_eligible(949, "excellent")["eligible"] is False
    assert pension_eligible(None, "excellent")["eligible"] is False


def test_an_incompetent_director_is_listed_for_adjustment():
    result = adjustment("incompetent", [(90, 100)])
    assert result["flagged"] and result["reasons"] == ["年度考核不称职"]


def test_two_last_trust_rounds_below_80_percent_list_the_person():
    result = adjustment("competent", [(95, 100), (39, 50), (30, 50)])  # 78% and 60%
    assert result["flagged"] and result["reasons"] == ["最近两次院民信任测评均低于80%（78.0%、60.0%）"]


def test_one_round_below_or_a_round_at_exactly_80_percent_does_not_list():
    assert not adjustment("competent", [(70, 100), (80, 100)])["flagged"]  # 80% is not below
    assert not adjustment("competent", [(70, 100)])["flagged"]  # only one round


def test_pool_is_twenty_percent_of_positive_net_income_rounded_down():
    assert pool_fen(1_000_001) == 200_000  # 1,000,001 × 0.2 = 200,000.2 → 200,000
    assert pool_fen(0) == 0 and pool_fen(-500) == 0


def test_pool_shares_sum_to_the_pool():
    shares = pool_shares(100, [{"points": 1}, {"points": 1}, {"points": 1}])
    assert [s["share_fen"] for s in shares] == [34, 33, 33]
