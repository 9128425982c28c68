"""Read and save the county profile (one row, id 1) and the county's 公示期 per year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db
from eldercare.approvals import services as approvals
from eldercare.approvals.services import Pending
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.config import get_settings
from eldercare.errors import Invalid
from eldercare.profile import rules
from eldercare.profile.tables import CountyProfile, NoticePeriod


async def get_profile() -> dict[str, str]:
    """The county's name, issuing unit, phone and address; defaults until the bureau has saved them."""
    row = await CountyProfile.select(*[getattr(CountyProfile, k) for k in rules.FIELDS]).first()
    return {**rules.DEFAULT, **{k: v for k, v in (row or {}).items() if v}}


async def save_profile(*, actor: Actor, values: dict[str, Any]) -> bool:
    """Save the profile; False (and nothing written) when nothing changed."""
    require_role(actor, BUREAU)
    cleaned, errors = rules.clean(values)
    if errors:
        raise Invalid("请修改下面标出的内容。", fields=errors)
    async with db.write(actor) as w:
        before = await CountyProfile.select(CountyProfile.id, *[getattr(CountyProfile, k) for k in rules.FIELDS]).first()
        if not rules.changed(before, cleaned):
            return False
        if before is None:
            await w.insert(CountyProfile, **cleaned)
        else:
            await w.update(CountyProfile, before["id"], **cleaned)
    return True


async def seed_profile(w: db.Writer, **values: str | bool) -> None:
    """The demo's (or a new county's) profile, inside the caller's write."""
    await w.insert(CountyProfile, **{**rules.DEFAULT, **values})


# ---- 公示期 per year: the county's own, else the province's default for the year, else the built-in --------


async def notice_periods(year: int) -> dict[str, dict[str, Any]]:
    """Per kind (admission, rating): the days in force, whose they are, and the county's own (None: inherits)."""
    from eldercare.county.defaults import province_default

    own = await NoticePeriod.select().where(NoticePeriod.year == year).first() or {}
    province = await province_default("notice_days", year) or {}
    built_in = get_settings().notice_days
    out = {}
    for kind in rules.NOTICE_KINDS:
        days, source = rules.notice_days_in_force(own.get(f"{kind}_days"), province.get(kind), built_in)
        out[kind] = {"days": days, "source": source, "own": own.get(f"{kind}_days")}
    return out


async def notice_days(kind: str, year: int) -> int:
    """How many days a notice of `kind` opening in (admission) or for (rating) `year` runs in this county."""
    return (await notice_periods(year))[kind]["days"]


async def save_notice_periods(*, actor: Actor, year: int, values: dict[str, int | None]) -> bool:
    """The bureau sets the year's 公示期 (None: inherit); False (and nothing written) when nothing changed.
    A notice already open keeps the period it opened with."""
    require_role(actor, BUREAU)
    if not 2000 <= year <= 2100:
        raise Invalid("年度不正确。", fields={"year": "年度应在 2000–2100 之间。"})
    errors = rules.notice_days_problems(values)
    if errors:
        raise Invalid("公示期设置有误。", fields=errors)
    cleaned = {f"{k}_days": values.get(f"{k}_days") for k in rules.NOTICE_KINDS}
    async with db.write(actor) as w:
        before = await NoticePeriod.select().where(NoticePeriod.year == year).first()
        if before is not None and all(before[k] == v for k, v in cleaned.items()):
            return False
        if before is None and all(v is None for v in cleaned.values()):
            return False
        stamp = {"set_at": dt.datetime.now(dt.UTC), "set_by": actor.user_id or None}
        if before is None:
            await w.insert(NoticePeriod, year=year, **cleaned, **stamp)
        else:
            await w.update(NoticePeriod, before["id"], **cleaned, **stamp)
    return True


async def set_two_person_rule(*, actor: Actor, on: bool) -> str | Pending:
    """资金事项双人审核: turning it on takes effect at once; turning it off is itself a request another bureau
    user approves (else one clerk could switch the rule off and act alone). "on", "unchanged" or the request."""
    require_role(actor, BUREAU)
    async with db.write(actor) as w:
        row = await CountyProfile.select(CountyProfile.id, CountyProfile.two_person_rule).first()
        if bool(row and row["two_person_rule"]) == on:
            return "unchanged"
        if not on:
            return await approvals.request(w, actor=actor, kind="rule_off", subject="rule_off",
                                           year=dt.date.today().year, payload={})  # fmt: skip
        if row is None:
            await w.insert(CountyProfile, **rules.DEFAULT, two_person_rule=True)
        else:
            await w.update(CountyProfile, row["id"], two_person_rule=True)
    return "on"


async def apply_rule_off(w: db.Writer, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    """审核 approved: the county's two-person rule off."""
    row = await CountyProfile.select(CountyProfile.id, CountyProfile.two_person_rule).first()
    if row and row["two_person_rule"]:
        await w.update(CountyProfile, row["id"], two_person_rule=False)
    return {"two_person_rule": False}
