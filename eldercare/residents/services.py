"""Residents: admit, dated events (the truth), reads scoped to the actor.

The contract others rely on: every resident_event row carries the full state after it; `seq` increases per
resident; the state on date D is the event with the greatest (dated_on, seq) having dated_on <= D; the
resident row always equals the state after its last event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from eldercare import db, idnumber, pinyin
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_role
from eldercare.config import get_settings
from eldercare.county.services import township_id_for
from eldercare.errors import Conflict, Forbidden, Invalid, NotFound
from eldercare.residents import rules
from eldercare.residents.tables import Resident, ResidentEvent

NOW = dt.datetime.now
HOLDS_BED = ("active", "suspended")  # a suspended centralized resident keeps the bed


def local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo(get_settings().timezone)).date()


def initials(name: str) -> str:
    """拼音首字母 with the surname's reading: 张秀英 → zxy, 曾春 → zc (eldercare/pinyin.py)."""
    return pinyin.initials(name)


RESIDENT_COLUMNS = (
    Resident.id, Resident.id_number, Resident.name, Resident.name_initials, Resident.sex, Resident.birth_date,
    Resident.township, Resident.township.code.as_alias("township_code"),
    Resident.township.name.as_alias("township_name"), Resident.village, Resident.mode, Resident.home,
    Resident.home.name.as_alias("home_name"), Resident.care_level, Resident.status, Resident.admitted_on,
    Resident.status_on, Resident.last_review_on,
)  # fmt: skip


def visible(actor: Actor, row: dict[str, Any]) -> None:
    """The bureau sees everyone; a director the residents of their own home; staff nobody."""
    if actor.is_bureau:
        return
    if actor.is_director and row["home"] is not None and row["home"] == actor.home_id:
        return
    raise Forbidden("无权查看该供养对象。")


async def get_resident(*, actor: Actor, resident_id: int) -> dict[str, Any]:
    require_role(actor, BUREAU, DIRECTOR)
    row = await Resident.select(*RESIDENT_COLUMNS).where(Resident.id == resident_id).first()
    if row is None:
        raise NotFound("供养对象不存在。")
    visible(actor, row)
    return row


async def list_events(*, actor: Actor, resident_id: int) -> list[dict[str, Any]]:
    await get_resident(actor=actor, resident_id=resident_id)
    return (
        await ResidentEvent.select(
            ResidentEvent.id, ResidentEvent.seq, ResidentEvent.kind, ResidentEvent.dated_on, ResidentEvent.reason,
            ResidentEvent.status_after, ResidentEvent.mode_after, ResidentEvent.home_after,
            ResidentEvent.home_after.name.as_alias("home_name"), ResidentEvent.care_level_after,
        )
        .where(ResidentEvent.resident == resident_id)
        .order_by(ResidentEvent.seq)
    )  # fmt: skip


async def _home_for_update(w: db.Writer, home_id: int) -> dict[str, Any]:
    """The home row, locked on PostgreSQL (SQLite's IMMEDIATE transaction already serializes writers)."""
    lock = "" if db.is_sqlite(w.engine) else " FOR UPDATE"
    rows = await w.fetch(f"SELECT id, name, beds FROM home WHERE id = ?{lock}", home_id)
    if not rows:
        raise Invalid("敬老院不存在。", fields={"home_id": "敬老院不存在。"})
    return rows[0]


async def ensure_bed(w: db.Writer, *, home_id: int) -> None:
    """Inside the write transaction: the home still has room for one more centralized resident."""
    home = await _home_for_update(w, home_id)
    rows = await w.fetch(
        "SELECT COUNT(*) AS n FROM resident WHERE home = ? AND mode = 'centralized' AND status IN (?, ?)",
        home_id, *HOLDS_BED,
    )  # fmt: skip
    occupied = int(rows[0]["n"])
    rules.check_bed_free(beds=home["beds"], occupied=occupied, home_name=home["name"])


def _needs_bed(before: rules.State | None, after: rules.State) -> bool:
    if after.mode != "centralized" or after.status not in HOLDS_BED:
        return False
    held = before is not None and before.mode == "centralized" and before.status in HOLDS_BED
    return not (held and before.home_id == after.home_id)


async def _ensure_id_free(id_number: str, *, except_id: int | None = None) -> None:
    query = Resident.select(Resident.id, Resident.status).where(Resident.id_number == id_number)
    for row in await query:
        if row["id"] == except_id:
            continue
        if row["status"] in HOLDS_BED:
            raise Conflict("该身份证号已有在册供养记录。", code="duplicate",
                           fields={"id_number": "该身份证号已有在册（或暂停）的供养记录，全县只能有一条。"})  # fmt: skip
        if row["status"] == "deceased":
            raise Conflict("该身份证号对应的人员已登记死亡。", code="duplicate",
                           fields={"id_number": "该身份证号对应的人员已登记死亡。"})  # fmt: skip


def _check_person(*, id_number: str, name: str, today: dt.date) -> tuple[str, str]:
    fields: dict[str, str] = {}
    number = ""
    try:
        number = idnumber.validate(id_number, today=today)
    except Invalid as exc:
        fields.update(exc.fields)
    if not (name or "").strip():
        fields["name"] = "请填写姓名。"
    if fields:
        raise Invalid("供养对象信息有误。", fields=fields)
    return number, name.strip()


def _scope_placement(actor: Actor, state: rules.State) -> None:
    """A director places residents only in their own home; dispersed support is the bureau's."""
    if actor.is_director and (state.mode != "centralized" or state.home_id != actor.home_id):
        raise Forbidden("院长只能为本院登记集中供养对象。")


ADMISSION_REQUIRED = (
    "新的供养对象须经三审三公示纳入：请到“入院申请”（/admissions，接口 POST /api/v1/admissions）登记，"
    "经村、乡镇审核公示和县民政局审批公示后自动纳入在册。录入审批在先的既有对象由县民政局办理。"
)


def existing_person_reason(document: str | None, approved_on: dt.date | None, reason: str = "") -> str:
    """The admit event's reason for 录入既有对象 (the audit row keeps it): the approval's 批准文号 and 批准日期.
    Both or neither: the API takes a record without them (api.md's body has no such fields) and says so."""
    document = (document or "").strip()
    if not document and approved_on is None:
        return f"录入既有对象（接口录入，未附批准文号和批准日期）：{(reason or '').strip() or '纳入特困供养'}"
    if not document or len(document) > 60:
        raise Invalid(
            "请填写批准文号。",
            fields={"approval_document": "请填写原审批的批准文号（60字以内），如：遂民字〔2019〕12号。"},
        )
    if approved_on is None:
        raise Invalid("请填写批准日期。", fields={"approved_on": "请填写原审批的批准日期，如 2019-03-01。"})
    return f"录入既有对象：批准文号 {document}，批准日期 {approved_on.isoformat()}"


async def admit_resident(
    *,
    actor: Actor,
    id_number: str,
    name: str,
    township_code: str,
    mode: str,
    on: dt.date,
    home_id: int | None = None,
    village: str = "",
    care_level: str = "self_care",
    reason: str = "纳入特困供养",
    today: dt.date | None = None,
) -> dict[str, Any]:
    """录入既有对象: a resident record with its admit event, for a person approved before the system existed.
    The bureau's alone: a director's new residents come through 三审三公示 (residents/admissions.py)."""
    if actor.is_director:
        raise Forbidden(ADMISSION_REQUIRED, code="admission_required")
    require_role(actor, BUREAU)
    today = today or local_today()
    number, clean_name = _check_person(id_number=id_number, name=name, today=today)
    township_id = await township_id_for(township_code)
    state = rules.next_state(None, kind="admit", mode=mode, home_id=home_id, care_level=care_level)
    rules.check_event_date(on=on, last_on=None, today=today)
    text = rules.check_reason(reason)
    async with db.write(actor) as w:
        resident_id = await insert_admitted(
            w, actor, id_number=number, name=clean_name, township_id=township_id, village=village, state=state,
            on=on, reason=text,
        )  # fmt: skip
    return await Resident.select(*RESIDENT_COLUMNS).where(Resident.id == resident_id).first()


async def insert_admitted(
    w: db.Writer, actor: Actor, *, id_number: str, name: str, township_id: int, village: str,
    state: rules.State, on: dt.date, reason: str,
) -> int:  # fmt: skip
    """Inside a write transaction: the ID is free, the home has a bed; the resident and its admit event."""
    await _ensure_id_free(id_number)
    if state.home_id is not None:
        await ensure_bed(w, home_id=state.home_id)
    resident_id = await w.insert(
        Resident, id_number=id_number, name=name, name_initials=initials(name),
        sex=idnumber.sex(id_number), birth_date=idnumber.birth_date(id_number), township=township_id,
        village=(village or "").strip(), mode=state.mode, home=state.home_id, care_level=state.care_level,
        status=state.status, admitted_on=on, status_on=on, created_at=NOW(dt.UTC),
    )  # fmt: skip
    await _insert_event(
        w, actor, resident_id=resident_id, seq=1, kind="admit", on=on, reason=reason, state=state
    )
    return resident_id


async def _insert_event(w, actor, *, resident_id, seq, kind, on, reason, state: rules.State) -> None:
    await w.insert(
        ResidentEvent, resident=resident_id, seq=seq, kind=kind, dated_on=on, reason=reason,
        status_after=state.status, mode_after=state.mode, home_after=state.home_id,
        care_level_after=state.care_level, created_at=NOW(dt.UTC), created_by=actor.user_id or None,
    )  # fmt: skip


async def _current(w: db.Writer, resident_id: int) -> dict[str, Any]:
    lock = "" if db.is_sqlite(w.engine) else " FOR UPDATE"
    rows = await w.fetch(f"SELECT id, id_number, home, status FROM resident WHERE id = ?{lock}", resident_id)
    if not rows:
        raise NotFound("供养对象不存在。")
    last = await w.fetch(
        "SELECT seq, dated_on, status_after, mode_after, home_after, care_level_after FROM resident_event "
        "WHERE resident = ? ORDER BY seq DESC LIMIT 1",
        resident_id,
    )
    return {**rows[0], "last": last[0] if last else None}


def _state_of(event: dict[str, Any] | None) -> rules.State | None:
    if event is None:
        return None
    return rules.State(
        event["status_after"], event["mode_after"], event["home_after"], event["care_level_after"]
    )


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def record_event(
    *,
    actor: Actor,
    resident_id: int,
    kind: str,
    on: dt.date,
    reason: str,
    mode: str | None = None,
    home_id: int | None = None,
    care_level: str | None = None,
    status: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """One dated change (never an overwrite): validated against the last event, then the resident row follows."""
    today = today or local_today()
    await get_resident(actor=actor, resident_id=resident_id)
    text = rules.check_reason(reason)
    async with db.write(actor) as w:
        await apply_event(w, actor, resident_id=resident_id, kind=kind, on=on, reason=text, today=today,
                          mode=mode, home_id=home_id, care_level=care_level, status=status)  # fmt: skip
    return await Resident.select(*RESIDENT_COLUMNS).where(Resident.id == resident_id).first()


def before_home(state: rules.State | None) -> int | None:
    return state.home_id if state else None


async def run_daily_checks(*, actor: Actor, on: dt.date) -> dict[str, Any]:
    """The daily job: close notice periods that ended (三审三公示), then run the integrity checks.

    Safe to run twice for the same day: a notice once advanced is no longer in notice, and the checks only read.
    """
    from eldercare.residents.integrity import find_integrity_problems

    advanced = await advance_notices(actor=actor, on=on)
    findings = await find_integrity_problems(on=on)
    from eldercare.verify import verify_and_keep

    verified = await verify_and_keep(actor)
    by_check: dict[str, int] = {}
    for f in findings:
        by_check[f["check"]] = by_check.get(f["check"], 0) + 1
    return {
        "on": on.isoformat(),
        "notices_advanced": advanced,
        "findings": len(findings),
        "by_check": by_check,
        "verify_problems": len(verified["problems"]),
    }


async def advance_notices(*, actor: Actor, on: dt.date) -> int:
    """Notices whose period ended before `on` move their case on (see residents/admissions.py)."""
    from eldercare.residents import admissions

    return await admissions.advance_notices(actor=actor, on=on)


async def apply_event(
    w: db.Writer, actor: Actor, *, resident_id: int, kind: str, on: dt.date, reason: str, today: dt.date,
    mode: str | None = None, home_id: int | None = None, care_level: str | None = None, status: str | None = None,
) -> None:  # fmt: skip
    """Inside a write transaction: validate against the last event, append the event, the resident row follows."""
    text = reason
    current = await _current(w, resident_id)
    before = _state_of(current["last"])
    last_on = _as_date(current["last"]["dated_on"]) if current["last"] else None
    if before is not None and before.status == "deceased":
        rules.next_state(before, kind=kind)  # refuses: nothing after death, before any date check
    rules.check_event_date(on=on, last_on=last_on, today=today)
    after = rules.next_state(
        before, kind=kind, mode=mode, home_id=home_id, care_level=care_level, status=status
    )
    if actor.is_director and after.home_id != before_home(before):
        _scope_placement(actor, after)
    if after.status in HOLDS_BED and (before is None or before.status not in HOLDS_BED):
        await _ensure_id_free(current["id_number"], except_id=resident_id)
    if _needs_bed(before, after):
        await ensure_bed(w, home_id=after.home_id)
    seq = (current["last"]["seq"] if current["last"] else 0) + 1
    await _insert_event(
        w, actor, resident_id=resident_id, seq=seq, kind=kind, on=on, reason=text, state=after
    )
    changes: dict[str, Any] = {"status": after.status, "mode": after.mode, "home": after.home_id,
                               "care_level": after.care_level, "status_on": on}  # fmt: skip
    if kind == "admit":
        changes["admitted_on"] = on
    await w.update(Resident, resident_id, **changes)
