"""The roster in and out of Excel: the civil-affairs layout, an all-or-nothing import that takes what clerks have
(its own export back, .csv, a cover sheet, merged cells, an added 序号 column, dates and ID numbers as typed)."""

import datetime as dt
import io
import time

import pytest
from openpyxl import Workbook, load_workbook

from eldercare import idnumber
from eldercare.county.tables import Home
from eldercare.errors import Invalid
from eldercare.reports.excel import Report, write_workbook
from eldercare.residents import excel_io
from eldercare.residents.tables import Resident, ResidentEvent
from tests.factories import make_resident
from tests.residents.helpers import actor

D = dt.date
TODAY = D(2026, 3, 1)


def workbook(rows):
    return write_workbook(Report(key="roster", title="2026年特困供养人员花名册", unit="遂川县民政局",
                                 period="2026年3月1日", columns=excel_io.COLUMNS, total={},
                                 rows=rows, prepared_by="测试"))  # fmt: skip


def person(i, *, township="泉江镇", mode="分散供养", home="", admitted="2025-01-01"):
    number = idnumber.make("360827", D(1940, 1, 1) + dt.timedelta(days=i // 999), i % 999 + 1)
    return {"township_name": township, "village": "东村", "name": f"测试{i}", "id_number": number, "mode": mode,
            "home_name": home, "care_level": "全自理", "status": "在册", "admitted_on": admitted}  # fmt: skip


async def bring_in(county, data, **kw):
    return await excel_io.import_roster(actor=actor(county, "bureau"), data=data, today=TODAY, **kw)


def sheet_bytes(rows, *, cover=False, merges=()):
    """A clerk's own workbook (openpyxl, normal mode): optional cover sheet, merged cells."""
    wb = Workbook()
    ws = wb.active
    if cover:
        ws.title = "封面"
        ws["A1"] = "2026年泉江镇特困人员花名册（报送稿）"
        ws = wb.create_sheet("花名册")
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def test_the_export_reads_back_in_the_same_layout(county):
    await make_resident(township=county.township_a, home=county.home_a, name="刘长发")
    data = await excel_io.export_roster(actor=actor(county, "bureau"), on=D(2026, 3, 1))
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[3]][:4] == ["序号", "乡镇", "村", "姓名"] and ws["A4"].value == "合计"
    assert ws["D5"].value == "刘长发" and ws["H5"].value == "集中供养" and ws["C5"].value == "东村"
    assert ws["G5"].data_type == "s" and len(ws["G5"].value) == 18  # the full ID number, as text
    assert ws["L5"].is_date and ws["L5"].number_format == 'yyyy"年"m"月"d"日"'


async def test_its_own_export_comes_back_as_rows_already_present_not_errors(county):
    await make_resident(township=county.township_a, home=county.home_a, name="刘长发")
    data = await excel_io.export_roster(actor=actor(county, "bureau"), on=D(2026, 3, 1))
    result = await bring_in(county, data)
    assert (result.imported, result.present) == (0, 1) and "1 名已在系统中" in result.message()
    assert await Resident.count() == 1


async def test_into_a_fresh_county_the_village_review_date_and_ended_people_come_back(county):
    rid = await make_resident(township=county.township_a, home=county.home_a, name="刘长发")
    gone = await make_resident(township=county.township_a, mode="dispersed", name="王秀英")
    await Resident.update({Resident.last_review_on: D(2025, 12, 1)}).where(Resident.id == rid)
    await Resident.update({Resident.status: "deceased", Resident.status_on: D(2025, 6, 1)}).where(Resident.id == gone)
    data = await excel_io.export_roster(actor=actor(county, "bureau"), on=D(2026, 3, 1))
    await ResidentEvent.delete(force=True)
    await Resident.delete(force=True)
    skipped = await bring_in(county, data, ended="skip")
    assert (skipped.imported, skipped.ended_skipped) == (1, 1)
    await ResidentEvent.delete(force=True)
    await Resident.delete(force=True)
    result = await bring_in(county, data)
    assert (result.imported, result.ended_imported) == (2, 1)
    back = {r["name"]: r for r in await Resident.select()}
    assert back["刘长发"]["village"] == "东村" and back["刘长发"]["last_review_on"] == D(2025, 12, 1)
    assert back["王秀英"]["status"] == "deceased" and back["王秀英"]["status_on"] == D(2025, 6, 1)
    death = await ResidentEvent.select().where(ResidentEvent.resident == back["王秀英"]["id"]).order_by(ResidentEvent.seq)
    assert [(e["kind"], e["dated_on"]) for e in death] == [("admit", D(2025, 1, 1)), ("death", D(2025, 6, 1))]


async def test_ten_thousand_rows_with_a_few_bad_ones_import_nothing_and_every_bad_row_is_named(county):
    await Home.update({Home.beds: 20}).where(Home.id == county.home_a)
    rows = [person(i) for i in range(10_000)]
    number = rows[10]["id_number"]
    rows[10]["id_number"] = number[:17] + ("0" if number[17] != "0" else "1")  # wrong check digit → row 15
    rows[20]["township_name"] = "不存在镇"  # row 25
    rows[30]["id_number"] = rows[31]["id_number"]  # duplicate within the file → row 35 (first seen at row 36)
    for i in range(40, 61):  # 21 centralized into a home of 20 beds
        rows[i].update(mode="集中供养", home_name="泉江镇敬老院")
    with pytest.raises(Invalid) as exc:
        await bring_in(county, workbook(rows))
    report = exc.value.fields["file"]
    assert "第15行：身份证号码校验位错误" in report and "第25行：乡镇“不存在镇”不存在" in report
    assert "第36行：身份证号与第35行重复" in report and "泉江镇敬老院：床位 20 张" in report
    assert await Resident.count() == 0
    rows[10], rows[30] = person(10), person(30)
    rows[20]["township_name"] = "泉江镇"
    rows[60].update(mode="分散供养", home_name="")
    started = time.monotonic()
    result = await bring_in(county, workbook(rows))
    assert result.imported == 10_000 and time.monotonic() - started < 30
    assert await Resident.count() == 10_000 and await ResidentEvent.count() == 10_000
    assert await Resident.count().where(Resident.home == county.home_a) == 20


async def test_dates_as_clerks_type_them_and_ids_as_numbers(county):
    header = ["序号", "地区", "村", "姓名", "身份证号", "供养方式", "敬老院", "入院时间", "年审时间"]
    a, b, c, d = (person(i) for i in range(4))
    rows = [header,
            [1, "泉江镇", "东村", "甲", a["id_number"], "分散供养", "", "2025年1月1日", "2025/12/1"],
            [2, "泉江镇", "西村", "乙", b["id_number"], "分散供养", "", "2025/1/2", None],
            [3, "泉江镇", "", "丙", c["id_number"], "分散供养", "", D(2025, 1, 3), None],
            [4, "泉江镇", "", "丁", d["id_number"], "分散供养", "", "2025-01-04", None]]  # fmt: skip
    result = await bring_in(county, sheet_bytes(rows))
    assert result.imported == 4
    got = {r["name"]: r for r in await Resident.select()}
    assert [got[n]["admitted_on"].day for n in "甲乙丙丁"] == [1, 2, 3, 4]
    assert got["甲"]["village"] == "东村" and got["甲"]["last_review_on"] == D(2025, 12, 1)
    lost = [header, [1, "泉江镇", "", "戊", int(person(5)["id_number"][:17]) * 10, "分散供养", "", "2025-01-01", None]]
    with pytest.raises(Invalid) as exc:
        await bring_in(county, sheet_bytes(lost))
    assert "被存成了数字" in exc.value.fields["file"] and "第2行" in exc.value.fields["file"]


async def test_a_cover_sheet_merged_township_cells_and_a_csv_are_taken(county):
    header = ["序号", "乡镇", "姓名", "身份证号", "供养方式", "入院时间"]
    people = [person(i) for i in range(3)]
    rows = [["花名册"], [], header] + [
        [i + 1, "泉江镇" if i == 0 else None, p["name"], p["id_number"], "分散供养", "2025-01-01"]
        for i, p in enumerate(people)
    ]
    result = await bring_in(county, sheet_bytes(rows, cover=True, merges=["B4:B6"]), filename="报送.xlsx")
    assert result.imported == 3
    await ResidentEvent.delete(force=True)
    await Resident.delete(force=True)
    text = "\n".join(",".join(str(c) for c in r) for r in [header] + [
        [i + 1, "泉江镇", p["name"], p["id_number"], "分散供养", "2025年1月1日"] for i, p in enumerate(people)])
    result = await bring_in(county, text.encode("gb18030"), filename="花名册.csv")
    assert result.imported == 3 and await Resident.count() == 3


async def test_a_row_repeated_in_the_file_is_refused(county):
    row = person(1)
    with pytest.raises(Invalid) as exc:
        await bring_in(county, workbook([row, dict(row)]))
    assert "第6行：身份证号与第5行重复" in exc.value.fields["file"]


async def test_not_a_workbook_is_refused_in_chinese(county):
    with pytest.raises(Invalid) as exc:
        await bring_in(county, b"PK\x03\x04not excel", filename="r.xlsx")
    assert "xlsx" in exc.value.detail
    with pytest.raises(Invalid) as exc:
        await bring_in(county, "随便写的字".encode(), filename="r.csv")
    assert "表头" in exc.value.detail


async def test_the_bureau_downloads_and_uploads_through_the_pages(client_for, county):
    client = await client_for("bureau")
    download = await client.get("/residents/export.xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert "filename*=UTF-8''%E7%89%B9%E5%9B%B0" in download.headers["content-disposition"]  # 特困…
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


async def test_a_page_answers_in_its_usual_time_while_twenty_thousand_rows_import(client_for, county):
    import asyncio

    client = await client_for("bureau")
    data = workbook([person(i) for i in range(20_000)])
    usual = []
    for _ in range(3):
        started = time.monotonic()
        assert (await client.get("/residents/import")).status_code == 200
        usual.append(time.monotonic() - started)
    started = time.monotonic()
    upload = asyncio.create_task(client.post("/residents/import", files={"file": ("r.xlsx", data)}))
    during = []
    while not upload.done():
        t0 = time.monotonic()
        assert (await client.get("/residents/import")).status_code == 200
        during.append(time.monotonic() - t0)
        await asyncio.sleep(0.05)
    response = await upload
    took = time.monotonic() - started
    print(f"import {took:.1f} s; usual {max(usual) * 1000:.0f} ms; during max {max(during) * 1000:.0f} ms")
    assert response.status_code == 303 and await Resident.count() == 20_000
    assert len(during) >= 3, (took, during)  # the pages kept answering while the import ran
    assert max(during) < max(1.5, 10 * max(usual)), (took, max(usual), sorted(during)[-3:])


async def test_a_table_that_starts_further_down_and_right_keeps_its_row_numbers(county):
    rows = [[None, None], [None, None], [None, "序号", "乡镇", "姓名", "身份证号", "供养方式", "入院时间"],
            [None, 1, "泉江镇", "甲", person(1)["id_number"], "分散供养", "2025-13-01"]]  # fmt: skip
    with pytest.raises(Invalid) as exc:
        await bring_in(county, sheet_bytes(rows))
    assert "第4行：入院时间不是有效日期" in exc.value.fields["file"]


async def test_a_directors_roster_is_named_after_the_home(client_for, county):
    client = await client_for("director_a")
    response = await client.get("/residents/export.xlsx")
    name = response.headers["content-disposition"].split("filename*=UTF-8''")[1]
    from urllib.parse import unquote

    assert unquote(name).startswith("特困供养人员花名册_泉江镇敬老院_")
