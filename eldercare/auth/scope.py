"""The one scope mechanism: who may see or write what. Services call these; queries go through scoped()."""

from __future__ import annotations

from typing import Any

from eldercare import stores
from eldercare.auth.actor import BUREAU, Actor
from eldercare.errors import CountyRequired, Forbidden


async def county_context(actor: Actor, *, wanted: str | None = None) -> tuple[Actor, str]:
    """The store a request works in, and the actor as it acts there.

    A county's bureau, directors and staff always work in their own county's store. A city or province user
    looks at one county of theirs at a time (`?county=CODE`, or the county chosen on the roll-up page); with
    none chosen and more than one county to choose from, they are in no store at all (only roll-ups answer).
    """
    from eldercare.county import directory

    if not actor.is_reader:
        if actor.county_code is None:
            return actor, stores.MAIN  # a database with no county yet: its first county will live here
        return actor, await directory.store_of(actor.county_code)
    visible = [r["code"] for r in await directory.visible_counties(actor)]
    if actor.role == "province":
        actor = Actor(**{**actor.__dict__, "counties": tuple(visible)})
    if wanted:
        if wanted not in visible:
            raise Forbidden("该县不在您的查看范围内。")
        return actor.looking_at(wanted), await directory.store_of(wanted)
    if len(visible) == 1:
        return actor.looking_at(visible[0]), await directory.store_of(visible[0])
    return actor, stores.NOWHERE


def require_county(actor: Actor, county_code: str) -> None:
    if actor.is_reader:
        if county_code not in actor.counties:
            raise Forbidden("该县不在您的查看范围内。")
    elif actor.county_code != county_code:
        raise Forbidden("无权访问其他县的数据。")


def require_role(actor: Actor, *roles: str) -> None:
    """One of these roles; a city or province user looking at a county reads it as its bureau does (as the
    route guard `requires` lets them in; their writes are refused before the body and again in db.write)."""
    if actor.role in roles or (BUREAU in roles and actor.is_bureau):
        return
    _no_county_chosen(actor)
    raise Forbidden("您的角色无权进行此操作。")


def _no_county_chosen(actor: Actor) -> None:
    if actor.is_reader and actor.county_code is None:
        raise CountyRequired()


def require_home(actor: Actor, home_id: int | None) -> None:
    """The bureau reaches every home; a director only their own; staff never reach a home's records."""
    _no_county_chosen(actor)
    if actor.is_bureau:
        return
    if actor.is_director and home_id is not None and home_id == actor.home_id:
        return
    raise Forbidden("无权访问其他敬老院的数据。")


def require_staff_record(actor: Actor, *, staff_id: int, home_id: int) -> None:
    """A staff member sees only their own record; a director their home's; the bureau all."""
    if actor.is_staff:
        if staff_id != actor.staff_id:
            raise Forbidden("只能查看本人的记录。")
        return
    require_home(actor, home_id)


def scoped(query: Any, actor: Actor, *, home: Any = None, staff: Any = None) -> Any:
    """Narrow a Piccolo select to the actor's scope: a director's home, a staff member's own record.

    `home` is the query's home column; `staff` its staff-id column (when the rows belong to staff).
    A role the rows are not scoped for is refused.
    """
    _no_county_chosen(actor)
    if actor.is_bureau:
        return query
    if actor.is_director and home is not None:
        return query.where(home == actor.home_id)
    if actor.is_staff and staff is not None:
        return query.where(staff == actor.staff_id)
    raise Forbidden("您的角色无权查看这些数据。")
