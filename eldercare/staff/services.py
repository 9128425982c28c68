"""Staff records: kept by the home's director, seen by the bureau, each staff member sees their own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db, idnumber, keyset, versions
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_home, require_role, require_staff_record, scoped, scoped_sql
from eldercare.county.tables import Home
from eldercare.errors import Conflict, Invalid, NotFound
from eldercare.staff.tables import GRADE_NAMES, Assessment, Staff, TrustResult, TrustSurvey
from eldercare.yearend.lock import ensure_year_open

STAFF_COLUMNS = (Staff.id, Staff.home, Staff.home.name.as_alias("home_name"), Staff.name, Staff.id_number,
                 Staff.position, Staff.is_director, Staff.hired_on, Staff.left_on)  # fmt: skip


async def list_staff(
    *, actor: Actor, home_id: int | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """By offset (the API's `?offset=`); pages and `?after=` read staff_page's keyset."""
    query = scoped(Staff.select(*STAFF_COLUMNS), actor, home=Staff.home, staff=Staff.id)
    count = scoped(Staff.count(), actor, home=Staff.home, staff=Staff.id)
    if home_id is not None:
        require_home(actor, home_id)
        query, count = query.where(Staff.home == home_id), count.where(Staff.home == home_id)
    ordered = query.order_by(Staff.home).order_by(Staff.is_director, ascending=False).order_by(Staff.id)
    return await ordered.limit(limit).offset(offset), await count


SELECT_STAFF = """
SELECT s.id AS id, s.home AS home, h.name AS home_name, s.name AS name, s.id_number AS id_number,
       s.position AS position, s.is_director AS is_director, s.hired_on AS hired_on, s.left_on AS left_on
FROM staff s JOIN home h ON h.id = s.home
"""
# Each home's staff together, its director first (index staff_home_list_order).
STAFF_ORDER = keyset.Order(columns=("s.home", "s.is_director", "s.id"), keys=("home", "is_director", "id"),
                           kinds=(int, bool, int), descending=(False, True, False))  # fmt: skip


def _staff_scope(actor: Actor, home_id: int | None) -> tuple[str, list[Any]]:
    """The one condition of the staff a caller may list (the scope of `scoped()`, in SQL)."""
    where, args = scoped_sql(actor, home="s.home", staff="s.id")
    parts = [where] if where else []
    if home_id is not None:
        require_home(actor, home_id)
        parts.append("s.home = ?")
        args.append(home_id)
    return " AND ".join(parts), args


async def staff_page(
    *, actor: Actor, home_id: int | None = None, limit: int = 50, after: str | None = None,
    before: str | None = None, cap: int | None = keyset.COUNT_CAP,
) -> tuple[keyset.Window, int, bool]:  # fmt: skip
    """A keyset page of the staff a caller may see (a home's, with `home_id`), and their count (stopped at
    `cap`; None: exact)."""
    where, args = _staff_scope(actor, home_id)
    window = await keyset.page(STAFF_ORDER, SELECT_STAFF, (where,), args, limit=limit, after=after, before=before)
    keyset.plain(window.rows, dates=("hired_on", "left_on"), flags=("is_director",))
    total, capped = await keyset.count("staff s", (where,), args, cap=cap)
    return window, total, capped


async def get_staff(*, actor: Actor, staff_id: int) -> dict[str, Any]:
    row = await Staff.select(*STAFF_COLUMNS).where(Staff.id == staff_id).first()
    if row is None:
        raise NotFound("工作人员不存在。")
    require_staff_record(actor, staff_id=staff_id, home_id=row["home"])
    return row


async def create_staff(
    *,
    actor: Actor,
    home_id: int,
    name: str,
    id_number: str,
    position: str,
    is_director: bool,
    hired_on: dt.date,
    left_on: dt.date | None = None,
) -> dict[str, Any]:
    require_role(actor, BUREAU, DIRECTOR)
    require_home(actor, home_id)
    fields: dict[str, str] = {}
    if not (name or "").strip():
        fields["name"] = "请填写姓名。"
    try:
        id_number = idnumber.validate(id_number)
    except Invalid as exc:
        fields.update(exc.fields)
    if left_on is not None and left_on < hired_on:
        fields["left_on"] = "离职日期不能早于入职日期。"
    if fields:
        raise Invalid("工作人员信息有误。", fields=fields)
    if not await Home.exists().where(Home.id == home_id):
        raise NotFound("敬老院不存在。")
    async with db.write(actor) as w:
        staff_id = await w.insert(
            Staff, home=home_id, name=name.strip(), id_number=id_number, position=position or "",
            is_director=is_director, hired_on=hired_on, left_on=left_on,
        )  # fmt: skip
    return await get_staff(actor=actor, staff_id=staff_id)


async def update_staff(
    *, actor: Actor, staff_id: int, changes: dict[str, Any], if_match: str | None = None
) -> dict[str, Any]:
    """The director (or the bureau) keeps the record: position, dates, director flag, name, ID number."""
    require_role(actor, BUREAU, DIRECTOR)
    current = await get_staff(actor=actor, staff_id=staff_id)
    values = {k: v for k, v in changes.items() if k in _EDITABLE and v is not None}
    fields: dict[str, str] = {}
    if "name" in values and not str(values["name"]).strip():
        fields["name"] = "请填写姓名。"
    if "id_number" in values:
        try:
            values["id_number"] = idnumber.validate(values["id_number"])
        except Invalid as exc:
            fields.update(exc.fields)
    hired, left = values.get("hired_on", current["hired_on"]), values.get("left_on", current["left_on"])
    if left is not None and left < hired:
        fields["left_on"] = "离职日期不能早于入职日期。"
    if fields:
        raise Invalid("工作人员信息有误。", fields=fields)
    async with db.write(actor) as w:
        await versions.guard(w, f"staff:{staff_id}", if_match, lambda: get_staff(actor=actor, staff_id=staff_id))
        if values:
            await w.update(Staff, staff_id, **values)
    return await get_staff(actor=actor, staff_id=staff_id)


_EDITABLE = ("name", "id_number", "position", "is_director", "hired_on", "left_on")


async def set_assessment(*, actor: Actor, staff_id: int, year: int, grade: str) -> dict[str, Any]:
    """年度考核: one grade per staff member and year, set by their director or the bureau."""
    require_role(actor, BUREAU, DIRECTOR)
    staff = await get_staff(actor=actor, staff_id=staff_id)
    if grade not in GRADE_NAMES:
        raise Invalid("考核等次不正确。", fields={"grade": "考核等次只能是优秀、称职、基本称职或不称职。"})
    if not 2000 <= year <= 2100:
        raise Invalid("年度不正确。", fields={"year": "年度不正确。"})
    async with db.write(actor) as w:
        await ensure_year_open(year)
        row = (
            await Assessment.select(Assessment.id)
            .where((Assessment.staff == staff_id) & (Assessment.year == year))
            .first()
        )
        if row is None:
            await w.insert(Assessment, staff=staff_id, year=year, grade=grade)
        else:
            await w.update(Assessment, row["id"], grade=grade)
    return {"staff_id": staff_id, "home_id": staff["home"], "year": year, "grade": grade}


async def home_assessments(*, actor: Actor, home_id: int, year: int) -> list[dict[str, Any]]:
    """The home's staff employed in the year, each with their grade (or None)."""
    require_home(actor, home_id)
    staff = await Staff.select(*STAFF_COLUMNS).where(
        (Staff.home == home_id) & (Staff.hired_on <= dt.date(year, 12, 31))
        & (Staff.left_on.is_null() | (Staff.left_on >= dt.date(year, 1, 1)))
    ).order_by(Staff.is_director, ascending=False).order_by(Staff.id)  # fmt: skip
    grades = await Assessment.select(Assessment.staff, Assessment.grade).where(
        (Assessment.year == year) & Assessment.staff.is_in([s["id"] for s in staff] or [0])
    )
    by_staff = {g["staff"]: g["grade"] for g in grades}
    return [{**s, "grade": by_staff.get(s["id"])} for s in staff]


def _check_results(results: list[dict[str, Any]], home_staff: set[int]) -> list[tuple[int, int, int]]:
    fields: dict[str, str] = {}
    seen: set[int] = set()
    rows = []
    for n, r in enumerate(results):
        staff_id, trust, cast = r.get("staff_id"), r.get("trust"), r.get("cast")
        key = f"results[{n}]"
        if staff_id not in home_staff:
            fields[f"{key}.staff_id"] = "该工作人员不属于本院。"
        elif staff_id in seen:
            fields[f"{key}.staff_id"] = "同一工作人员只能出现一次。"
        elif not isinstance(cast, int) or not isinstance(trust, int) or cast <= 0 or trust < 0:
            fields[f"{key}.cast"] = "票数应为整数，参评票数大于0。"
        elif trust > cast:
            fields[f"{key}.trust"] = "信任票数不能超过参评票数。"
        seen.add(staff_id)  # type: ignore[arg-type]
        rows.append((staff_id, trust, cast))
    if not results:
        fields["results"] = "请至少填写一名工作人员的测评结果。"
    if fields:
        raise Invalid("测评结果有误。", fields=fields)
    return rows  # type: ignore[return-value]


async def record_trust_survey(
    *, actor: Actor, home_id: int, year: int, round: int, dated_on: dt.date, results: list[dict[str, Any]]
) -> dict[str, Any]:
    """院民信任测评: one round's tallies (trust votes ÷ votes cast per staff member); ballots are not kept."""
    require_role(actor, BUREAU, DIRECTOR)
    require_home(actor, home_id)
    if round < 1 or dated_on.year != year:
        raise Invalid("测评轮次或日期不正确。", fields={"round": "轮次从1开始，日期须在该年度内。"})
    home_staff = {s["id"] for s in await Staff.select(Staff.id).where(Staff.home == home_id)}
    rows = _check_results(results, home_staff)
    async with db.write(actor) as w:
        await ensure_year_open(year)
        if await TrustSurvey.exists().where(
            (TrustSurvey.home == home_id) & (TrustSurvey.year == year) & (TrustSurvey.round == round)
        ):
            raise Conflict(
                f"{year}年第{round}轮测评已经录入。", code="duplicate", fields={"round": "该轮已录入。"}
            )
        survey_id = await w.insert(TrustSurvey, home=home_id, year=year, round=round, dated_on=dated_on)
        await w.execute_many(
            'INSERT INTO trust_result (survey, staff, trust, "cast") VALUES (?, ?, ?, ?)',
            [(survey_id, s, t, c) for s, t, c in rows],
        )
        await w.audit(table=TrustResult, row_id=survey_id, action="insert", before=None,
                      after={"results": len(rows)})  # fmt: skip
    return {"id": survey_id, "home_id": home_id, "year": year, "round": round, "on": dated_on.isoformat(),
            "results": [{"staff_id": s, "trust": t, "cast": c} for s, t, c in rows]}  # fmt: skip


async def home_surveys(*, actor: Actor, home_id: int) -> list[dict[str, Any]]:
    require_home(actor, home_id)
    return await TrustSurvey.select().where(TrustSurvey.home == home_id).order_by(
        TrustSurvey.dated_on, ascending=False
    ).limit(20)  # fmt: skip
