"""乡镇 and 敬老院: the county's townships and homes."""

from enum import Enum

from piccolo.columns import ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Check
from piccolo.table import Table


class HomeKind(str, Enum):
    nursing_home = "nursing_home"
    veterans_home = "veterans_home"
    welfare_home = "welfare_home"


HOME_KIND_NAMES = {"nursing_home": "敬老院", "veterans_home": "光荣院", "welfare_home": "福利院"}


class County(Table, tablename="county"):
    """The directory of counties (main store only): GB/T 2260 code, name, and the store holding its books."""

    code = Varchar(length=6, unique=True)
    name = Varchar(length=50)
    store_no = Integer(default=0, unique=True)
    created_at = Timestamptz()


class ProvinceDefault(Table, tablename="province_default"):
    """A province's defaults for a year (main store only): what a county uses where it has set nothing.

    `body` is JSON: {"standard": {centralized_fen, dispersed_fen, supplement_*_fen},
    "year_settings": {award_count, award_fen, tiers_fen: {grade: fen}, pension_threshold_tenths,
    trust_line_percent}}; either part may be left out.
    """

    province_code = Varchar(length=2)
    year = Integer()
    body = Text(default="{}")
    set_at = Timestamptz()


class Township(Table, tablename="township"):
    code = Varchar(length=9, unique=True)
    name = Varchar(length=50)


class Home(Table, tablename="home"):
    code = Varchar(length=20, unique=True)
    name = Varchar(length=100)
    kind = Varchar(length=20, choices=HomeKind, default=HomeKind.nursing_home)
    township = ForeignKey(references=Township, on_delete=OnDelete.restrict, null=False, index=True)
    beds = Integer(default=0)
    home_beds_not_negative = Check(beds >= 0)
