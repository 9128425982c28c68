"""特困人员救助供养证 (the support certificate) and, for dispersed support, the three-party agreement (township,
包户照料人, the person) with the caretaker's visit log."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from eldercare import db
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.auth.tables import User
from eldercare.errors import Conflict, Invalid
from eldercare.residents.services import get_resident, local_today
from eldercare.residents.tables import (
    AnnualReview,
    CaretakerVisit,
    ResidentEvent,
    SelfCareAssessment,
    SupportAgreement,
    SupportCertificate,
)

PHONE = re.compile(r"^[0-9][0-9\- ]{6,19}$")
SIX_ITEMS = (("eating", "进食"), ("dressing", "穿衣"), ("transfer", "上下床"), ("toileting", "如厕"),
             ("walking", "室内行走"), ("bathing", "洗澡"))  # fmt: skip


def certificate_number(*, county_code: str, year: int, seq: int) -> str:
    """County code (6) + year of issue (4) + that year's sequence (5): 360827 2026 00001 → 360827202600001."""
    return f"{county_code}{year:04d}{seq:05d}"


async def issue_certificate(*, actor: Actor, resident_id: int, today: dt.date | None = None) -> dict[str, Any]:
    """The bureau issues the person's certificate once; issuing again returns the same number."""
    require_role(actor, BUREAU)
    resident = await get_resident(actor=actor, resident_id=resident_id)
    today = today or local_today()
    async with db.write(actor) as w:
        existing = await SupportCertificate.select().where(SupportCertificate.resident == resident_id).first()
        if existing:
            return existing
        rows = await w.fetch("SELECT COALESCE(MAX(seq), 0) AS n FROM support_certificate WHERE year = ?", today.year)
        seq = int(rows[0]["n"]) + 1
        number = certificate_number(county_code=resident["township_code"][:6], year=today.year, seq=seq)
        await w.insert(SupportCertificate, resident=resident_id, number=number, year=today.year, seq=seq,
                       issued_on=today, issued_by=actor.user_id or None)  # fmt: skip
    return await SupportCertificate.select().where(SupportCertificate.resident == resident_id).first()


async def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.display_name, User.username).where(User.id.is_in(list(user_ids)))
    return {r["id"]: r["display_name"] or r["username"] for r in rows}


async def certificate(*, actor: Actor, resident_id: int) -> dict[str, Any]:
    """Everything the certificate prints, unmasked (it belongs to the person): identity, 供养形式, 机构 or
    照料人, the latest self-care assessment and the level's changes, one 年审 row per year."""
    resident = await get_resident(actor=actor, resident_id=resident_id)
    cert = await SupportCertificate.select().where(SupportCertificate.resident == resident_id).first()
    assessment = await SelfCareAssessment.select().where(SelfCareAssessment.resident == resident_id).order_by(
        SelfCareAssessment.dated_on, ascending=False).order_by(SelfCareAssessment.id, ascending=False).first()  # fmt: skip
    events = await ResidentEvent.select(ResidentEvent.dated_on, ResidentEvent.kind, ResidentEvent.care_level_after,
                                        ResidentEvent.reason).where(ResidentEvent.resident == resident_id).order_by(
        ResidentEvent.dated_on).order_by(ResidentEvent.seq)  # fmt: skip
    changes, level = [], None
    for e in events:
        if e["care_level_after"] != level:
            changes.append({"on": e["dated_on"], "from": level, "to": e["care_level_after"], "reason": e["reason"]})
            level = e["care_level_after"]
    reviews = await AnnualReview.select().where(AnnualReview.resident == resident_id).order_by(AnnualReview.dated_on)
    names = await _names({r["created_by"] for r in reviews if r["created_by"]})
    by_year: dict[int, dict[str, Any]] = {}
    for r in reviews:  # the year's latest review is its 年审 row
        by_year[r["dated_on"].year] = {"year": r["dated_on"].year, "on": r["dated_on"], "passed": r["passed"],
                                       "by": names.get(r["created_by"], "")}  # fmt: skip
    return {"resident": resident, "certificate": cert, "assessment": assessment, "six_items": SIX_ITEMS,
            "level_changes": changes, "reviews": sorted(by_year.values(), key=lambda r: r["year"]),
            "agreement": await current_agreement(resident_id)}  # fmt: skip


async def certificate_listing(*, actor: Actor) -> list[dict[str, Any]]:
    """The certificates issued (the page masks the ID numbers: a listing is not the person's own paper)."""
    require_role(actor, BUREAU)
    C = SupportCertificate
    return await C.select(C.number, C.issued_on, C.resident, C.resident.name.as_alias("name"),
                          C.resident.id_number.as_alias("id_number"), C.resident.mode.as_alias("mode"),
                          C.resident.home.name.as_alias("home_name")).order_by(C.number)  # fmt: skip


async def numbers_for(resident_ids: list[int]) -> dict[int, str]:
    """Certificate numbers by resident, for the pay lists (one query)."""
    if not resident_ids:
        return {}
    rows = await SupportCertificate.select(SupportCertificate.resident, SupportCertificate.number).where(
        SupportCertificate.resident.is_in(resident_ids))  # fmt: skip
    return {r["resident"]: r["number"] for r in rows}


# ---- dispersed support: agreements and visits ----------------------------------------------------------


async def current_agreement(resident_id: int) -> dict[str, Any] | None:
    return await SupportAgreement.select(*SupportAgreement.all_columns(),
                                         SupportAgreement.township.name.as_alias("township_name")).where(
        SupportAgreement.resident == resident_id).order_by(SupportAgreement.signed_on, ascending=False).order_by(
        SupportAgreement.id, ascending=False).first()  # fmt: skip


def _check_day(on: dt.date, today: dt.date, field: str = "on") -> dict[str, str]:
    if on > today:
        return {field: "日期不能晚于今天。"}
    if on.year < 2000:
        return {field: "日期不正确。"}
    return {}


async def _dispersed(actor: Actor, resident_id: int) -> dict[str, Any]:
    require_role(actor, BUREAU)
    resident = await get_resident(actor=actor, resident_id=resident_id)
    if resident["mode"] != "dispersed":
        raise Conflict("只有分散供养对象签订包户照料协议。", code="not_dispersed")
    return resident


async def sign_agreement(*, actor: Actor, resident_id: int, caretaker_name: str, caretaker_phone: str,
                         signed_on: dt.date, duties: str = "") -> dict[str, Any]:  # fmt: skip
    """A new three-party agreement (the latest signed is in force; earlier ones stay as history)."""
    resident = await _dispersed(actor, resident_id)
    fields = _check_day(signed_on, local_today(), "signed_on")
    if not (caretaker_name or "").strip() or len(caretaker_name.strip()) > 50:
        fields["caretaker_name"] = "请填写照料人姓名（50字以内）。"
    if not PHONE.match((caretaker_phone or "").strip()):
        fields["caretaker_phone"] = "请填写照料人的联系电话（7–20位数字）。"
    if fields:
        raise Invalid("协议信息有误。", fields=fields)
    async with db.write(actor) as w:
        agreement_id = await w.insert(
            SupportAgreement, resident=resident_id, township=resident["township"], caretaker_name=caretaker_name.strip(),
            caretaker_phone=caretaker_phone.strip(), signed_on=signed_on, duties=(duties or "").strip(),
            created_at=dt.datetime.now(dt.UTC), created_by=actor.user_id or None,
        )  # fmt: skip
    return {"id": agreement_id, "resident_id": resident_id, "caretaker_name": caretaker_name.strip(),
            "caretaker_phone": caretaker_phone.strip(), "signed_on": signed_on.isoformat(),
            "duties": (duties or "").strip()}  # fmt: skip


async def record_visit(*, actor: Actor, resident_id: int, dated_on: dt.date, found: str) -> dict[str, Any]:
    """A caretaker's visit and what was found, under the agreement in force."""
    await _dispersed(actor, resident_id)
    agreement = await current_agreement(resident_id)
    if agreement is None:
        raise Conflict("请先签订包户照料协议，再登记探访。", code="no_agreement")
    fields = _check_day(dated_on, local_today())
    if not fields and dated_on < agreement["signed_on"]:
        fields["on"] = "探访日期不能早于协议签订日期。"
    if not (found or "").strip():
        fields["found"] = "请填写探访情况。"
    if fields:
        raise Invalid("探访记录有误。", fields=fields)
    async with db.write(actor) as w:
        visit_id = await w.insert(CaretakerVisit, resident=resident_id, agreement=agreement["id"], dated_on=dated_on,
                                  found=found.strip(), created_at=dt.datetime.now(dt.UTC),
                                  created_by=actor.user_id or None)  # fmt: skip
    return {"id": visit_id, "resident_id": resident_id, "on": dated_on.isoformat(), "found": found.strip()}


async def agreement_page(*, actor: Actor, resident_id: int) -> dict[str, Any]:
    resident = await _dispersed(actor, resident_id)
    agreements = await SupportAgreement.select().where(SupportAgreement.resident == resident_id).order_by(
        SupportAgreement.signed_on, ascending=False)  # fmt: skip
    visits = await CaretakerVisit.select().where(CaretakerVisit.resident == resident_id).order_by(
        CaretakerVisit.dated_on, ascending=False)  # fmt: skip
    return {"resident": resident, "agreement": await current_agreement(resident_id), "agreements": agreements,
            "visits": visits}  # fmt: skip


def three_months_before(on: dt.date) -> dt.date:
    """The same day three calendar months earlier (the last day of that month when it has no such day)."""
    month = on.month - 3
    year = on.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in (on.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


VISITS_OVERDUE_SQL = """
SELECT r.id, r.name, r.id_number, r.admitted_on, MAX(v.dated_on) AS last_visit
FROM resident r LEFT JOIN caretaker_visit v ON v.resident = r.id
WHERE r.status = 'active' AND r.mode = 'dispersed'
GROUP BY r.id, r.name, r.id_number, r.admitted_on
HAVING COALESCE(MAX(v.dated_on), r.admitted_on) < ?
ORDER BY r.id
"""


async def visits_overdue(*, on: dt.date) -> list[dict[str, Any]]:
    """Active dispersed persons not visited in the three months up to `on` (never visited: counted from
    the admission), in one grouped query."""
    rows = await db.fetch(VISITS_OVERDUE_SQL, three_months_before(on))
    return [{**r, "last_visit": dt.date.fromisoformat(str(r["last_visit"])[:10]) if r["last_visit"] else None}
            for r in rows]  # fmt: skip
