"""The API's enumerations (../shared api.md): lower-case English words, shown in Chinese on the pages.

They are `str` enums, so a service comparing with "centralized" or storing the value sees the plain word."""

from __future__ import annotations

from enum import Enum

from eldercare.county.tables import HomeKind


class SupportMode(str, Enum):
    centralized = "centralized"
    dispersed = "dispersed"


class CareLevel(str, Enum):
    self_care = "self_care"
    partial = "partial"
    full = "full"


class ResidentStatus(str, Enum):
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


class EconomyKind(str, Enum):
    income = "income"
    expense = "expense"


class EconomyCategory(str, Enum):
    planting = "planting"
    livestock = "livestock"
    fishery = "fishery"
    processing = "processing"
    rental = "rental"
    other = "other"


class PersonKind(str, Enum):
    staff = "staff"
    resident = "resident"


class Grade(str, Enum):
    excellent = "excellent"
    competent = "competent"
    basic = "basic"
    incompetent = "incompetent"


class Role(str, Enum):
    bureau = "bureau"
    director = "director"
    staff = "staff"
    city = "city"
    province = "province"


class Sex(str, Enum):
    male = "M"
    female = "F"


class LedgerKind(str, Enum):
    inflow = "inflow"
    outflow = "outflow"


__all__ = ["HomeKind", "SupportMode", "CareLevel", "ResidentStatus", "EventKind", "EconomyKind",
           "EconomyCategory", "PersonKind", "Grade", "Role", "Sex", "LedgerKind"]  # fmt: skip
