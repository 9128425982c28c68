"""Staff records: kept by the home's director, seen by the bureau, each staff member sees their own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db, idnumber
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role, require_staff_record, scoped
from eldercare.county.tables import Home
from eldercare.errors import Invalid, NotFound
from eldercare.staff.tables import Staff

STAFF_COLUMNS = (Staff.id, Staff.home, Staff.home.name.as_alias("home_name"), Staff.name, Staff.id_number,
                 Staff.position, Staff.is_director, Staff.hired_on, Staff.left_on)  # fmt: skip


async def list_staff(
    *, actor: Actor, home_id: int | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    query = scoped(Staff.select(*STAFF_COLUMNS), actor, home=Staff.home, staff=Staff.id)
    count = scoped(Staff.count(), actor, home=Staff.home, staff=Staff.id)
    if home_id is not None:
        query, count = query.where(Staff.home == home_id), count.where(Staff.home == home_id)
    ordered = query.order_by(Staff.home).order_by(Staff.is_director, ascending=False).order_by(Staff.id)
    return await ordered.limit(limit).offset(offset), await count


async def get_staff(*, actor: Actor, staff_id: int) -> dict[str, Any]:
    row = await Staff.select(*STAFF_COLUMNS).where(Staff.id == staff_id).first()
    if row is None:
        raise NotFound("工作人员不存在。")
    require_staff_record(actor, staff_id=staff_id, home_id=row["home"])
    return row


async def create_staff(
    *,
    actor: Actor,
    home_id: int,
    name: str,
    id_number: str,
    position: str,
    is_director: bool,
    hired_on: dt.date,
    left_on: dt.date | None = None,
) -> dict[str, Any]:
    require_role(actor, BUREAU, DIRECTOR)
    require_home(actor, home_id)
    fields: dict[str, str] = {}
    if not (name or "").strip():
        fields["name"] = "请填写姓名。"
    try:
        id_number = idnumber.validate(id_number)
    except Invalid as exc:
        fields.update(exc.fields)
    if left_on is not None and left_on < hired_on:
        fields["left_on"] = "离职日期不能早于入职日期。"
    if fields:
        raise Invalid("工作人员信息有误。", fields=fields)
    if not await Home.exists().where(Home.id == home_id):
        raise NotFound("敬老院不存在。")
    async with db.write(actor) as w:
        staff_id = await w.insert(
            Staff, home=home_id, name=name.strip(), id_number=id_number, position=position or "",
            is_director=is_director, hired_on=hired_on, left_on=left_on,
        )  # fmt: skip
    return await get_staff(actor=actor, staff_id=staff_id)
