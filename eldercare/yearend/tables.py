"""年度目标考核: the year's settings, the stored run and its results (each keeps its inputs for the why)."""

from piccolo.columns import BigInt, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Unique
from piccolo.table import Table

from eldercare.county.tables import Home
from eldercare.staff.tables import Staff


class YearSettings(Table, tablename="year_settings"):
    """Per-year configuration: awards (top N × amount) and performance-pay tiers (元/month, in fen)."""

    year = Integer(unique=True)
    award_count = Integer(default=6)
    award_fen = BigInt(default=500_000)
    tier_excellent_fen = BigInt(default=20_000)
    tier_competent_fen = BigInt(default=15_000)
    tier_basic_fen = BigInt(default=10_000)
    tier_incompetent_fen = BigInt(default=0)
    pension_threshold_tenths = Integer(default=950)
    trust_line_percent = Integer(default=80)


class YearEnd(Table, tablename="year_end"):
    """The stored year-end run of a year; finalized locks the year."""

    year = Integer(unique=True)
    status = Varchar(length=10, default="run")
    run_at = Timestamptz()
    run_by = Integer(null=True, default=None)
    finalized_at = Timestamptz(null=True, default=None)
    finalized_by = Integer(null=True, default=None)
    inputs = Text(default="{}")


class HomeResult(Table, tablename="year_end_home"):
    year = Integer(index=True)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False)
    rank = Integer()
    total_tenths = Integer()
    star = Integer()
    award_fen = BigInt(default=0)
    pension_eligible = Boolean(default=False)
    income_fen = BigInt(default=0)
    expense_fen = BigInt(default=0)
    net_fen = BigInt(default=0)
    pool_fen = BigInt(default=0)
    why = Text(default="{}")
    year_end_home_unique_home_year = Unique(["year", "home"])


class StaffResult(Table, tablename="year_end_staff"):
    year = Integer(index=True)
    staff = ForeignKey(references=Staff, on_delete=OnDelete.restrict, null=False)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False, index=True)
    grade = Varchar(length=12, null=True, default=None)
    months = Integer(default=0)
    rate_fen = BigInt(default=0)
    performance_pay_fen = BigInt(default=0)
    bonus_share_fen = BigInt(default=0)
    pension_eligible = Boolean(default=False)
    flagged_for_adjustment = Boolean(default=False)
    reasons = Text(default="[]")
    why = Text(default="{}")
    year_end_staff_unique_staff_year = Unique(["year", "staff"])


class ShareResult(Table, tablename="year_end_share"):
    """A courtyard-pool share for a staff member or a resident."""

    year = Integer(index=True)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False, index=True)
    person_kind = Varchar(length=8)
    person_id = Integer()
    points = Integer()
    share_fen = BigInt()
    year_end_share_unique_person_year = Unique(["year", "home", "person_kind", "person_id"])
