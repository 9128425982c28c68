"""Admission and events through the services, on a real database."""

import datetime as dt
import importlib

import pytest

from eldercare import idnumber
from eldercare.audit.tables import AuditLog
from eldercare.errors import Conflict, Forbidden, Invalid
from eldercare.residents import roster, services
from eldercare.residents.tables import Resident, ResidentEvent
from tests.factories import id_number, make_resident
from tests.residents.helpers import actor

D = dt.date
TODAY = D(2026, 6, 1)


async def admit(county, who="bureau", **kw):
    values = {"id_number": id_number(), "name": "张秀英", "township_code": "360827100", "mode": "centralized",
              "home_id": county.home_a, "on": D(2025, 1, 1), "today": TODAY}  # fmt: skip
    return await services.admit_resident(actor=actor(county, who), **{**values, **kw})


async def event(county, resident_id, kind, on, who="bureau", **kw):
    return await services.record_event(
        actor=actor(county, who), resident_id=resident_id, kind=kind, on=on, reason=kw.pop("reason", "测试"),
        today=TODAY, **kw,
    )  # fmt: skip


async def test_admission_writes_the_resident_and_an_admit_event_with_the_full_state(county):
    row = await admit(county, name="刘长发")
    assert row["status"] == "active" and row["home"] == county.home_a and row["name_initials"] == "lcf"
    assert row["sex"] == idnumber.sex(row["id_number"])
    events = await ResidentEvent.select().where(ResidentEvent.resident == row["id"])
    assert [(e["seq"], e["kind"], e["status_after"], e["mode_after"], e["home_after"], e["care_level_after"])
            for e in events] == [(1, "admit", "active", "centralized", county.home_a, "self_care")]  # fmt: skip


async def test_a_wrong_check_digit_is_refused_and_nothing_is_written(county):
    good = id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(Invalid) as exc:
        await admit(county, id_number=bad)
    assert "校验位" in exc.value.fields["id_number"]
    with pytest.raises(Invalid) as exc:
        await admit(county, id_number="360827" + "19500230" + "0011")
    assert "出生日期不存在" in exc.value.fields["id_number"]
    assert await Resident.count() == 0 and await AuditLog.count() == 0


async def test_one_active_record_per_id_number_county_wide(county):
    number = id_number()
    await admit(county, id_number=number)
    with pytest.raises(Conflict) as exc:
        await admit(county, id_number=number, mode="dispersed", home_id=None, township_code="360827101")
    assert "id_number" in exc.value.fields
    assert await Resident.count() == 1


async def test_an_unknown_township_is_refused(county):
    with pytest.raises(Invalid) as exc:
        await admit(county, township_code="360827999")
    assert "township_code" in exc.value.fields


async def test_a_full_home_refuses_an_admission(county):
    for _ in range(8):  # home B has 8 beds
        await admit(county, home_id=county.home_b)
    with pytest.raises(Conflict) as exc:
        await admit(county, home_id=county.home_b)
    assert exc.value.code == "home_full"
    assert await Resident.count().where(Resident.home == county.home_b) == 8


async def test_a_transfer_into_a_full_home_is_refused_and_nothing_changes(county):
    for _ in range(8):
        await admit(county, home_id=county.home_b)
    mover = await admit(county, home_id=county.home_a)
    with pytest.raises(Conflict):
        await event(county, mover["id"], "transfer", D(2025, 3, 1), home_id=county.home_b)
    assert (await Resident.select(Resident.home).where(Resident.id == mover["id"]).first())[
        "home"
    ] == county.home_a
    assert await ResidentEvent.count().where(ResidentEvent.resident == mover["id"]) == 1


async def test_a_transfer_between_homes_with_room_moves_the_resident(county):
    mover = await admit(county)
    moved = await event(county, mover["id"], "transfer", D(2025, 3, 1), home_id=county.home_b)
    assert moved["home"] == county.home_b


async def test_after_a_death_every_event_is_refused(county):
    r = await admit(county)
    await event(county, r["id"], "death", D(2025, 5, 1), reason="病故")
    for kind in ("resume", "exit", "care_level", "death"):
        with pytest.raises(Invalid) as exc:
            await event(county, r["id"], kind, D(2025, 6, 1), care_level="full")
        assert "死亡" in exc.value.detail
    assert await ResidentEvent.count().where(ResidentEvent.resident == r["id"]) == 2


async def test_an_event_out_of_order_is_refused(county):
    r = await admit(county)
    await event(county, r["id"], "suspend", D(2025, 4, 1))
    with pytest.raises(Invalid) as exc:
        await event(county, r["id"], "resume", D(2025, 3, 31))
    assert "on" in exc.value.fields


async def test_the_resident_row_follows_its_last_event(county):
    r = await admit(county)
    await event(county, r["id"], "suspend", D(2025, 4, 1))
    await event(county, r["id"], "resume", D(2025, 5, 1))
    row = await event(county, r["id"], "care_level", D(2025, 5, 1), care_level="partial")
    assert (row["status"], row["care_level"], row["status_on"]) == ("active", "partial", D(2025, 5, 1))
    seqs = (
        await ResidentEvent.select(ResidentEvent.seq)
        .where(ResidentEvent.resident == r["id"])
        .order_by(ResidentEvent.seq)
    )
    assert [s["seq"] for s in seqs] == [1, 2, 3, 4]


async def test_the_roster_is_rebuilt_for_three_dates(county):
    a = await admit(county, name="甲", on=D(2025, 1, 1))
    b = await admit(county, name="乙", on=D(2025, 3, 1), mode="dispersed", home_id=None)
    await event(county, a["id"], "exit", D(2025, 6, 1), reason="不再符合条件")
    await event(county, b["id"], "transfer", D(2025, 7, 1), mode="centralized", home_id=county.home_b)
    bureau = actor(county, "bureau")

    async def names(on, **kw):
        rows, total = await roster.roster_on(actor=bureau, on=on, **kw)
        assert total == len(rows)
        return sorted((r["name"], r["mode"]) for r in rows)

    assert await names(D(2025, 2, 1)) == [("甲", "centralized")]
    assert await names(D(2025, 4, 1)) == [("乙", "dispersed"), ("甲", "centralized")]
    assert await names(D(2025, 8, 1)) == [("乙", "centralized")]
    assert await names(D(2025, 8, 1), home_id=county.home_a) == []


async def test_a_director_admits_nobody_directly_and_sees_only_their_own_home(county):
    for home_id, mode in ((county.home_a, "centralized"), (county.home_b, "centralized"), (None, "dispersed")):
        with pytest.raises(Forbidden) as refused:  # new supported persons enter through 三审三公示
            await admit(county, who="director_a", home_id=home_id, mode=mode)
        assert refused.value.code == "admission_required" and "三审三公示" in refused.value.detail
    assert await Resident.count() == 0
    mine = await admit(county)
    other = await admit(county, home_id=county.home_b)
    with pytest.raises(Forbidden):
        await services.get_resident(actor=actor(county, "director_a"), resident_id=other["id"])
    rows, total = await roster.list_residents(actor=actor(county, "director_a"))
    assert total == 1 and rows[0]["id"] == mine["id"]
    with pytest.raises(Forbidden):
        await roster.list_residents(actor=actor(county, "staff_a"))


async def test_search_by_name_initials_or_id_number(county):
    a = await admit(county, name="刘长发")
    await admit(county, name="王秀英")
    bureau = actor(county, "bureau")
    for q in ("长发", "lc", a["id_number"][-6:]):
        rows, total = await roster.list_residents(actor=bureau, filters=roster.Filters(q=q))
        assert [r["name"] for r in rows] == ["刘长发"], q


async def test_a_factory_resident_can_take_events(county):
    rid = await make_resident(township=county.township_a, home=county.home_a)
    row = await event(county, rid, "suspend", D(2025, 2, 1))
    assert row["status"] == "suspended"


async def test_a_surname_is_searched_and_sorted_by_its_surname_reading(county):
    for name in ("曾春", "陈明", "单秀英", "解放", "张三"):
        await admit(county, name=name)
    bureau = actor(county, "bureau")
    rows, _ = await roster.list_residents(actor=bureau, filters=roster.Filters(q="zc"))
    assert [r["name"] for r in rows] == ["曾春"]
    rows, _ = await roster.list_residents(actor=bureau, filters=roster.Filters())
    assert [r["name"] for r in rows] == ["陈明", "单秀英", "解放", "曾春", "张三"]


async def test_the_migration_recomputes_initials_stored_before_surname_readings(county):
    rid = await make_resident(township=county.township_a, home=county.home_a, name="曾春")
    await Resident.update({Resident.name_initials: "cc"}).where(Resident.id == rid)
    migration = importlib.import_module("eldercare.piccolo_migrations.eldercare_2026_12_01t22_07_00_000000")
    await (await migration.forwards()).run()
    assert (await Resident.select(Resident.name_initials).where(Resident.id == rid).first())["name_initials"] == "zc"
