"""Residents (about 86% centralized, with two years of events) and staff for every home."""

from __future__ import annotations

import datetime as dt
import random

from eldercare import idnumber
from eldercare.db import Writer
from eldercare.pinyin import initials
from eldercare.residents.tables import Resident, ResidentEvent
from eldercare.staff.tables import Staff

SURNAMES = (
    "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = "秀英桂兰春华玉梅凤珍金花冬生水根福生长发有才德明建国志强国平细妹满英招娣文清火生木生光明春生"
HISTORY_START = dt.date(2024, 1, 1)
CREATED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class People:
    def __init__(self, seed: int = 360827) -> None:
        self.rng = random.Random(seed)
        self.area = str(seed)
        self.used_ids: set[str] = set()

    def name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def id_number(self, area: str, oldest: int, youngest: int) -> str:
        while True:
            born = dt.date(
                self.rng.randint(oldest, youngest), self.rng.randint(1, 12), self.rng.randint(1, 28)
            )
            value = idnumber.make(area, born, self.rng.randint(1, 999))
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def care_level(self) -> str:
        roll = self.rng.random()
        return "self_care" if roll < 0.70 else "partial" if roll < 0.92 else "full"


def resident_plans(p: People, county: dict) -> list[dict]:
    """Each resident's story as a list of (kind, on, state after) events, from 2024 to autumn 2026."""
    plans: list[dict] = []
    for home in county["homes"]:
        occupancy = 0.80 + p.rng.random() * 0.15
        for _ in range(int(home["beds"] * occupancy)):
            plans.append(_centralized_story(p, home, county))
    total_centralized = len(plans)
    for _ in range(total_centralized * 14 // 86):
        t = p.rng.randrange(len(county["township_ids"]))
        plans.append(_dispersed_story(p, t, county))
    return plans


def _centralized_story(p: People, home: dict, county: dict) -> dict:
    admitted = p.day(HISTORY_START, dt.date(2025, 12, 31))
    level = p.care_level()
    state = {"status": "active", "mode": "centralized", "home": home["id"], "care_level": level}
    events = []
    if p.rng.random() < 0.25:  # 集中供养 drive: first supported at home, later moved into the home
        events.append(
            ("admit", admitted, {**state, "mode": "dispersed", "home": None}, "纳入特困供养（分散）")
        )
        moved = admitted + dt.timedelta(days=p.rng.randint(30, 300))
        events.append(("transfer", moved, state, "转为集中供养"))
    else:
        events.append(("admit", admitted, state, "经三审三公示纳入集中供养"))
    last = events[-1][1]
    if p.rng.random() < 0.08 and last < dt.date(2026, 6, 1):
        worse = "partial" if level == "self_care" else "full"
        state = {**state, "care_level": worse}
        events.append(
            ("care_level", last + dt.timedelta(days=p.rng.randint(20, 120)), state, "年度评估后失能等级变化")
        )
    return {"township_index": home["township_index"], "events": events}


def _dispersed_story(p: People, township_index: int, county: dict) -> dict:
    admitted = p.day(HISTORY_START, dt.date(2026, 6, 30))
    state = {"status": "active", "mode": "dispersed", "home": None, "care_level": p.care_level()}
    return {"township_index": township_index, "events": [("admit", admitted, state, "纳入特困供养（分散）")]}


def _departures(p: People, plans: list[dict]) -> None:
    """About 3% died and 1% left support during the two years: the home's bed is then free again."""
    for plan in plans:
        kind, last_on, state, _ = plan["events"][-1]
        if last_on > dt.date(2026, 3, 1):
            continue
        roll = p.rng.random()
        if roll < 0.03:
            on = last_on + dt.timedelta(days=p.rng.randint(60, 200))
            plan["events"].append(("death", on, {**state, "status": "deceased"}, "病故"))
        elif roll < 0.04:
            on = last_on + dt.timedelta(days=p.rng.randint(60, 200))
            plan["events"].append(("exit", on, {**state, "status": "exited"}, "经复核不再符合特困供养条件"))


async def load(w: Writer, county: dict) -> None:
    p = People(int(county.get("code", "360827")))
    plans = resident_plans(p, county)
    _departures(p, plans)
    rows = []
    for plan in plans:
        plan["id_number"] = p.id_number(county["township_codes"][0][:6], 1930, 1966)
        name = p.name()
        first_on, (_, last_on, state, _) = plan["events"][0][1], plan["events"][-1]
        review = dt.date(2026, p.rng.randint(1, 10), p.rng.randint(1, 28)) if p.rng.random() < 0.95 else None
        rows.append(
            Resident(
                id_number=plan["id_number"], name=name, name_initials=initials(name),
                sex=idnumber.sex(plan["id_number"]), birth_date=idnumber.birth_date(plan["id_number"]),
                township=county["township_ids"][plan["township_index"]], village=f"{p.rng.choice('东南西北上下')}村",
                mode=state["mode"], home=state["home"], care_level=state["care_level"], status=state["status"],
                admitted_on=first_on, status_on=last_on, last_review_on=review, created_at=CREATED_AT,
            )
        )  # fmt: skip
    await Resident.insert(*rows).run()
    ids = {r["id_number"]: r["id"] for r in await Resident.select(Resident.id, Resident.id_number)}
    events = [
        ResidentEvent(
            resident=ids[plan["id_number"]], seq=seq, kind=kind, dated_on=on, reason=reason,
            status_after=state["status"], mode_after=state["mode"], home_after=state["home"],
            care_level_after=state["care_level"], created_at=CREATED_AT,
        )
        for plan in plans
        for seq, (kind, on, state, reason) in enumerate(plan["events"], start=1)
    ]  # fmt: skip
    await ResidentEvent.insert(*events).run()
    county["resident_ids"] = list(ids.values())
    await _load_staff(p, county)
    await w.audit(table=Resident, row_id="demo", action="demo", before=None,
                  after={"residents": len(rows), "events": len(events)})  # fmt: skip


POSITIONS = ["护理员", "炊事员", "会计", "护理员", "生产管理员"]


async def _load_staff(p: People, county: dict) -> None:
    rows = []
    for home in county["homes"]:
        rows.append(_staff(p, home, "院长", True))
        for i in range(2 + home["beds"] // 40):
            rows.append(_staff(p, home, POSITIONS[i % len(POSITIONS)], False))
    await Staff.insert(*rows).run()
    county["staff"] = await Staff.select(Staff.id, Staff.home, Staff.is_director, Staff.name).order_by(
        Staff.id
    )


def _staff(p: People, home: dict, position: str, is_director: bool) -> Staff:
    hired = p.day(dt.date(2015, 1, 1), dt.date(2025, 6, 30))
    return Staff(home=home["id"], name=p.name(), id_number=p.id_number(p.area, 1966, 1995), position=position,
                 is_director=is_director, hired_on=hired, left_on=None)  # fmt: skip
