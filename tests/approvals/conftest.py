"""The county with its two-person rule on and three bureau clerks: `bureau` (who enters), `bureau2` and
`bureau3` (who may approve); the usual director, staff and outsider personas stay as they are."""

from __future__ import annotations

import pytest

from eldercare.auth.actor import Actor
from eldercare.profile.services import set_two_person_rule
from tests.factories import County, make_user
from tests.personas import Persona


def actor_of(county: County, name: str) -> Actor:
    p = county.personas[name]
    return Actor(user_id=p.user_id, username=p.username, role=p.role, home_id=p.home_id, staff_id=p.staff_id)


@pytest.fixture
async def clerks(county: County) -> County:
    for name in ("bureau2", "bureau3"):
        user_id = await make_user(username=name, role="bureau")
        county.personas[name] = Persona(username=name, role="bureau", user_id=user_id)
    return county


@pytest.fixture
async def rule_on(clerks: County) -> County:
    assert await set_two_person_rule(actor=actor_of(clerks, "bureau"), on=True) == "on"
    return clerks
