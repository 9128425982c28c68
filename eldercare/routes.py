"""Every controller, in one list: each area adds its page and API controllers here."""

from eldercare.approvals.api import ApprovalApi
from eldercare.approvals.controllers import ApprovalPages
from eldercare.audit.api import AuditApi
from eldercare.audit.controllers import AuditPages
from eldercare.auth.account_pages import AccountPages
from eldercare.auth.controllers import LoginController
from eldercare.county.api import CountyApi, HomeApi, TownshipApi
from eldercare.county.controllers import CountyPages
from eldercare.county.rollup_pages import RollupController
from eldercare.dashboards.controllers import DashboardPages, ReportPages
from eldercare.economy.api import CountyEconomyApi, EconomyApi
from eldercare.economy.controllers import EconomyPages
from eldercare.jobs_pages import JobsPages
from eldercare.payments.api import FundApi, PaymentApi, StandardApi
from eldercare.payments.controllers import PaymentPages
from eldercare.pocket.api import PocketMoneyApi, ResidentMoneyApi
from eldercare.pocket.controllers import PocketMoneyPages, SavingsPages
from eldercare.profile.controllers import ProfilePages
from eldercare.ratings.api import RatingApi, RubricApi
from eldercare.ratings.controllers import HomeRatingPages, RatingPages
from eldercare.ratings.process_api import RatingProcessApi
from eldercare.ratings.process_pages import NoticePages, SelfAssessmentPages
from eldercare.residents.admission_pages import AdmissionApi, AdmissionPages
from eldercare.residents.api import IntegrityApi, ResidentApi
from eldercare.residents.care_api import CareApi
from eldercare.residents.care_pages import CarePages
from eldercare.residents.controllers import IntegrityPages, ResidentPages
from eldercare.residents.excel_pages import ExcelPages
from eldercare.residents.support_pages import CertificateListPages, SupportApi, SupportPages
from eldercare.staff.api import StaffApi, StaffRecordApi, TrustSurveyApi
from eldercare.staff.controllers import HomeStaffPages, StaffPages
from eldercare.yearend.api import YearApi
from eldercare.yearend.controllers import YearPages

ROUTES: list = [
    LoginController,
    AccountPages,
    CountyPages,
    HomeApi,
    CountyApi,
    RollupController,
    TownshipApi,
    StaffPages,
    StaffApi,
    ResidentApi,
    IntegrityApi,
    ResidentPages,
    IntegrityPages,
    AuditPages,
    AuditApi,
    AdmissionPages,
    AdmissionApi,
    CarePages,
    ExcelPages,
    CareApi,
    JobsPages,
    EconomyPages,
    EconomyApi,
    CountyEconomyApi,
    DashboardPages,
    ReportPages,
    StaffRecordApi,
    TrustSurveyApi,
    RubricApi,
    RatingApi,
    YearApi,
    RatingPages,
    HomeRatingPages,
    HomeStaffPages,
    YearPages,
    StandardApi,
    FundApi,
    PaymentApi,
    PaymentPages,
    PocketMoneyApi,
    ResidentMoneyApi,
    PocketMoneyPages,
    SavingsPages,
    RatingProcessApi,
    SelfAssessmentPages,
    NoticePages,
    SupportPages,
    CertificateListPages,
    SupportApi,
    ProfilePages,
    ApprovalPages,
    ApprovalApi,
]
