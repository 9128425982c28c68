"""三审三公示: admission cases (application → village → township → county), their notices and objections.

A stage's reviewer passes the case (its notice opens for the county's 公示期 of that year) or rejects it; an objection
during a notice closes the notice and returns the case to that stage's reviewer; the daily job moves a case
whose notice ended without objection to the next stage, and after the county notice creates the resident.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_role
from eldercare.county.services import township_id_for
from eldercare.errors import DomainError, Forbidden, Invalid, NotFound
from eldercare.profile import services as profile
from eldercare.residents import rules, services
from eldercare.residents.tables import Admission, AdmissionStep

NOW = dt.datetime.now
CASE_COLUMNS = (
    Admission.id, Admission.id_number, Admission.name, Admission.township,
    Admission.township.name.as_alias("township_name"), Admission.village, Admission.mode, Admission.home,
    Admission.home.name.as_alias("home_name"), Admission.care_level, Admission.applied_on, Admission.stage,
    Admission.in_notice, Admission.notice_starts_on, Admission.notice_ends_on, Admission.resident,
)  # fmt: skip


def _visible(actor: Actor, row: dict[str, Any]) -> None:
    if actor.is_bureau or (actor.is_director and row["home"] == actor.home_id):
        return
    raise Forbidden("无权查看该入院申请。")


async def get_case(*, actor: Actor, admission_id: int) -> dict[str, Any]:
    require_role(actor, BUREAU, DIRECTOR)
    row = await Admission.select(*CASE_COLUMNS).where(Admission.id == admission_id).first()
    if row is None:
        raise NotFound("入院申请不存在。")
    _visible(actor, row)
    steps = (
        await AdmissionStep.select().where(AdmissionStep.admission == admission_id).order_by(AdmissionStep.id)
    )
    return {**row, "steps": steps}


async def list_cases(*, actor: Actor, limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    require_role(actor, BUREAU, DIRECTOR)
    cond = Admission.id.is_not_null()
    if actor.is_director:
        cond &= Admission.home == actor.home_id
    rows = (
        await Admission.select(*CASE_COLUMNS)
        .where(cond)
        .order_by(Admission.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    return rows, await Admission.count().where(cond)


async def apply(
    *, actor: Actor, id_number: str, name: str, township_code: str, mode: str, applied_on: dt.date,
    home_id: int | None = None, village: str = "", care_level: str = "self_care", today: dt.date | None = None,
) -> dict[str, Any]:  # fmt: skip
    """申请: a new case at the village stage, awaiting the village committee's review."""
    require_role(actor, BUREAU, DIRECTOR)
    today = today or services.local_today()
    number, clean = services._check_person(id_number=id_number, name=name, today=today)
    township_id = await township_id_for(township_code)
    state = rules.next_state(None, kind="admit", mode=mode, home_id=home_id, care_level=care_level)
    rules.check_event_date(on=applied_on, last_on=None, today=today)
    services._scope_placement(actor, state)
    async with db.write(actor) as w:
        await services._ensure_id_free(number)
        case_id = await w.insert(
            Admission, id_number=number, name=clean, township=township_id, village=(village or "").strip(),
            mode=state.mode, home=state.home_id, care_level=state.care_level, applied_on=applied_on,
            stage="village", in_notice=False, created_at=NOW(dt.UTC),
        )  # fmt: skip
        await _step(w, actor, case_id, "village", "apply", applied_on, "提出申请")
    return await get_case(actor=actor, admission_id=case_id)


async def _step(
    w: db.Writer, actor: Actor, case_id: int, stage: str, action: str, on: dt.date, note: str
) -> None:
    await w.insert(AdmissionStep, admission=case_id, stage=stage, action=action, dated_on=on, note=note,
                   created_by=actor.user_id or None, created_at=NOW(dt.UTC))  # fmt: skip


async def review(
    *,
    actor: Actor,
    admission_id: int,
    on: dt.date,
    passed: bool,
    note: str = "",
    notice_days: int | None = None,
) -> dict[str, Any]:
    """The stage's reviewer passes the case (its notice opens) or rejects it. The county stage is the bureau's."""
    case = await get_case(actor=actor, admission_id=admission_id)
    stage = case["stage"]
    rules.stage_after(stage)
    if case["in_notice"]:
        raise Invalid("公示期间不能再次审核。", fields={"stage": "公示期间不能再次审核。"})
    if stage == "county" and not actor.is_bureau:
        raise Forbidden("县级审批由县民政局办理。")
    last = case["steps"][-1]["dated_on"] if case["steps"] else case["applied_on"]
    if on < last:
        raise Invalid(
            "审核日期不能早于上一步。", fields={"on": f"审核日期不能早于上一步（{last.isoformat()}）。"}
        )
    days = notice_days or await profile.notice_days("admission", on.year)
    async with db.write(actor) as w:
        if passed:
            await w.update(Admission, admission_id, in_notice=True, notice_starts_on=on,
                           notice_ends_on=rules.notice_ends_on(on, days))  # fmt: skip
        else:
            await w.update(Admission, admission_id, stage="rejected", in_notice=False)
        await _step(w, actor, admission_id, stage, "pass" if passed else "reject", on, note or "")
    return await get_case(actor=actor, admission_id=admission_id)


async def object_to(*, actor: Actor, admission_id: int, on: dt.date, note: str) -> dict[str, Any]:
    """An objection during a notice: the notice closes and the case returns to that stage's reviewer."""
    case = await get_case(actor=actor, admission_id=admission_id)
    if not case["in_notice"]:
        raise Invalid("该申请不在公示期，不能登记异议。", fields={"note": "该申请不在公示期。"})
    if not (note or "").strip():
        raise Invalid("请填写异议内容。", fields={"note": "请填写异议内容。"})
    if on < case["notice_starts_on"] or on > case["notice_ends_on"]:
        raise Invalid("异议须在公示期内提出。", fields={"on": "异议须在公示期内提出。"})
    async with db.write(actor) as w:
        await w.update(Admission, admission_id, in_notice=False)
        await _step(w, actor, admission_id, case["stage"], "objection", on, note.strip())
    return await get_case(actor=actor, admission_id=admission_id)


async def advance_notices(*, actor: Actor, on: dt.date) -> int:
    """The daily job: every notice over by `on` moves its case on; after the county notice the resident is
    admitted (dated the day after the notice). A case whose home is full stays in notice and is retried."""
    due = await Admission.select(Admission.id).where(
        Admission.in_notice.eq(True) & (Admission.notice_ends_on < on)
    )
    moved = 0
    for row in due:
        try:
            await _advance_one(actor, row["id"], on)
            moved += 1
        except DomainError:
            continue
    return moved


async def _advance_one(actor: Actor, case_id: int, on: dt.date) -> None:
    async with db.write(actor) as w:
        case = await Admission.select().where(Admission.id == case_id).first()
        if not case["in_notice"] or not rules.notice_over(ends_on=case["notice_ends_on"], on=on):
            return
        nxt = rules.stage_after(case["stage"])
        values: dict[str, Any] = {"stage": nxt, "in_notice": False}
        if nxt == "approved":
            admitted_on = case["notice_ends_on"] + dt.timedelta(days=1)
            state = rules.State("active", case["mode"], case["home"], case["care_level"])
            values["resident"] = await services.insert_admitted(
                w, actor, id_number=case["id_number"], name=case["name"], township_id=case["township"],
                village=case["village"], state=state, on=admitted_on, reason="经三审三公示批准纳入特困供养",
            )  # fmt: skip
        await w.update(Admission, case_id, **values)
        await _step(w, actor, case_id, case["stage"], "notice_over", case["notice_ends_on"], "公示期满无异议")
