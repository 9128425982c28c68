"""One Piccolo app over every area's tables; migrations in eldercare/piccolo_migrations."""

import os

from piccolo.conf.apps import AppConfig

from eldercare.audit.tables import AuditLog
from eldercare.auth.tables import ApiToken, LoginThrottle, User, WebSession
from eldercare.county.tables import Home, Township
from eldercare.economy.tables import Contribution, EconomyLine
from eldercare.jobs_tables import JobRun
from eldercare.payments.tables import FundEntry, PaymentBatch, PaymentLine, Standard
from eldercare.profile.tables import CountyProfile
from eldercare.ratings.tables import RatingScore, RatingSheet, Rubric, RubricArea, RubricItem
from eldercare.residents.tables import (
    Admission,
    AdmissionStep,
    AnnualReview,
    Census,
    Resident,
    ResidentEvent,
    SelfCareAssessment,
)
from eldercare.staff.tables import Assessment, Staff, TrustResult, TrustSurvey
from eldercare.yearend.tables import HomeResult, ShareResult, StaffResult, YearEnd, YearSettings

TABLES = [
    Township, Home,
    Resident, ResidentEvent, Admission, AdmissionStep, SelfCareAssessment, AnnualReview, Census,
    Staff, Assessment, TrustSurvey, TrustResult,
    Standard, PaymentBatch, FundEntry, PaymentLine,
    EconomyLine, Contribution,
    Rubric, RubricArea, RubricItem, RatingSheet, RatingScore,
    YearSettings, YearEnd, HomeResult, StaffResult, ShareResult,
    User, ApiToken, WebSession, LoginThrottle,
    AuditLog, JobRun, CountyProfile,
]  # fmt: skip

APP_CONFIG = AppConfig(
    app_name="eldercare",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=TABLES,
    migration_dependencies=[],
    commands=[],
)
