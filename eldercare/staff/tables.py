"""工作人员: staff records, annual assessments and residents' trust surveys."""

from enum import Enum

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from eldercare.county.tables import Home


class Grade(str, Enum):
    excellent = "excellent"
    competent = "competent"
    basic = "basic"
    incompetent = "incompetent"


GRADE_NAMES = {"excellent": "优秀", "competent": "称职", "basic": "基本称职", "incompetent": "不称职"}


class Staff(Table, tablename="staff"):
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False, index=True)
    name = Varchar(length=50)
    id_number = Varchar(length=18, index=True)
    position = Varchar(length=50, default="")
    is_director = Boolean(default=False)
    hired_on = Date()
    left_on = Date(null=True, default=None)


class Assessment(Table, tablename="assessment"):
    """年度考核: one grade per staff member per year."""

    staff = ForeignKey(references=Staff, on_delete=OnDelete.cascade, null=False)
    year = Integer()
    grade = Varchar(length=12, choices=Grade)
    assessment_unique_staff_year = Unique(["staff", "year"])


class TrustSurvey(Table, tablename="trust_survey"):
    """院民信任测评: one round of a home's survey; only tallies are kept, ballots stay anonymous."""

    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False)
    year = Integer()
    round = Integer()
    dated_on = Date()
    trust_survey_unique_home_round = Unique(["home", "year", "round"])


class TrustResult(Table, tablename="trust_result"):
    survey = ForeignKey(references=TrustSurvey, on_delete=OnDelete.cascade, null=False, index=True)
    staff = ForeignKey(references=Staff, on_delete=OnDelete.restrict, null=False, index=True)
    trust = Integer()
    cast = Integer()
    trust_result_votes_sane = Check((trust >= 0) & (cast > 0) & (trust <= cast))
    trust_result_unique_survey_staff = Unique(["survey", "staff"])
