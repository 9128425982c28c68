"""The one scope mechanism: who may see or write what. Services call these; queries go through scoped()."""

from __future__ import annotations

from typing import Any

from eldercare.auth.actor import Actor
from eldercare.errors import Forbidden


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise Forbidden("您的角色无权进行此操作。")


def require_home(actor: Actor, home_id: int | None) -> None:
    """The bureau reaches every home; a director only their own; staff never reach a home's records."""
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
    if actor.is_bureau:
        return query
    if actor.is_director and home is not None:
        return query.where(home == actor.home_id)
    if actor.is_staff and staff is not None:
        return query.where(staff == actor.staff_id)
    raise Forbidden("您的角色无权查看这些数据。")
