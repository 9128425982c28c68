"""Page helpers: render with the common context, page-or-partial for htmx, redirects with a flash, filters."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, unquote

from litestar import Request, Response
from litestar.response import Redirect, Template

from eldercare import idnumber
from eldercare.money import format_fen
from eldercare.nav import nav_for
from eldercare.profile import rules as profile_rules

FLASH_COOKIE = "ec_flash"

ENUM_NAMES: dict[str, dict[str, str]] = {
    "mode": {"centralized": "集中供养", "dispersed": "分散供养"},
    "care_level": {"self_care": "全自理", "partial": "半失能", "full": "全失能"},
    "status": {"active": "在册", "suspended": "暂停", "exited": "退出", "deceased": "死亡"},
    "sex": {"M": "男", "F": "女"},
    "home_kind": {"nursing_home": "敬老院", "veterans_home": "光荣院", "welfare_home": "福利院"},
    "economy_kind": {"income": "收入", "expense": "支出"},
    "category": {
        "planting": "种植",
        "livestock": "畜禽养殖",
        "fishery": "水产养殖",
        "processing": "加工",
        "rental": "场地租赁",
        "other": "其他",
    },
    "grade": {"excellent": "优秀", "competent": "称职", "basic": "基本称职", "incompetent": "不称职"},
    "role": {"bureau": "县民政局", "director": "敬老院院长", "staff": "工作人员", "city": "市民政局",
             "province": "省民政厅"},
    "event": {
        "admit": "入院/纳入供养",
        "transfer": "转移",
        "suspend": "暂停",
        "resume": "恢复",
        "exit": "退出",
        "death": "死亡",
        "care_level": "自理能力变更",
        "correction": "更正",
    },
    "audit_action": {
        "insert": "新增", "update": "修改", "delete": "删除", "replace": "替换", "set": "设定", "version": "新版本",
        "run": "运行", "pay": "发放", "batch": "生成批次", "import": "导入", "demo": "载入示例", "request": "提交审核",
        "approve": "批准", "reject": "退回", "adopt_default": "采用省级默认", "deactivate": "停用账号",
        "logout_everywhere": "全部退出登录", "login_failed": "登录失败", "finalize": "定案",
    },
    "audit_table": {
        "township": "乡镇", "home": "敬老院", "resident": "供养对象", "resident_event": "供养对象变动",
        "admission": "入院申请", "admission_step": "审批环节", "self_care_assessment": "自理能力评估",
        "annual_review": "年审", "census": "在院人数登记", "staff": "工作人员", "assessment": "考核",
        "trust_survey": "满意度调查", "trust_result": "满意度结果", "standard": "供养标准",
        "payment_batch": "发放批次", "fund_entry": "专户流水", "payment_line": "发放明细", "economy_line": "收支台账",
        "contribution": "贡献清单", "rubric": "评分细则", "rubric_area": "评分类别", "rubric_item": "评分项目",
        "rating_sheet": "评分表", "rating_score": "现场评分", "rating_self_score": "自评", "rating_evidence": "佐证材料",
        "rating_notice": "评定公示", "rating_objection": "公示异议", "pocket_money_setting": "零用钱标准",
        "pocket_money_line": "零用钱发放", "savings_entry": "代管金", "support_certificate": "供养证",
        "support_agreement": "供养协议", "caretaker_visit": "照料人探访", "year_settings": "年度设置",
        "year_end": "年终结算", "year_end_home": "年终结算（院）", "year_end_staff": "年终结算（人员）",
        "year_end_share": "奖励分配", "app_user": "账号", "api_token": "接口令牌", "web_session": "登录会话",
        "job_run": "定时任务", "verify_report": "数据核查", "county": "县", "province_default": "省级默认值",
        "county_profile": "本县设置", "notice_period": "公示期", "approval_request": "审核申请",
    },
}


def cn(value: Any, kind: str) -> str:
    """An enumeration value in Chinese: {{ r.mode|cn('mode') }}."""
    if value is None:
        return ""
    return ENUM_NAMES.get(kind, {}).get(str(value), str(value))


def date_cn(value: dt.date | dt.datetime | str | None) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime) and value.tzinfo is not None:  # a stored UTC moment: the county's date
        from zoneinfo import ZoneInfo

        from eldercare.config import get_settings

        value = value.astimezone(ZoneInfo(get_settings().timezone))
    return f"{value.year}年{value.month}月{value.day}日"


def local_moment(value: dt.datetime | str) -> dt.datetime:
    """A stored moment (a datetime or its ISO text; naive means UTC) on the county's clock."""
    from zoneinfo import ZoneInfo

    from eldercare.config import get_settings

    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(ZoneInfo(get_settings().timezone))


def time_cn(value: dt.datetime | None) -> str:
    """A stored UTC moment as the county's clock time: '14:05'."""
    return "" if value is None else local_moment(value).strftime("%H:%M")


def datetime_cn(value: dt.datetime | str | None) -> str:
    """A stored moment on the county's clock: '2026年12月2日 10:05'."""
    if value in (None, ""):
        return ""
    moment = local_moment(value)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def tenths(value: int | None) -> str:
    """Points kept in tenths: 955 → '95.5', 950 → '95.0'."""
    if value is None:
        return ""
    return f"{value // 10}.{value % 10}" if value >= 0 else f"-{(-value) // 10}.{(-value) % 10}"


def county_name(code: str | None) -> str:
    from eldercare.county.directory import cached_name

    return cached_name(code) if code else ""


FILTERS = {
    "county_name": county_name,
    "yuan": format_fen,
    "yuan_unit": lambda fen: format_fen(fen, unit=True),
    "cn": cn,
    "date_cn": date_cn,
    "time_cn": time_cn,
    "datetime_cn": datetime_cn,
    "mask_id": idnumber.mask,
    "tenths": tenths,
}


def register_jinja(engine: Any) -> None:
    engine.engine.filters.update(FILTERS)


def is_partial(request: Request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


async def attach_county(request: Request) -> None:
    """before_request: a page's county profile (issuer, phone, address) for the footer and printed documents."""
    from eldercare import stores
    from eldercare.profile import rules as profile_rules
    from eldercare.profile.services import get_profile

    path = request.url.path
    if path.startswith(("/api/", "/static/", "/schema")):
        return
    actor = request.scope.get("user")
    if stores.current() == stores.NOWHERE:
        # a city or province user before choosing a county: their own unit signs the page
        unit = (actor.display_name if actor is not None else "") or profile_rules.DEFAULT["issuing_unit"]
        request.state.county = {**profile_rules.DEFAULT, "issuing_unit": unit, "county_name": ""}
        return
    request.state.county = await get_profile()


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> Template:
    """A page (or partial) with what every template needs: the actor, the CSRF token, a flash message, the
    navigation with the current page marked, the county's profile."""
    flash = request.cookies.get(FLASH_COOKIE)
    actor = request.scope.get("user")
    response = Template(
        template_name=template,
        status_code=status_code,
        context={
            "actor": actor,
            "csrf_token": request.state.get("csrf_token", ""),
            "flash": unquote(flash) if flash else "",
            "nav": nav_for(actor, request.url.path),
            "county": request.state.get("county") or profile_rules.DEFAULT,
            **context,
        },
    )
    if flash:
        response.delete_cookie(FLASH_COOKIE)
    return response


def page_or_partial(request: Request, page: str, partial: str, **context: Any) -> Template:
    """The same URL answers the whole page, or for an htmx request only its partial."""
    return render(request, partial if is_partial(request) else page, **context)


def redirect_after(request: Request, path: str, *, flash: str = "") -> Redirect | Response:
    """After a successful form: a redirect, or for an htmx request HX-Redirect (a whole-page navigation)."""
    if not is_partial(request):
        return redirect(path, flash=flash)
    response = Response(content="", status_code=200, headers={"HX-Redirect": path})
    if flash:
        response.set_cookie(FLASH_COOKIE, quote(flash), max_age=60, httponly=True, samesite="lax")
    return response


def redirect(path: str, *, flash: str = "") -> Redirect:
    response = Redirect(path=path, status_code=303)
    if flash:
        response.set_cookie(FLASH_COOKIE, quote(flash), max_age=60, httponly=True, samesite="lax")
    return response
