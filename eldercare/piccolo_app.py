"""One Piccolo app over every area's tables; migrations in eldercare/piccolo_migrations."""

import os

from piccolo.conf.apps import AppConfig

from eldercare.approvals.tables import ApprovalRequest
from eldercare.audit.tables import AuditLog
from eldercare.auth.tables import ApiToken, LoginThrottle, User, WebSession
from eldercare.county.tables import County, Home, ProvinceDefault, Township
from eldercare.economy.tables import Contribution, EconomyLine, EconomyTotal
from eldercare.jobs_tables import JobRun
from eldercare.payments.tables import FundEntry, PaymentBatch, PaymentLine, Standard
from eldercare.pocket.tables import PocketMoneyLine, PocketMoneySetting, SavingsEntry
from eldercare.profile.tables import CountyProfile, NoticePeriod
from eldercare.ratings.tables import (
    RatingEvidence,
    RatingNotice,
    RatingObjection,
    RatingScore,
    RatingSelfScore,
    RatingSheet,
    Rubric,
    RubricArea,
    RubricItem,
)
from eldercare.residents.tables import (
    Admission,
    AdmissionStep,
    AnnualReview,
    CaretakerVisit,
    Census,
    Resident,
    ResidentEvent,
    ResidentState,
    SelfCareAssessment,
    SupportAgreement,
    SupportCertificate,
)
from eldercare.staff.tables import Assessment, Staff, TrustResult, TrustSurvey
from eldercare.verify_tables import VerifyReport
from eldercare.yearend.tables import HomeResult, ShareResult, StaffResult, YearEnd, YearSettings

TABLES = [
    Township, Home,
    Resident, ResidentEvent, ResidentState, Admission, AdmissionStep, SelfCareAssessment, AnnualReview, Census,
    Staff, Assessment, TrustSurvey, TrustResult,
    Standard, PaymentBatch, FundEntry, PaymentLine,
    EconomyLine, EconomyTotal, Contribution,
    Rubric, RubricArea, RubricItem, RatingSheet, RatingScore,
    RatingSelfScore, RatingEvidence, RatingNotice, RatingObjection,
    PocketMoneySetting, PocketMoneyLine, SavingsEntry,
    SupportCertificate, SupportAgreement, CaretakerVisit,
    YearSettings, YearEnd, HomeResult, StaffResult, ShareResult,
    User, ApiToken, WebSession, LoginThrottle,
    AuditLog, JobRun, VerifyReport, County, ProvinceDefault, CountyProfile, NoticePeriod, ApprovalRequest,
]  # fmt: skip

APP_CONFIG = AppConfig(
    app_name="eldercare",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=TABLES,
    migration_dependencies=[],
    commands=[],
)
