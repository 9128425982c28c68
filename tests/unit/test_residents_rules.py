"""Residents' rules, hand-written cases, no database."""

import datetime as dt

import pytest

from eldercare.errors import Conflict, Invalid
from eldercare.residents.rules import (
    Event,
    State,
    care_level_from_assessment,
    centralized_rate_permille,
    check_bed_free,
    check_event_date,
    check_reason,
    meets_centralized_target,
    next_state,
    review_due_on,
    review_state,
    state_on,
)

D = dt.date
ACTIVE_A = State("active", "centralized", 1, "self_care")


def test_the_state_on_a_date_is_the_last_event_on_or_before_it():
    events = [
        Event(1, D(2025, 1, 1), ACTIVE_A),
        Event(2, D(2025, 6, 1), State("active", "centralized", 2, "self_care")),
        Event(3, D(2025, 6, 1), State("suspended", "centralized", 2, "self_care")),
        Event(4, D(2026, 1, 1), State("exited", "centralized", 2, "self_care")),
    ]
    assert state_on(events, D(2024, 12, 31)) is None
    assert state_on(events, D(2025, 1, 1)) == ACTIVE_A
    assert state_on(events, D(2025, 6, 1)).status == "suspended"  # same day: the higher seq wins
    assert state_on(events, D(2025, 12, 31)).home_id == 2
    assert state_on(events, D(2026, 3, 1)).status == "exited"


def test_admission_places_a_dispersed_resident_in_no_home():
    assert next_state(None, kind="admit", mode="dispersed", home_id=5) == State(
        "active", "dispersed", None, "self_care"
    )


def test_a_centralized_admission_needs_a_home():
    with pytest.raises(Invalid) as exc:
        next_state(None, kind="admit", mode="centralized")
    assert "home_id" in exc.value.fields


def test_an_active_resident_cannot_be_admitted_twice_but_an_exited_one_can_return():
    with pytest.raises(Invalid):
        next_state(ACTIVE_A, kind="admit", mode="centralized", home_id=1)
    exited = State("exited", "dispersed", None, "partial")
    assert next_state(exited, kind="admit", mode="dispersed").status == "active"


def test_nothing_follows_a_death():
    dead = next_state(ACTIVE_A, kind="death")
    assert dead.status == "deceased"
    for kind in ("resume", "transfer", "exit", "death", "care_level", "admit", "correction"):
        with pytest.raises(Invalid) as exc:
            next_state(dead, kind=kind, mode="dispersed", care_level="full")
        assert "死亡" in exc.value.detail


def test_resume_only_when_suspended_and_suspend_only_when_active():
    with pytest.raises(Invalid):
        next_state(ACTIVE_A, kind="resume")
    suspended = next_state(ACTIVE_A, kind="suspend")
    assert suspended.status == "suspended"
    with pytest.raises(Invalid):
        next_state(suspended, kind="suspend")
    assert next_state(suspended, kind="resume") == ACTIVE_A


def test_exit_from_active_or_suspended_only():
    assert next_state(ACTIVE_A, kind="exit").status == "exited"
    with pytest.raises(Invalid):
        next_state(State("exited", "dispersed", None, "self_care"), kind="exit")


def test_a_transfer_changes_home_or_mode_and_dispersal_leaves_the_home():
    assert next_state(ACTIVE_A, kind="transfer", home_id=2).home_id == 2
    assert next_state(ACTIVE_A, kind="transfer", mode="dispersed") == State(
        "active", "dispersed", None, "self_care"
    )
    with pytest.raises(Invalid):
        next_state(ACTIVE_A, kind="transfer", home_id=1)  # nothing changes
    with pytest.raises(Invalid):
        next_state(State("suspended", "centralized", 1, "self_care"), kind="transfer", home_id=2)


def test_a_care_level_change_must_change_the_level():
    assert next_state(ACTIVE_A, kind="care_level", care_level="full").care_level == "full"
    with pytest.raises(Invalid):
        next_state(ACTIVE_A, kind="care_level", care_level="self_care")
    with pytest.raises(Invalid):
        next_state(ACTIVE_A, kind="care_level", care_level="bedridden")


def test_a_correction_restates_the_state_it_names_and_keeps_the_rest():
    fixed = next_state(ACTIVE_A, kind="correction", care_level="partial", home_id=3)
    assert fixed == State("active", "centralized", 3, "partial")


def test_no_event_before_admission_except_admit():
    with pytest.raises(Invalid):
        next_state(None, kind="suspend")


def test_an_event_dated_before_the_previous_one_is_refused_same_day_is_fine():
    check_event_date(on=D(2025, 3, 1), last_on=D(2025, 3, 1), today=D(2026, 1, 1))
    with pytest.raises(Invalid) as exc:
        check_event_date(on=D(2025, 2, 28), last_on=D(2025, 3, 1), today=D(2026, 1, 1))
    assert exc.value.fields == {"on": "变动日期不能早于上一次变动（2025-03-01）。"}
    with pytest.raises(Invalid):
        check_event_date(on=D(2026, 1, 2), last_on=None, today=D(2026, 1, 1))


def test_every_event_needs_a_reason():
    assert check_reason("  病故 ") == "病故"
    with pytest.raises(Invalid):
        check_reason("   ")


def test_care_level_from_the_six_items():
    all_managed = dict.fromkeys(("eating", "dressing", "transfer", "toileting", "walking", "bathing"), True)
    assert care_level_from_assessment(all_managed) == "self_care"
    assert care_level_from_assessment({**all_managed, "bathing": False}) == "partial"  # 1 not managed
    three = {**all_managed, "bathing": False, "walking": False, "dressing": False}
    assert care_level_from_assessment(three) == "partial"  # 3 not managed
    assert care_level_from_assessment({**three, "eating": False}) == "full"  # 4 not managed
    assert care_level_from_assessment(dict.fromkeys(all_managed, False)) == "full"
    with pytest.raises(Invalid):
        care_level_from_assessment({"eating": True})


def test_the_annual_review_falls_due_a_year_after_the_last_one_or_admission():
    assert review_due_on(admitted_on=D(2024, 5, 10), last_review_on=None) == D(2025, 5, 10)
    assert review_due_on(admitted_on=D(2020, 1, 1), last_review_on=D(2024, 2, 29)) == D(2025, 3, 1)
    kwargs = {"admitted_on": D(2024, 5, 10), "last_review_on": D(2025, 6, 1)}  # due 2026-06-01
    assert review_state(**kwargs, today=D(2026, 4, 30)) == "ok"  # 32 days before
    assert review_state(**kwargs, today=D(2026, 5, 2)) == "due"  # 30 days before
    assert review_state(**kwargs, today=D(2026, 6, 1)) == "due"
    assert review_state(**kwargs, today=D(2026, 6, 2)) == "overdue"


def test_a_full_home_takes_nobody_more():
    check_bed_free(beds=10, occupied=9)
    with pytest.raises(Conflict) as exc:
        check_bed_free(beds=10, occupied=10, home_name="泉江镇敬老院")
    assert exc.value.code == "home_full" and "床位已满" in exc.value.fields["home_id"]


def test_the_centralized_rate_is_rounded_down_in_permille():
    assert centralized_rate_permille(centralized=97, total=916) == 105  # 97000 // 916 = 105.8 → 105
    assert centralized_rate_permille(centralized=0, total=0) == 0
    assert meets_centralized_target(860) and not meets_centralized_target(859)


def test_a_seven_day_notice_runs_to_the_seventh_day_inclusive_and_is_over_the_day_after():
    from eldercare.residents.rules import notice_ends_on, notice_over, stage_after

    assert notice_ends_on(D(2026, 3, 1), 7) == D(2026, 3, 7)  # 1..7 March
    assert not notice_over(ends_on=D(2026, 3, 7), on=D(2026, 3, 7))
    assert notice_over(ends_on=D(2026, 3, 7), on=D(2026, 3, 8))
    assert [stage_after(s) for s in ("village", "township", "county")] == ["township", "county", "approved"]
    with pytest.raises(Invalid):
        stage_after("approved")
    with pytest.raises(Invalid):
        notice_ends_on(D(2026, 3, 1), 0)
