"""供养对象的规则 (pure): the state from events, which event may follow, care level, 年审, beds, 集中供养率."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from eldercare.errors import Conflict, Invalid

ACTIVE_LIKE = ("active", "suspended")
MODES = ("centralized", "dispersed")
CARE_LEVELS = ("self_care", "partial", "full")
EVENT_KINDS = ("admit", "transfer", "suspend", "resume", "exit", "death", "care_level", "correction")
STATUSES = ("active", "suspended", "exited", "deceased")
REVIEW_DUE_WINDOW_DAYS = 30
CENTRALIZED_TARGET_PERMILLE = 860


@dataclass(frozen=True)
class State:
    """What a resident is after an event: status, support mode, home (centralized only), care level."""

    status: str
    mode: str
    home_id: int | None
    care_level: str


@dataclass(frozen=True)
class Event:
    seq: int
    dated_on: dt.date
    state: State


def state_on(events: Iterable[Event], on: dt.date) -> State | None:
    """The state on a date: the event with the greatest (dated_on, seq) dated on or before it; None before admission."""
    dated = [e for e in events if e.dated_on <= on]
    if not dated:
        return None
    return max(dated, key=lambda e: (e.dated_on, e.seq)).state


def _refuse(message: str, field: str = "kind") -> Invalid:
    return Invalid(message, fields={field: message})


def _placed(mode: str | None, home_id: int | None) -> tuple[str, int | None]:
    if mode not in MODES:
        raise _refuse("供养方式只能是集中供养或分散供养。", "mode")
    if mode == "centralized" and home_id is None:
        raise _refuse("集中供养须指定敬老院。", "home_id")
    return mode, home_id if mode == "centralized" else None


def next_state(
    current: State | None,
    *,
    kind: str,
    mode: str | None = None,
    home_id: int | None = None,
    care_level: str | None = None,
    status: str | None = None,
) -> State:
    """The state after an event of this kind, or Invalid naming why the event cannot follow the current state."""
    if kind not in EVENT_KINDS:
        raise _refuse("未知的变动类型。")
    if current is not None and current.status == "deceased":
        raise _refuse("该对象已死亡，不能再登记任何变动。")
    if kind == "admit":
        if current is not None and current.status != "exited":
            raise _refuse("该对象已在供养中，不能重复纳入。")
        placed_mode, placed_home = _placed(mode, home_id)
        level = care_level or "self_care"
        if level not in CARE_LEVELS:
            raise _refuse("自理能力只能是全自理、半失能或全失能。", "care_level")
        return State("active", placed_mode, placed_home, level)
    if current is None:
        raise _refuse("该对象尚未纳入供养，请先登记纳入。")
    return _follow(current, kind=kind, mode=mode, home_id=home_id, care_level=care_level, status=status)


def _follow(current: State, *, kind: str, mode, home_id, care_level, status) -> State:
    if kind == "suspend":
        if current.status != "active":
            raise _refuse("只有在册对象可以暂停供养。")
        return replace(current, status="suspended")
    if kind == "resume":
        if current.status != "suspended":
            raise _refuse("只有暂停供养的对象可以恢复。")
        return replace(current, status="active")
    if kind == "exit":
        if current.status not in ACTIVE_LIKE:
            raise _refuse("只有在册或暂停的对象可以退出供养。")
        return replace(current, status="exited")
    if kind == "death":
        return replace(current, status="deceased")
    if kind == "transfer":
        if current.status != "active":
            raise _refuse("只有在册对象可以转移。")
        new_mode, new_home = _placed(mode or current.mode, home_id)
        if (new_mode, new_home) == (current.mode, current.home_id):
            raise _refuse("转移须改变供养方式或敬老院。", "home_id")
        return replace(current, mode=new_mode, home_id=new_home)
    if kind == "care_level":
        if current.status not in ACTIVE_LIKE:
            raise _refuse("只有在册或暂停的对象可以变更自理能力。")
        if care_level not in CARE_LEVELS:
            raise _refuse("自理能力只能是全自理、半失能或全失能。", "care_level")
        if care_level == current.care_level:
            raise _refuse("自理能力与现状相同。", "care_level")
        return replace(current, care_level=care_level)
    return _correct(current, mode=mode, home_id=home_id, care_level=care_level, status=status)


def _correct(current: State, *, mode, home_id, care_level, status) -> State:
    """更正: a new event restating the whole state (never an overwrite of the old one)."""
    new_status = status or current.status
    if new_status not in STATUSES:
        raise _refuse("状态只能是在册、暂停、退出或死亡。", "status")
    new_mode, new_home = _placed(mode or current.mode, home_id if home_id is not None else current.home_id)
    level = care_level or current.care_level
    if level not in CARE_LEVELS:
        raise _refuse("自理能力只能是全自理、半失能或全失能。", "care_level")
    return State(new_status, new_mode, new_home, level)


def check_event_date(*, on: dt.date, last_on: dt.date | None, today: dt.date) -> None:
    """An event is not dated before the previous one (same day is fine: seq orders them), nor in the future."""
    if last_on is not None and on < last_on:
        raise _refuse(f"变动日期不能早于上一次变动（{last_on.isoformat()}）。", "on")
    if on > today:
        raise _refuse("变动日期不能晚于今天。", "on")


def check_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise _refuse("请填写变动原因。", "reason")
    return text


ASSESSMENT_ITEMS = ("eating", "dressing", "transfer", "toileting", "walking", "bathing")
ASSESSMENT_NAMES = {"eating": "进食", "dressing": "穿衣", "transfer": "上下床", "toileting": "如厕",
                    "walking": "室内行走", "bathing": "洗澡"}  # fmt: skip


def care_level_from_assessment(managed: dict[str, bool]) -> str:
    """生活自理能力: all six managed → 全自理; 1–3 not managed → 半失能; 4 or more → 全失能."""
    missing = [k for k in ASSESSMENT_ITEMS if k not in managed]
    if missing:
        raise _refuse("自理能力评估须填写全部六项。", missing[0])
    not_managed = sum(1 for k in ASSESSMENT_ITEMS if not managed[k])
    if not_managed == 0:
        return "self_care"
    return "partial" if not_managed <= 3 else "full"


def review_due_on(*, admitted_on: dt.date, last_review_on: dt.date | None) -> dt.date:
    """年审 falls due a year after the last review (or after admission when never reviewed)."""
    base = last_review_on or admitted_on
    try:
        return base.replace(year=base.year + 1)
    except ValueError:  # 29 February
        return dt.date(base.year + 1, 3, 1)


def review_state(*, admitted_on: dt.date, last_review_on: dt.date | None, today: dt.date) -> str:
    """'overdue' after the due date, 'due' within 30 days of it, else 'ok'."""
    due = review_due_on(admitted_on=admitted_on, last_review_on=last_review_on)
    if today > due:
        return "overdue"
    if (due - today).days <= REVIEW_DUE_WINDOW_DAYS:
        return "due"
    return "ok"


def check_bed_free(*, beds: int, occupied: int, home_name: str = "该敬老院") -> None:
    """A home never holds more centralized residents than beds: one more must still fit."""
    if occupied + 1 > beds:
        message = f"{home_name}床位已满（{beds}张床位，已住{occupied}人）。"
        raise Conflict(message, code="home_full", fields={"home_id": message})


def centralized_rate_permille(*, centralized: int, total: int) -> int:
    """集中供养率 in permille, rounded down: centralized ÷ all supported (active) persons."""
    return centralized * 1000 // total if total else 0


def meets_centralized_target(rate_permille: int, target_permille: int = CENTRALIZED_TARGET_PERMILLE) -> bool:
    return rate_permille >= target_permille


# 三审三公示: each stage's review opens a notice; its end moves the case on.
STAGE_AFTER = {"village": "township", "township": "county", "county": "approved"}
STAGE_NAMES = {"village": "村（居）委会评议", "township": "乡镇审核", "county": "县民政局审批",
               "approved": "已批准", "rejected": "未通过"}  # fmt: skip
NOTICE_ISSUER = {"village": "村（居）民委员会", "township": "乡镇人民政府", "county": "县民政局"}


def notice_ends_on(starts_on: dt.date, days: int) -> dt.date:
    """A notice of 7 days starting 1 March runs to 7 March inclusive."""
    if days < 1:
        raise Invalid("公示期至少1天。", fields={"notice_days": "公示期至少1天。"})
    return starts_on + dt.timedelta(days=days - 1)


def notice_over(*, ends_on: dt.date, on: dt.date) -> bool:
    """The notice is over (without objection) from the day after its last day."""
    return on > ends_on


def stage_after(stage: str) -> str:
    if stage not in STAGE_AFTER:
        raise Invalid("该申请已办结。", fields={"stage": "该申请已办结。"})
    return STAGE_AFTER[stage]


def census_problems(*, present: int, hospitalized: int, on_leave: int, beds: int, residents: int) -> dict[str, str]:
    """每日在院人数 that cannot be true: more present than beds or than residents in the register, or more present,
    in hospital and on leave together than residents. Field → Chinese message; empty when the counts are possible."""
    problems: dict[str, str] = {}
    counts = {"present": present, "hospitalized": hospitalized, "on_leave": on_leave}
    for key, value in counts.items():
        if value < 0:
            problems[key] = "人数不能为负数。"
    if problems:
        return problems
    if present > beds:
        problems["present"] = f"在院 {present} 人超过本院床位 {beds} 张，请核对。"
    elif present > residents:
        problems["present"] = f"在院 {present} 人超过本院在册集中供养 {residents} 人，请核对。"
    elif present + hospitalized + on_leave > residents:
        problems["present"] = (f"在院、住院、请假合计 {present + hospitalized + on_leave} 人，超过本院在册集中供养 "
                               f"{residents} 人，请核对。")  # fmt: skip
    return problems
