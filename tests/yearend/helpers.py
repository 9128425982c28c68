"""A 2025 year built through the services: rubric, scores (A 95.0, B 94.9), grades, trust rounds, economy."""

from __future__ import annotations

import datetime as dt

from eldercare.auth.actor import Actor
from eldercare.economy.tables import Contribution, EconomyLine
from eldercare.ratings import services as ratings
from eldercare.staff import services as staff_services
from tests.factories import NOW, make_staff

YEAR = 2025
RUBRIC = [
    {"code": "building", "name": "基本建设", "items": [{"code": "B1", "name": "房屋安全", "max_points": 10},
                                                      {"code": "B2", "name": "设施配套", "max_points": 10}]},
    {"code": "management", "name": "院务管理", "items": [{"code": "M1", "name": "制度建设", "max_points": 20}]},
    {"code": "service", "name": "供养服务", "items": [{"code": "S1", "name": "生活照料", "max_points": 30}]},
    {"code": "economy", "name": "庭院经济", "items": [{"code": "E1", "name": "生产基地", "max_points": 15}]},
    {"code": "grade", "name": "等级评审", "items": [{"code": "G1", "name": "等级评定", "max_points": 15}]},
]  # fmt: skip
FULL = {"B1": 10, "B2": 10, "M1": 20, "S1": 30, "E1": 15}


def actor(county, name: str) -> Actor:
    p = county.personas[name]
    return Actor(user_id=p.user_id, username=p.username, role=p.role, home_id=p.home_id, staff_id=p.staff_id)


async def build_year(county) -> dict:
    bureau, director_a = actor(county, "bureau"), actor(county, "director_a")
    await ratings.save_rubric(actor=bureau, year=YEAR, areas=RUBRIC, star_thresholds=[60, 70, 80, 90, 95])
    await ratings.save_scores(
        actor=bureau, year=YEAR, home_id=county.home_a, scores={**FULL, "G1": 10}
    )  # 95.0
    await ratings.save_scores(
        actor=bureau, year=YEAR, home_id=county.home_b, scores={**FULL, "G1": "9.9"}
    )  # 94.9
    ids = dict(county.staff_ids)
    ids["new_hire"] = await make_staff(home=county.home_a, name="新护理", hired_on=dt.date(2025, 8, 10))
    ids["leaver"] = await make_staff(home=county.home_a, name="离职员", left_on=dt.date(2025, 10, 3))
    grades = {"director_a": "incompetent", "staff_a": "competent", "staff_a2": "excellent",
              "new_hire": "excellent", "leaver": "competent", "director_b": "competent", "staff_b": "basic"}  # fmt: skip
    for name, grade in grades.items():
        who = director_a if name in ("staff_a", "staff_a2", "new_hire", "leaver") else bureau
        await staff_services.set_assessment(actor=who, staff_id=ids[name], year=YEAR, grade=grade)
    rounds = [(1, dt.date(2025, 6, 30), 39), (2, dt.date(2025, 12, 20), 30)]  # staff_a: 78%, then 60%
    for number, on, trust in rounds:
        results = [{"staff_id": ids["staff_a"], "trust": trust, "cast": 50},
                   {"staff_id": ids["director_a"], "trust": 45, "cast": 50}]  # fmt: skip
        await staff_services.record_trust_survey(actor=director_a, home_id=county.home_a, year=YEAR,
                                                 round=number, dated_on=on, results=results)  # fmt: skip
    await EconomyLine.insert(
        EconomyLine(home=county.home_a, dated_on=dt.date(2025, 5, 1), kind="income", category="planting",
                    amount_fen=1_000_000, created_at=NOW),
        EconomyLine(home=county.home_a, dated_on=dt.date(2025, 6, 1), kind="expense", category="planting",
                    amount_fen=400_001, created_at=NOW),
    ).run()  # fmt: skip
    await Contribution.insert(
        Contribution(home=county.home_a, year=YEAR, position=1, person_kind="staff", person_id=ids["staff_a"],
                     points=2),
        Contribution(home=county.home_a, year=YEAR, position=2, person_kind="staff", person_id=ids["staff_a2"],
                     points=1),
    ).run()  # fmt: skip
    return ids
