"""星级评定: the year's rubric (areas, items, maxima), star thresholds, and the bureau's scores.

Points have at most one decimal and are stored as integer tenths (`*_tenths`): 9.5 points → 95.
"""

from piccolo.columns import Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from eldercare.county.tables import Home


class Rubric(Table, tablename="rubric"):
    year = Integer(unique=True)
    star_thresholds = Varchar(length=100, default="60,70,80,90,95")
    frozen = Boolean(default=False)


class RubricArea(Table, tablename="rubric_area"):
    rubric = ForeignKey(references=Rubric, on_delete=OnDelete.cascade, null=False, index=True)
    code = Varchar(length=20)
    name = Varchar(length=50)
    position = Integer()
    rubric_area_unique_code = Unique(["rubric", "code"])


class RubricItem(Table, tablename="rubric_item"):
    rubric = ForeignKey(references=Rubric, on_delete=OnDelete.cascade, null=False, index=True)
    area = ForeignKey(references=RubricArea, on_delete=OnDelete.cascade, null=False, index=True)
    code = Varchar(length=20)
    name = Varchar(length=200)
    max_tenths = Integer()
    position = Integer()
    rubric_item_unique_code = Unique(["rubric", "code"])
    rubric_item_max_positive = Check(max_tenths > 0)


class RatingSheet(Table, tablename="rating_sheet"):
    """A home's scoring sheet for a year: its note and when it was last saved."""

    rubric = ForeignKey(references=Rubric, on_delete=OnDelete.restrict, null=False)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False, index=True)
    note = Text(default="")
    saved_at = Timestamptz()
    saved_by = Integer(null=True, default=None)
    rating_sheet_unique_home = Unique(["rubric", "home"])


class RatingScore(Table, tablename="rating_score"):
    sheet = ForeignKey(references=RatingSheet, on_delete=OnDelete.cascade, null=False, index=True)
    item = ForeignKey(references=RubricItem, on_delete=OnDelete.restrict, null=False)
    points_tenths = Integer()
    note = Text(default="")
    rating_score_unique_item = Unique(["sheet", "item"])
    rating_score_not_negative = Check(points_tenths >= 0)
