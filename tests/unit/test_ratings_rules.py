import pytest

from eldercare.errors import Invalid
from eldercare.ratings.rules import (
    parse_thresholds,
    score_error,
    star_for,
    to_tenths,
    validate_rubric,
    validate_scores,
)


def rubric(*maxima, codes=None):
    codes = codes or [f"I{i}" for i in range(len(maxima))]
    items = [{"code": c, "name": f"细则{c}", "max_points": m} for c, m in zip(codes, maxima, strict=True)]
    return [{"code": "service", "name": "供养服务", "items": items}]


def test_points_with_one_decimal_become_tenths():
    assert to_tenths("9.5") == 95 and to_tenths(9.5) == 95 and to_tenths(10) == 100 and to_tenths("0") == 0
    assert to_tenths("9.55") is None and to_tenths("abc") is None and to_tenths(True) is None


def test_a_rubric_of_exactly_100_points_with_half_points_is_accepted():
    # 40 + 30.5 + 29.5 = 100.0
    areas = validate_rubric(rubric(40, "30.5", 29.5))
    assert [i["max_tenths"] for i in areas[0]["items"]] == [400, 305, 295]


def test_a_rubric_not_totalling_100_is_refused():
    with pytest.raises(Invalid) as exc:
        validate_rubric(rubric(40, 30, 29.9))
    assert "99.9" in exc.value.detail and "areas" in exc.value.fields


def test_a_duplicate_item_code_is_refused():
    with pytest.raises(Invalid) as exc:
        validate_rubric(rubric(50, 50, codes=["A", "A"]))
    assert "重复" in exc.value.fields["areas[0].items[1].code"]


@pytest.mark.parametrize("bad", [0, -5, "1.25", "x"])
def test_an_item_maximum_must_be_positive_with_at_most_one_decimal(bad):
    with pytest.raises(Invalid) as exc:
        validate_rubric(rubric(100, bad, codes=["A", "B"]))
    assert "areas[0].items[1].max_points" in exc.value.fields


def test_scores_within_their_maximum_with_half_points_are_kept_in_tenths():
    assert validate_scores({"A": 100, "B": 50}, {"A": "9.5", "B": 5}) == {"A": 95, "B": 50}


def test_a_score_above_its_maximum_below_zero_or_with_two_decimals_is_refused():
    with pytest.raises(Invalid) as exc:
        validate_scores({"A": 100, "B": 50, "C": 50}, {"A": 10.5, "B": -1, "C": "2.25"})
    assert exc.value.fields == {"A": "得分不能超过该项满分 10.0。", "B": "得分不能小于0。",
                                "C": "得分应为数字，最多一位小数。"}  # fmt: skip


def test_an_unknown_item_and_a_missing_item_are_refused():
    with pytest.raises(Invalid) as exc:
        validate_scores({"A": 100}, {"Z": 1})
    assert set(exc.value.fields) == {"A", "Z"}


def test_score_error_is_none_for_a_good_score():
    assert score_error("10.0", 100) is None


def test_stars_follow_the_default_thresholds():
    assert [star_for(t) for t in (599, 600, 700, 899, 900, 949, 950, 1000)] == [0, 1, 2, 3, 4, 4, 5, 5]


def test_thresholds_are_editable_and_must_increase():
    assert parse_thresholds("60,70,80,90,95") == (600, 700, 800, 900, 950)
    assert parse_thresholds([55, 65.5, 75, 85, 92]) == (550, 655, 750, 850, 920)
    with pytest.raises(Invalid):
        parse_thresholds([60, 60, 80, 90, 95])
