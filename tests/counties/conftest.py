"""Two counties side by side: 遂川县 (360827, the main store, made by the usual `county` fixture) and 万安县
(360828, its own store) with the same home codes, each with its bureau, a director and a staff member; a city
user over both and a province user over 江西省."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from eldercare import stores
from eldercare.county import directory
from tests.factories import County, make_home, make_resident, make_staff, make_township, make_user
from tests.personas import Persona


@dataclass
class TwoCounties:
    a: County
    b_store: str
    b: dict[str, int] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)


@pytest.fixture
async def two_counties(county: County) -> TwoCounties:
    directory.forget_cached_stores()
    await directory.add_county(actor=None, code="360827", name="遂川县")
    await directory.adopt_unassigned_users("360827")
    await directory.add_county(actor=None, code="360828", name="万安县")
    store = await directory.store_of("360828")
    b: dict[str, int] = {}
    with stores.use(store):
        b["township"] = await make_township("360828100", "芙蓉镇")
        b["home"] = await make_home(township=b["township"], code="JLY01", name="芙蓉镇敬老院", beds=12)
        b["director"] = await make_staff(home=b["home"], name="孙院长", is_director=True, position="院长")
        b["staff"] = await make_staff(home=b["home"], name="周护理")
        b["resident"] = await make_resident(township=b["township"], home=b["home"], name="吴大爷")
    two = TwoCounties(a=county, b_store=store, b=b, personas=dict(county.personas))
    with stores.main():
        for username, role, home, staff_id in [
            ("bureau_wa", "bureau", None, None),
            ("director_wa", "director", b["home"], b["director"]),
            ("staff_wa", "staff", b["home"], b["staff"]),
        ]:
            user_id = await make_user(username=username, role=role, home=home, staff=staff_id)
            await _set(user_id, county_code="360828")
            two.personas[username] = Persona(username=username, role=role, user_id=user_id, home_id=home,
                                             staff_id=staff_id)  # fmt: skip
        city = await make_user(username="city", role="city")
        await _set(city, counties="360827,360828")
        province = await make_user(username="province", role="province")
        await _set(province, counties="36")
        two.personas["city"] = Persona(username="city", role="city", user_id=city)
        two.personas["province"] = Persona(username="province", role="province", user_id=province)
    return two


async def _set(user_id: int, **values: str) -> None:
    from eldercare.auth.tables import User

    await User.update({getattr(User, k): v for k, v in values.items()}).where(User.id == user_id).run()


@pytest.fixture
async def client_of(app, two_counties):
    from tests.personas import persona_client

    opened = []

    async def make(name: str, *, via: str = "token"):
        client = await persona_client(app, two_counties.personas[name], via=via)
        opened.append(client)
        return client

    yield make
    for client in opened:
        await client.__aexit__(None, None, None)
