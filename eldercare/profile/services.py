"""Read and save the county profile (one row, id 1)."""

from __future__ import annotations

from typing import Any

from eldercare import db
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


async def seed_profile(w: db.Writer, **values: str) -> None:
    """The demo's (or a new county's) profile, inside the caller's write."""
    await w.insert(CountyProfile, **{**rules.DEFAULT, **values})
