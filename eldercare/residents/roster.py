"""Reads: the roster now (search, filters, pinyin order) and the roster on a past date rebuilt from events."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from eldercare import db, idnumber, keyset
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_role
from eldercare.county.tables import Home, Township
from eldercare.residents.tables import Resident


@dataclass(frozen=True)
class Filters:
    q: str = ""
    township_code: str = ""
    home_id: int | None = None
    mode: str = ""
    status: str = ""
    care_level: str = ""


SELECT_ROSTER = """
SELECT r.id AS id, r.id_number AS id_number, r.name AS name, r.name_initials AS name_initials, r.sex AS sex,
       r.birth_date AS birth_date, r.township AS township, t.code AS township_code, t.name AS township_name,
       r.village AS village, r.mode AS mode, r.home AS home, h.name AS home_name, r.care_level AS care_level,
       r.status AS status, r.admitted_on AS admitted_on, r.status_on AS status_on,
       r.last_review_on AS last_review_on
FROM resident r JOIN township t ON t.id = r.township LEFT JOIN home h ON h.id = r.home
"""
ORDER = ("r.name_initials", "r.name", "r.id")
COUNT_CAP = keyset.COUNT_CAP
_TOP = chr(0x10FFFF)  # sorts after every character (UTF-8 bytes on SQLite, COLLATE "C" on PostgreSQL)
_DATES = ("birth_date", "admitted_on", "status_on", "last_review_on")


def search_condition(q: str) -> tuple[str, list[Any]]:
    """The search box through indexes, always prefixes (never LIKE '%…%'): Latin letters are 拼音首字母
    (zxy → 张秀英); digits the beginning of the ID number or of its last six characters; anything else the
    beginning of the name or of the given name (the name without its first character: 长发 → 刘长发).
    name_tail and id_tail are kept by triggers (migration 2026-12-01T21:47)."""
    q = (q or "").strip()
    if not q:
        return "", []
    if re.fullmatch(r"[A-Za-z]+", q):
        columns, value = ("r.name_initials",), q.lower()
    elif re.fullmatch(r"[0-9]+[Xx]?", q):
        columns, value = ("r.id_number", "r.id_tail"), q.upper()
    else:
        columns, value = ("r.name", "r.name_tail"), q
    collate = "" if db.is_sqlite() else ' COLLATE "C"'
    ranges = [f"({c}{collate} >= ? AND {c}{collate} < ?)" for c in columns]
    return "(" + " OR ".join(ranges) + ")", [value, value + _TOP] * len(columns)


def _where(actor: Actor, f: Filters) -> tuple[str, list[Any]]:
    """One condition from the actor's scope and the filters (name, 拼音首字母 or ID number in `q`)."""
    parts: list[str] = []
    args: list[Any] = []
    if actor.is_director:
        parts.append("r.home = ?")
        args.append(actor.home_id)
    found, found_args = search_condition(f.q)
    if found:
        parts.append(found)
        args += found_args
    if f.township_code:
        parts.append("r.township = (SELECT id FROM township WHERE code = ?)")
        args.append(f.township_code)
    if f.home_id is not None:
        parts.append("r.home = ?")
        args.append(f.home_id)
    for column, value in (("r.mode", f.mode), ("r.status", f.status), ("r.care_level", f.care_level)):
        if value:
            parts.append(f"{column} = ?")
            args.append(value)
    return " AND ".join(parts), args


def _rows(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in found:
        for key in _DATES:
            value = row.get(key)
            if isinstance(value, str):
                row[key] = dt.date.fromisoformat(value[:10])
    return found


ROSTER_ORDER = keyset.Order(columns=ORDER, keys=("name_initials", "name", "id"), kinds=(str, str, int))


def encode_cursor(row: dict[str, Any]) -> str:
    """An opaque keyset cursor: the row's place in the roster's order (拼音首字母, name, id)."""
    return keyset.cursor_of(ROSTER_ORDER, row)


@dataclass
class Page:
    rows: list[dict[str, Any]]
    total: int
    capped: bool  # total is COUNT_CAP: there are more
    next_after: str | None
    prev_before: str | None


async def roster_page(
    *, actor: Actor, filters: Filters = Filters(), limit: int = 50, after: str | None = None,
    before: str | None = None, cap: int | None = COUNT_CAP,
) -> Page:  # fmt: skip
    """The roster as it is now, a keyset page in pinyin order: the cost of a page does not grow with its depth.

    `after`/`before` are cursors from a previous page; the count stops at `cap` (None: exact).
    """
    require_role(actor, BUREAU, DIRECTOR)
    where, args = _where(actor, filters)
    window = await keyset.page(ROSTER_ORDER, SELECT_ROSTER, (where,), args, limit=limit, after=after, before=before)
    total, capped = await count_residents(where, args, cap=cap)
    return Page(rows=_rows(window.rows), total=total, capped=capped, next_after=window.next_after,
                prev_before=window.prev_before)  # fmt: skip


async def count_residents(where: str, args: list[Any], *, cap: int | None) -> tuple[int, bool]:
    """The count of a filter; capped: it stops at `cap` rows instead of counting the province."""
    return await keyset.count("resident r", (where,), args, cap=cap)


async def list_residents(
    *, actor: Actor, filters: Filters = Filters(), limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """The roster as it is now, ordered by pinyin initials then name (`offset` paging, kept for the API's
    `?limit=&offset=`; pages use roster_page's keyset)."""
    require_role(actor, BUREAU, DIRECTOR)
    where, args = _where(actor, filters)
    sql = (SELECT_ROSTER + (f" WHERE {where}" if where else "")
           + " ORDER BY " + ", ".join(ORDER) + " LIMIT ? OFFSET ?")  # fmt: skip
    found = _rows(await db.fetch(sql, *args, limit, offset))
    total, _ = await count_residents(where, args, cap=None)
    return found, total


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
