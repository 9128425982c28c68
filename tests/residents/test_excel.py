"""The roster in and out of Excel: the civil-affairs layout, all-or-nothing import, 10,000 rows."""

import datetime as dt
import time

import pytest

from eldercare import idnumber
from eldercare.county.tables import Home
from eldercare.errors import Invalid
from eldercare.reports.excel import Sheet, read_table, write_sheet
from eldercare.residents import excel_io
from eldercare.residents.tables import Resident, ResidentEvent
from tests.factories import make_resident
from tests.residents.helpers import actor

D = dt.date


def workbook(rows):
    return write_sheet(Sheet(title="2026年特困供养人员花名册", unit="遂川县民政局", period="2026-03-01",
                             headers=list(excel_io.HEADERS), total=["合计", f"{len(rows)}人"], rows=rows,
                             prepared_by="测试", prepared_on=D(2026, 3, 1)))  # fmt: skip


def person(i, *, township="泉江镇", mode="分散供养", home=""):
    number = idnumber.make("360827", D(1940, 1, 1) + dt.timedelta(days=i // 999), i % 999 + 1)
    return [township, f"测试{i}", "", "", number, mode, home, "全自理", "在册", "2025-01-01"]


async def test_the_export_reads_back_in_the_same_layout(county):
    await make_resident(township=county.township_a, home=county.home_a, name="刘长发")
    data = await excel_io.export_roster(actor=actor(county, "bureau"), on=D(2026, 3, 1))
    rows = list(read_table(data, headers=excel_io.HEADERS))
    assert len(rows) == 1 and rows[0][0] == 5  # title, unit line, headers, 合计, then row 5
    assert rows[0][1][1] == "刘长发" and rows[0][1][5] == "集中供养"


async def test_ten_thousand_rows_with_a_few_bad_ones_import_nothing_and_every_bad_row_is_named(county):
    await Home.update({Home.beds: 20}).where(Home.id == county.home_a)
    rows = [person(i) for i in range(10_000)]
    rows[10][4] = rows[10][4][:17] + (
        "0" if rows[10][4][17] != "0" else "1"
    )  # wrong check digit → Excel row 15
    rows[20][0] = "不存在镇"  # row 25
    rows[30][4] = rows[31][4]  # duplicate within the file → row 36 (first seen at row 35)
    for i in range(40, 61):  # 21 centralized into a home of 20 beds
        rows[i][5:7] = ["集中供养", "泉江镇敬老院"]
    with pytest.raises(Invalid) as exc:
        await excel_io.import_roster(actor=actor(county, "bureau"), data=workbook(rows), today=D(2026, 3, 1))
    report = exc.value.fields["file"]
    assert "第15行：身份证号码校验位错误" in report and "第25行：乡镇“不存在镇”不存在" in report
    assert "第36行：身份证号与第35行重复" in report and "泉江镇敬老院：床位 20 张" in report
    assert await Resident.count() == 0
    rows[10] = person(10)
    rows[20][0] = "泉江镇"
    rows[30] = person(30)
    rows[60][5:7] = ["分散供养", ""]
    started = time.monotonic()
    imported = await excel_io.import_roster(
        actor=actor(county, "bureau"), data=workbook(rows), today=D(2026, 3, 1)
    )
    assert imported == 10_000 and time.monotonic() - started < 30
    assert await Resident.count() == 10_000 and await ResidentEvent.count() == 10_000
    assert await Resident.count().where(Resident.home == county.home_a) == 20


async def test_a_row_already_on_the_roster_is_refused(county):
    rid = await make_resident(township=county.township_a, mode="dispersed")
    number = (await Resident.select(Resident.id_number).where(Resident.id == rid).first())["id_number"]
    row = person(1)
    row[4] = number
    with pytest.raises(Invalid) as exc:
        await excel_io.import_roster(actor=actor(county, "bureau"), data=workbook([row]), today=D(2026, 3, 1))
    assert "第5行：身份证号已有在册或死亡记录" in exc.value.fields["file"]


async def test_not_a_workbook_is_refused_in_chinese(county):
    with pytest.raises(Invalid) as exc:
        await excel_io.import_roster(actor=actor(county, "bureau"), data=b"not excel", today=D(2026, 3, 1))
    assert "xlsx" in exc.value.detail


async def test_the_bureau_downloads_and_uploads_through_the_pages(client_for, county):
    client = await client_for("bureau")
    download = await client.get("/residents/export.xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    bad = await client.post(
        "/residents/import", files={"file": ("r.xlsx", workbook([person(1, township="无此镇")]))}
    )
    assert bad.status_code == 422 and "第5行" in bad.text and await Resident.count() == 0
    good = await client.post("/residents/import", files={"file": ("r.xlsx", workbook([person(1)]))})
    assert good.status_code == 303 and await Resident.count() == 1


async def test_a_director_exports_but_cannot_import(client_for, county):
    client = await client_for("director_a")
    assert (await client.get("/residents/export.xlsx")).status_code == 200
    assert (await client.get("/residents/import")).status_code == 403


async def test_staff_cannot_export(client_for, county):
    client = await client_for("staff_a")
    assert (await client.get("/residents/export.xlsx")).status_code == 403
