"""The API's enumerations (../shared api.md): lower-case English words, shown in Chinese on the pages.

They are `StrEnum`s: a service comparing with "centralized", formatting or storing the value sees the plain word."""

from __future__ import annotations

from enum import StrEnum


class HomeKind(StrEnum):
    nursing_home = "nursing_home"
    veterans_home = "veterans_home"
    welfare_home = "welfare_home"


class SupportMode(StrEnum):
    centralized = "centralized"
    dispersed = "dispersed"


class CareLevel(StrEnum):
    self_care = "self_care"
    partial = "partial"
    full = "full"


class ResidentStatus(StrEnum):
    active = "active"
    suspended = "suspended"
    exited = "exited"
    deceased = "deceased"


class EventKind(StrEnum):
    admit = "admit"
    transfer = "transfer"
    suspend = "suspend"
    resume = "resume"
    exit = "exit"
    death = "death"
    care_level = "care_level"
    correction = "correction"


class EconomyKind(StrEnum):
    income = "income"
    expense = "expense"


class EconomyCategory(StrEnum):
    planting = "planting"
    livestock = "livestock"
    fishery = "fishery"
    processing = "processing"
    rental = "rental"
    other = "other"


class PersonKind(StrEnum):
    staff = "staff"
    resident = "resident"


class Grade(StrEnum):
    excellent = "excellent"
    competent = "competent"
    basic = "basic"
    incompetent = "incompetent"


class Role(StrEnum):
    bureau = "bureau"
    director = "director"
    staff = "staff"
    city = "city"
    province = "province"


class Sex(StrEnum):
    male = "M"
    female = "F"


class LedgerKind(StrEnum):
    inflow = "inflow"
    outflow = "outflow"


class PocketSource(StrEnum):
    """零用钱's source: the home's courtyard-economy income (院办经济收入) or the support fund (供养资金)."""

    economy = "economy"
    fund = "fund"


class PocketStatus(StrEnum):
    """A month's 零用钱: paid, not yet paid, no setting for its year, refused (the source was short)."""

    paid = "paid"
    not_paid = "not_paid"
    none = "none"
    refused = "refused"


class SavingsKind(StrEnum):
    """代管金 entries: 存入 and 支取 (a withdrawal has a witness)."""

    deposit = "deposit"
    withdrawal = "withdrawal"


class EvidenceType(StrEnum):
    """An evidence file's type, read from its first bytes."""

    jpeg = "image/jpeg"
    png = "image/png"
    pdf = "application/pdf"


__all__ = ["HomeKind", "SupportMode", "CareLevel", "ResidentStatus", "EventKind", "EconomyKind",
           "EconomyCategory", "PersonKind", "Grade", "Role", "Sex", "LedgerKind", "PocketSource", "PocketStatus",
           "SavingsKind", "EvidenceType"]  # fmt: skip


class ApprovalKind(StrEnum):
    """审核: what a request changes once approved."""

    inflow = "inflow"
    standard = "standard"
    finalize = "finalize"
    rule_off = "rule_off"


class ApprovalState(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"
