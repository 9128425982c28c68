"""county_profile: one row (id 1). The deployment keeps one store per county, so one row is the county's own."""

from piccolo.columns import Boolean, Varchar
from piccolo.table import Table


class CountyProfile(Table, tablename="county_profile"):
    issuing_unit = Varchar(length=100)  # 发布单位, e.g. 遂川县民政局
    county_name = Varchar(length=50)  # 县名, e.g. 遂川县
    objection_phone = Varchar(length=40)  # 监督电话 for objections to a notice
    address = Varchar(length=200)  # 地址 for written objections
    two_person_rule = Boolean(default=False)  # 审核: money changes take effect when a second bureau user approves
