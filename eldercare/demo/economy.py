"""院办经济 demo: 2025 ledgers whose county net income is exactly 1,026,000 元 (the seed's figure), some 2026
lines, in-kind produce, a corrected (reversed) line, and 2025 contribution points for staff and residents."""

from __future__ import annotations

import datetime as dt
import random

from eldercare.db import Writer
from eldercare.demo.people import CREATED_AT
from eldercare.economy.rules import in_kind_value_fen
from eldercare.economy.tables import Contribution, EconomyLine
from eldercare.money import split_largest_remainder
from eldercare.residents.tables import Resident

COUNTY_NET_2025_FEN = 102_600_000  # 1,026,000 元
LOSS_HOME_INDEX = 7  # one home ran at a loss in 2025: it has no pool
LOSS_FEN = 1_234_500
INCOME_NOTES = {
    "planting": "出售稻谷", "livestock": "生猪出栏", "fishery": "出售鲜鱼", "processing": "茶叶加工销售",
    "rental": "鱼塘场地出租", "other": "废旧物资变卖",
}  # fmt: skip
EXPENSE_NOTES = {
    "planting": "种子化肥", "livestock": "饲料防疫", "fishery": "鱼苗饲料", "processing": "加工用电",
    "rental": "场地修缮", "other": "雇工工资",
}  # fmt: skip
PRODUCE = [
    ("蔬菜", "斤", "120", 650),
    ("大米", "斤", "300.5", 310),
    ("鸡蛋", "枚", "240", 90),
    ("猪肉", "斤", "45.5", 1650),
]


def net_targets(home_count: int, beds: list[int]) -> list[int]:
    """Each home's 2025 net, in proportion to beds; one home at a loss; the sum is exactly the seed's figure."""
    weights = [b if i != LOSS_HOME_INDEX else 0 for i, b in enumerate(beds)]
    targets = split_largest_remainder(COUNTY_NET_2025_FEN + LOSS_FEN, weights)
    targets[LOSS_HOME_INDEX] = -LOSS_FEN
    return targets


def _day(rng: random.Random, year: int, last_month: int = 12) -> dt.date:
    return dt.date(year, rng.randint(1, last_month), rng.randint(1, 28))


def _line(home: int, on: dt.date, kind: str, category: str, amount: int, note: str, **extra) -> EconomyLine:
    return EconomyLine(home=home, dated_on=on, kind=kind, category=category, amount_fen=amount, note=note,
                       created_at=CREATED_AT, **extra)  # fmt: skip


def home_year(rng: random.Random, home: int, year: int, net: int, last_month: int = 12) -> list[EconomyLine]:
    """Expenses first, then income (one in-kind produce line among it) summing to expenses + net."""
    categories = list(INCOME_NOTES)
    expenses = [rng.randint(50_000, 600_000) for _ in range(rng.randint(6, 10))]
    if net < 0:  # a loss: expenses exceed what the income lines can carry
        expenses.append(-net + 100_000)
    rows = [
        _line(home, _day(rng, year, last_month), "expense", c, a, EXPENSE_NOTES[c])
        for a, c in ((a, rng.choice(categories)) for a in expenses)
    ]
    produce, unit, quantity, price = rng.choice(PRODUCE)
    value = in_kind_value_fen(quantity, price)
    rows.append(_line(home, _day(rng, year, last_month), "income", "planting", value, f"院内自产{produce}（自用）",
                      in_kind=True, quantity=quantity, unit=unit, unit_price_fen=price))  # fmt: skip
    income = sum(expenses) + net - value
    parts = split_largest_remainder(income, [rng.randint(3, 10) for _ in range(rng.randint(8, 14))])
    rows += [
        _line(home, _day(rng, year, last_month), "income", c, part, INCOME_NOTES[c])
        for part, c in ((p, rng.choice(categories)) for p in parts)
    ]
    return rows


async def load(w: Writer, county: dict) -> None:
    rng = random.Random(20251231 if county.get("code", "360827") == "360827" else int(county["code"]) * 7)
    homes = county["homes"]
    targets = net_targets(len(homes), [h["beds"] for h in homes])
    rows: list[EconomyLine] = []
    for home, target in zip(homes, targets, strict=True):
        rows += home_year(rng, home["id"], 2025, target)
        rows += home_year(rng, home["id"], 2026, target * rng.randint(6, 9) // 10, last_month=10)
        # a mistyped line and its reversal (net zero): the ledger is corrected, never edited
        rows.append(_line(home["id"], dt.date(2025, 5, 20), "income", "other", 88_800, "误录：重复记账"))
    await EconomyLine.insert(*rows).run()
    mistakes = await EconomyLine.select(EconomyLine.id, EconomyLine.home).where(
        EconomyLine.note == "误录：重复记账"
    )
    await EconomyLine.insert(
        *[_line(m["home"], dt.date(2025, 5, 20), "income", "other", -88_800, "重复记账，冲销", reverses=m["id"])
          for m in mistakes]
    ).run()  # fmt: skip
    count = await _contributions(rng, county)
    await w.audit(table=EconomyLine, row_id="demo", action="demo", before=None,
                  after={"lines": len(rows) + len(mistakes), "contributions": count})  # fmt: skip


async def _contributions(rng: random.Random, county: dict) -> int:
    """2025 points: every staff member of the home, and about five of its residents."""
    residents = await (
        Resident.select(Resident.id, Resident.home)
        .where(Resident.home.is_not_null() & (Resident.status == "active"))
        .order_by(Resident.id)
    )
    by_home: dict[int, list[int]] = {}
    for r in residents:
        by_home.setdefault(r["home"], []).append(r["id"])
    rows = []
    for home in county["homes"]:
        people = [("staff", s["id"]) for s in county["staff"] if s["home"] == home["id"]]
        people += [("resident", r) for r in by_home.get(home["id"], [])[:5]]
        for position, (kind, person) in enumerate(people, start=1):
            rows.append(Contribution(home=home["id"], year=2025, position=position, person_kind=kind,
                                     person_id=person, points=rng.randint(1, 6)))  # fmt: skip
    await Contribution.insert(*rows).run()
    return len(rows)
