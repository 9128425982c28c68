"""Actors for service tests, from the county's personas."""

from eldercare.auth.actor import Actor


def actor(county, name: str) -> Actor:
    p = county.personas[name]
    return Actor(user_id=p.user_id, username=p.username, role=p.role, home_id=p.home_id, staff_id=p.staff_id)
