"""Read and save the county profile (one row, id 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db
from eldercare.approvals import services as approvals
from eldercare.approvals.services import Pending
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.errors import Invalid
from eldercare.profile import rules
from eldercare.profile.tables import CountyProfile


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
