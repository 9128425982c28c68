"""The roster in the civil-affairs Excel layout: export, and an all-or-nothing import validated row by row first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eldercare import db, idnumber
from eldercare.auth.actor import BUREAU, Actor
from eldercare.auth.scope import require_role
from eldercare.county.tables import Home, Township
from eldercare.errors import Invalid
from eldercare.profile.services import get_profile
from eldercare.reports.excel import Sheet, read_table, write_sheet
from eldercare.residents import roster, services
from eldercare.residents.tables import Resident
from eldercare.web import ENUM_NAMES

HEADERS = ("地区", "姓名", "性别", "年龄", "身份证号", "供养方式", "敬老院", "自理能力", "状态", "入院时间")
MODE_BY_CN = {v: k for k, v in ENUM_NAMES["mode"].items()} | {"集中": "centralized", "分散": "dispersed"}
LEVEL_BY_CN = {v: k for k, v in ENUM_NAMES["care_level"].items()}
MAX_ERRORS = 200


async def export_roster(*, actor: Actor, on: dt.date, filters: roster.Filters = roster.Filters()) -> bytes:
    rows, total = await roster.list_residents(actor=actor, filters=filters, limit=1_000_000)
    unit = (await get_profile())["issuing_unit"] if actor.is_bureau else (rows[0]["home_name"] if rows else "本院")
    body = [
        [r["township_name"], r["name"], ENUM_NAMES["sex"].get(r["sex"], ""), idnumber.age_on(r["id_number"], on),
         r["id_number"], ENUM_NAMES["mode"][r["mode"]], r["home_name"] or "", ENUM_NAMES["care_level"][r["care_level"]],
         ENUM_NAMES["status"][r["status"]], r["admitted_on"].isoformat()]
        for r in rows
    ]  # fmt: skip
    return write_sheet(Sheet(
        title=f"{on.year}年特困供养人员花名册", unit=unit, period=on.isoformat(), headers=list(HEADERS),
        total=["合计", f"{total}人"] + [""] * 8, rows=body, prepared_by=actor.display_name or actor.username,
        prepared_on=on,
    ))  # fmt: skip


async def import_roster(*, actor: Actor, data: bytes, today: dt.date | None = None) -> int:
    """Every row validated first; any error → Invalid listing all (第N行：…) and nothing written."""
    require_role(actor, BUREAU)
    today = today or services.local_today()
    townships = {t["name"]: t["id"] for t in await Township.select(Township.id, Township.name)}
    homes = {h["name"]: h for h in await Home.select(Home.id, Home.name, Home.beds)}
    taken = {r["id_number"] for r in await Resident.select(Resident.id_number).where(
        Resident.status.is_in(["active", "suspended", "deceased"]))}  # fmt: skip
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, cells in read_table(data, headers=HEADERS):
        row, problems = _parse_row(cells, today=today, townships=townships, homes=homes)
        if row and row["id_number"] in seen:
            problems.append(f"身份证号与第{seen[row['id_number']]}行重复")
        elif row and row["id_number"] in taken:
            problems.append("身份证号已有在册或死亡记录")
        if row:
            seen.setdefault(row["id_number"], number)
        if problems:
            errors.append(f"第{number}行：" + "；".join(problems))
        else:
            rows.append(row)
    if not rows and not errors:
        raise Invalid("表格中没有数据行。", fields={"file": "表格中没有数据行。"})
    await _check_beds(rows, homes, errors)
    if errors:
        shown = errors[:MAX_ERRORS] + ([f"……共 {len(errors)} 处错误"] if len(errors) > MAX_ERRORS else [])
        raise Invalid(f"导入失败：{len(errors)} 处错误，未导入任何数据。", fields={"file": "\n".join(shown)})
    await _insert(actor, rows)
    return len(rows)


def _parse_row(cells, *, today, townships, homes) -> tuple[dict[str, Any] | None, list[str]]:
    area, name, _sex, _age, number, mode_cn, home_name, level_cn, status_cn, admitted = cells
    problems: list[str] = []
    try:
        number = idnumber.validate(str(number or ""), today=today)
    except Invalid as exc:
        problems.append(next(iter(exc.fields.values())))
        number = None
    if not name:
        problems.append("姓名为空")
    if str(area or "") not in townships:
        problems.append(f"乡镇“{area or ''}”不存在")
    mode = MODE_BY_CN.get(str(mode_cn or ""))
    if mode is None:
        problems.append("供养方式应为集中供养或分散供养")
    home = homes.get(str(home_name or "")) if home_name else None
    if mode == "centralized" and home is None:
        problems.append(f"敬老院“{home_name or ''}”不存在")
    level = LEVEL_BY_CN.get(str(level_cn or "全自理"))
    if level is None:
        problems.append("自理能力应为全自理、半失能或全失能")
    if (status_cn or "在册") != "在册":
        problems.append("只能导入在册人员")
    on = _date(admitted)
    if on is None or on > today:
        problems.append("入院时间不是有效日期")
    if problems or number is None:
        return ({"id_number": number} if number else None), problems
    return {"id_number": number, "name": str(name).strip(), "township": townships[str(area)], "mode": mode,
            "home": home["id"] if mode == "centralized" else None, "home_name": home_name, "care_level": level,
            "on": on}, problems  # fmt: skip


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


async def _check_beds(rows: list[dict], homes: dict, errors: list[str]) -> None:
    wanted: dict[str, int] = {}
    for r in rows:
        if r["home"] is not None:
            wanted[r["home_name"]] = wanted.get(r["home_name"], 0) + 1
    if not wanted:
        return
    occupied = {
        r["home"]: r["n"]
        for r in await Resident.raw(
            "SELECT home, COUNT(*) AS n FROM resident WHERE mode = 'centralized' "
            "AND status IN ('active', 'suspended') AND home IS NOT NULL GROUP BY home"
        )
    }
    for name, n in wanted.items():
        home = homes[name]
        free = home["beds"] - int(occupied.get(home["id"], 0))
        if n > free:
            errors.append(f"{name}：床位 {home['beds']} 张，尚余 {max(free, 0)} 张，表中却有 {n} 人入住")


async def _insert(actor: Actor, rows: list[dict]) -> None:
    now = dt.datetime.now(dt.UTC)
    async with db.write(actor) as w:
        await w.execute_many(
            "INSERT INTO resident (id_number, name, name_initials, sex, birth_date, township, village, mode, home, "
            "care_level, status, admitted_on, status_on, created_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, 'active', ?, ?, ?)",
            [(r["id_number"], r["name"], services.initials(r["name"]), idnumber.sex(r["id_number"]),
              idnumber.birth_date(r["id_number"]), r["township"], r["mode"], r["home"], r["care_level"], r["on"],
              r["on"], now) for r in rows],
        )  # fmt: skip
        ids = {
            r["id_number"]: r["id"]
            for r in await w.fetch("SELECT id, id_number FROM resident WHERE status = 'active'")
        }
        await w.execute_many(
            "INSERT INTO resident_event (resident, seq, kind, dated_on, reason, status_after, mode_after, home_after, "
            "care_level_after, created_at, created_by) VALUES (?, 1, 'admit', ?, 'Excel导入', 'active', ?, ?, ?, ?, ?)",
            [(ids[r["id_number"]], r["on"], r["mode"], r["home"], r["care_level"], now, actor.user_id or None)
             for r in rows],
        )  # fmt: skip
        await w.audit(
            table=Resident, row_id="import", action="import", before=None, after={"residents": len(rows)}
        )
