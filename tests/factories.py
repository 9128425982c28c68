"""Hand-built data for tests, written through the same tables the app uses (no mocks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eldercare import idnumber
from eldercare.auth.passwords import hash_password_sync
from eldercare.auth.tables import User
from eldercare.county.tables import Home, Township
from eldercare.residents.tables import Resident, ResidentEvent
from eldercare.staff.tables import Staff
from tests.personas import PASSWORD, Persona

_HASH = hash_password_sync(PASSWORD)
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_sequence = iter(range(1, 10_000_000))


def id_number(born: dt.date = dt.date(1950, 3, 7), area: str = "360827") -> str:
    """A fresh valid ID number (the sequence keeps them apart)."""
    n = next(_sequence)
    return idnumber.make(area, born + dt.timedelta(days=n // 900), n % 900 + 1)


async def make_township(code: str = "360827100", name: str = "泉江镇") -> int:
    rows = await Township.insert(Township(code=code, name=name)).returning(Township.id).run()
    return rows[0]["id"]


async def make_home(
    *, township: int, code: str, name: str, beds: int = 10, kind: str = "nursing_home"
) -> int:
    rows = (
        await Home.insert(Home(code=code, name=name, township=township, beds=beds, kind=kind))
        .returning(Home.id)
        .run()
    )
    return rows[0]["id"]


async def make_staff(*, home: int, name: str = "王护理", is_director: bool = False,
                     hired_on: dt.date = dt.date(2020, 1, 1), left_on: dt.date | None = None,
                     position: str = "护理员") -> int:  # fmt: skip
    rows = await Staff.insert(
        Staff(home=home, name=name, id_number=id_number(dt.date(1975, 5, 5)), position=position,
              is_director=is_director, hired_on=hired_on, left_on=left_on)
    ).returning(Staff.id).run()  # fmt: skip
    return rows[0]["id"]


async def make_user(*, username: str, role: str, home: int | None = None, staff: int | None = None) -> int:
    rows = await User.insert(
        User(username=username, password_hash=_HASH, role=role, home=home, staff=staff, display_name=username,
             created_at=NOW)
    ).returning(User.id).run()  # fmt: skip
    return rows[0]["id"]


async def make_resident(
    *,
    township: int,
    home: int | None = None,
    mode: str = "centralized",
    admitted_on: dt.date = dt.date(2025, 1, 1),
    care_level: str = "self_care",
    name: str = "张秀英",
    born: dt.date = dt.date(1950, 3, 7),
) -> int:
    """An active resident with their admit event."""
    number = id_number(born)
    rows = await Resident.insert(
        Resident(id_number=number, name=name, name_initials="", sex=idnumber.sex(number),
                 birth_date=idnumber.birth_date(number), township=township, village="东村", mode=mode,
                 home=home if mode == "centralized" else None, care_level=care_level, status="active",
                 admitted_on=admitted_on, status_on=admitted_on, created_at=NOW)
    ).returning(Resident.id).run()  # fmt: skip
    resident_id = rows[0]["id"]
    await ResidentEvent.insert(
        ResidentEvent(resident=resident_id, seq=1, kind="admit", dated_on=admitted_on, reason="测试纳入",
                      status_after="active", mode_after=mode, home_after=home if mode == "centralized" else None,
                      care_level_after=care_level, created_at=NOW)
    ).run()  # fmt: skip
    return resident_id


@dataclass
class County:
    township_a: int
    township_b: int
    home_a: int
    home_b: int
    staff_ids: dict[str, int]
    personas: dict[str, Persona] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


async def make_county() -> County:
    """Two townships, home A (泉江镇敬老院, 10 beds) and home B (雩田镇敬老院, 8 beds), and the personas."""
    ta = await make_township("360827100", "泉江镇")
    tb = await make_township("360827101", "雩田镇")
    ha = await make_home(township=ta, code="JLY01", name="泉江镇敬老院", beds=10)
    hb = await make_home(township=tb, code="JLY02", name="雩田镇敬老院", beds=8)
    staff = {
        "director_a": await make_staff(home=ha, name="李院长", is_director=True, position="院长"),
        "director_b": await make_staff(home=hb, name="陈院长", is_director=True, position="院长"),
        "staff_a": await make_staff(home=ha, name="王护理"),
        "staff_a2": await make_staff(home=ha, name="赵炊事", position="炊事员"),
        "staff_b": await make_staff(home=hb, name="刘护理"),
    }
    county = County(township_a=ta, township_b=tb, home_a=ha, home_b=hb, staff_ids=staff)
    specs = [
        ("bureau", "bureau", None, None),
        ("director_a", "director", ha, staff["director_a"]),
        ("director_b", "director", hb, staff["director_b"]),
        ("staff_a", "staff", ha, staff["staff_a"]),
        ("staff_a2", "staff", ha, staff["staff_a2"]),
        ("staff_b", "staff", hb, staff["staff_b"]),
    ]
    for username, role, home, staff_id in specs:
        user_id = await make_user(username=username, role=role, home=home, staff=staff_id)
        county.personas[username] = Persona(username=username, role=role, user_id=user_id, home_id=home,
                                            staff_id=staff_id)  # fmt: skip
    return county


async def add_event(
    resident: int,
    *,
    kind: str,
    dated_on: dt.date,
    status: str = "active",
    mode: str = "centralized",
    home: int | None = None,
    care_level: str = "self_care",
    reason: str = "测试事件",
) -> int:
    """A further dated event carrying the full state after it (seq = the resident's next number)."""
    last = await ResidentEvent.select(ResidentEvent.seq).where(ResidentEvent.resident == resident).order_by(
        ResidentEvent.seq, ascending=False
    ).first()
    seq = (last["seq"] if last else 0) + 1
    await ResidentEvent.insert(
        ResidentEvent(resident=resident, seq=seq, kind=kind, dated_on=dated_on, reason=reason, status_after=status,
                      mode_after=mode, home_after=home if mode == "centralized" else None,
                      care_level_after=care_level, created_at=NOW)
    ).run()  # fmt: skip
    return seq
