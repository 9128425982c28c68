"""贡献积分: the director's list of points per person for a year; a PUT replaces the year's list whole."""

from __future__ import annotations

from typing import Any

from eldercare import db, versions
from eldercare.auth.actor import DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role
from eldercare.county.tables import Home
from eldercare.economy import rules
from eldercare.economy.services import contributors, year_range
from eldercare.economy.tables import Contribution
from eldercare.errors import Invalid, NotFound
from eldercare.residents.tables import Resident
from eldercare.staff.tables import Staff
from eldercare.yearend.lock import ensure_year_open

MAX_POINTS = 1_000_000


def _check_entries(entries: list[dict[str, Any]]) -> tuple[list[tuple[str, int, int]], dict[str, str]]:
    """Shape checks per line (fields named `items.N.field`); the same person twice is refused."""
    fields: dict[str, str] = {}
    clean: list[tuple[str, int, int]] = []
    seen: set[tuple[str, int]] = set()
    for i, entry in enumerate(entries):
        kind, person, points = entry.get("person_kind"), entry.get("person_id"), entry.get("points")
        if kind not in rules.PERSON_KINDS:
            fields[f"items.{i}.person_kind"] = "人员类别只能是工作人员（staff）或供养对象（resident）。"
        if not isinstance(person, int) or isinstance(person, bool) or person <= 0:
            fields[f"items.{i}.person_id"] = "请指明人员。"
        if not isinstance(points, int) or isinstance(points, bool) or not 0 < points <= MAX_POINTS:
            fields[f"items.{i}.points"] = "积分应为正整数。"
        if (kind, person) in seen:
            fields[f"items.{i}.person_id"] = "同一人只能录入一次。"
        seen.add((kind, person))
        clean.append((kind, person, points))
    return clean, fields


async def _outsiders(home_id: int, clean: list[tuple[str, int, int]]) -> list[tuple[str, int]]:
    """People on the list who do not belong to the home: staff of another home, residents living elsewhere."""
    staff_ids = {p for k, p, _ in clean if k == "staff"}
    resident_ids = {p for k, p, _ in clean if k == "resident"}
    ours: set[tuple[str, int]] = set()
    if staff_ids:
        rows = await Staff.select(Staff.id).where(Staff.id.is_in(list(staff_ids)) & (Staff.home == home_id))
        ours |= {("staff", r["id"]) for r in rows}
    if resident_ids:
        rows = await Resident.select(Resident.id).where(
            Resident.id.is_in(list(resident_ids)) & (Resident.home == home_id)
        )
        ours |= {("resident", r["id"]) for r in rows}
    return [(k, p) for k, p, _ in clean if (k, p) not in ours]


async def set_contributions(
    *, actor: Actor, home_id: int, year: int, entries: list[dict[str, Any]], if_match: str | None = None
) -> list[dict[str, Any]]:
    """Replace the year's contribution list of the home (an empty list clears it); `if_match`: the version
    (versions.tag of list_contributions) the client read, refused with 412 when another save came first."""
    require_role(actor, DIRECTOR)
    require_home(actor, home_id)
    year_range(year)
    clean, fields = _check_entries(entries)
    if fields:
        raise Invalid("贡献积分有误。", fields=fields)
    if not await Home.exists().where(Home.id == home_id):
        raise NotFound("敬老院不存在。")
    outsiders = await _outsiders(home_id, clean)
    if outsiders:
        index = {(k, p): i for i, (k, p, _) in enumerate(clean)}
        raise Invalid(
            "名单中有不属于本院的人员。",
            fields={f"items.{index[o]}.person_id": "此人不是本院的工作人员或供养对象。" for o in outsiders},
        )
    async with db.write(actor) as w:
        if not db.is_sqlite(w.engine):  # two PUTs of one home queue here (SQLite: BEGIN IMMEDIATE does)
            await w.fetch("SELECT id FROM home WHERE id = ? FOR UPDATE", home_id)
        await versions.guard(w, f"contributions:{home_id}:{year}", if_match,
                             lambda: list_contributions(actor=actor, home_id=home_id, year=year))  # fmt: skip
        await ensure_year_open(year)
        await w.fetch("DELETE FROM contribution WHERE home = ? AND year = ?", home_id, year)
        rows = [(home_id, year, pos, k, p, pts) for pos, (k, p, pts) in enumerate(clean, start=1)]
        if rows:
            await w.execute_many(
                "INSERT INTO contribution (home, year, position, person_kind, person_id, points) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        await w.audit(table=Contribution, row_id=f"{home_id}/{year}", action="replace", before=None,
                      after={"home": home_id, "year": year, "items": [list(c) for c in clean]})  # fmt: skip
    return await list_contributions(actor=actor, home_id=home_id, year=year)


async def list_contributions(*, actor: Actor, home_id: int, year: int) -> list[dict[str, Any]]:
    require_home(actor, home_id)
    return [
        {"person_kind": c.person_kind, "person_id": c.person_id, "points": c.points, "name": c.name}
        for c in await contributors(home_id, year)
    ]


async def candidates(*, actor: Actor, home_id: int) -> list[dict[str, Any]]:
    """Who may be on the list: the home's staff, then its residents (for the editor)."""
    require_home(actor, home_id)
    staff = (
        await Staff.select(Staff.id, Staff.name, Staff.position)
        .where(Staff.home == home_id)
        .order_by(Staff.is_director, ascending=False)
        .order_by(Staff.id)
    )
    residents = (
        await Resident.select(Resident.id, Resident.name, Resident.status)
        .where(Resident.home == home_id)
        .order_by(Resident.id)
    )
    return [
        {"person_kind": "staff", "person_id": s["id"], "name": s["name"], "note": s["position"]}
        for s in staff
    ] + [
        {"person_kind": "resident", "person_id": r["id"], "name": r["name"], "note": "供养对象"}
        for r in residents
    ]
