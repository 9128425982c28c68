"""院办经济: each home's append-only income/expense ledger and the year's contribution points."""

from enum import Enum

from piccolo.columns import BigInt, Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Check
from piccolo.table import Table

from eldercare.county.tables import Home


class EconomyKind(str, Enum):
    income = "income"
    expense = "expense"


class Category(str, Enum):
    planting = "planting"
    livestock = "livestock"
    fishery = "fishery"
    processing = "processing"
    rental = "rental"
    other = "other"


CATEGORY_NAMES = {
    "planting": "种植",
    "livestock": "畜禽养殖",
    "fishery": "水产养殖",
    "processing": "加工",
    "rental": "场地租赁",
    "other": "其他",
}


class EconomyLine(Table, tablename="economy_line"):
    """A ledger line; amount_fen is signed only by reversal: a reversing line carries the negated amount."""

    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False, index=True)
    dated_on = Date(index=True)
    kind = Varchar(length=8, choices=EconomyKind)
    category = Varchar(length=12, choices=Category)
    amount_fen = BigInt()
    in_kind = Boolean(default=False)
    quantity = Varchar(length=30, default="")
    unit = Varchar(length=10, default="")
    unit_price_fen = BigInt(null=True, default=None)
    note = Text(default="")
    reverses = Integer(null=True, default=None, index=True)
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)


class Contribution(Table, tablename="contribution"):
    """贡献积分: points for a staff member or resident of the home, for one year; position keeps line order."""

    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False, index=True)
    year = Integer(index=True)
    position = Integer()
    person_kind = Varchar(length=8)
    person_id = Integer()
    points = Integer()
    contribution_points_positive = Check(points > 0)


class EconomyTotal(Table, tablename="economy_total"):
    """Kept sum and count of economy_line per home, year, kind and in_kind (a trigger adds each new line)."""

    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False)
    year = Integer()
    kind = Varchar(length=8, choices=EconomyKind)
    in_kind = Boolean(default=False)
    amount_fen = BigInt(default=0)
    lines = Integer(default=0)
