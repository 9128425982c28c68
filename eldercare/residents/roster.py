"""Reads: the roster now (search, filters, pinyin order) and the roster on a past date rebuilt from events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from eldercare import idnumber
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_role
from eldercare.county.tables import Home, Township
from eldercare.residents.services import RESIDENT_COLUMNS
from eldercare.residents.tables import Resident


@dataclass(frozen=True)
class Filters:
    q: str = ""
    township_code: str = ""
    home_id: int | None = None
    mode: str = ""
    status: str = ""
    care_level: str = ""


def _where(actor: Actor, f: Filters) -> Any:
    """One condition from the actor's scope and the filters (name, 拼音首字母 or ID number in `q`)."""
    cond = Resident.id.is_not_null()
    if actor.is_director:
        cond &= Resident.home == actor.home_id
    q = (f.q or "").strip()
    if q:
        cond &= (
            Resident.name.like(f"%{q}%")
            | Resident.name_initials.like(f"{q.lower()}%")
            | Resident.id_number.like(f"%{q.upper()}%")
        )
    if f.township_code:
        cond &= Resident.township.code == f.township_code
    if f.home_id is not None:
        cond &= Resident.home == f.home_id
    for column, value in (
        (Resident.mode, f.mode),
        (Resident.status, f.status),
        (Resident.care_level, f.care_level),
    ):
        if value:
            cond &= column == value
    return cond


async def list_residents(
    *, actor: Actor, filters: Filters = Filters(), limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """The roster as it is now, ordered by pinyin initials then name."""
    require_role(actor, BUREAU, DIRECTOR)
    cond = _where(actor, filters)
    rows = await (
        Resident.select(*RESIDENT_COLUMNS)
        .where(cond)
        .order_by(Resident.name_initials, Resident.name, Resident.id)
        .limit(limit)
        .offset(offset)
    )
    return rows, await Resident.count().where(cond)


ROSTER_SQL = """
SELECT r.id, r.id_number, r.name, r.sex, r.birth_date, t.code AS township_code, t.name AS township_name,
       r.village, s.mode AS mode, s.home AS home_id, h.name AS home_name,
       s.care_level AS care_level, s.status AS status, r.admitted_on
FROM resident_state s
JOIN resident r ON r.id = s.resident
JOIN township t ON t.id = r.township
LEFT JOIN home h ON h.id = s.home
WHERE s.valid_from <= {} AND (s.valid_to IS NULL OR s.valid_to > {}) AND s.status IN ('active', 'suspended')
"""


async def roster_on(
    *, actor: Actor, on: dt.date, home_id: int | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """在册名单 on a date: each resident's kept interval covering it (resident_state), when active or suspended."""
    require_role(actor, BUREAU, DIRECTOR)
    sql, args = ROSTER_SQL, [on, on]
    if actor.is_director:
        home_id = actor.home_id
    if home_id is not None:
        sql += " AND s.home = {}"
        args.append(home_id)
    total = await Resident.raw(f"SELECT COUNT(*) AS n FROM ({sql}) x", *args)
    rows = await Resident.raw(
        sql + " ORDER BY r.name_initials, r.name, r.id LIMIT {} OFFSET {}", *args, limit, offset
    )
    return [_dated(r) for r in rows], int(total[0]["n"])


def _dated(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("birth_date", "admitted_on"):
        if isinstance(row.get(key), str):
            row[key] = dt.date.fromisoformat(row[key][:10])
    return row


async def filter_choices(actor: Actor) -> dict[str, list]:
    """Options for the roster's filters, within the actor's scope."""
    townships = await Township.select(Township.code, Township.name).order_by(Township.code)
    homes = Home.select(Home.id, Home.name).order_by(Home.code)
    if actor.is_director:
        homes = homes.where(Home.id == actor.home_id)
    homes = await homes
    return {
        "township_options": [(t["code"], t["name"]) for t in townships],
        "home_options": [(h["id"], h["name"]) for h in homes],
    }


def describe(row: dict[str, Any], *, on: dt.date) -> dict[str, Any]:
    """Birth date, age and sex read from the ID number."""
    number = row["id_number"]
    return {
        "birth_date": idnumber.birth_date(number),
        "age": idnumber.age_on(number, on),
        "sex": idnumber.sex(number),
    }
