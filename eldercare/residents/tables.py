"""供养对象: residents, their dated events (truth), admissions (三审三公示), assessments, reviews, census."""

from enum import Enum

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Unique
from piccolo.table import Table

from eldercare.county.tables import Home, Township


class Mode(str, Enum):
    centralized = "centralized"
    dispersed = "dispersed"


class CareLevel(str, Enum):
    self_care = "self_care"
    partial = "partial"
    full = "full"


class Status(str, Enum):
    active = "active"
    suspended = "suspended"
    exited = "exited"
    deceased = "deceased"


class EventKind(str, Enum):
    admit = "admit"
    transfer = "transfer"
    suspend = "suspend"
    resume = "resume"
    exit = "exit"
    death = "death"
    care_level = "care_level"
    correction = "correction"


class Resident(Table, tablename="resident"):
    """The current state, kept in step with the last event; resident_event is the history it comes from."""

    id_number = Varchar(length=18, index=True)
    name = Varchar(length=50)
    name_initials = Varchar(length=50, index=True)
    sex = Varchar(length=1)
    birth_date = Date()
    township = ForeignKey(references=Township, on_delete=OnDelete.restrict, null=False, index=True)
    village = Varchar(length=100, default="")
    mode = Varchar(length=12, choices=Mode)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=True, index=True)
    care_level = Varchar(length=10, choices=CareLevel, default=CareLevel.self_care)
    status = Varchar(length=10, choices=Status, default=Status.active, index=True)
    admitted_on = Date()
    status_on = Date()
    last_review_on = Date(null=True, default=None)
    created_at = Timestamptz()
    name_tail = Varchar(length=50, default="")  # search keys kept by triggers (residents/roster.search_condition)
    id_tail = Varchar(length=6, default="")


class ResidentEvent(Table, tablename="resident_event"):
    """One dated change; it carries the state after it, so the roster on any date is the last event on or before."""

    resident = ForeignKey(references=Resident, on_delete=OnDelete.cascade, null=False, index=True)
    seq = Integer()
    kind = Varchar(length=12, choices=EventKind)
    dated_on = Date(index=True)
    reason = Text(default="")
    status_after = Varchar(length=10, choices=Status)
    mode_after = Varchar(length=12, choices=Mode)
    home_after = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=True)
    care_level_after = Varchar(length=10, choices=CareLevel)
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)
    resident_event_unique_seq = Unique(["resident", "seq"])


class AdmissionStage(str, Enum):
    village = "village"
    township = "township"
    county = "county"
    approved = "approved"
    rejected = "rejected"


class Admission(Table, tablename="admission"):
    """A case of 三审三公示: application → village review + notice → township → county approval + notice."""

    id_number = Varchar(length=18, index=True)
    name = Varchar(length=50)
    township = ForeignKey(references=Township, on_delete=OnDelete.restrict, null=False)
    village = Varchar(length=100, default="")
    mode = Varchar(length=12, choices=Mode)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=True, index=True)
    care_level = Varchar(length=10, choices=CareLevel, default=CareLevel.self_care)
    applied_on = Date()
    stage = Varchar(length=10, choices=AdmissionStage, default=AdmissionStage.village)
    in_notice = Boolean(default=False)
    notice_starts_on = Date(null=True, default=None)
    notice_ends_on = Date(null=True, default=None)
    resident = ForeignKey(references=Resident, on_delete=OnDelete.restrict, null=True)
    created_at = Timestamptz()


class AdmissionStep(Table, tablename="admission_step"):
    admission = ForeignKey(references=Admission, on_delete=OnDelete.cascade, null=False, index=True)
    stage = Varchar(length=10, choices=AdmissionStage)
    action = Varchar(length=20)
    dated_on = Date()
    note = Text(default="")
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz()


class SelfCareAssessment(Table, tablename="self_care_assessment"):
    """生活自理能力评估: six items, each managed or not."""

    resident = ForeignKey(references=Resident, on_delete=OnDelete.cascade, null=False, index=True)
    dated_on = Date()
    eating = Boolean()
    dressing = Boolean()
    transfer = Boolean()
    toileting = Boolean()
    walking = Boolean()
    bathing = Boolean()
    care_level = Varchar(length=10, choices=CareLevel)
    created_by = Integer(null=True, default=None)


class AnnualReview(Table, tablename="annual_review"):
    """年审: the yearly re-verification of a supported person."""

    resident = ForeignKey(references=Resident, on_delete=OnDelete.cascade, null=False, index=True)
    dated_on = Date()
    passed = Boolean(default=True)
    note = Text(default="")
    created_by = Integer(null=True, default=None)


class Census(Table, tablename="census"):
    """每日在院人数: present / hospitalized / on leave, once per home per day."""

    home = ForeignKey(references=Home, on_delete=OnDelete.cascade, null=False)
    dated_on = Date()
    present = Integer(default=0)
    hospitalized = Integer(default=0)
    on_leave = Integer(default=0)
    census_unique_home_day = Unique(["home", "dated_on"])


class ResidentState(Table, tablename="resident_state"):
    """Kept intervals of the state (the event log folded): valid from a date until valid_to (NULL: still open).

    Written in the transaction of each event (residents/kept.py); an event on the same day as the open interval's
    start restates that interval instead of opening an empty one. The state on D is the row with
    valid_from <= D < valid_to (or valid_to NULL).
    """

    resident = ForeignKey(references=Resident, on_delete=OnDelete.cascade, null=False)
    valid_from = Date()
    valid_to = Date(null=True, default=None)
    seq = Integer()
    status = Varchar(length=10, choices=Status)
    mode = Varchar(length=12, choices=Mode)
    home = ForeignKey(references=Home, on_delete=OnDelete.restrict, null=True)
    care_level = Varchar(length=10, choices=CareLevel)


class SupportCertificate(Table, tablename="support_certificate"):
    """特困人员救助供养证: one per person; number = county code + year of issue + 5-digit sequence of that year."""

    resident = ForeignKey(references=Resident, on_delete=OnDelete.restrict, null=False, unique=True)
    number = Varchar(length=30, unique=True)
    year = Integer()
    seq = Integer()
    issued_on = Date()
    issued_by = Integer(null=True, default=None)


class SupportAgreement(Table, tablename="support_agreement"):
    """分散供养三方协议: the township, the caretaker (包户照料人) and the person; the latest signed is in force."""

    resident = ForeignKey(references=Resident, on_delete=OnDelete.restrict, null=False)
    township = ForeignKey(references=Township, on_delete=OnDelete.restrict, null=False)
    caretaker_name = Varchar(length=50)
    caretaker_phone = Varchar(length=20)
    signed_on = Date()
    duties = Text(default="")
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)


class CaretakerVisit(Table, tablename="caretaker_visit"):
    """照料人探访记录: a visit to a dispersed person and what was found."""

    resident = ForeignKey(references=Resident, on_delete=OnDelete.restrict, null=False)
    agreement = ForeignKey(references=SupportAgreement, on_delete=OnDelete.restrict, null=False)
    dated_on = Date()
    found = Text()
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)
