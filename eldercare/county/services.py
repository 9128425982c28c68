"""Townships and homes: reads scoped to the actor, writes by the bureau."""

from __future__ import annotations

import re
from typing import Any

from piccolo.query.functions.aggregate import Count, Sum

from eldercare import db, keyset
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_home, require_role, scoped, scoped_sql
from eldercare.county.divisions import county_code_problem
from eldercare.county.tables import Home, HomeKind, Township
from eldercare.errors import Conflict, Invalid, NotFound

HOME_COLUMNS = (Home.id, Home.code, Home.name, Home.kind, Home.township.code.as_alias("township_code"),
                Home.township.name.as_alias("township_name"), Home.beds)  # fmt: skip


async def list_townships() -> list[dict[str, Any]]:
    return await Township.select(Township.id, Township.code, Township.name).order_by(Township.code)


TOWNSHIP_ORDER = keyset.Order(columns=("t.code",), keys=("code",), kinds=(str,))  # unique code


async def townships_page(
    *, limit: int = 500, offset: int = 0, after: str | None = None, cap: int | None = None
) -> tuple[keyset.Window, int, bool]:
    """Townships in code order: a keyset page after `after`, or by `offset` (the API's `?offset=`)."""
    select = "SELECT t.id AS id, t.code AS code, t.name AS name FROM township t"
    if offset > 0 and not after:
        rows = await db.fetch(select + " ORDER BY t.code LIMIT ? OFFSET ?", limit, offset)
        total, capped = await keyset.count("township t", (), [], cap=cap)
        more = rows and offset + len(rows) < total
        return (
            keyset.Window(rows, keyset.cursor_of(TOWNSHIP_ORDER, rows[-1]) if more else None, None),
            total,
            capped,
        )
    window = await keyset.page(TOWNSHIP_ORDER, select, (), [], limit=limit, after=after)
    return window, *await keyset.count("township t", (), [], cap=cap)


async def create_township(*, actor: Actor, code: str, name: str) -> dict[str, Any]:
    require_role(actor, BUREAU)
    if not re.fullmatch(r"\d{9}", code or ""):
        raise Invalid("乡镇代码应为9位数字。", fields={"code": "乡镇代码应为9位数字（县代码6位＋3位）。"})
    if not (name or "").strip():
        raise Invalid("请填写乡镇名称。", fields={"name": "请填写乡镇名称。"})
    await _township_in_county(actor, code)
    async with db.write(actor) as w:
        if await Township.exists().where(Township.code == code):
            raise Conflict("该乡镇代码已存在。", code="duplicate", fields={"code": "该乡镇代码已存在。"})
        township_id = await w.insert(Township, code=code, name=name.strip())
    return {"id": township_id, "code": code, "name": name.strip()}


async def _township_in_county(actor: Actor, code: str) -> None:
    """A township's code begins with its county's. The first township of a database with no county yet
    creates that county (a single-county office starts as before: docs/domain-decisions.md)."""
    from eldercare.county import directory

    county = actor.county_code or await directory.the_only_county()
    if county is None:
        if await directory.list_counties():
            raise Invalid("请先确定账号所属的县。", fields={"code": "本系统有多个县，您的账号没有所属的县。"})
        problem = county_code_problem(code[:6])
        if problem:
            raise Invalid("乡镇代码的前6位不是县级区划代码。", fields={"code": problem})
        await directory.add_county(actor=None, code=code[:6])
        await directory.adopt_unassigned_users(code[:6])
        return
    if code[:6] != county:
        raise Invalid("乡镇不属于本县。", fields={"code": f"乡镇代码应以本县代码 {county} 开头。"})


async def township_id_for(code: str, *, field: str = "township_code") -> int:
    row = await Township.select(Township.id).where(Township.code == (code or "")).first()
    if row is None:
        raise Invalid("乡镇不存在。", fields={field: f"没有代码为 {code} 的乡镇。"})
    return row["id"]


async def list_homes(*, actor: Actor, limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
    """By offset (the API's `?offset=`); pages and `?after=` read homes_page's keyset."""
    query = scoped(Home.select(*HOME_COLUMNS), actor, home=Home.id)
    count = scoped(Home.count(), actor, home=Home.id)
    return await query.order_by(Home.code).limit(limit).offset(offset), await count


SELECT_HOMES = (
    "SELECT h.id AS id, h.code AS code, h.name AS name, h.kind AS kind, t.code AS township_code, "
    "t.name AS township_name, h.beds AS beds FROM home h JOIN township t ON t.id = h.township"
)
HOME_ORDER = keyset.Order(columns=("h.code",), keys=("code",), kinds=(str,))  # unique code


async def homes_page(
    *, actor: Actor, limit: int = 50, after: str | None = None, before: str | None = None,
    cap: int | None = keyset.COUNT_CAP,
) -> tuple[keyset.Window, int, bool]:  # fmt: skip
    """The homes a caller may see in code order, a keyset page, and their count (stopped at `cap`)."""
    mine, args = scoped_sql(actor, home="h.id")
    window = await keyset.page(
        HOME_ORDER, SELECT_HOMES, (mine,), args, limit=limit, after=after, before=before
    )
    total, capped = await keyset.count("home h", (mine,), args, cap=cap)
    return window, total, capped


async def get_home(*, actor: Actor, home_id: int) -> dict[str, Any]:
    require_home(actor, home_id)
    row = await Home.select(*HOME_COLUMNS).where(Home.id == home_id).first()
    if row is None:
        raise NotFound("敬老院不存在。")
    return row


def _check_home_fields(*, name: str | None, kind: str | None, beds: int | None) -> None:
    fields: dict[str, str] = {}
    if name is not None and not name.strip():
        fields["name"] = "请填写敬老院名称。"
    if kind is not None and kind not in {k.value for k in HomeKind}:
        fields["kind"] = "类型只能是敬老院、光荣院或福利院。"
    if beds is not None and beds < 0:
        fields["beds"] = "床位数不能为负数。"
    if fields:
        raise Invalid("敬老院信息有误。", fields=fields)


async def create_home(
    *, actor: Actor, code: str, name: str, kind: str, township_code: str, beds: int
) -> dict:
    require_role(actor, BUREAU)
    _check_home_fields(name=name, kind=kind, beds=beds)
    if not (code or "").strip():
        raise Invalid("请填写敬老院编码。", fields={"code": "请填写敬老院编码。"})
    township_id = await township_id_for(township_code)
    async with db.write(actor) as w:
        if await Home.exists().where(Home.code == code):
            raise Conflict("该敬老院编码已存在。", code="duplicate", fields={"code": "该敬老院编码已存在。"})
        home_id = await w.insert(
            Home, code=code, name=name.strip(), kind=kind, township=township_id, beds=beds
        )
    return await get_home(actor=actor, home_id=home_id)


async def update_home(*, actor: Actor, home_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """The bureau edits any field; a director may not edit homes (beds are a county decision)."""
    require_role(actor, BUREAU)
    await get_home(actor=actor, home_id=home_id)
    _check_home_fields(name=changes.get("name"), kind=changes.get("kind"), beds=changes.get("beds"))
    values = {k: v for k, v in changes.items() if k in ("name", "kind", "beds") and v is not None}
    if "township_code" in changes and changes["township_code"]:
        values["township"] = await township_id_for(changes["township_code"])
    if values:
        async with db.write(actor) as w:
            await w.update(Home, home_id, **values)
    return await get_home(actor=actor, home_id=home_id)


async def county_summary() -> dict[str, Any]:
    """The county at a glance: homes, beds, active supported persons by mode, 集中供养率."""
    from eldercare.residents.tables import Resident

    homes = await Home.select(Count(alias="homes"), Sum(Home.beds, alias="beds")).first()
    by_mode = (
        await Resident.select(Resident.mode, Count(alias="n"))
        .where(Resident.status == "active")
        .group_by(Resident.mode)
    )
    counts = {r["mode"]: r["n"] for r in by_mode}
    total = sum(counts.values())
    return {
        "homes": homes["homes"] or 0,
        "beds": homes["beds"] or 0,
        "centralized": counts.get("centralized", 0),
        "dispersed": counts.get("dispersed", 0),
        "supported": total,
        "centralized_rate_permille": counts.get("centralized", 0) * 1000 // total if total else 0,
    }


async def home_summary(*, actor: Actor, home_id: int) -> dict[str, Any]:
    from eldercare.residents.tables import Resident
    from eldercare.staff.tables import Staff

    home = await get_home(actor=actor, home_id=home_id)
    residents = await Resident.count().where(
        (Resident.home == home_id) & (Resident.status == "active") & (Resident.mode == "centralized")
    )
    staff = await Staff.count().where((Staff.home == home_id) & Staff.left_on.is_null())
    return {**home, "residents": residents, "staff": staff, "free_beds": max(home["beds"] - residents, 0)}
