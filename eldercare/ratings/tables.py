"""星级评定: the year's rubric (areas, items, maxima), star thresholds, and the bureau's scores.

Points have at most one decimal and are stored as integer tenths (`*_tenths`): 9.5 points → 95.
"""

from piccolo.columns import Boolean, Bytea, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
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


class RatingSelfScore(Table, tablename="rating_self_score"):
    """自评: the home's own score per rubric item, with a note; saved by the home's director."""

    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False)
    item = ForeignKey(references=RubricItem, on_delete=OnDelete.cascade, null=False)
    points_tenths = Integer()
    note = Text(default="")
    saved_at = Timestamptz()
    saved_by = Integer(null=True, default=None)


class RatingEvidence(Table, tablename="rating_evidence"):
    """An evidence file for a self-assessed item (JPEG, PNG or PDF, ≤ 5 MB), kept inside the database so
    that a backup carries it; read only by the bureau and the home's director."""

    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=False)
    item = ForeignKey(references=RubricItem, on_delete=OnDelete.cascade, null=False)
    filename = Varchar(length=200)
    content_type = Varchar(length=50)
    size_bytes = Integer()
    data = Bytea()
    uploaded_at = Timestamptz()
    uploaded_by = Integer(null=True, default=None)


class RatingNotice(Table, tablename="rating_notice"):
    """公示 of the year's rating results: a notice period during which objections are received."""

    year = Integer(unique=True)
    starts_on = Date()
    ends_on = Date()
    issuer = Varchar(length=100)
    object_to = Varchar(length=200)
    published_at = Timestamptz()
    published_by = Integer(null=True, default=None)


class RatingObjection(Table, tablename="rating_objection"):
    """An objection received during the notice, and the bureau's answer."""

    notice = ForeignKey(references=RatingNotice, on_delete=OnDelete.cascade, null=False)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=True)
    dated_on = Date()
    objector = Varchar(length=50)
    content = Text()
    answer = Text(default="")
    answered_on = Date(null=True, default=None)
    answered_by = Integer(null=True, default=None)
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)
