"""星级评定 as a process: the home's self-assessment (自评) with evidence files, the county's on-site score beside
it, the 公示 of the results for a notice period with objections, and the check the year-end finalize needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role
from eldercare.county.tables import Home
from eldercare.errors import Conflict, Invalid, NotFound
from eldercare.profile.services import notice_days
from eldercare.ratings import evidence, rules, services
from eldercare.ratings.tables import (
    RatingEvidence,
    RatingNotice,
    RatingObjection,
    RatingSelfScore,
    RatingSheet,
    Rubric,
)
from eldercare.yearend.lock import ensure_year_open, is_finalized

CHINA = dt.timezone(dt.timedelta(hours=8))
ISSUER = "县民政局"


def local_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


async def _home(home_id: int) -> dict[str, Any]:
    home = await Home.select(Home.id, Home.code, Home.name).where(Home.id == home_id).first()
    if home is None:
        raise NotFound("敬老院不存在。")
    return home


async def _on_site_saved(year: int, home_id: int) -> bool:
    return await RatingSheet.exists().where((RatingSheet.rubric.year == year) & (RatingSheet.home == home_id))


async def self_assessment(*, actor: Actor, year: int, home_id: int) -> dict[str, Any]:
    """The sheet with, per item: the maximum, the self-score and note, the evidence, the on-site score and
    note and the difference (on-site − self)."""
    require_home(actor, home_id)
    sheet = await services.home_sheet(actor=actor, year=year, home_id=home_id)
    item_ids = [i["id"] for a in sheet["areas"] for i in a["items"] if i["id"]]
    own = {r["item"]: r for r in await RatingSelfScore.select().where(
        (RatingSelfScore.home == home_id) & RatingSelfScore.item.is_in(item_ids or [0]))}  # fmt: skip
    files = await RatingEvidence.select(RatingEvidence.id, RatingEvidence.item, RatingEvidence.filename,
                                        RatingEvidence.content_type, RatingEvidence.size_bytes).where(
        (RatingEvidence.home == home_id) & RatingEvidence.item.is_in(item_ids or [0])).order_by(RatingEvidence.id)  # fmt: skip
    notes = await services.item_notes(year=year, home_id=home_id)
    for area in sheet["areas"]:
        for item in area["items"]:
            mine = own.get(item["id"])
            item["self_tenths"] = mine["points_tenths"] if mine else None
            item["self_note"] = mine["note"] if mine else ""
            item["score_note"] = notes.get(item["id"], "")
            item["evidence"] = [f for f in files if f["item"] == item["id"]]
            both = item["self_tenths"] is not None and item["points_tenths"] is not None
            item["diff_tenths"] = item["points_tenths"] - item["self_tenths"] if both else None
        area["self_tenths"] = sum(i["self_tenths"] or 0 for i in area["items"])
    sheet["self_total_tenths"] = sum(a["self_tenths"] for a in sheet["areas"])
    sheet["self_saved"] = bool(own)
    sheet["self_locked"] = sheet["scored"]
    return sheet


async def save_self_scores(*, actor: Actor, year: int, home_id: int, scores: dict[str, Any],
                           notes: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    """The home's director saves the self-scores typed so far (blank items are left unscored); a score above
    the item's maximum is refused beside it; once the county has scored on site the self-assessment is closed."""
    require_role(actor, DIRECTOR)
    require_home(actor, home_id)
    rubric = await services.rubric_in_force(year)
    maxima = services.maxima(rubric)
    given = {c: v for c, v in scores.items() if str(v if v is not None else "").strip() != ""}
    fields = {c: "没有这一项。" for c in given if c not in maxima}
    fields.update({c: e for c, v in given.items() if c in maxima and (e := rules.score_error(v, maxima[c]))})
    if fields:
        raise Invalid("自评分有误，请修改标出的项目。", fields=fields)
    now = dt.datetime.now(dt.UTC)
    async with db.write(actor) as w:
        await ensure_year_open(year)
        if await _on_site_saved(year, home_id):
            raise Conflict("县局已完成现场评分，自评不能再修改。", code="self_assessment_closed")
        _, ids = await services.own_rubric(w, year=year, rubric=rubric)
        await RatingSelfScore.delete().where((RatingSelfScore.home == home_id) & RatingSelfScore.item.is_in(
            list(ids.values())))  # fmt: skip
        rows = [(home_id, ids[c], rules.to_tenths(v), ((notes or {}).get(c) or "").strip(), now, actor.user_id or None)
                for c, v in given.items()]  # fmt: skip
        if rows:
            await w.execute_many("INSERT INTO rating_self_score (home, item, points_tenths, note, saved_at, saved_by) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", rows)  # fmt: skip
        await w.audit(table=RatingSelfScore, row_id=home_id, action="replace", before=None,
                      after={"year": year, "home": home_id, "scores": {c: rules.to_tenths(v) for c, v in given.items()}})  # fmt: skip
        await Rubric.update({Rubric.frozen: True}).where(Rubric.year == year)
    return await self_assessment(actor=actor, year=year, home_id=home_id)


async def add_evidence(*, actor: Actor, year: int, home_id: int, item_code: str, filename: str,
                       data: bytes) -> dict[str, Any]:  # fmt: skip
    """An evidence file for one item, by the home's director: JPEG/PNG/PDF by content, at most 5 MB."""
    require_role(actor, DIRECTOR)
    require_home(actor, home_id)
    rubric = await services.rubric_in_force(year)
    code = (item_code or "").strip()
    if code not in services.maxima(rubric):
        raise Invalid("请选择评分细则。", fields={"item": "请选择这份材料所证明的评分细则。"})
    kind = evidence.check_file(data, filename)
    name = evidence.clean_filename(filename)
    async with db.write(actor) as w:
        await ensure_year_open(year)
        if await _on_site_saved(year, home_id):
            raise Conflict("县局已完成现场评分，不能再补充材料。", code="self_assessment_closed")
        _, ids = await services.own_rubric(w, year=year, rubric=rubric)
        rows = await w.fetch(
            "INSERT INTO rating_evidence (home, item, filename, content_type, size_bytes, data, uploaded_at, "
            "uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            home_id, ids[code], name, kind, len(data), data, dt.datetime.now(dt.UTC), actor.user_id or None,
        )  # fmt: skip
        evidence_id = rows[0]["id"]
        await w.audit(table=RatingEvidence, row_id=evidence_id, action="insert", before=None,
                      after={"home": home_id, "item": item_code, "filename": name, "content_type": kind,
                             "size_bytes": len(data)})  # fmt: skip
    return {"id": evidence_id, "item": item_code, "filename": name, "content_type": kind, "size_bytes": len(data)}


async def evidence_file(*, actor: Actor, evidence_id: int) -> dict[str, Any]:
    """The file itself, to the bureau or the director of its home only (never in a public notice)."""
    require_role(actor, BUREAU, DIRECTOR)
    rows = await db.fetch("SELECT home, filename, content_type, data FROM rating_evidence WHERE id = ?", evidence_id)
    if not rows:
        raise NotFound("材料不存在。")
    require_home(actor, rows[0]["home"])
    return {**rows[0], "data": bytes(rows[0]["data"])}


# ---- 公示 and objections --------------------------------------------------------------------------------


async def notice_for(year: int) -> dict[str, Any] | None:
    return await RatingNotice.select().where(RatingNotice.year == year).first()


async def publish_notice(*, actor: Actor, year: int, days: int | None = None, object_to: str = "",
                         today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """Publish (or publish again, with a new period) the year's results for `days` days from today (by
    default the county's 公示期 for the rating year: its own, else the province's, else the built-in)."""
    require_role(actor, BUREAU)
    today = today or local_today()
    if days is None:
        days = await notice_days("rating", year)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 30:
        raise Invalid("公示天数应为 1–30 天。", fields={"days": "公示天数应为 1–30 天。"})
    scored = await RatingSheet.count().where(RatingSheet.rubric.year == year)
    if not scored:
        raise Conflict(f"{year}年度还没有敬老院完成现场评分，无可公示的结果。", code="nothing_to_publish")
    from eldercare.profile.services import get_profile

    profile = await get_profile()  # the county's own issuing unit and phone (本县设置), as on every notice
    issuer = profile.get("issuing_unit") or ISSUER
    phone = profile.get("objection_phone") or ""
    default_object_to = f"{issuer}（电话 {phone}，来信来访均可）" if phone else f"{issuer}（来信来访均可）"
    values = {"starts_on": today, "ends_on": today + dt.timedelta(days=days - 1), "issuer": issuer,
              "object_to": (object_to or "").strip()[:200] or default_object_to,
              "published_at": dt.datetime.now(dt.UTC), "published_by": actor.user_id or None}  # fmt: skip
    async with db.write(actor) as w:
        await ensure_year_open(year)
        existing = await notice_for(year)
        if existing is None:
            await w.insert(RatingNotice, year=year, **values)
        else:
            await w.update(RatingNotice, existing["id"], **values)
    return await notice(year=year)


async def notice(*, year: int) -> dict[str, Any]:
    """The 公示: each scored home's total and star, the period, where to object, the objections."""
    found = await notice_for(year)
    if found is None:
        raise NotFound(f"{year}年度星级评定结果尚未公示。")
    rubric = await services.get_rubric(year=year)
    totals = {t["home_id"]: t["total_tenths"] for t in await services.home_totals(year=year)}
    homes = await Home.select(Home.id, Home.code, Home.name).where(Home.id.is_in(list(totals) or [0])).order_by(Home.code)
    rows = [{**h, "total_tenths": totals[h["id"]], "star": rules.star_for(totals[h["id"]], rubric["star_thresholds_tenths"])}
            for h in homes]  # fmt: skip
    objections = await RatingObjection.select(*RatingObjection.all_columns(), RatingObjection.home.name.as_alias(
        "home_name")).where(RatingObjection.notice == found["id"]).order_by(RatingObjection.id)  # fmt: skip
    return {"year": year, "notice": found, "homes": rows, "objections": objections,
            "open": found["starts_on"] <= local_today() <= found["ends_on"],
            "draft": "" if await is_finalized(year) else "草稿"}  # fmt: skip


async def add_objection(*, actor: Actor, year: int, objector: str, content: str, home_id: int | None = None,
                        today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """An objection received during the notice period (the bureau records it, or a director for their home)."""
    require_role(actor, BUREAU, DIRECTOR)
    today = today or local_today()
    if actor.is_director:
        home_id = actor.home_id
    if home_id is not None:
        await _home(home_id)
    fields = {}
    if not (objector or "").strip():
        fields["objector"] = "请填写异议人。"
    if not (content or "").strip():
        fields["content"] = "请填写异议内容。"
    if fields:
        raise Invalid("异议登记有误。", fields=fields)
    async with db.write(actor) as w:
        found = await notice_for(year)
        if found is None:
            raise NotFound(f"{year}年度星级评定结果尚未公示。")
        if not found["starts_on"] <= today <= found["ends_on"]:
            raise Conflict("不在公示期内，不能受理异议。", code="notice_closed")
        objection_id = await w.insert(RatingObjection, notice=found["id"], home=home_id, dated_on=today,
                                      objector=objector.strip()[:50], content=content.strip(),
                                      created_at=dt.datetime.now(dt.UTC), created_by=actor.user_id or None)  # fmt: skip
    return {"id": objection_id, "year": year, "home_id": home_id, "on": today.isoformat()}


async def answer_objection(*, actor: Actor, objection_id: int, answer: str,
                           today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    require_role(actor, BUREAU)
    if not (answer or "").strip():
        raise Invalid("请填写答复。", fields={"answer": "请填写答复内容。"})
    async with db.write(actor) as w:
        row = await RatingObjection.select(RatingObjection.id).where(RatingObjection.id == objection_id).first()
        if row is None:
            raise NotFound("异议不存在。")
        await w.update(RatingObjection, objection_id, answer=answer.strip(), answered_on=today or local_today(),
                       answered_by=actor.user_id or None)  # fmt: skip
    return {"id": objection_id, "answered": True}


async def ensure_notice_closed(*, year: int, today: dt.date | None = None) -> None:
    """The year-end may be finalized only after the rating notice ended with every objection answered."""
    found = await notice_for(year)
    if found is None:
        return
    if (today or local_today()) <= found["ends_on"]:
        raise Conflict(f"{year}年度星级评定结果正在公示（至 {found['ends_on'].isoformat()}），公示期满后才能定案。",
                       code="rating_notice_open")  # fmt: skip
    waiting = await RatingObjection.count().where((RatingObjection.notice == found["id"]) & (RatingObjection.answer == ""))
    if waiting:
        raise Conflict(f"星级评定公示还有 {waiting} 条异议未答复，答复后才能定案。", code="objections_unanswered")


async def year_of_objection(objection_id: int) -> int:
    row = await RatingObjection.select(RatingObjection.notice.year.as_alias("year")).where(
        RatingObjection.id == objection_id).first()  # fmt: skip
    if row is None:
        raise NotFound("异议不存在。")
    return row["year"]
