"""county_profile: one row (id 1). The deployment keeps one store per county, so one row is the county's own;
notice_period: the county's 公示期 per year."""

from piccolo.columns import Boolean, Integer, Timestamptz, Varchar
from piccolo.table import Table


class CountyProfile(Table, tablename="county_profile"):
    issuing_unit = Varchar(length=100)  # 发布单位, e.g. 遂川县民政局
    county_name = Varchar(length=50)  # 县名, e.g. 遂川县
    objection_phone = Varchar(length=40)  # 监督电话 for objections to a notice
    address = Varchar(length=200)  # 地址 for written objections
    two_person_rule = Boolean(default=False)  # 审核: money changes take effect when a second bureau user approves


class NoticePeriod(Table, tablename="notice_period"):
    """公示期 (days) the county sets for a year; None: the province's default for the year, then the built-in."""

    year = Integer(unique=True)
    admission_days = Integer(null=True, default=None)  # each stage's notice of 三审三公示 opening that year
    rating_days = Integer(null=True, default=None)  # the 公示 of that year's star-rating results
    set_at = Timestamptz()
    set_by = Integer(null=True, default=None)
