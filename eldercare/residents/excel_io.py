"""The roster in the civil-affairs Excel layout: export (streamed), and an all-or-nothing import that takes what
clerks have (its own export back, .xlsx or .csv, a cover sheet, merged cells, an added 序号 column, dates and ID
numbers as clerks type them), parsed and validated off the event loop, written set-based in chunks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.from_thread
import anyio.to_thread

from eldercare import db, idnumber, memory
from eldercare.auth.actor import BUREAU, DIRECTOR, Actor
from eldercare.auth.scope import require_role
from eldercare.county.tables import Home, Township
from eldercare.errors import Invalid
from eldercare.profile.services import get_profile
from eldercare.reports.excel import (
    MADE_BY_LABEL,
    TOTAL_LABEL,
    Column,
    Report,
    date_cn,
    read_rows,
    write_workbook,
)
from eldercare.residents import roster, services
from eldercare.residents.tables import Resident
from eldercare.web import ENUM_NAMES

MODE_BY_CN = {v: k for k, v in ENUM_NAMES["mode"].items()} | {"集中": "centralized", "分散": "dispersed"}
LEVEL_BY_CN = {v: k for k, v in ENUM_NAMES["care_level"].items()}
STATUS_BY_CN = {v: k for k, v in ENUM_NAMES["status"].items()} | {"退出供养": "exited", "已死亡": "deceased"}
MAX_ERRORS = 200
CHUNK = 2000

COLUMNS = [
    Column("n", "序号", width=7), Column("township_name", "乡镇", "text"), Column("village", "村", "text"),
    Column("name", "姓名", "text", width=10), Column("sex", "性别", "text", width=6), Column("age", "年龄", width=6),
    Column("id_number", "身份证号", "id"), Column("mode", "供养方式", "text", width=10),
    Column("home_name", "敬老院", "text", width=18), Column("care_level", "自理能力", "text", width=9),
    Column("status", "状态", "text", width=7), Column("admitted_on", "入院时间", "date"),
    Column("status_on", "状态日期", "date"), Column("last_review_on", "年审时间", "date"),
]  # fmt: skip
HEADERS = tuple(c.label for c in COLUMNS)
# What a header cell may say, for each field the import reads (spaces and brackets ignored).
ALIASES = {
    "township": ("乡镇", "地区", "乡镇街道", "所属乡镇", "乡镇名称"),
    "village": ("村", "村居", "村委会", "所属村", "村社区"),
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "mode": ("供养方式",),
    "home": ("敬老院", "供养机构", "所在敬老院"),
    "care_level": ("自理能力", "生活自理能力"),
    "status": ("状态", "人员状态"),
    "admitted_on": ("入院时间", "入院日期", "纳入时间", "供养时间"),
    "status_on": ("状态日期", "退出死亡日期", "变动日期"),
    "review_on": ("年审时间", "年审日期"),
}
REQUIRED = ("township", "name", "id_number", "mode", "admitted_on")
HEADER_BY_TEXT = {alias: key for key, aliases in ALIASES.items() for alias in aliases}


# ---------------------------------------------------------------- export


async def export_roster(*, actor: Actor, on: dt.date, filters: roster.Filters = roster.Filters()) -> bytes:
    """The roster as Excel (full ID numbers: for internal use). Rows are read in keyset chunks by the worker
    thread that writes them, so neither the rows nor the workbook are held whole."""
    require_role(actor, BUREAU, DIRECTOR)
    unit = await roster_unit(actor)
    total = (await roster.roster_page(actor=actor, filters=filters, limit=1, cap=None)).total

    async def _page(after: str | None) -> roster.Page:
        return await roster.roster_page(actor=actor, filters=filters, limit=CHUNK, after=after, cap=0)

    def rows():  # runs in the worker thread; asks the event loop for each keyset chunk
        after: str | None = None
        n = 0
        while True:
            page = anyio.from_thread.run(_page, after)
            for r in page.rows:
                n += 1
                yield {**r, "n": n, "sex": ENUM_NAMES["sex"].get(r["sex"], ""),
                       "age": idnumber.age_on(r["id_number"], on), "mode": ENUM_NAMES["mode"][r["mode"]],
                       "care_level": ENUM_NAMES["care_level"][r["care_level"]],
                       "status": ENUM_NAMES["status"][r["status"]],
                       "status_on": r["status_on"] if r["status"] != "active" else None}  # fmt: skip
            if not page.next_after:
                return
            after = page.next_after

    report = Report(
        key="roster", title=f"{on.year}年特困供养人员花名册", unit=unit, period=date_cn(on), columns=COLUMNS,
        total={"n": TOTAL_LABEL, "township_name": f"{total}人"}, rows=rows(),
        prepared_by=actor.display_name or actor.username,
    )  # fmt: skip
    try:
        return await anyio.to_thread.run_sync(write_workbook, report)
    finally:
        await anyio.to_thread.run_sync(memory.give_back)


async def roster_unit(actor: Actor) -> str:
    """统计单位: the bureau, or the director's home."""
    if actor.is_bureau:
        return (await get_profile())["issuing_unit"]
    home = await Home.select(Home.name).where(Home.id == actor.home_id).first()
    return home["name"] if home else "本院"


# ---------------------------------------------------------------- reading what clerks have


def _header_key(text: Any) -> str | None:
    cleaned = re.sub(r"[\s（）()/、]", "", str(text or ""))
    return HEADER_BY_TEXT.get(cleaned)


def _is_header(row: list[Any]) -> bool:
    keys = {_header_key(c) for c in row}
    return "name" in keys and "id_number" in keys


# ---------------------------------------------------------------- import


@dataclass
class ImportResult:
    imported: int = 0
    present: int = 0  # rows already on the roster (recognised, not errors)
    present_rows: list[str] = field(default_factory=list)
    ended_imported: int = 0  # exited or deceased rows imported as such
    ended_skipped: int = 0  # exited or deceased rows skipped (the clerk's choice)

    def message(self) -> str:
        parts = [f"已导入 {self.imported} 名供养对象"]
        if self.ended_imported:
            parts.append(f"其中退出或死亡 {self.ended_imported} 名（按表中日期记录）")
        if self.present:
            parts.append(f"{self.present} 名已在系统中，未重复导入")
        if self.ended_skipped:
            parts.append(f"跳过退出或死亡 {self.ended_skipped} 名")
        return "，".join(parts) + "。"


@dataclass
class Lookups:
    today: dt.date
    townships: dict[str, int]
    homes: dict[str, dict[str, Any]]
    present: set[str]
    ended: str  # "import" | "skip"


async def import_roster(
    *, actor: Actor, data: bytes, today: dt.date | None = None, filename: str = "", ended: str = "import"
) -> ImportResult:
    """Every row validated first (in a worker thread); any error → Invalid listing all (第N行：…), nothing written.
    Rows whose ID number is already in the system are recognised and counted, not errors."""
    require_role(actor, BUREAU)
    if ended not in ("import", "skip"):
        raise Invalid("请选择如何处理退出或死亡人员。", fields={"ended": "应为导入或跳过。"})
    look = Lookups(
        today=today or services.local_today(),
        townships={t["name"]: t["id"] for t in await Township.select(Township.id, Township.name)},
        homes={h["name"]: h for h in await Home.select(Home.id, Home.name, Home.beds)},
        present={r["id_number"] for r in await Resident.select(Resident.id_number)},
        ended=ended,
    )
    try:
        return await _parse_and_insert(actor, data, filename, look)
    finally:  # the parsed rows are gone by now: their memory goes back to the system
        await anyio.to_thread.run_sync(memory.give_back)


async def _parse_and_insert(actor: Actor, data: bytes, filename: str, look: Lookups) -> ImportResult:
    rows, errors, result = await anyio.to_thread.run_sync(parse_roster, data, filename, look)
    await _check_beds(rows, look.homes, errors)
    if errors:
        shown = errors[:MAX_ERRORS] + ([f"……共 {len(errors)} 处错误"] if len(errors) > MAX_ERRORS else [])
        raise Invalid(f"导入失败：{len(errors)} 处错误，未导入任何数据。", fields={"file": "\n".join(shown)})
    if rows:
        await _insert(actor, rows)
    result.imported = len(rows)
    return result


def parse_roster(data: bytes, filename: str, look: Lookups) -> tuple[list[RosterRow], list[str], ImportResult]:
    """Pure work on the file (runs off the event loop): the rows to insert, the errors, the counts."""
    result = ImportResult()
    errors: list[str] = []
    out: list[RosterRow] = []
    seen: dict[str, int] = {}
    index: dict[str, int] | None = None
    for number, row in enumerate(read_rows(data, filename, is_header=_is_header), start=1):
        if index is None:
            if _is_header(row):
                index = {}
                for i, cell in enumerate(row):
                    key = _header_key(cell)
                    if key and key not in index:
                        index[key] = i
                missing = [ALIASES[k][0] for k in REQUIRED if k not in index]
                if missing:
                    raise Invalid("表头缺少必需的列。", fields={"file": "缺少：" + "、".join(missing)})
            continue
        cells = {k: _clean(row[i]) if i < len(row) else None for k, i in index.items()}
        texts = [str(_clean(c) or "") for c in row]
        if any(t.startswith(MADE_BY_LABEL) for t in texts[:3]):
            break
        if TOTAL_LABEL in texts[:3] or all(t == "" for t in texts) or _is_header(row):
            continue
        parsed, problems = _parse_row(cells, look)
        number_id = parsed.id_number if isinstance(parsed, RosterRow) else parsed
        if number_id and number_id in seen:
            problems.append(f"身份证号与第{seen[number_id]}行重复")
        elif number_id:
            seen[number_id] = number
        if problems or not isinstance(parsed, RosterRow):
            errors.append(f"第{number}行：" + "；".join(problems))
            continue
        if parsed.id_number in look.present:
            result.present += 1
            if len(result.present_rows) < 50:
                result.present_rows.append(f"第{number}行 {parsed.name}")
            continue
        if parsed.status in ("exited", "deceased"):
            if look.ended == "skip":
                result.ended_skipped += 1
                continue
            result.ended_imported += 1
        out.append(parsed)
    if index is None:
        raise Invalid("表格中找不到表头行。", fields={"file": "表头应含：" + "、".join(ALIASES[k][0] for k in REQUIRED)})
    if not out and not errors and not result.present and not result.ended_skipped:
        raise Invalid("表格中没有数据行。", fields={"file": "表格中没有数据行。"})
    return out, errors, result


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def id_text(value: Any) -> tuple[str | None, str | None]:
    """An ID number as text, or why not: a number that lost digits in Excel gets a clear message."""
    if value is None or value == "":
        return None, "身份证号为空"
    if isinstance(value, bool):
        return None, "身份证号不是有效号码"
    if isinstance(value, float | int):
        text = f"{int(value)}" if float(value).is_integer() else str(value)
        if len(text) == 18 and isinstance(value, int):
            return text, None
        return None, (
            f"身份证号“{text}”被存成了数字，已丢失末尾几位（Excel 数字只保留 15 位）；"
            "请把该列设为文本后重新填写身份证号"
        )
    return str(value).strip().replace(" ", ""), None


def parse_date(value: Any) -> dt.date | None:
    """A real date cell, an Excel serial number, or 2025年1月1日 / 2025/1/1 / 2025-01-01 / 2025.1.1."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        if 20_000 <= value <= 80_000:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        return None
    match = re.fullmatch(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?", str(value or "").strip())
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


@dataclass(slots=True, frozen=True)
class RosterRow:
    """One valid roster row, as it will be inserted. Slotted: 150,000 of them are held between the parse and the
    one transaction, a third of the memory of as many dicts."""

    id_number: str
    name: str
    township: int
    village: str
    mode: str
    home: int | None
    home_name: str
    care_level: str
    status: str
    on: dt.date
    status_on: dt.date | None
    review_on: dt.date | None
    initials: str
    sex: str | None
    birth_date: dt.date | None


def _parse_row(cells: dict[str, Any], look: Lookups) -> tuple[RosterRow | str | None, list[str]]:
    """The row to insert; or, with its problems, its valid ID number (for the duplicate check) or None."""
    problems: list[str] = []
    number, problem = id_text(cells.get("id_number"))
    if problem:
        problems.append(problem)
    else:
        try:
            number = idnumber.validate(number or "", today=look.today)
        except Invalid as exc:
            problems.append(next(iter(exc.fields.values())))
            number = None
    name = str(cells.get("name") or "").strip()
    if not name:
        problems.append("姓名为空")
    area = str(cells.get("township") or "")
    if area not in look.townships:
        problems.append(f"乡镇“{area}”不存在")
    mode = MODE_BY_CN.get(str(cells.get("mode") or ""))
    if mode is None:
        problems.append("供养方式应为集中供养或分散供养")
    home_name = str(cells.get("home") or "")
    home = look.homes.get(home_name) if home_name else None
    if mode == "centralized" and home is None:
        problems.append(f"敬老院“{home_name}”不存在")
    level = LEVEL_BY_CN.get(str(cells.get("care_level") or "全自理"))
    if level is None:
        problems.append("自理能力应为全自理、半失能或全失能")
    status = STATUS_BY_CN.get(str(cells.get("status") or "在册"))
    if status is None:
        problems.append("状态应为在册、暂停、退出或死亡")
    on = parse_date(cells.get("admitted_on"))
    if on is None or on > look.today:
        problems.append("入院时间不是有效日期（如 2025年1月1日、2025/1/1 或 2025-01-01）")
    status_on = on
    if status not in (None, "active"):
        status_on = parse_date(cells.get("status_on"))
        if status_on is None or status_on > look.today or (on and status_on < on):
            problems.append(f"{ENUM_NAMES['status'][status]}人员须填写状态日期（不早于入院时间）")
    review = cells.get("review_on")
    review_on = parse_date(review) if review not in (None, "") else None
    if review not in (None, "") and (review_on is None or review_on > look.today):
        problems.append("年审时间不是有效日期")
    if problems:
        return number or None, problems
    return RosterRow(id_number=number, name=name, township=look.townships[area],
                     village=str(cells.get("village") or "").strip(), mode=mode,
                     home=home["id"] if mode == "centralized" else None, home_name=home_name, care_level=level,
                     status=status, on=on, status_on=status_on, review_on=review_on,
                     initials=services.initials(name), sex=idnumber.sex(number),
                     birth_date=idnumber.birth_date(number)), problems  # fmt: skip


async def _check_beds(rows: list[RosterRow], homes: dict, errors: list[str]) -> None:
    wanted: dict[str, int] = {}
    for r in rows:
        if r.home is not None and r.status in ("active", "suspended"):
            wanted[r.home_name] = wanted.get(r.home_name, 0) + 1
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


END_EVENT = {"suspended": "suspend", "exited": "exit", "deceased": "death"}


async def _insert(actor: Actor, rows: list[RosterRow]) -> None:
    """One transaction (all or nothing), set-based in chunks: the residents, their admit event, and for a
    suspended, exited or deceased row the event that ended it on its date."""
    now = dt.datetime.now(dt.UTC)
    by = actor.user_id or None
    async with db.write(actor) as w:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            await w.execute_many(
                "INSERT INTO resident (id_number, name, name_initials, sex, birth_date, township, village, mode, "
                "home, care_level, status, admitted_on, status_on, last_review_on, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.id_number, r.name, r.initials, r.sex, r.birth_date, r.township, r.village, r.mode, r.home,
                  r.care_level, r.status, r.on, r.status_on, r.review_on, now) for r in chunk],
            )  # fmt: skip
            marks = ", ".join("?" for _ in chunk)
            ids = {
                found["id_number"]: found["id"]
                for found in await w.fetch(
                    f"SELECT id, id_number FROM resident WHERE id_number IN ({marks})",  # noqa: S608
                    *(r.id_number for r in chunk),
                )
            }
            events = [(ids[r.id_number], 1, "admit", r.on, "Excel导入", "active", r.mode, r.home,
                       r.care_level, now, by) for r in chunk]  # fmt: skip
            events += [(ids[r.id_number], 2, END_EVENT[r.status], r.status_on, "Excel导入", r.status,
                        r.mode, r.home, r.care_level, now, by) for r in chunk if r.status != "active"]  # fmt: skip
            await w.execute_many(
                "INSERT INTO resident_event (resident, seq, kind, dated_on, reason, status_after, mode_after, "
                "home_after, care_level_after, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                events,
            )
        await w.audit(
            table=Resident, row_id="import", action="import", before=None, after={"residents": len(rows)}
        )
