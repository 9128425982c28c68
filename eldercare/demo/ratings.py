"""The 2025 star rating and year-end: a 100-point rubric over the five areas, scores for every home (one at
exactly 95.0, one at 94.9), a grade for every staff member, two trust rounds, and the stored year-end run.
2026 is in progress: its rubric (the same areas and items, not yet frozen) waits for the on-site scores."""

from __future__ import annotations

import datetime as dt
import json
import random

from eldercare.db import Writer
from eldercare.ratings.tables import RatingScore, RatingSheet, Rubric, RubricArea, RubricItem
from eldercare.staff.tables import Assessment, TrustResult, TrustSurvey
from eldercare.yearend.tables import YearEnd

YEAR = 2025
IN_PROGRESS = 2026
AT = dt.datetime(2026, 1, 20, tzinfo=dt.UTC)
RUBRIC = [
    ("building", "基本建设", [("B1", "房屋安全与消防达标", 100), ("B2", "设施设备配套", 100)]),
    ("management", "院务管理", [("M1", "制度建设与执行", 80), ("M2", "财务管理与院务公开", 70), ("M3", "档案管理", 50)]),
    ("service", "供养服务", [("S1", "生活照料", 100), ("S2", "医疗保健", 80), ("S3", "饮食卫生", 70),
                          ("S4", "文化娱乐", 50)]),
    ("economy", "庭院经济", [("E1", "生产基地建设", 80), ("E2", "经济效益", 70)]),
    ("grade", "等级评审", [("G1", "等级评定", 150)]),
]  # fmt: skip
GRADES = ["excellent"] * 30 + ["competent"] * 55 + ["basic"] * 14 + ["incompetent"] * 1


def _deductions(rng: random.Random, maxima: list[int], total: int) -> list[int]:
    """Spread `total` tenths of deductions over the items, never more than an item's maximum."""
    out = [0] * len(maxima)
    remaining = total
    order = list(range(len(maxima)))
    rng.shuffle(order)
    for i in order:
        take = min(remaining, rng.randint(0, maxima[i] // 3))
        out[i], remaining = take, remaining - take
    for i in order:
        take = min(remaining, maxima[i] - out[i])
        out[i], remaining = out[i] + take, remaining - take
    return out


async def _rubric(w: Writer, year: int = YEAR, *, frozen: bool = True) -> list[dict]:
    rubric_id = await w.insert(Rubric, year=year, star_thresholds="60,70,80,90,95", frozen=frozen)
    items = []
    for position, (code, name, rows) in enumerate(RUBRIC, start=1):
        area_id = await w.insert(RubricArea, rubric=rubric_id, code=code, name=name, position=position)
        items += [{"rubric": rubric_id, "area": area_id, "code": c, "name": n, "max_tenths": m, "position": p}
                  for p, (c, n, m) in enumerate(rows, start=1)]  # fmt: skip
    await RubricItem.insert(*[RubricItem(**i) for i in items]).run()
    ids = {r["code"]: r["id"] for r in await RubricItem.select(RubricItem.id, RubricItem.code).where(
        RubricItem.rubric == rubric_id)}  # fmt: skip
    return [{**i, "id": ids[i["code"]], "rubric_id": rubric_id} for i in items]


async def _scores(rng: random.Random, items: list[dict], county: dict) -> None:
    maxima = [i["max_tenths"] for i in items]
    await RatingSheet.insert(
        *[
            RatingSheet(rubric=items[0]["rubric_id"], home=h["id"], note="", saved_at=AT)
            for h in county["homes"]
        ]
    ).run()
    sheets = {r["home"]: r["id"] for r in await RatingSheet.select(RatingSheet.id, RatingSheet.home)}
    rows = []
    for n, home in enumerate(county["homes"]):
        deduction = {0: 50, 1: 51}.get(n, rng.randint(10, 320))  # JLY01 exactly 95.0, JLY02 94.9
        for item, cut in zip(items, _deductions(rng, maxima, deduction), strict=True):
            rows.append(
                RatingScore(sheet=sheets[home["id"]], item=item["id"], points_tenths=item["max_tenths"] - cut)
            )
    await RatingScore.insert(*rows).run()


async def _staff(rng: random.Random, county: dict) -> None:
    grades = {s["id"]: rng.choice(GRADES) for s in county["staff"]}
    directors = [s for s in county["staff"] if s["is_director"]]
    grades[directors[2]["id"]] = "incompetent"  # one director is listed for adjustment
    await Assessment.insert(*[Assessment(staff=k, year=YEAR, grade=g) for k, g in grades.items()]).run()
    rounds = [(1, dt.date(YEAR, 6, 28)), (2, dt.date(YEAR, 12, 20))]
    await TrustSurvey.insert(
        *[
            TrustSurvey(home=h["id"], year=YEAR, round=r, dated_on=on)
            for h in county["homes"]
            for r, on in rounds
        ]
    ).run()
    surveys = {(s["home"], s["round"]): s["id"] for s in await TrustSurvey.select()}
    low = next(s for s in county["staff"] if not s["is_director"])  # 78% then 60%: listed
    results = []
    for s in county["staff"]:
        cast = 30 + s["home"] % 20
        for r, _ in rounds:
            trust = cast - rng.randint(0, cast // 8)
            if s["id"] == low["id"]:
                cast, trust = 50, (39 if r == 1 else 30)
            results.append(TrustResult(survey=surveys[(s["home"], r)], staff=s["id"], trust=trust, cast=cast))
    await TrustResult.insert(*results).run()


async def load(w: Writer, county: dict) -> None:
    from eldercare.yearend.services import _store, compute

    rng = random.Random(2025 if county.get("code", "360827") == "360827" else int(county["code"]) * 11)
    items = await _rubric(w)
    await _scores(rng, items, county)
    await _staff(rng, county)
    result = await compute(YEAR)  # inside the demo's transaction: it sees what was just written
    await _store(w, YEAR, result)
    await w.insert(YearEnd, year=YEAR, status="run", run_at=AT, run_by=None,
                   inputs=json.dumps({"settings": result["settings"]}, ensure_ascii=False, sort_keys=True))  # fmt: skip
    await _rubric(w, IN_PROGRESS, frozen=False)
    await w.audit(table=Rubric, row_id="demo", action="demo", before=None,
                  after={"homes": len(county["homes"]), "staff": len(county["staff"]), "in_progress": IN_PROGRESS})  # fmt: skip
